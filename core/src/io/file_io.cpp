#include "movienet/io/file_io.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <random>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

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

namespace {

// A new file beside `path`, created with O_EXCL so that nothing already there
// (another writer's temporary, a planted symlink) is ever opened. Its name,
// ".NAME.movienet-tmp-XXXXXX", is hidden but recognisable: a process killed
// mid-write leaves a file that says what it was and where it belongs.
int create_temporary(const std::string& path, std::string& temp) {
    static constexpr char letters[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    const size_t name_start = path.rfind('/') + 1;  // 0 when there is no folder part
    const std::string prefix = path.substr(0, name_start) + "." + path.substr(name_start) + ".movienet-tmp-";
    std::random_device entropy;
    for (int attempt = 0; attempt < 100; ++attempt) {
        temp = prefix;
        for (int k = 0; k < 6; ++k) temp += letters[entropy() % (sizeof letters - 1)];
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
    std::string temp;
    const int fd = create_temporary(path, temp);
    if (fd < 0)
        throw Error(ErrorCode::Io, path + ": cannot create a temporary file beside it: " + std::strerror(errno));
    // The data must be on disk before the rename makes it the file: otherwise
    // a crash can leave the new name pointing at empty or partial content.
    const bool written = write_all(fd, content.data(), content.size()) && ::fsync(fd) == 0;
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
}

}  // namespace movienet
