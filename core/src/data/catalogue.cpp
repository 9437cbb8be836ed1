#include "movienet/data/catalogue.h"

#include <algorithm>

namespace movienet {

int Catalogue::find(int32_t id) const {
    const auto it = index_.find(id);
    return it == index_.end() ? -1 : it->second;
}

void Catalogue::rebuild_index() {
    index_.clear();
    index_.reserve(ids.size());
    for (size_t i = 0; i < ids.size(); ++i) index_.emplace(ids[i], static_cast<int>(i));
}

Catalogue make_catalogue(const Dataset& dataset, const std::vector<Rating>& training) {
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
    return catalogue;
}

}  // namespace movienet
