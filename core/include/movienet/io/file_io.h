// Whole-file reads and atomic writes: a failed save never destroys the
// previous file (write a temporary beside it, then rename over it).
#pragma once

#include <string>

namespace movienet {

std::string read_file(const std::string& path);  // Error(Io) naming the path
void write_file_atomically(const std::string& path, const std::string& content);

}  // namespace movienet
