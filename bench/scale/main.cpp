// Scale benchmark (issue #20): how long training takes and how much memory it
// needs at the size of the data sets people train recommenders on, using
// generated data of their shape:
// - MovieLens 25M (--shape ml25m, the default): 25,000,095 ratings by 162,541
//   viewers of 62,423 movies, 1995-2019, every viewer 20 or more ratings
//   (median about 70, mean 154, at most 32,202), the top movie 81,491;
//   generated at 162,000 viewers, 62,000 movies, 25,000,000 events;
// - the Netflix prize (--shape netflix): 100,480,507 ratings by 480,189
//   viewers of 17,770 movies, 1999-2005, 1 to 17,653 ratings a viewer
//   (median 96), 3 to 232,944 a movie (median 561); generated at those counts.
// shape.h has the full figures and the curves, generate.h how the events are
// made; --events N scales a shape down (or up).
//
// It writes the data set into a folder (MovieLens "latest" layout), then
// trains on it in a child process with `movienet train`'s defaults
// (training.h) and prints one table row per phase (epochs, seconds, events/s,
// peak RSS, threads, CPU use), a projection, what it leaves out, and a last line
//   events=... movies=... threads=... train_s=... peak_rss_mb=... bytes_per_event=...
//
//   scale [--shape ml25m|netflix] [--events N] [--implicit] [--threads N] [--epochs N]
//         [--seed S] [--dir DIR] [--keep] [--generate-only] [--data DIR]
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "generate.h"
#include "movienet/base/error.h"
#include "movienet/base/limits.h"
#include "shape.h"
#include "training.h"

using namespace movienet;
using namespace movienet::bench;

namespace {

constexpr const char* kUsage = "usage: scale [--shape ml25m|netflix] [--events N] [--implicit] [--threads N] [--epochs N]\n"
                               "             [--seed S] [--dir DIR] [--keep] [--generate-only] [--data DIR]\n";

constexpr const char* kHelp =
    "Generates a data set shaped like MovieLens 25M (or the Netflix prize), trains on it with\n"
    "`movienet train`'s defaults in a child process, and prints per phase: epochs, seconds,\n"
    "events/s, peak RSS and threads; then a projection and a last line\n"
    "  events=N movies=M threads=T train_s=S peak_rss_mb=R bytes_per_event=B\n"
    "(train_s: training alone, both models, without loading and saving; peak_rss_mb: the\n"
    "training process's peak RSS, loading included; bytes_per_event: that peak / events).\n"
    "Progress goes to stderr. The whole default run takes a long time: start with\n"
    "--events 200000 --epochs 1.\n"
    "\n"
    "options:\n"
    "  --shape NAME      ml25m (162,000 viewers, 62,000 movies, 25,000,000 events) or\n"
    "                    netflix (480,189 viewers, 17,770 movies, 100,480,507 events) [ml25m]\n"
    "  --events N        scale the shape to N events (e.g. 2500000 or 2.5M): viewers in\n"
    "                    proportion; the whole catalogue while there are at least 40 events\n"
    "                    per movie, else N/40 movies (at least 1,000), the most popular ones\n"
    "  --implicit        write events.csv (userId,movieId,timestamp: watch events without\n"
    "                    ratings) instead of ratings.csv\n"
    "  --threads N       training threads (RatingTrainOptions::threads) [every core: %u]\n"
    "  --epochs N        train both models exactly N epochs (rating model and watch head: no\n"
    "                    choosing pass) instead of the defaults (rating model up to 40 with\n"
    "                    early stopping; watch head chosen on a holdout, then refitted; from\n"
    "                    2,000,000 events patience 1 and no refit: core's rec/large_data.h)\n"
    "  --seed S          seed of the generator and of training [1]\n"
    "  --dir DIR         generate into DIR (created if missing) instead of a new folder\n"
    "                    under $TMPDIR or /tmp\n"
    "  --keep            keep the generated files (and the model file) at the end\n"
    "  --generate-only   write the data set and stop (implies --keep)\n"
    "  --data DIR        train on an existing MovieLens folder instead of generating one\n"
    "                    (e.g. a real ml-25m); the model file goes to a temporary folder\n"
    "  --help            this text\n";

struct Options {
    std::string shape = "ml25m";
    long events = 0;  // 0: the shape's full size
    bool implicit = false;
    int threads = 0;  // 0: every core
    int epochs = 0;
    uint64_t seed = 1;
    std::string dir, data;
    bool keep = false, generate_only = false;
    std::vector<std::string> given;  // options on the command line, for conflicts
};

[[noreturn]] void usage_error(const std::string& problem) {
    std::fprintf(stderr, "scale: %s\n%s", problem.c_str(), kUsage);
    std::exit(2);
}

// A whole number, optionally with a k/M/G suffix and a fraction ("2.5M").
long parse_count(const std::string& option, const std::string& value, long min, long max) {
    char* end = nullptr;
    errno = 0;
    double number = std::strtod(value.c_str(), &end);
    const std::string suffix = end ? end : "";
    if (suffix == "k" || suffix == "K") number *= 1e3;
    else if (suffix == "M") number *= 1e6;
    else if (suffix == "G") number *= 1e9;
    else if (!suffix.empty()) number = std::nan("");
    if (value.empty() || errno != 0 || !std::isfinite(number) || number != std::floor(number))
        usage_error(option + " '" + value + "': expected a whole number (e.g. 2500000 or 2.5M)");
    if (number < static_cast<double>(min) || number > static_cast<double>(max))
        usage_error(option + " " + value + ": expected " + std::to_string(min) + ".." + std::to_string(max));
    return static_cast<long>(number);
}

Options parse_options(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--help" || arg == "-h") {
            std::printf(kHelp, std::max(1u, std::thread::hardware_concurrency()));
            std::exit(0);
        }
        o.given.push_back(arg);
        if (arg == "--implicit") { o.implicit = true; continue; }
        if (arg == "--keep") { o.keep = true; continue; }
        if (arg == "--generate-only") { o.generate_only = true; o.keep = true; continue; }
        const bool takes_value = arg == "--shape" || arg == "--events" || arg == "--threads" || arg == "--epochs" ||
                                 arg == "--seed" || arg == "--dir" || arg == "--data";
        if (!takes_value) usage_error("unknown option " + arg);
        if (i + 1 >= argc) usage_error(arg + " needs a value");
        const std::string value = argv[++i];
        if (arg == "--shape") {
            Shape unused;
            if (!shape_by_name(value, unused)) usage_error("--shape '" + value + "': expected ml25m or netflix");
            o.shape = value;
        } else if (arg == "--events") {
            o.events = parse_count(arg, value, 10000, 2000000000L);
        } else if (arg == "--threads") {
            o.threads = static_cast<int>(parse_count(arg, value, 1, 256));
        } else if (arg == "--epochs") {
            o.epochs = static_cast<int>(parse_count(arg, value, 1, 100000));
        } else if (arg == "--seed") {
            o.seed = static_cast<uint64_t>(parse_count(arg, value, 0, 1L << 62));
        } else if (arg == "--dir") {
            if (value.empty()) usage_error("--dir: empty folder name");
            o.dir = value;
        } else {
            if (value.empty()) usage_error("--data: empty folder name");
            o.data = value;
        }
    }
    auto given = [&](const char* name) { return std::find(o.given.begin(), o.given.end(), name) != o.given.end(); };
    if (!o.data.empty())
        for (const char* other : {"--shape", "--events", "--implicit", "--dir", "--generate-only"})
            if (given(other)) usage_error(std::string("--data trains on an existing folder: ") + other + " does not apply");
    if (o.threads == 0) o.threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    return o;
}

std::string self_path() {
    char path[4096];
    const ssize_t n = ::readlink("/proc/self/exe", path, sizeof path - 1);
    if (n <= 0) throw Error(ErrorCode::Io, "scale: cannot find its own executable (/proc/self/exe)");
    return std::string(path, static_cast<size_t>(n));
}

std::string with_commas(double value) {
    const long long v = std::llround(value);
    std::string digits = std::to_string(v < 0 ? -v : v), out;
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return (v < 0 ? "-" : "") + out;
}

std::string megabytes(long kb) {
    char text[32];
    std::snprintf(text, sizeof text, "%.0f", static_cast<double>(kb) / 1024.0);
    return text;
}

long mem_total_kb() {
    std::FILE* f = std::fopen("/proc/meminfo", "r");
    if (!f) return 0;
    char line[256];
    long kb = 0;
    while (std::fgets(line, sizeof line, f))
        if (std::sscanf(line, "MemTotal: %ld kB", &kb) == 1) break;
    std::fclose(f);
    return kb;
}

std::string duration_text(double seconds) {
    char text[64];
    if (seconds < 120) std::snprintf(text, sizeof text, "%.0f s", seconds);
    else if (seconds < 7200) std::snprintf(text, sizeof text, "%.0f min", seconds / 60);
    else if (seconds < 3 * 86400) std::snprintf(text, sizeof text, "%.1f h", seconds / 3600);
    else std::snprintf(text, sizeof text, "%.1f days", seconds / 86400);
    return text;
}

// Runs the generator in a child process, so that this process stays small
// (its image is what the training child starts from) and its memory never
// mixes with the measurement.
GeneratedStats generate_in_child(const std::string& dir, const Shape& shape, const GenerateOptions& options) {
    int fds[2];
    if (::pipe(fds) != 0) throw Error(ErrorCode::Io, std::string("scale: pipe: ") + std::strerror(errno));
    std::fflush(stdout);
    std::fflush(stderr);
    const pid_t pid = ::fork();
    if (pid < 0) throw Error(ErrorCode::Io, std::string("scale: fork: ") + std::strerror(errno));
    if (pid == 0) {
        ::close(fds[0]);
        int code = 0;
        try {
            const GeneratedStats s = generate_dataset(dir, shape, options);
            char line[512];
            const int n = std::snprintf(line, sizeof line, "%ld %ld %ld %ld %ld %ld %ld %ld %ld %.6f %.6f %llu %.6f %s\n",
                                        s.events, s.viewers, s.movies, s.movies_with_events, s.top_movie_events,
                                        s.median_movie_events, s.min_viewer_events, s.median_viewer_events,
                                        s.max_viewer_events, s.movie_gini, s.rating_mean,
                                        static_cast<unsigned long long>(s.bytes), s.seconds, s.events_file.c_str());
            if (::write(fds[1], line, static_cast<size_t>(n)) != n) code = 1;
        } catch (const std::exception& e) {
            std::fprintf(stderr, "scale: generating: %s\n", e.what());
            code = 1;
        }
        std::fflush(stderr);
        ::_exit(code);
    }
    ::close(fds[1]);
    std::string text;
    char buffer[1024];
    for (;;) {
        const ssize_t n = ::read(fds[0], buffer, sizeof buffer);
        if (n > 0) text.append(buffer, static_cast<size_t>(n));
        else if (n == 0) break;
        else if (errno == EINTR) { if (stop_requested()) ::kill(pid, SIGTERM); }
        else break;
    }
    ::close(fds[0]);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (stop_requested()) throw Error(ErrorCode::BadInput, "interrupted");
    GeneratedStats s;
    unsigned long long bytes = 0;
    std::istringstream fields(text);
    fields >> s.events >> s.viewers >> s.movies >> s.movies_with_events >> s.top_movie_events >> s.median_movie_events >>
        s.min_viewer_events >> s.median_viewer_events >> s.max_viewer_events >> s.movie_gini >> s.rating_mean >> bytes >>
        s.seconds >> s.events_file;
    s.bytes = bytes;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || !fields)
        throw Error(ErrorCode::Io, "the generator failed (see above)");
    return s;
}

// What this run created, removed when the run ends (also by an error) unless --keep.
struct Cleanup {
    std::vector<std::string> files;
    std::vector<std::string> dirs;  // created here: removed when empty
    bool keep = false;
    Cleanup() = default;
    Cleanup(const Cleanup&) = delete;
    Cleanup& operator=(const Cleanup&) = delete;
    ~Cleanup() { run(); }
    void run() const {
        if (keep) return;
        std::error_code ignored;
        for (const auto& f : files) std::filesystem::remove(f, ignored);
        for (auto it = dirs.rbegin(); it != dirs.rend(); ++it) {
            // Leftover temporaries of an interrupted atomic save, then the folder if empty.
            for (const auto& entry : std::filesystem::directory_iterator(*it, ignored))
                if (entry.path().filename().string().rfind(".model.safetensors", 0) == 0)
                    std::filesystem::remove(entry.path(), ignored);
            std::filesystem::remove(*it, ignored);
        }
    }
};

std::string make_temp_dir() {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/movienet-scale-XXXXXX";
    std::vector<char> buffer(pattern.begin(), pattern.end());
    buffer.push_back('\0');
    if (!::mkdtemp(buffer.data())) throw Error(ErrorCode::Io, pattern + ": cannot create a temporary folder: " + std::strerror(errno));
    return buffer.data();
}

const PhaseRecord* find_phase(const TrainingRun& run, const std::string& name) {
    for (const auto& p : run.phases)
        if (p.name == name) return &p;
    return nullptr;
}

struct Totals {
    double seconds = 0, train_seconds = 0, cpu_seconds = 0;
};

// One row per phase that finished (all of them after a complete run).
Totals print_table(const TrainingRun& run, const Options& o) {
    const double events = static_cast<double>(run.events);
    Totals totals;
    if (run.phases.empty()) return totals;
    std::printf("Trained on %s events (%s with a rating), %s viewers, %s movies in the catalogue:\n\n",
                with_commas(events).c_str(), with_commas(static_cast<double>(run.rated)).c_str(),
                run.viewers > 0 ? with_commas(static_cast<double>(run.viewers)).c_str() : "(not counted)",
                with_commas(static_cast<double>(run.movies)).c_str());
    std::printf("| phase | epochs | seconds | events/s | peak RSS (MB) | threads | CPU use |\n");
    std::printf("|---|---:|---:|---:|---:|---:|---:|\n");
    const struct {
        const char* name;
        const char* label;
        bool per_epoch;
    } rows[] = {
        {"load", "load (load_dataset)", false},
        {"rating", "rating model: epochs on 95%, early stopping on a 5% holdout", true},
        {"watch_choose", "watch head: choosing epochs on each viewer's latest movie", true},
        {"watch_final", "watch head: final pass on every event", true},
        {"save", "save the model file", false},
    };
    for (const auto& row : rows) {
        const PhaseRecord* p = find_phase(run, row.name);
        if (!p) continue;
        const std::string name = row.name;
        totals.seconds += p->seconds;
        if (name != "load" && name != "save") totals.train_seconds += p->seconds;
        totals.cpu_seconds += p->cpu_seconds;
        std::string epochs = "-", rate = "-";
        if (row.per_epoch) {
            epochs = std::to_string(p->epochs);
            if (p->epochs > 0 && p->seconds > 0) rate = with_commas(events * p->epochs / p->seconds);
        } else if (name == "load" && p->seconds > 0) {
            rate = with_commas(events / p->seconds);
        }
        char cpu[32] = "-";
        if (p->seconds >= 0.05) std::snprintf(cpu, sizeof cpu, "%.2f", p->cpu_seconds / p->seconds);
        const std::string peak = (p->peak_exact ? "" : "~") + megabytes(p->peak_kb);
        if (name == "watch_choose" && p->epochs == 0 && o.epochs > 0)
            std::printf("| %s | skipped (--epochs) | %.1f | - | - | - | - |\n", row.label, p->seconds);
        else if (name == "watch_final" && p->epochs == 0 && o.epochs == 0)
            std::printf("| %s | skipped: large data keeps the chosen epoch | %.1f | - | - | - | - |\n", row.label,
                        p->seconds);
        else if (name == "rating" && p->epochs == 0 && run.rated == 0)
            std::printf("| %s | none: no ratings | %.1f | - | %s | %d | %s |\n", row.label, p->seconds, peak.c_str(),
                        p->threads_seen, cpu);
        else
            std::printf("| %s | %s | %.1f | %s | %s | %d | %s |\n", row.label, epochs.c_str(), p->seconds, rate.c_str(),
                        peak.c_str(), p->threads_seen, cpu);
    }
    std::printf("| **total** (load, training, save) | | %.1f | | %s | | %.2f |\n\n", totals.seconds,
                megabytes(run.max_rss_kb).c_str(), totals.seconds > 0 ? totals.cpu_seconds / totals.seconds : 0.0);
    std::printf("events/s: events in the data set x epochs / seconds (the rating model trains on the 95%% of the\n"
                "rated ones outside its holdout; the watch head on at most 100 positions per viewer and epoch). Peak\n"
                "RSS: the phase's own peak (VmHWM when the phase raised it; ~: the largest RSS sampled every 20 ms);\n"
                "total: wait4()'s ru_maxrss of the training process. threads: the most threads the process had during\n"
                "the phase (--threads %d); CPU use: its CPU time / seconds, i.e. the cores kept busy. Each phase\n"
                "lasts until the next one's first progress report (the rating phase includes building the holdout\n"
                "and the catalogue, and the watch head's event sequences).\n\n",
                o.threads);
    return totals;
}

int run(const Options& o) {
    Cleanup cleanup;
    cleanup.keep = o.keep;
    std::string data_dir, output_dir;
    Shape shape;
    shape_by_name(o.shape, shape);
    const Shape full = shape;
    shape = scale_shape(full, o.events);
    GeneratedStats generated;
    bool did_generate = false;

    if (!o.data.empty()) {
        data_dir = o.data;
        output_dir = make_temp_dir();
        cleanup.dirs.push_back(output_dir);
        std::printf("## scale: %s (an existing folder), threads %d%s\n\n", data_dir.c_str(), o.threads,
                    o.epochs > 0 ? (", --epochs " + std::to_string(o.epochs)).c_str() : "");
    } else {
        if (o.dir.empty()) {
            data_dir = make_temp_dir();
            cleanup.dirs.push_back(data_dir);
        } else {
            data_dir = o.dir;
            std::error_code error;
            if (!std::filesystem::exists(data_dir)) {
                if (!std::filesystem::create_directories(data_dir, error))
                    throw Error(ErrorCode::Io, "--dir " + data_dir + ": cannot create the folder: " + error.message());
                cleanup.dirs.push_back(data_dir);
            } else if (!std::filesystem::is_directory(data_dir)) {
                throw Error(ErrorCode::Io, "--dir " + data_dir + ": not a folder");
            }
            // A file of the other kind would make the folder ambiguous to the loader.
            const char* other = o.implicit ? "/ratings.csv" : "/events.csv";
            if (std::filesystem::exists(data_dir + other))
                throw Error(ErrorCode::BadInput, "--dir " + data_dir + ": already holds " + (other + 1) +
                                                     " (from another run?): use an empty folder");
        }
        output_dir = data_dir;
        const std::string events_file = o.implicit ? "events.csv" : "ratings.csv";
        cleanup.files = {data_dir + "/movies.csv", data_dir + "/" + events_file};
        std::printf("## scale: %s shape (%s), %s events%s, %s viewers, %s movies%s, threads %d%s%s\n\n", shape.name.c_str(),
                    shape.imitates.c_str(), with_commas(static_cast<double>(shape.events)).c_str(),
                    o.events > 0 && o.events != full.events ? " (--events)" : "",
                    with_commas(static_cast<double>(shape.viewers)).c_str(),
                    with_commas(static_cast<double>(shape.movies)).c_str(),
                    shape.movies < full.movies ? " (fewer than 40 events per movie at the full catalogue)" : "",
                    o.threads, o.epochs > 0 ? (", --epochs " + std::to_string(o.epochs)).c_str() : "",
                    o.implicit ? ", --implicit (watch events without ratings)" : "");
        std::fprintf(stderr, "scale: generating %s into %s\n", events_file.c_str(), data_dir.c_str());
        GenerateOptions gen;
        gen.seed = o.seed;
        gen.implicit = o.implicit;
        generated = generate_in_child(data_dir, shape, gen);
        did_generate = true;
        const auto& g = generated;
        std::printf("Generated in %.1f s: %s (%s bytes, %.1f per event) and movies.csv in %s\n", g.seconds,
                    g.events_file.c_str(), with_commas(static_cast<double>(g.bytes)).c_str(),
                    static_cast<double>(g.bytes) / static_cast<double>(g.events), data_dir.c_str());
        std::printf("- events per viewer: min %ld, median %ld, mean %.1f, max %ld\n", g.min_viewer_events,
                    g.median_viewer_events, static_cast<double>(g.events) / static_cast<double>(g.viewers),
                    g.max_viewer_events);
        std::printf("- events per movie: most popular %ld, median %ld; %ld of %ld movies have events; Gini %.3f\n",
                    g.top_movie_events, g.median_movie_events, g.movies_with_events, g.movies, g.movie_gini);
        if (!o.implicit)
            std::printf("- ratings: mean %.2f, %s\n", g.rating_mean,
                        shape.half_stars ? "half stars 0.5..5" : "whole stars 1..5");
        if (shape.day_timestamps)
            std::printf("- timestamps: day numbers (1 = 1999-11-11), as the Netflix prize gives dates only; each "
                        "viewer's events are in viewing order in the file, which orders a day's events\n");
        std::printf("\n");
        if (o.generate_only) {
            std::printf("Data set written to %s (--generate-only): train on it with movienet train --data %s\n",
                        data_dir.c_str(), data_dir.c_str());
            return 0;
        }
        if (g.bytes > limits::kMaxDataFileBytes)
            throw Error(ErrorCode::BadInput, g.events_file + " is " + with_commas(static_cast<double>(g.bytes)) +
                                                 " bytes, over movienet's data-file limit of " +
                                                 with_commas(static_cast<double>(limits::kMaxDataFileBytes)) +
                                                 " (core/include/movienet/base/limits.h): the loader would refuse it");
    }
    cleanup.files.push_back(output_dir + "/model.safetensors");
    cleanup.files.push_back(output_dir + "/model.safetensors.checkpoint");

    TrainingRequest request;
    request.data_dir = data_dir;
    request.output_dir = output_dir;
    request.threads = o.threads;
    request.epochs = o.epochs;
    request.seed = o.seed;
    std::fprintf(stderr, "scale: training in a child process (%d threads)\n", o.threads);
    const TrainingRun run = run_training_process(self_path(), request);
    const double events = static_cast<double>(run.events);
    const Totals totals = print_table(run, o);
    if (!run.error.empty() || run.interrupted) {
        std::string message = run.interrupted ? "interrupted" : run.error;
        if (o.implicit && run.phases.empty())
            message += " (--implicit: this build of movienet cannot load a folder of watch events without ratings yet)";
        else if (o.implicit)
            message += " (--implicit: training on watch events without ratings)";
        if (!run.phases.empty()) std::printf("(the phases above finished before training stopped)\n\n");
        throw Error(ErrorCode::BadInput, "training failed: " + message);
    }
    const double train_seconds = totals.train_seconds;

    // Where one machine stops being enough.
    const double peak_bytes = static_cast<double>(run.max_rss_kb) * 1024.0;
    const double bytes_per_event = peak_bytes / events;
    const long mem_kb = mem_total_kb();
    std::printf("Projection (this machine: %u cores, %.1f GB RAM):\n", std::max(1u, std::thread::hardware_concurrency()),
                static_cast<double>(mem_kb) / 1024 / 1024);
    if (mem_kb > 0)
        std::printf("- memory: %.0f bytes per event at this size, so its RAM holds the training of about %s M events "
                    "(if the bytes per event stay)\n",
                    bytes_per_event, with_commas(static_cast<double>(mem_kb) * 1024 / bytes_per_event / 1e6).c_str());
    if (did_generate)
        std::printf("- data file: %.1f bytes per event in %s; movienet reads files of at most 2 GiB "
                    "(base/limits.h): about %s M events in one file of this shape\n",
                    static_cast<double>(generated.bytes) / events, generated.events_file.c_str(),
                    with_commas(static_cast<double>(limits::kMaxDataFileBytes) /
                                (static_cast<double>(generated.bytes) / events) / 1e6)
                        .c_str());
    const PhaseRecord* rating = find_phase(run, "rating");
    const PhaseRecord* watch = find_phase(run, "watch_final");
    if (watch && watch->epochs > 0 && watch->seconds > 0) {
        // Seconds per event for one epoch of each model (the rating model's share is 0 without ratings).
        const bool rated = rating && rating->epochs > 0 && rating->seconds > 0;
        const double per_event =
            (rated ? rating->seconds / (events * rating->epochs) : 0) + watch->seconds / (events * watch->epochs);
        std::printf("- time: one epoch of %s over %s events takes %s; at these rates that covers %s M events per "
                    "hour (%d threads)\n",
                    rated ? "each model" : "the watch head", with_commas(events).c_str(),
                    duration_text(events * per_event).c_str(), with_commas(3600 / per_event / 1e6).c_str(), o.threads);
    }
    std::printf("\nLeft out: generating the data (done before the measured process starts) and its realism (taste "
                "clusters and a latent-factor rating model, simpler than people: accuracy here says nothing about "
                "real data); a cold disk (the file was just written, so it is read from the page cache, which RSS does "
                "not count); evaluation on a test split (`movienet train` defaults to --split none); the second copy of "
                "the events `movienet train` keeps as its split's training list (add 24 bytes per event); other "
                "machines and repeated runs (one run, with whatever else this machine was doing).\n\n");

    if (o.keep) std::printf("Kept: %s (data) and %s/model.safetensors\n", data_dir.c_str(), output_dir.c_str());
    std::printf("events=%ld movies=%ld threads=%d train_s=%.1f peak_rss_mb=%s bytes_per_event=%.1f\n", run.events,
                run.movies, o.threads, train_seconds, megabytes(run.max_rss_kb).c_str(), bytes_per_event);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc > 1 && std::string(argv[1]) == "--train-child") return training_child_main(argc - 2, argv + 2);
    const Options options = parse_options(argc, argv);
    install_stop_handler();
    try {
        return run(options);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "scale: %s\n", e.what());
        return stop_requested() ? 130 : 1;
    }
}
