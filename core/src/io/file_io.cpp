#include "movienet/io/file_io.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <random>

#include <sys/stat.h>

#include "movienet/base/error.h"

namespace movienet {

std::string read_file(const std::string& path) {
    // stdio rather than iostreams: keeps the locale machinery out of the wasm.
    struct Closer {
        void operator()(std::FILE* f) const { std::fclose(f); }
    };
    std::unique_ptr<std::FILE, Closer> file(std::fopen(path.c_str(), "rb"));
    if (!file) throw Error(ErrorCode::Io, path + ": cannot open: " + std::strerror(errno));
    std::string text;
    // Size the buffer once when the size is known; reading on until EOF still
    // handles files that grow or report no size (pipes).
    struct stat st;
    size_t expected = 0;
    if (::fstat(fileno(file.get()), &st) == 0 && st.st_size > 0) expected = static_cast<size_t>(st.st_size);
    text.resize(expected + 1);
    size_t size = 0;
    for (;;) {
        if (size == text.size()) text.resize(text.size() * 2 + 4096);
        const size_t n = std::fread(&text[size], 1, text.size() - size, file.get());
        size += n;
        if (n == 0) break;
    }
    text.resize(size);
    if (std::ferror(file.get())) throw Error(ErrorCode::Io, path + ": read error");
    return text;
}

void write_file_atomically(const std::string& path, const std::string& content) {
    std::random_device entropy;
    const std::string temp = path + ".tmp" + std::to_string(entropy() % 1000000);
    std::FILE* file = std::fopen(temp.c_str(), "wb");
    if (!file) throw Error(ErrorCode::Io, temp + ": cannot create: " + std::strerror(errno));
    const bool written = std::fwrite(content.data(), 1, content.size(), file) == content.size();
    if (std::fclose(file) != 0 || !written) {
        std::remove(temp.c_str());
        throw Error(ErrorCode::Io, temp + ": write failed (disk full?)");
    }
    if (std::rename(temp.c_str(), path.c_str()) != 0) {
        const std::string reason = std::strerror(errno);
        std::remove(temp.c_str());
        throw Error(ErrorCode::Io, path + ": cannot replace: " + reason);
    }
}

}  // namespace movienet
