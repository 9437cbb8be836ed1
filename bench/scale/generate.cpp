#include "generate.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <random>
#include <string_view>
#include <utility>
#include <vector>

#include "movienet/base/error.h"
#include "movienet/base/random.h"

namespace movienet::bench {
namespace {

// MovieLens' genres and roughly how often each comes first in a movie's list.
struct GenreShare {
    const char* name;
    double share;
};
constexpr std::array<GenreShare, 19> kGenres = {{
    {"Action", 7},    {"Adventure", 3},   {"Animation", 3}, {"Children", 2},  {"Comedy", 17},
    {"Crime", 4},     {"Documentary", 8}, {"Drama", 25},    {"Fantasy", 1.5}, {"Film-Noir", 0.5},
    {"Horror", 7},    {"IMAX", 0.1},      {"Musical", 1},   {"Mystery", 1.5}, {"Romance", 5},
    {"Sci-Fi", 2.5},  {"Thriller", 6},    {"War", 1.5},     {"Western", 1.5},
}};
constexpr int kClusters = static_cast<int>(kGenres.size());
constexpr int kFactors = 8;
constexpr double kRatingOffset = 0.04;

// Vose's alias method: O(1) draws from a fixed discrete distribution.
class AliasTable {
public:
    AliasTable() = default;
    explicit AliasTable(const std::vector<double>& weights) {
        const size_t n = weights.size();
        probability_.assign(n, 0);
        alias_.assign(n, 0);
        double total = 0;
        for (double w : weights) total += w;
        std::vector<double> scaled(n);
        std::vector<uint32_t> small, large;
        for (size_t i = 0; i < n; ++i) {
            scaled[i] = weights[i] * static_cast<double>(n) / total;
            (scaled[i] < 1 ? small : large).push_back(static_cast<uint32_t>(i));
        }
        while (!small.empty() && !large.empty()) {
            const uint32_t s = small.back(), l = large.back();
            small.pop_back();
            probability_[s] = scaled[s];
            alias_[s] = l;
            scaled[l] -= 1 - scaled[s];
            if (scaled[l] < 1) {
                large.pop_back();
                small.push_back(l);
            }
        }
        for (uint32_t i : large) probability_[i] = 1;
        for (uint32_t i : small) probability_[i] = 1;  // rounding leftovers
    }
    size_t draw(std::mt19937_64& rng) const {
        const size_t i = static_cast<size_t>(uniform_below(rng, probability_.size()));
        return portable_uniform(rng) < probability_[i] ? i : alias_[i];
    }

private:
    std::vector<double> probability_;
    std::vector<uint32_t> alias_;
};

// A file written through one large buffer (no iostream, no per-line calls).
class BufferedFile {
public:
    explicit BufferedFile(std::string path) : path_(std::move(path)), buffer_(size_t{1} << 24) {
        file_ = std::fopen(path_.c_str(), "wb");
        if (!file_) throw Error(ErrorCode::Io, path_ + ": cannot create the file");
    }
    ~BufferedFile() {
        if (file_) std::fclose(file_);
    }
    BufferedFile(const BufferedFile&) = delete;
    BufferedFile& operator=(const BufferedFile&) = delete;

    void text(std::string_view s) {
        reserve(s.size());
        std::copy(s.begin(), s.end(), buffer_.data() + used_);
        used_ += s.size();
    }
    void character(char c) {
        reserve(1);
        buffer_[used_++] = c;
    }
    void number(int64_t value) {
        reserve(24);
        const auto result = std::to_chars(buffer_.data() + used_, buffer_.data() + used_ + 24, value);
        used_ = static_cast<size_t>(result.ptr - buffer_.data());
    }
    uint64_t bytes() const { return written_ + used_; }
    void close() {
        flush();
        const bool failed = std::ferror(file_) != 0;
        const int closed = std::fclose(file_);
        file_ = nullptr;
        if (failed || closed != 0) throw Error(ErrorCode::Io, path_ + ": write failed (disk full?)");
    }

private:
    void reserve(size_t n) {
        if (used_ + n > buffer_.size()) flush();
    }
    void flush() {
        if (used_ > 0 && std::fwrite(buffer_.data(), 1, used_, file_) != used_)
            throw Error(ErrorCode::Io, path_ + ": write failed (disk full?)");
        written_ += used_;
        used_ = 0;
    }

    std::string path_;
    std::FILE* file_ = nullptr;
    std::vector<char> buffer_;
    size_t used_ = 0;
    uint64_t written_ = 0;
};

double exponential(std::mt19937_64& rng, double mean) { return -mean * std::log(1 - portable_uniform(rng)); }

// Events per viewer: heavy-tailed, exactly shape.events in total, none over the cap.
std::vector<long> viewer_counts(const Shape& shape, std::mt19937_64& rng) {
    const size_t n = static_cast<size_t>(shape.viewers);
    const long cap = std::max<long>(shape.min_per_viewer,
                                    static_cast<long>(shape.max_viewer_share * static_cast<double>(shape.movies)));
    if (shape.events < shape.viewers * shape.min_per_viewer || shape.events > shape.viewers * cap)
        throw Error(ErrorCode::BadInput, "scale: " + std::to_string(shape.events) + " events cannot be spread over " +
                                             std::to_string(shape.viewers) + " viewers with " +
                                             std::to_string(shape.min_per_viewer) + ".." + std::to_string(cap) +
                                             " events each");
    std::vector<double> extra(n);
    double sum = 0;
    for (double& x : extra) {
        x = shape.activity_median * std::exp(shape.activity_sigma * portable_normal(rng));
        sum += x;
    }
    const double factor = static_cast<double>(shape.events - shape.viewers * shape.min_per_viewer) / sum;
    std::vector<long> counts(n);
    double carry = 0;
    long total = 0;
    for (size_t v = 0; v < n; ++v) {
        const double want = extra[v] * factor + carry;
        const long whole = static_cast<long>(std::floor(want));
        carry = want - static_cast<double>(whole);
        counts[v] = std::min(cap, shape.min_per_viewer + whole);
        total += counts[v];
    }
    while (total < shape.events) {  // rounding and the cap: hand out the rest one by one
        const size_t v = static_cast<size_t>(uniform_below(rng, n));
        if (counts[v] < cap) {
            ++counts[v];
            ++total;
        }
    }
    while (total > shape.events) {
        const size_t v = static_cast<size_t>(uniform_below(rng, n));
        if (counts[v] > shape.min_per_viewer) {
            --counts[v];
            --total;
        }
    }
    return counts;
}

struct Catalogue {
    std::vector<double> popularity;     // by rank index, sums to 1
    std::vector<int32_t> id;            // by rank index
    std::vector<int> cluster;           // by rank index
    std::vector<float> bias, factors;   // by rank index (factors: kFactors each)
    std::vector<std::vector<int>> members;  // rank indices per cluster
    std::vector<AliasTable> cluster_tables;
    std::vector<double> cluster_mass;
};

Catalogue make_catalogue(const Shape& shape, std::mt19937_64& rng, BufferedFile& movies_csv) {
    const size_t m = static_cast<size_t>(shape.movies);
    Catalogue c;
    c.popularity.resize(m);
    double total = 0;
    for (size_t i = 0; i < m; ++i) {
        const double r = static_cast<double>(i + 1);
        c.popularity[i] =
            1.0 / ((r + shape.popularity_q) * std::pow(1 + r / shape.popularity_r, shape.popularity_s - 1));
        total += c.popularity[i];
    }
    for (double& p : c.popularity) p /= total;

    std::vector<int32_t> ids(m);
    for (size_t i = 0; i < m; ++i) ids[i] = static_cast<int32_t>(i + 1);
    shuffle(ids, rng);
    c.id = ids;

    std::vector<double> genre_weights;
    for (const auto& g : kGenres) genre_weights.push_back(g.share);
    const AliasTable genre_table(genre_weights);
    c.cluster.resize(m);
    c.members.assign(kClusters, {});
    c.cluster_mass.assign(kClusters, 0);
    std::vector<std::vector<int>> genres(m);
    std::vector<int> years(m);
    for (size_t i = 0; i < m; ++i) {
        const int first = static_cast<int>(genre_table.draw(rng));
        c.cluster[i] = first;
        c.members[static_cast<size_t>(first)].push_back(static_cast<int>(i));
        c.cluster_mass[static_cast<size_t>(first)] += c.popularity[i];
        genres[i].push_back(first);
        const double u = portable_uniform(rng);
        const int more = u < 0.4 ? 0 : u < 0.75 ? 1 : 2;
        for (int k = 0, tries = 0; k < more && tries < 20; ++tries) {
            const int g = static_cast<int>(genre_table.draw(rng));
            if (std::find(genres[i].begin(), genres[i].end(), g) != genres[i].end()) continue;
            genres[i].push_back(g);
            ++k;
        }
        std::sort(genres[i].begin(), genres[i].end());  // kGenres is alphabetical, as MovieLens lists them
        years[i] = std::max(shape.first_year, shape.last_year - static_cast<int>(exponential(rng, 15)));
    }
    for (int k = 0; k < kClusters; ++k) {
        std::vector<double> weights;
        for (int i : c.members[static_cast<size_t>(k)]) weights.push_back(c.popularity[static_cast<size_t>(i)]);
        c.cluster_tables.emplace_back(weights.empty() ? std::vector<double>{1.0} : weights);
    }

    // Movie bias (popular movies rated a little higher: log popularity,
    // standardised over events, so the mean rating stays) and latent factors.
    double mean_log = 0, var_log = 0;
    for (double p : c.popularity) mean_log += p * std::log(p);
    for (double p : c.popularity) var_log += p * (std::log(p) - mean_log) * (std::log(p) - mean_log);
    const double sd_log = std::sqrt(var_log) + 1e-12;
    c.bias.resize(m);
    c.factors.resize(m * kFactors);
    for (size_t i = 0; i < m; ++i) {
        c.bias[i] = static_cast<float>(0.35 * portable_normal(rng) + 0.1 * (std::log(c.popularity[i]) - mean_log) / sd_log);
        for (int k = 0; k < kFactors; ++k) c.factors[i * kFactors + size_t(k)] = static_cast<float>(0.4 * portable_normal(rng));
    }

    // movies.csv, in id order.
    std::vector<size_t> by_id(m);
    for (size_t i = 0; i < m; ++i) by_id[static_cast<size_t>(ids[i] - 1)] = i;
    movies_csv.text("movieId,title,genres\n");
    for (size_t i : by_id) {
        movies_csv.number(ids[i]);
        movies_csv.text(",Movie ");
        movies_csv.number(ids[i]);
        movies_csv.text(" (");
        movies_csv.number(years[i]);
        movies_csv.text("),");
        if (!shape.genres) {
            movies_csv.text("(no genres listed)");
        } else {
            for (size_t k = 0; k < genres[i].size(); ++k) {
                if (k > 0) movies_csv.character('|');
                movies_csv.text(kGenres[static_cast<size_t>(genres[i][k])].name);
            }
        }
        movies_csv.character('\n');
    }
    return c;
}

// One viewer's movies: `count` distinct rank indices in the order drawn,
// sampled without replacement from popularity x taste.
class ViewerSampler {
public:
    explicit ViewerSampler(const Catalogue& catalogue) : c_(catalogue), seen_(catalogue.popularity.size(), 0) {}

    void sample(long count, const std::array<double, kClusters>& taste, std::mt19937_64& rng, std::vector<int>& out) {
        out.clear();
        const size_t m = seen_.size();
        if (static_cast<size_t>(count) <= m / 8) {
            // Draw a cluster by taste, then a movie by popularity within it;
            // a cluster that keeps offering seen movies is dropped.
            std::array<double, kClusters> active = taste;
            std::array<int, kClusters> misses{};
            for (int k = 0; k < kClusters; ++k)
                if (c_.members[size_t(k)].empty()) active[size_t(k)] = 0;
            double total = 0;
            for (double a : active) total += a;
            while (static_cast<long>(out.size()) < count && total > 0) {
                double u = portable_uniform(rng) * total;
                int k = 0;
                while (k < kClusters - 1 && (u -= active[size_t(k)]) >= 0) ++k;
                if (active[size_t(k)] <= 0) continue;  // rounding at the end of the scan
                const auto& members = c_.members[size_t(k)];
                const int movie = members[c_.cluster_tables[size_t(k)].draw(rng)];
                if (seen_[size_t(movie)]) {
                    if (++misses[size_t(k)] > 64) {
                        active[size_t(k)] = 0;
                        total = 0;
                        for (double a : active) total += a;
                    }
                    continue;
                }
                misses[size_t(k)] = 0;
                seen_[size_t(movie)] = 1;
                out.push_back(movie);
            }
        }
        if (static_cast<long>(out.size()) < count) {
            // Heavy viewers (and what the draws above could not finish):
            // Efraimidis-Spirakis keys u^(1/w), the largest first, which is
            // the same as drawing one by one without replacement.
            keyed_.clear();
            for (size_t i = 0; i < m; ++i) {
                if (seen_[i]) continue;
                const double w = c_.popularity[i] * taste[size_t(c_.cluster[i])];
                keyed_.emplace_back(std::log(1 - portable_uniform(rng)) / w, static_cast<int>(i));
            }
            const size_t need = std::min(keyed_.size(), static_cast<size_t>(count) - out.size());
            auto larger = [](const std::pair<double, int>& a, const std::pair<double, int>& b) { return a.first > b.first; };
            std::nth_element(keyed_.begin(), keyed_.begin() + static_cast<long>(need), keyed_.end(), larger);
            std::sort(keyed_.begin(), keyed_.begin() + static_cast<long>(need), larger);
            for (size_t j = 0; j < need; ++j) {
                seen_[size_t(keyed_[j].second)] = 1;
                out.push_back(keyed_[j].second);
            }
        }
        for (int movie : out) seen_[size_t(movie)] = 0;
    }

private:
    const Catalogue& c_;
    std::vector<uint8_t> seen_;
    std::vector<std::pair<double, int>> keyed_;
};

}  // namespace

GeneratedStats generate_dataset(const std::string& dir, const Shape& shape, const GenerateOptions& options) {
    const auto started = std::chrono::steady_clock::now();
    GeneratedStats stats;
    stats.events_file = options.implicit ? "events.csv" : "ratings.csv";
    std::mt19937_64 rng(mix_seed(options.seed));

    BufferedFile movies_csv(dir + "/movies.csv");
    const Catalogue catalogue = make_catalogue(shape, rng, movies_csv);
    movies_csv.close();
    const std::vector<long> counts = viewer_counts(shape, rng);

    BufferedFile events(dir + "/" + stats.events_file);
    events.text(options.implicit ? "userId,movieId,timestamp\n" : "userId,movieId,rating,timestamp\n");
    const size_t m = static_cast<size_t>(shape.movies);
    std::vector<long> movie_events(m, 0);
    ViewerSampler sampler(catalogue);
    std::vector<int> drawn, ordered;
    std::vector<std::vector<int>> buckets(kClusters);
    std::vector<double> gaps;
    std::vector<int64_t> times;
    double rating_sum = 0;
    const double span = static_cast<double>(shape.span_end - shape.span_begin);
    const double run_continue = 0.75;  // runs of 1 + geometric(0.25): mean 4
    auto last_report = std::chrono::steady_clock::now();

    for (size_t v = 0; v < counts.size(); ++v) {
        std::mt19937_64 vr(mix_seed(options.seed * 0x9E3779B97F4A7C15ULL + v + 1));
        // Taste: one to three favourite clusters, drawn by their popularity.
        std::array<bool, kClusters> favourite{};
        const double u = portable_uniform(vr);
        const int n_favourites = u < 0.5 ? 1 : u < 0.8 ? 2 : 3;
        for (int f = 0; f < n_favourites; ++f) {
            double left = 0;
            for (int k = 0; k < kClusters; ++k)
                if (!favourite[size_t(k)]) left += catalogue.cluster_mass[size_t(k)];
            double pick = portable_uniform(vr) * left;
            int k = 0;
            for (; k < kClusters - 1; ++k) {
                if (favourite[size_t(k)]) continue;
                if ((pick -= catalogue.cluster_mass[size_t(k)]) < 0) break;
            }
            while (favourite[size_t(k)] && k > 0) --k;  // rounding at the end of the scan
            favourite[size_t(k)] = true;
        }
        std::array<double, kClusters> taste{};
        for (int k = 0; k < kClusters; ++k)
            taste[size_t(k)] = 0.35 * catalogue.cluster_mass[size_t(k)] + (favourite[size_t(k)] ? 0.65 / n_favourites : 0);
        sampler.sample(counts[v], taste, vr, drawn);

        // Time order: runs within one cluster.
        for (auto& b : buckets) b.clear();
        for (int movie : drawn) buckets[size_t(catalogue.cluster[size_t(movie)])].push_back(movie);
        std::array<size_t, kClusters> next{};
        ordered.clear();
        gaps.clear();
        size_t left = drawn.size();
        while (left > 0) {
            double pick = portable_uniform(vr) * static_cast<double>(left);
            int k = 0;
            for (; k < kClusters - 1; ++k) {
                const double remaining = static_cast<double>(buckets[size_t(k)].size() - next[size_t(k)]);
                if ((pick -= remaining) < 0 && remaining > 0) break;
            }
            while (next[size_t(k)] == buckets[size_t(k)].size()) k = (k + kClusters - 1) % kClusters;
            bool first_of_run = true;
            do {
                ordered.push_back(buckets[size_t(k)][next[size_t(k)]++]);
                --left;
                double gap = 20 + exponential(vr, 60);  // the next movie of a run
                if (first_of_run)                        // a new run: later that evening, or weeks later
                    gap = portable_uniform(vr) < 0.1 ? 3600 + exponential(vr, 30 * 86400.0) : 60 + exponential(vr, 600);
                gaps.push_back(ordered.size() == 1 ? 0 : gap);
                first_of_run = false;
            } while (next[size_t(k)] < buckets[size_t(k)].size() && portable_uniform(vr) < run_continue);
        }
        double duration = 0;
        for (double g : gaps) duration += g;
        const double squeeze = duration > 0.9 * span ? 0.9 * span / duration : 1.0;
        double t = static_cast<double>(shape.span_begin) + portable_uniform(vr) * (span - duration * squeeze);
        times.clear();
        int64_t previous = 0;
        for (size_t j = 0; j < gaps.size(); ++j) {
            t += gaps[j] * squeeze;
            int64_t seconds = static_cast<int64_t>(t);
            if (j > 0 && seconds <= previous) seconds = previous + 1;  // strictly increasing
            previous = seconds;
            times.push_back(shape.day_timestamps ? 1 + (seconds - shape.span_begin) / 86400 : seconds);
        }

        // Ratings from the viewer's latent taste.
        std::array<float, kFactors> factors{};
        const double viewer_bias = options.implicit ? 0 : 0.5 * portable_normal(vr);
        if (!options.implicit)
            for (float& f : factors) f = static_cast<float>(0.4 * portable_normal(vr));
        for (size_t j = 0; j < ordered.size(); ++j) {
            const size_t movie = static_cast<size_t>(ordered[j]);
            ++movie_events[movie];
            events.number(static_cast<int64_t>(v + 1));
            events.character(',');
            events.number(catalogue.id[movie]);
            events.character(',');
            if (!options.implicit) {
                double dot = 0;
                for (int k = 0; k < kFactors; ++k) dot += double(factors[size_t(k)]) * catalogue.factors[movie * kFactors + size_t(k)];
                // kRatingOffset: favourites and popular movies are watched more, which lifts the mean.
                double r = shape.rating_mean - kRatingOffset + viewer_bias + catalogue.bias[movie] + dot +
                           (favourite[size_t(catalogue.cluster[movie])] ? 0.25 : 0) + 0.7 * portable_normal(vr);
                if (shape.half_stars) {
                    // Whole stars are the more common choice on MovieLens.
                    r = std::clamp(r, 0.5, 5.0);
                    const int halves = portable_uniform(vr) < 0.4 ? 2 * static_cast<int>(std::lround(r))
                                                                   : static_cast<int>(std::lround(2 * r));
                    const int h = std::clamp(halves, 1, 10);
                    rating_sum += h / 2.0;
                    events.number(h / 2);
                    events.text(h % 2 ? ".5," : ".0,");
                } else {
                    const int stars = std::clamp(static_cast<int>(std::lround(r)), 1, 5);
                    rating_sum += stars;
                    events.number(stars);
                    events.character(',');
                }
            }
            events.number(times[j]);
            events.character('\n');
        }

        if (const auto now = std::chrono::steady_clock::now(); now - last_report > std::chrono::seconds(5)) {
            last_report = now;
            std::fprintf(stderr, "scale: generating: %zu of %zu viewers, %.0f MB written\n", v + 1, counts.size(),
                         static_cast<double>(events.bytes()) / 1e6);
        }
    }
    stats.bytes = events.bytes();
    events.close();

    stats.events = shape.events;
    stats.viewers = shape.viewers;
    stats.movies = shape.movies;
    stats.rating_mean = options.implicit ? 0 : rating_sum / static_cast<double>(shape.events);
    std::vector<long> sorted_movies = movie_events;
    std::sort(sorted_movies.begin(), sorted_movies.end());
    for (long n : sorted_movies) stats.movies_with_events += n > 0;
    stats.top_movie_events = sorted_movies.back();
    stats.median_movie_events = sorted_movies[m / 2];
    double weighted = 0;
    for (size_t i = 0; i < m; ++i)
        weighted += (2.0 * static_cast<double>(i + 1) - static_cast<double>(m) - 1) * static_cast<double>(sorted_movies[i]);
    stats.movie_gini = weighted / (static_cast<double>(m) * static_cast<double>(shape.events));
    std::vector<long> sorted_viewers = counts;
    std::sort(sorted_viewers.begin(), sorted_viewers.end());
    stats.min_viewer_events = sorted_viewers.front();
    stats.median_viewer_events = sorted_viewers[sorted_viewers.size() / 2];
    stats.max_viewer_events = sorted_viewers.back();
    stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return stats;
}

}  // namespace movienet::bench
