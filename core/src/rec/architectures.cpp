// The one list of architectures a model file may hold.
#include "movienet/rec/architecture.h"
#include "movienet/rec/pooled/pooled_arch.h"
#include "movienet/rec/seed/seed_arch.h"

namespace movienet {

namespace {
const ArchFormat* const formats[] = {&pooled_arch_format, &seed_arch_format};
}  // namespace

void ArchScorer::score_leave_one_out(const ResolvedHistory& history, const int* movies, int count, float* out) {
    ResolvedHistory without;
    for (size_t j = 0; j < history.items.size(); ++j) {
        without.items = history.items;
        without.ratings = history.ratings;
        without.items.erase(without.items.begin() + static_cast<std::ptrdiff_t>(j));
        without.ratings.erase(without.ratings.begin() + static_cast<std::ptrdiff_t>(j));
        score(without, movies, count, out + j * static_cast<size_t>(count));
    }
}

const ArchFormat* find_arch_format(const std::string& name) {
    for (const ArchFormat* format : formats)
        if (name == format->name) return format;
    return nullptr;
}

}  // namespace movienet
