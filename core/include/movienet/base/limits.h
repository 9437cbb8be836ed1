// The largest inputs movienet accepts, in one place. Anything above a limit is
// refused with a named error before it is read into memory (the file size is
// checked first, and reads from streams and FIFOs such as /dev/zero stop one
// byte past the limit), so a hostile or mistaken input cannot exhaust memory.
//
// Model, network and checkpoint files, JSON nesting and metadata have their
// own limits, next to their readers (model and network files: io/safetensors.h).
#pragma once

#include <cstddef>
#include <cstdint>

namespace movienet::limits {

// A MovieLens or CSV data file (u.data, ratings.dat, ratings.csv, movies.csv,
// a numeric CSV, ...): 2 GiB, twice ML-32M's ratings.csv (877 MB). Parsing
// needs about as much memory again as the file holds.
inline constexpr uint64_t kMaxDataFileBytes = uint64_t{2} << 30;

// A viewer's history file (movieId,rating lines, or a ratings.csv read with
// --user): 64 MiB, some 3 million lines, 27 times ml-latest-small's whole
// ratings.csv (a real viewer's history is a few hundred KB at most). Small
// enough that `--history /dev/zero` fails in well under a second.
inline constexpr uint64_t kMaxHistoryFileBytes = uint64_t{64} << 20;

// `generate-csv`: the most cells (rows x (features + 1)) of a synthetic
// table: 2^25, about 33.5 M, i.e. 270 MB of doubles per copy and some
// 600 MB of CSV text.
inline constexpr uint64_t kMaxGeneratedCells = uint64_t{1} << 25;

// Training threads (`--threads`): 256, more than any one machine we train on
// has cores; a larger number is a typo, not a request.
inline constexpr int kMaxThreads = 256;

}  // namespace movienet::limits
