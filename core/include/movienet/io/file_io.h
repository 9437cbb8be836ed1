// Whole-file reads and atomic writes: a failed save never destroys the
// previous file (write a temporary beside it, then rename over it). POSIX only.
#pragma once

#include <string>

namespace movienet {

std::string read_file(const std::string& path);  // Error(Io) naming the path
// Writes to ".NAME.movienet-tmp-XXXXXX" beside `path` (created exclusively),
// syncs it, renames it over `path`, then syncs the folder. On failure the
// temporary is removed; a killed process leaves it, recognisable by its name.
void write_file_atomically(const std::string& path, const std::string& content);

}  // namespace movienet
