// Shared by the fuzz targets: the loaders read paths, so each input is put
// in an in-memory file (memfd) and handed over as /proc/self/fd/N. Only
// movienet::Error may leave a loader; anything else (bad_alloc, a standard
// exception, a sanitizer report) is a finding.
#pragma once

#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

namespace movienet::fuzz {

class MemFile {
public:
    explicit MemFile(const char* name) : fd_(::memfd_create(name, MFD_CLOEXEC)) {
        if (fd_ < 0) std::abort();
        path_ = "/proc/self/fd/" + std::to_string(fd_);
    }
    ~MemFile() { ::close(fd_); }
    MemFile(const MemFile&) = delete;
    MemFile& operator=(const MemFile&) = delete;

    // Replaces the content; returns the path to read it by.
    const std::string& set(std::string_view bytes) {
        if (::ftruncate(fd_, 0) != 0) std::abort();
        size_t done = 0;
        while (done < bytes.size()) {
            const ssize_t n = ::pwrite(fd_, bytes.data() + done, bytes.size() - done, static_cast<off_t>(done));
            if (n <= 0) std::abort();
            done += static_cast<size_t>(n);
        }
        return path_;
    }
    const std::string& path() const { return path_; }

private:
    int fd_;
    std::string path_;
};

// An oracle check: a broken invariant is a crash libFuzzer reports.
inline void require(bool condition) {
    if (!condition) __builtin_trap();
}

// Inputs are "<selector byte><file bytes>": the selector picks which file of
// a format the rest is (seed files start with an ASCII digit: '0' = 48).
inline std::string_view file_part(const uint8_t* data, size_t size) {
    return size == 0 ? std::string_view() : std::string_view(reinterpret_cast<const char*>(data) + 1, size - 1);
}
inline unsigned selector(const uint8_t* data, size_t size, unsigned choices) {
    return size == 0 ? 0 : (data[0] - '0' + 256u) % choices;
}

}  // namespace movienet::fuzz
