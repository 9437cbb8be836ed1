#include "movienet/file_io.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>

#include "movienet/error.h"

namespace movienet {

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(ErrorCode::Io, path + ": cannot open: " + std::strerror(errno));
    std::ostringstream content;
    content << in.rdbuf();
    if (in.bad()) throw Error(ErrorCode::Io, path + ": read failed");
    return content.str();
}

void write_file_atomically(const std::string& path, const std::string& content) {
    std::random_device entropy;
    const std::string temp = path + ".tmp" + std::to_string(entropy() % 1000000);
    {
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        if (!out) throw Error(ErrorCode::Io, temp + ": cannot create: " + std::strerror(errno));
        out.write(content.data(), static_cast<std::streamsize>(content.size()));
        out.flush();
        if (!out) {
            std::remove(temp.c_str());
            throw Error(ErrorCode::Io, temp + ": write failed (disk full?)");
        }
    }
    if (std::rename(temp.c_str(), path.c_str()) != 0) {
        const std::string reason = std::strerror(errno);
        std::remove(temp.c_str());
        throw Error(ErrorCode::Io, path + ": cannot replace: " + reason);
    }
}

}  // namespace movienet
