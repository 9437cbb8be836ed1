// Whole-file reads and atomic writes: a failed save never destroys the
// previous file (write a temporary beside it, then rename over it). POSIX only.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace movienet {

std::string read_file(const std::string& path);  // Error(Io) naming the path
// The same, refusing a file of more than `max_bytes` (limits.h) with
// Error(BadInput, "<path>: larger than the limit of N bytes ..."): a regular
// file by its size before anything is read, a stream or FIFO (/dev/zero, a
// pipe) as soon as it has delivered max_bytes + 1 bytes.
std::string read_file(const std::string& path, uint64_t max_bytes);
// Writes to ".NAME.movienet-tmp-XXXXXX" beside `path` (created exclusively),
// syncs it, renames it over `path`, then syncs the folder. On failure the
// temporary is removed; a killed process leaves it, recognisable by its name.
// After a successful save, temporaries of the same target left by a killed
// process (not modified for kStaleTemporarySeconds) are removed.
void write_file_atomically(const std::string& path, const std::string& content);
// The same for content in pieces, written one after the other.
void write_file_atomically(const std::string& path, const std::vector<std::string_view>& pieces);

// A live save rewrites its temporary continuously and renames it within
// moments, so one untouched for this long belongs to a process that died.
inline constexpr long kStaleTemporarySeconds = 600;

// Removes the stale temporaries of `path` (see above) and returns their names;
// those of saves that may still be running are left alone. Never throws.
std::vector<std::string> remove_stale_temporaries(const std::string& path);

// Fails now, with Error(Io) naming the path and the reason, if `path` could
// not be saved later (its folder is missing or read-only, it is a directory):
// creates and removes a temporary beside it. For long jobs, before they start.
void check_writable(const std::string& path);

}  // namespace movienet
