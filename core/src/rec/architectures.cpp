// The one list of architectures a model file may hold.
#include "movienet/rec/architecture.h"
#include "movienet/rec/pooled/pooled_arch.h"
#include "movienet/rec/seed/seed_arch.h"

namespace movienet {

namespace {
const ArchFormat* const formats[] = {&pooled_arch_format, &seed_arch_format};
}  // namespace

const ArchFormat* find_arch_format(const std::string& name) {
    for (const ArchFormat* format : formats)
        if (name == format->name) return format;
    return nullptr;
}

}  // namespace movienet
