#include "movienet/rec/history.h"

#include <cmath>
#include <map>

namespace movienet {

ResolvedHistory resolve_history(const Catalogue& catalogue, const std::vector<HistoryEntry>& history) {
    ResolvedHistory resolved;
    std::map<int, size_t> position;  // dense index -> slot, so a repeated id keeps its last rating
    for (const auto& entry : history) {
        const int index = catalogue.find(entry.movie);
        if (index < 0) {
            ++resolved.unknown;
            continue;
        }
        const auto [it, inserted] = position.emplace(index, resolved.items.size());
        if (inserted) {
            resolved.items.push_back(index);
            resolved.ratings.push_back(entry.rating);
        } else {
            ++resolved.duplicates;
            if (!std::isnan(entry.rating)) resolved.ratings[it->second] = entry.rating;
        }
    }
    return resolved;
}

bool all_rated(const ResolvedHistory& history) {
    for (float r : history.ratings)
        if (std::isnan(r)) return false;
    return true;
}

ResolvedHistory rated_entries(const ResolvedHistory& history) {
    ResolvedHistory rated;
    rated.unknown = history.unknown;
    rated.duplicates = history.duplicates;
    for (size_t j = 0; j < history.items.size(); ++j) {
        if (std::isnan(history.ratings[j])) continue;
        rated.items.push_back(history.items[j]);
        rated.ratings.push_back(history.ratings[j]);
    }
    return rated;
}

}  // namespace movienet
