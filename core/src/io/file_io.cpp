#include "movienet/io/file_io.h"

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <memory>
#include <random>

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "movienet/base/error.h"

namespace movienet {

std::string read_file(const std::string& path) { return read_file(path, UINT64_MAX); }

std::string read_file(const std::string& path, uint64_t max_bytes) {
    // stdio rather than iostreams: keeps the locale machinery out of the wasm.
    struct Closer {
        void operator()(std::FILE* f) const { std::fclose(f); }
    };
    std::unique_ptr<std::FILE, Closer> file(std::fopen(path.c_str(), "rb"));
    if (!file) throw Error(ErrorCode::Io, path + ": cannot open: " + std::strerror(errno));
    const auto too_large = [&](const std::string& what) {
        return Error(ErrorCode::BadInput, path + ": " + what + " larger than the limit of " +
                                              std::to_string(max_bytes) + " bytes for this kind of file");
    };
    std::string text;
    // Size the buffer once when the size is known; reading on until EOF still
    // handles files that grow or report no size (pipes).
    struct stat st;
    uint64_t expected = 0;
    if (::fstat(fileno(file.get()), &st) == 0 && st.st_size > 0) expected = static_cast<uint64_t>(st.st_size);
    if (expected > max_bytes) throw too_large("the file is " + std::to_string(expected) + " bytes,");
    // Never hold more than max_bytes + 1 bytes: one byte past the limit proves
    // that a stream is too long.
    const uint64_t cap = max_bytes == UINT64_MAX ? max_bytes : max_bytes + 1;
    text.resize(static_cast<size_t>(expected + 1));
    size_t size = 0;
    for (;;) {
        if (size == text.size()) {
            if (size >= cap) throw too_large("the stream is");
            const uint64_t grown = std::min<uint64_t>(uint64_t{text.size()} * 2 + 4096, cap);
            text.resize(static_cast<size_t>(grown));
        }
        const size_t n = std::fread(&text[size], 1, text.size() - size, file.get());
        size += n;
        if (n == 0) break;
    }
    if (size > max_bytes) throw too_large("the stream is");
    text.resize(size);
    if (std::ferror(file.get())) throw Error(ErrorCode::Io, path + ": read error");
    return text;
}

namespace {

// A new file beside `path`, created with O_EXCL so that nothing already there
// (another writer's temporary, a planted symlink) is ever opened. Its name,
// ".NAME.movienet-tmp-XXXXXX", is hidden but recognisable: a process killed
// mid-write leaves a file that says what it was and where it belongs.
constexpr char kLetters[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
constexpr size_t kTempSuffixLength = 6;

// The folder part of `path` ("" or ending in '/') and the temporaries' name prefix.
std::string temporary_prefix(const std::string& path) {
    const size_t name_start = path.rfind('/') + 1;  // 0 when there is no folder part
    return path.substr(0, name_start) + "." + path.substr(name_start) + ".movienet-tmp-";
}

int create_temporary(const std::string& path, std::string& temp) {
    const std::string prefix = temporary_prefix(path);
    std::random_device entropy;
    for (int attempt = 0; attempt < 100; ++attempt) {
        temp = prefix;
        for (size_t k = 0; k < kTempSuffixLength; ++k) temp += kLetters[entropy() % (sizeof kLetters - 1)];
        // 0666 like fopen: the umask, not this function, decides who may read the file.
        const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd >= 0 || errno != EEXIST) return fd;
    }
    return -1;  // errno is EEXIST
}

bool write_all(int fd, const char* data, size_t size) {
    while (size > 0) {
        const ssize_t n = ::write(fd, data, size);
        if (n < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        data += n;
        size -= static_cast<size_t>(n);
    }
    return true;
}

// Makes the rename itself durable. A folder that cannot be opened for reading
// or does not support fsync (EINVAL on some filesystems) is skipped: the new
// file is in place either way, only its survival of a power cut is at stake.
void sync_folder_of(const std::string& path) {
    const size_t slash = path.rfind('/');
    const std::string folder = slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
    const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;
    const bool synced = ::fsync(fd) == 0 || errno == EINVAL;
    const std::string reason = std::strerror(errno);
    ::close(fd);
    if (!synced) throw Error(ErrorCode::Io, path + ": written, but syncing its folder failed: " + reason);
}

}  // namespace

void write_file_atomically(const std::string& path, const std::string& content) {
    write_file_atomically(path, std::vector<std::string_view>{content});
}

void write_file_atomically(const std::string& path, const std::vector<std::string_view>& pieces) {
    std::string temp;
    const int fd = create_temporary(path, temp);
    if (fd < 0)
        throw Error(ErrorCode::Io, path + ": cannot create a temporary file beside it: " + std::strerror(errno));
    // The data must be on disk before the rename makes it the file: otherwise
    // a crash can leave the new name pointing at empty or partial content.
    bool written = true;
    for (const std::string_view piece : pieces) written = written && write_all(fd, piece.data(), piece.size());
    written = written && ::fsync(fd) == 0;
    const int write_errno = errno;
    const bool closed = ::close(fd) == 0;
    if (!written || !closed) {
        const std::string reason = std::strerror(written ? errno : write_errno);
        ::unlink(temp.c_str());
        throw Error(ErrorCode::Io, temp + ": write failed: " + reason);
    }
    if (std::rename(temp.c_str(), path.c_str()) != 0) {
        const std::string reason = std::strerror(errno);
        ::unlink(temp.c_str());
        throw Error(ErrorCode::Io, path + ": cannot replace: " + reason);
    }
    sync_folder_of(path);
    remove_stale_temporaries(path);
}

std::vector<std::string> remove_stale_temporaries(const std::string& path) {
    std::vector<std::string> removed;
    const size_t name_start = path.rfind('/') + 1;
    const std::string folder = name_start == 0 ? "." : path.substr(0, name_start);
    const std::string prefix = temporary_prefix(path).substr(name_start);  // ".NAME.movienet-tmp-"
    DIR* dir = ::opendir(folder.c_str());
    if (!dir) return removed;
    const std::time_t now = std::time(nullptr);
    while (const dirent* entry = ::readdir(dir)) {
        const std::string name = entry->d_name;
        if (name.size() != prefix.size() + kTempSuffixLength || name.compare(0, prefix.size(), prefix) != 0) continue;
        bool ours = true;  // the six letters create_temporary() draws from
        for (size_t k = prefix.size(); k < name.size(); ++k)
            ours = ours && std::strchr(kLetters, name[k]) != nullptr && name[k] != '\0';
        if (!ours) continue;
        const std::string full = path.substr(0, name_start) + name;
        struct stat st;
        if (::lstat(full.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) continue;
        if (now - st.st_mtime < kStaleTemporarySeconds) continue;  // a save that may still be running
        if (::unlink(full.c_str()) == 0) removed.push_back(full);
    }
    ::closedir(dir);
    return removed;
}

void check_writable(const std::string& path) {
    struct stat st;
    if (::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode))
        throw Error(ErrorCode::Io, path + ": cannot be written: it is a directory");
    std::string temp;
    const int fd = create_temporary(path, temp);
    if (fd < 0) throw Error(ErrorCode::Io, path + ": cannot be written: " + std::strerror(errno));
    ::close(fd);
    ::unlink(temp.c_str());
}

}  // namespace movienet
