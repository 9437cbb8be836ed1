// A viewer's rating history as a model sees it: raw movie ids resolved to the
// catalogue's dense indices, unknown ids and repeats counted, not fatal.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "movienet/data/catalogue.h"

namespace movienet {

struct HistoryEntry {
    int32_t movie;  // raw id
    float rating;   // NaN: watched, not rated (the will-watch head reads it, the rating model does not)
};

struct ResolvedHistory {
    std::vector<int> items;      // dense indices, one per known movie
    std::vector<float> ratings;  // NaN for entries without a rating
    size_t unknown = 0;          // entries whose movie id the catalogue does not list (ignored)
    size_t duplicates = 0;       // repeated ids: the last rating counts (a repeat without one keeps the rating)
};

ResolvedHistory resolve_history(const Catalogue& catalogue, const std::vector<HistoryEntry>& history);

// True when every entry has a rating (no NaN).
bool all_rated(const ResolvedHistory& history);
// The entries with a rating, in order: what a rating model reads.
ResolvedHistory rated_entries(const ResolvedHistory& history);

}  // namespace movienet
