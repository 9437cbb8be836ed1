#include "movienet/rec/ranking_metrics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <random>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "movienet/base/error.h"
#include "movienet/base/random.h"

namespace movienet {
namespace {

// `want` distinct movies from [0, movies) outside `rated`, uniformly.
std::vector<int> sample_unrated(const std::vector<char>& rated, size_t rated_count, size_t want,
                                std::mt19937_64& rng) {
    const size_t movies = rated.size();
    const size_t available = movies - rated_count;
    want = std::min(want, available);
    std::vector<int> chosen;
    chosen.reserve(want);
    if (4 * want >= available) {
        // Dense: a partial Fisher-Yates over the explicit unrated list.
        std::vector<int> pool;
        pool.reserve(available);
        for (size_t m = 0; m < movies; ++m)
            if (!rated[m]) pool.push_back(static_cast<int>(m));
        for (size_t i = 0; i < want; ++i) {
            const size_t j = i + static_cast<size_t>(uniform_below(rng, pool.size() - i));
            std::swap(pool[i], pool[j]);
            chosen.push_back(pool[i]);
        }
        return chosen;
    }
    // Sparse: rejection; at least three quarters of draws are accepted.
    std::unordered_set<int> taken;
    while (chosen.size() < want) {
        const auto m = static_cast<int>(uniform_below(rng, movies));
        if (rated[static_cast<size_t>(m)] || !taken.insert(m).second) continue;
        chosen.push_back(m);
    }
    return chosen;
}

// catalogue_rank with a caller-owned mask (all zero on entry and on return),
// so evaluating many cases does not allocate per case.
int rank_in_catalogue(const LeaveOneOutCase& c, const std::vector<float>& scores, std::vector<char>& in_history) {
    const auto movies = static_cast<int>(scores.size());
    auto check_index = [&](int m, const char* what) {
        if (m < 0 || m >= movies)
            throw Error(ErrorCode::BadInput, std::string("ranking: ") + what + " " + std::to_string(m) +
                                                 " is outside the catalogue of " + std::to_string(movies) + " movies");
    };
    check_index(c.positive, "positive");
    for (int m : c.history.items) check_index(m, "history movie");
    const float positive_score = scores[static_cast<size_t>(c.positive)];
    if (std::isnan(positive_score)) throw Error(ErrorCode::BadInput, "ranking: the positive's score is NaN");
    for (int m : c.history.items) in_history[static_cast<size_t>(m)] = 1;
    int rank = 0;
    int nan_movie = -1;
    for (int m = 0; m < movies; ++m) {
        if (m == c.positive || in_history[static_cast<size_t>(m)]) continue;
        const float score = scores[static_cast<size_t>(m)];
        if (std::isnan(score)) nan_movie = m;
        if (score >= positive_score) ++rank;
    }
    for (int m : c.history.items) in_history[static_cast<size_t>(m)] = 0;
    if (nan_movie >= 0)
        throw Error(ErrorCode::BadInput, "ranking: the score of catalogue movie " + std::to_string(nan_movie) + " is NaN");
    return rank;
}

}  // namespace

std::vector<LeaveOneOutCase> make_leave_one_out_cases(const std::vector<Rating>& ratings,
                                                      const Catalogue& catalogue, int negatives,
                                                      uint64_t seed) {
    if (negatives < 0)
        throw Error(ErrorCode::BadInput, "leave-one-out: negatives must be >= 0, got " + std::to_string(negatives));
    std::map<int32_t, std::vector<size_t>> by_user;  // ascending ids; ratings in input order
    for (size_t i = 0; i < ratings.size(); ++i)
        if (catalogue.find(ratings[i].movie) >= 0) by_user[ratings[i].user].push_back(i);

    std::vector<LeaveOneOutCase> cases;
    std::vector<char> rated(static_cast<size_t>(catalogue.size()), 0);
    for (auto& [user, rows] : by_user) {
        // Oldest first, as a viewer's history is given (the watch model reads the order).
        std::stable_sort(rows.begin(), rows.end(),
                         [&](size_t a, size_t b) { return ratings[a].timestamp < ratings[b].timestamp; });
        size_t latest = rows.front();
        for (size_t row : rows)
            if (ratings[row].timestamp >= ratings[latest].timestamp) latest = row;
        LeaveOneOutCase c;
        c.user = user;
        c.positive = catalogue.find(ratings[latest].movie);
        c.positive_rating = ratings[latest].rating;
        // Every other rating is history, except repeats of the positive movie,
        // which would give the answer away.
        std::vector<HistoryEntry> history;
        for (size_t row : rows)
            if (ratings[row].movie != ratings[latest].movie) history.push_back({ratings[row].movie, ratings[row].rating});
        if (history.empty()) continue;
        c.history = resolve_history(catalogue, history);

        size_t rated_count = 0;
        for (size_t row : rows) {
            char& flag = rated[static_cast<size_t>(catalogue.find(ratings[row].movie))];
            if (!flag) ++rated_count;
            flag = 1;
        }
        std::mt19937_64 rng(mix_seed(seed ^ mix_seed(static_cast<uint64_t>(static_cast<uint32_t>(user)))));
        c.negatives = sample_unrated(rated, rated_count, static_cast<size_t>(negatives), rng);
        for (size_t row : rows) rated[static_cast<size_t>(catalogue.find(ratings[row].movie))] = 0;
        cases.push_back(std::move(c));
    }
    return cases;
}

LeaveLatestOut make_leave_latest_out(const std::vector<Rating>& ratings, const Catalogue& catalogue, int negatives,
                                     uint64_t seed) {
    LeaveLatestOut out;
    out.cases = make_leave_one_out_cases(ratings, catalogue, negatives, seed);
    std::unordered_map<int32_t, int32_t> held_out;  // user -> raw id of the positive
    for (const auto& c : out.cases) held_out.emplace(c.user, catalogue.ids[static_cast<size_t>(c.positive)]);
    out.training.reserve(ratings.size() - out.cases.size());
    for (const auto& r : ratings) {
        const auto it = held_out.find(r.user);
        if (it == held_out.end() || it->second != r.movie) out.training.push_back(r);
    }
    return out;
}

RankingResult ranking_from_ranks(const std::vector<int>& ranks, int k) {
    if (k < 1) throw Error(ErrorCode::BadInput, "ranking: k must be >= 1, got " + std::to_string(k));
    RankingResult result;
    result.k = k;
    result.users = ranks.size();
    if (ranks.empty()) return result;
    double hits = 0, gain = 0;
    for (size_t u = 0; u < ranks.size(); ++u) {
        const int rank = ranks[u];
        if (rank < 0)
            throw Error(ErrorCode::BadInput, "ranking: rank " + std::to_string(rank) + " of case " +
                                                 std::to_string(u) + " is negative");
        if (rank < k) {
            hits += 1;
            gain += 1.0 / std::log2(rank + 2.0);
        }
    }
    result.hit_rate = hits / static_cast<double>(ranks.size());
    result.ndcg = gain / static_cast<double>(ranks.size());
    return result;
}

int positive_rank(float positive_score, const float* negative_scores, size_t count) {
    if (std::isnan(positive_score)) throw Error(ErrorCode::BadInput, "ranking: the positive's score is NaN");
    int rank = 0;
    for (size_t i = 0; i < count; ++i) {
        if (std::isnan(negative_scores[i]))
            throw Error(ErrorCode::BadInput, "ranking: the score of negative " + std::to_string(i) + " is NaN");
        if (negative_scores[i] >= positive_score) ++rank;
    }
    return rank;
}

RankingResult evaluate_ranking(const std::vector<LeaveOneOutCase>& cases, int k, const RankingScorer& scorer) {
    if (k < 1) throw Error(ErrorCode::BadInput, "ranking: k must be >= 1, got " + std::to_string(k));
    std::vector<int> ranks;
    ranks.reserve(cases.size());
    std::vector<int> candidates;
    std::vector<float> scores;
    for (const auto& c : cases) {
        candidates.assign(1, c.positive);
        candidates.insert(candidates.end(), c.negatives.begin(), c.negatives.end());
        scores.assign(candidates.size(), std::numeric_limits<float>::quiet_NaN());
        scorer(c, candidates, scores);
        if (scores.size() != candidates.size())
            throw Error(ErrorCode::BadInput, "ranking: the scorer returned " + std::to_string(scores.size()) +
                                                 " scores for " + std::to_string(candidates.size()) +
                                                 " candidates of user " + std::to_string(c.user));
        try {
            ranks.push_back(positive_rank(scores[0], scores.data() + 1, scores.size() - 1));
        } catch (const Error& e) {
            throw Error(ErrorCode::BadInput, std::string(e.what()) + " (user " + std::to_string(c.user) + ")");
        }
    }
    return ranking_from_ranks(ranks, k);
}

int catalogue_rank(const LeaveOneOutCase& c, const std::vector<float>& scores) {
    std::vector<char> in_history(scores.size(), 0);
    return rank_in_catalogue(c, scores, in_history);
}

CatalogueRankingResult evaluate_catalogue_ranking(const std::vector<LeaveOneOutCase>& cases, int catalogue_size, int k,
                                                  const CatalogueScorer& scorer) {
    if (k < 1) throw Error(ErrorCode::BadInput, "ranking: k must be >= 1, got " + std::to_string(k));
    if (catalogue_size < 0)
        throw Error(ErrorCode::BadInput, "ranking: catalogue size must be >= 0, got " + std::to_string(catalogue_size));
    const auto movies = static_cast<size_t>(catalogue_size);
    std::vector<int> full_ranks, sampled_ranks;
    full_ranks.reserve(cases.size());
    sampled_ranks.reserve(cases.size());
    std::vector<float> scores, negative_scores;
    std::vector<char> in_history(movies, 0);
    for (const auto& c : cases) {
        scores.assign(movies, std::numeric_limits<float>::quiet_NaN());
        scorer(c, scores);
        try {
            if (scores.size() != movies)
                throw Error(ErrorCode::BadInput, "ranking: the scorer returned " + std::to_string(scores.size()) +
                                                     " scores for a catalogue of " + std::to_string(movies) + " movies");
            full_ranks.push_back(rank_in_catalogue(c, scores, in_history));
            negative_scores.clear();
            for (int m : c.negatives) {
                if (m < 0 || static_cast<size_t>(m) >= movies)
                    throw Error(ErrorCode::BadInput, "ranking: negative " + std::to_string(m) +
                                                         " is outside the catalogue of " + std::to_string(movies) + " movies");
                negative_scores.push_back(scores[static_cast<size_t>(m)]);
            }
            sampled_ranks.push_back(positive_rank(scores[static_cast<size_t>(c.positive)], negative_scores.data(),
                                                  negative_scores.size()));
        } catch (const Error& e) {
            throw Error(ErrorCode::BadInput, std::string(e.what()) + " (user " + std::to_string(c.user) + ")");
        }
    }
    return {ranking_from_ranks(full_ranks, k), ranking_from_ranks(sampled_ranks, k)};
}

}  // namespace movienet
