#include "training.h"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <mutex>
#include <sstream>
#include <sys/resource.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include "movienet/base/error.h"
#include "movienet/data/dataset.h"
#include "movienet/rec/rating_model.h"
#include "movienet/rec/rating_trainer.h"

namespace movienet::bench {
namespace {

volatile std::sig_atomic_t g_stop = 0;

void on_stop_signal(int) { g_stop = 1; }

using Clock = std::chrono::steady_clock;

double seconds_between(Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double>(b - a).count(); }

// A "Name:   123 kB" (or a plain count) field of /proc/self/status; -1 if absent.
long status_field(const char* name) {
    std::FILE* f = std::fopen("/proc/self/status", "r");
    if (!f) return -1;
    char line[256];
    long value = -1;
    const size_t n = std::strlen(name);
    while (std::fgets(line, sizeof line, f)) {
        if (std::strncmp(line, name, n) == 0 && line[n] == ':') {
            value = std::strtol(line + n + 1, nullptr, 10);
            break;
        }
    }
    std::fclose(f);
    return value;
}

// Polls the process's RSS and thread count every 20 ms.
class Sampler {
public:
    Sampler() : thread_([this] { run(); }) {}
    ~Sampler() {
        stop_ = true;
        thread_.join();
    }
    Sampler(const Sampler&) = delete;
    Sampler& operator=(const Sampler&) = delete;

    // The largest RSS and thread count since the last take(), then starts over.
    std::pair<long, int> take() {
        std::lock_guard<std::mutex> lock(mutex_);
        sample_locked();
        const auto result = std::make_pair(max_rss_kb_, max_threads_);
        max_rss_kb_ = 0;
        max_threads_ = 0;
        sample_locked();
        return result;
    }

private:
    void run() {
        while (!stop_) {
            {
                std::lock_guard<std::mutex> lock(mutex_);
                sample_locked();
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    }
    void sample_locked() {
        max_rss_kb_ = std::max(max_rss_kb_, status_field("VmRSS"));
        max_threads_ = std::max(max_threads_, static_cast<int>(status_field("Threads")) - 1);  // not this one
    }

    std::mutex mutex_;
    long max_rss_kb_ = 0;
    int max_threads_ = 0;
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

// The child's phases, ended from the training callbacks (which may run on
// worker threads: everything here is under one mutex).
class PhaseLog {
public:
    PhaseLog(int fd, Sampler& sampler) : fd_(fd), sampler_(sampler), started_(Clock::now()), cpu_started_(cpu_seconds()) {}

    void end(const std::string& name, int epochs) {
        const auto now = Clock::now();
        const long hwm = status_field("VmHWM");
        const auto [sampled_kb, threads] = sampler_.take();
        PhaseRecord r;
        r.name = name;
        r.epochs = epochs;
        r.seconds = seconds_between(started_, now);
        r.peak_exact = hwm > last_hwm_kb_;
        r.peak_kb = r.peak_exact ? hwm : sampled_kb;
        r.threads_seen = threads;
        const double cpu = cpu_seconds();
        r.cpu_seconds = cpu - cpu_started_;
        last_hwm_kb_ = std::max(last_hwm_kb_, hwm);
        started_ = now;
        cpu_started_ = cpu;
        char line[256];
        std::snprintf(line, sizeof line, "phase %s %d %.6f %ld %d %d %.6f\n", r.name.c_str(), r.epochs, r.seconds, r.peak_kb,
                      r.peak_exact ? 1 : 0, r.threads_seen, r.cpu_seconds);
        send(line);
        std::fprintf(stderr, "scale: %s done: %.1f s, peak RSS %.0f MB\n", name.c_str(), r.seconds, r.peak_kb / 1024.0);
    }
    void send(const std::string& line) const {
        size_t done = 0;
        while (done < line.size()) {
            const ssize_t n = ::write(fd_, line.data() + done, line.size() - done);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) return;  // the parent is gone: nothing to report to
            done += static_cast<size_t>(n);
        }
    }

private:
    static double cpu_seconds() {
        struct rusage usage {};
        ::getrusage(RUSAGE_SELF, &usage);
        return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
               static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) * 1e-6;
    }

    int fd_;
    Sampler& sampler_;
    Clock::time_point started_;
    double cpu_started_;
    long last_hwm_kb_ = 0;
};

// Where training stands, moved forward by the callbacks.
struct Progress {
    enum class Stage { Rating, WatchChoose, WatchFinal } stage = Stage::Rating;
    int rating_epochs = 0, choose_epochs = 0, final_epochs = 0;
    Clock::time_point last_print = Clock::now();
};

std::string one_line(std::string text) {
    std::replace(text.begin(), text.end(), '\n', ' ');
    return text;
}

int run_child(const std::string& data_dir, const std::string& output_dir, int fd, int threads, int epochs, uint64_t seed) {
    Sampler sampler;
    PhaseLog log(fd, sampler);
    try {
        const Dataset dataset = load_dataset(data_dir);
        long rated = 0;
        int32_t max_user = 0;
        for (const auto& r : dataset.ratings) {
            rated += !std::isnan(r.rating);
            max_user = std::max(max_user, r.user);
        }
        long viewers = 0;
        if (max_user >= 0 && max_user < (1 << 26)) {  // ids this small: a bitmap; else not counted
            std::vector<bool> seen(static_cast<size_t>(max_user) + 1);
            for (const auto& r : dataset.ratings)
                if (r.user >= 0 && !seen[static_cast<size_t>(r.user)]) {
                    seen[static_cast<size_t>(r.user)] = true;
                    ++viewers;
                }
        }
        log.send("data " + std::to_string(dataset.ratings.size()) + " " + std::to_string(rated) + " " +
                 std::to_string(viewers) + " " + std::to_string(dataset.movies.size()) + "\n");
        log.end("load", 0);

        // `movienet train`'s defaults (cli/cmd_train.cpp), with --threads and --epochs.
        RatingTrainOptions options;
        options.threads = threads;
        if (epochs > 0) {
            options.epochs = epochs;
            options.watch.epochs = epochs;
        }
        options.seed = seed;
        options.checkpoint_path = output_dir + "/model.safetensors.checkpoint";

        std::mutex mutex;
        Progress progress;
        // Moves to `stage`, ending the phases passed on the way.
        auto advance = [&](Progress::Stage stage) {
            if (progress.stage == Progress::Stage::Rating && stage != Progress::Stage::Rating) {
                log.end("rating", progress.rating_epochs);
                progress.stage = Progress::Stage::WatchChoose;
            }
            if (progress.stage == Progress::Stage::WatchChoose && stage == Progress::Stage::WatchFinal) {
                log.end("watch_choose", progress.choose_epochs);
                progress.stage = Progress::Stage::WatchFinal;
            }
        };
        auto maybe_print = [&](const char* what, int epoch, double fraction) {
            const auto now = Clock::now();
            if (now - progress.last_print < std::chrono::seconds(10)) return;
            progress.last_print = now;
            std::fprintf(stderr, "scale: %s epoch %d: %.0f%%\n", what, epoch, 100 * fraction);
        };
        RatingTrainCallbacks callbacks;
        callbacks.on_progress = [&](int epoch, double fraction) {
            std::lock_guard<std::mutex> lock(mutex);
            maybe_print("rating model", epoch, fraction);
        };
        callbacks.on_epoch = [&](const RatingEpochReport& r) {
            std::lock_guard<std::mutex> lock(mutex);
            progress.rating_epochs = r.epoch;
            std::fprintf(stderr, "scale: rating model epoch %d/%d: %.1f s, train_rmse %.4f, val_rmse %.4f%s\n", r.epoch,
                         r.epochs, r.seconds, r.train_rmse, r.validation_rmse, r.improved ? " *" : "");
        };
        callbacks.on_watch_progress = [&](bool final_pass, int epoch, double fraction) {
            std::lock_guard<std::mutex> lock(mutex);
            advance(final_pass ? Progress::Stage::WatchFinal : Progress::Stage::WatchChoose);
            maybe_print(final_pass ? "watch head, final pass," : "watch head, choosing,", epoch, fraction);
        };
        callbacks.on_watch_epoch = [&](const WatchEpochReport& r) {
            std::lock_guard<std::mutex> lock(mutex);
            advance(r.final_pass ? Progress::Stage::WatchFinal : Progress::Stage::WatchChoose);
            if (r.final_pass) {
                progress.final_epochs = r.epoch;
                std::fprintf(stderr, "scale: watch head, final pass, epoch %d/%d: %.1f s, loss %.4f\n", r.epoch, r.epochs,
                             r.seconds, r.loss);
            } else {
                progress.choose_epochs = r.epoch;
                std::fprintf(stderr, "scale: watch head, choosing, epoch %d (at most %d): %.1f s, loss %.4f, val_ndcg10 %.4f\n",
                             r.epoch, r.epochs, r.seconds, r.loss, r.validation_ndcg);
            }
        };
        const RatingTrainResult result = train_rating_model(dataset, dataset.ratings, options, callbacks);
        {
            std::lock_guard<std::mutex> lock(mutex);
            advance(Progress::Stage::WatchFinal);
            log.end("watch_final", progress.final_epochs);
        }
        save_rating_model_file(output_dir + "/model.safetensors", result.model);
        log.end("save", 0);
    } catch (const std::exception& e) {
        log.send("error " + one_line(e.what()) + "\n");
        return 1;
    }
    return 0;
}

long parse_long(const char* text) { return std::strtol(text, nullptr, 10); }

}  // namespace

bool stop_requested() { return g_stop != 0; }

void install_stop_handler() {
    struct sigaction action {};
    action.sa_handler = on_stop_signal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0;  // no SA_RESTART: a blocked read() returns EINTR
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);
}

int training_child_main(int argc, char** argv) {
    // DATA_DIR OUTPUT_DIR FD THREADS EPOCHS SEED
    if (argc != 6) {
        std::fprintf(stderr, "scale: --train-child is internal (DATA_DIR OUTPUT_DIR FD THREADS EPOCHS SEED)\n");
        return 2;
    }
    return run_child(argv[0], argv[1], static_cast<int>(parse_long(argv[2])), static_cast<int>(parse_long(argv[3])),
                     static_cast<int>(parse_long(argv[4])), std::strtoull(argv[5], nullptr, 10));
}

TrainingRun run_training_process(const std::string& self, const TrainingRequest& request) {
    TrainingRun run;
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) throw Error(ErrorCode::Io, std::string("scale: pipe: ") + std::strerror(errno));
    std::fflush(stdout);
    std::fflush(stderr);
    const pid_t pid = ::fork();
    if (pid < 0) throw Error(ErrorCode::Io, std::string("scale: fork: ") + std::strerror(errno));
    if (pid == 0) {
        ::close(fds[0]);
        ::fcntl(fds[1], F_SETFD, 0);  // the write end survives exec
        const std::string fd = std::to_string(fds[1]), threads = std::to_string(request.threads),
                          epochs = std::to_string(request.epochs), seed = std::to_string(request.seed);
        const char* args[] = {self.c_str(),         "--train-child", request.data_dir.c_str(), request.output_dir.c_str(),
                              fd.c_str(),           threads.c_str(), epochs.c_str(),           seed.c_str(),
                              nullptr};
        ::execv(self.c_str(), const_cast<char* const*>(args));
        std::fprintf(stderr, "scale: cannot run %s: %s\n", self.c_str(), std::strerror(errno));
        ::_exit(127);
    }
    ::close(fds[1]);
    std::string text;
    char buffer[4096];
    for (;;) {
        const ssize_t n = ::read(fds[0], buffer, sizeof buffer);
        if (n > 0) {
            text.append(buffer, static_cast<size_t>(n));
        } else if (n == 0) {
            break;
        } else if (errno == EINTR) {
            if (stop_requested()) ::kill(pid, SIGTERM);
        } else {
            break;
        }
    }
    ::close(fds[0]);
    int status = 0;
    struct rusage usage {};
    while (::wait4(pid, &status, 0, &usage) < 0 && errno == EINTR) {
    }
    run.max_rss_kb = usage.ru_maxrss;  // Linux: kilobytes

    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line)) {
        std::istringstream fields(line);
        std::string kind;
        fields >> kind;
        if (kind == "phase") {
            PhaseRecord r;
            int exact = 1;
            fields >> r.name >> r.epochs >> r.seconds >> r.peak_kb >> exact >> r.threads_seen >> r.cpu_seconds;
            r.peak_exact = exact != 0;
            run.phases.push_back(r);
            run.final_hwm_kb = std::max(run.final_hwm_kb, r.peak_kb);
        } else if (kind == "data") {
            fields >> run.events >> run.rated >> run.viewers >> run.movies;
        } else if (kind == "error") {
            std::getline(fields, run.error);
            if (!run.error.empty() && run.error[0] == ' ') run.error.erase(0, 1);
        }
    }
    if (WIFSIGNALED(status)) {
        run.interrupted = stop_requested() || WTERMSIG(status) == SIGINT || WTERMSIG(status) == SIGTERM;
        if (run.error.empty())
            run.error = std::string("the training process was killed by signal ") + std::to_string(WTERMSIG(status)) + " (" +
                        strsignal(WTERMSIG(status)) + ")" +
                        (WTERMSIG(status) == SIGKILL ? ": out of memory?" : "");
    } else if (WIFEXITED(status) && WEXITSTATUS(status) != 0 && run.error.empty()) {
        run.error = "the training process exited with status " + std::to_string(WEXITSTATUS(status));
    }
    return run;
}

}  // namespace movienet::bench
