#include "movienet/data/split.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

#include "data/dataset_detail.h"
#include "movienet/base/error.h"
#include "movienet/base/format_number.h"
#include "movienet/base/random.h"

namespace movienet {
const std::vector<std::string>& official_split_names() {
    static const std::vector<std::string> names = {"u1", "u2", "u3", "u4", "u5", "ua", "ub"};
    return names;
}

Split official_split(const std::string& dir, const std::string& name) {
    const auto& names = official_split_names();
    if (std::find(names.begin(), names.end(), name) == names.end())
        throw Error(ErrorCode::BadInput,
                    "unknown official split '" + name + "' (expected u1, u2, u3, u4, u5, ua or ub)");
    Split split;
    split.name = name;
    split.train = load_ratings_file(detail::join_path(dir, name + ".base"), DataFormat::Ml100k);
    split.test = load_ratings_file(detail::join_path(dir, name + ".test"), DataFormat::Ml100k);
    return split;
}

std::vector<Split> kfold_splits(const std::vector<Rating>& ratings, int k, uint64_t seed) {
    const size_t n = ratings.size();
    if (k < 2 || static_cast<size_t>(k) > n)
        throw Error(ErrorCode::BadInput, "k-fold needs 2 <= k <= number of ratings (" +
                                             std::to_string(n) + "), got k = " + std::to_string(k));
    std::vector<size_t> order(n);
    std::iota(order.begin(), order.end(), size_t{0});
    std::mt19937_64 rng(seed);
    shuffle(order, rng);
    // Shuffled position p belongs to part floor(p * k / n): sizes differ by at most one.
    std::vector<int> fold_of(n);
    const auto kk = static_cast<size_t>(k);
    for (size_t p = 0; p < n; ++p) fold_of[order[p]] = static_cast<int>(p * kk / n);
    std::vector<Split> splits(kk);
    for (size_t f = 0; f < kk; ++f) {
        splits[f].name = "fold" + std::to_string(f + 1);
        const size_t test_size = (f + 1) * n / kk - f * n / kk;
        splits[f].test.reserve(test_size);
        splits[f].train.reserve(n - test_size);
    }
    for (size_t i = 0; i < n; ++i) {
        for (size_t f = 0; f < kk; ++f) {
            (static_cast<size_t>(fold_of[i]) == f ? splits[f].test : splits[f].train).push_back(ratings[i]);
        }
    }
    return splits;
}

Split temporal_split(const std::vector<Rating>& ratings, double test_fraction) {
    if (!(test_fraction > 0.0 && test_fraction < 1.0))
        throw Error(ErrorCode::BadInput, "temporal split needs 0 < test fraction < 1, got " +
                                             format_number(test_fraction));
    const size_t n = ratings.size();
    std::vector<size_t> order(n);
    std::iota(order.begin(), order.end(), size_t{0});
    // By user, then time, then input position: each user's ratings in order.
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        if (ratings[a].user != ratings[b].user) return ratings[a].user < ratings[b].user;
        if (ratings[a].timestamp != ratings[b].timestamp)
            return ratings[a].timestamp < ratings[b].timestamp;
        return a < b;
    });
    std::vector<char> is_test(n, 0);
    for (size_t begin = 0; begin < n;) {
        size_t end = begin + 1;
        while (end < n && ratings[order[end]].user == ratings[order[begin]].user) ++end;
        const size_t count = end - begin;
        if (count >= 2) {
            auto n_test = static_cast<size_t>(std::llround(test_fraction * static_cast<double>(count)));
            n_test = std::min(std::max<size_t>(n_test, 1), count - 1);
            for (size_t p = end - n_test; p < end; ++p) is_test[order[p]] = 1;
        }
        begin = end;
    }
    Split split;
    split.name = "temporal";
    for (size_t i = 0; i < n; ++i) (is_test[i] ? split.test : split.train).push_back(ratings[i]);
    return split;
}

}  // namespace movienet
