#include "movienet/rec/history.h"

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
            resolved.ratings[it->second] = entry.rating;
        }
    }
    return resolved;
}

}  // namespace movienet
