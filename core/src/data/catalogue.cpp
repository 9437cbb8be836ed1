#include "movienet/data/catalogue.h"

#include <algorithm>

namespace movienet {

// The first slot to probe for `id` (Fibonacci hashing: consecutive ids spread out).
std::size_t Catalogue::slot_of(int32_t id) const {
    return std::size_t((uint32_t(id) * 2654435769u) >> shift_);
}

int Catalogue::find(int32_t id) const {
    if (slots_.empty()) return -1;
    for (std::size_t s = slot_of(id);; s = (s + 1) & (slots_.size() - 1)) {
        if (slots_[s].second == 0) return -1;
        if (slots_[s].first == id) return slots_[s].second - 1;
    }
}

void Catalogue::rebuild_index() {
    std::size_t capacity = 16;
    shift_ = 28;
    while (capacity < 2 * ids.size()) capacity *= 2, --shift_;  // at most half full: short probes
    slots_.assign(capacity, {0, 0});
    for (size_t i = 0; i < ids.size(); ++i) {
        std::size_t s = slot_of(ids[i]);
        while (slots_[s].second != 0 && slots_[s].first != ids[i]) s = (s + 1) & (capacity - 1);
        if (slots_[s].second == 0) slots_[s] = {ids[i], static_cast<int>(i) + 1};  // the first of duplicate ids wins
    }
}

Catalogue make_catalogue(const Dataset& dataset, const std::vector<Rating>& training) {
    return make_catalogue(dataset, training, {});
}

Catalogue make_catalogue(const Dataset& dataset, const std::vector<Rating>& training, const std::vector<Rating>& events) {
    Catalogue catalogue;
    catalogue.genre_names = dataset.genre_names;
    if (!dataset.movies.empty()) {
        for (const auto& movie : dataset.movies) {
            catalogue.ids.push_back(movie.id);
            catalogue.titles.push_back(movie.title);
            catalogue.years.push_back(movie.year);
            catalogue.genres.push_back(movie.genres);
        }
    } else {
        std::vector<int32_t> ids;
        for (const auto& rating : training) ids.push_back(rating.movie);
        for (const auto& event : events)
            if (!has_rating(event)) ids.push_back(event.movie);
        std::sort(ids.begin(), ids.end());
        ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
        for (int32_t id : ids) {
            catalogue.ids.push_back(id);
            catalogue.titles.push_back("movie " + std::to_string(id));
            catalogue.years.push_back(0);
            catalogue.genres.emplace_back();
        }
    }
    catalogue.rebuild_index();
    catalogue.rating_counts.assign(catalogue.ids.size(), 0);
    for (const auto& rating : training) {
        const int index = catalogue.find(rating.movie);
        if (index >= 0) ++catalogue.rating_counts[static_cast<size_t>(index)];
    }
    for (const auto& event : events) {
        const int index = has_rating(event) ? -1 : catalogue.find(event.movie);
        if (index >= 0) ++catalogue.rating_counts[static_cast<size_t>(index)];
    }
    return catalogue;
}

}  // namespace movienet
