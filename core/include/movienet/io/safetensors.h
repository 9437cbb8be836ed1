// Safetensors, the container of model, network files (and what PyTorch and
// Hugging Face use): an 8-byte little-endian header length N, N bytes of JSON
// header { "<tensor>": {"dtype": "F32", "shape": [rows, cols],
// "data_offsets": [begin, end]}, ..., "__metadata__": {"key": "value"} },
// then the raw little-endian tensor bytes (offsets count from the end of the
// header). Dense weights are stored as PyTorch lays them out: [out, in], row-major.
//
// The header is JSON, but it is parsed outside this file: by nlohmann/json
// natively (parse_safetensors) and by JSON.parse in the browser (the wasm
// bindings hand over the parsed table), so movienet.wasm carries no JSON
// parser. Safetensors then checks the table against the bytes: offsets inside
// the data, no overlap, byte length = dtype size x shape, and every data byte
// in a tensor (no hole between two, no byte after the last: the
// safetensors rule that the data is indexed entirely); readers check dtypes
// and shapes against what they expect and that floats are finite. Every
// failure is Error(ModelFormat) naming the source and the tensor.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "movienet/io/codec.h"

namespace movienet {

// The limits of model and network files (the data files' are in base/limits.h).
namespace limits {

// A model or network file: 256 MiB, as in the browser (MAX_LOAD_BYTES in
// wasm/js/sources.js), whose 2 GiB wasm heap holds the bytes and the model built
// from them. A 62,000-movie model (MovieLens 25M's catalogue) is 8 MB with
// int8 tables, 23 MB in float32. Loaded, int8 tables become float32: a
// 264 MB int8 model (2 M movies) peaks at 2.3 GB in `movienet predict`.
// Bigger files are Error(BadInput) before they are read; a stream
// (/dev/zero) stops one byte past the limit.
inline constexpr uint64_t kMaxModelFileBytes = uint64_t{256} << 20;

// The JSON header: 8 MiB. Ours are ~3 KB; the limit leaves room for
// kMaxTensors entries and a few kMaxMetadataBytes values, and bounds what
// the JSON parser allocates (safetensors' own reader allows 100 MB).
inline constexpr uint64_t kMaxHeaderBytes = uint64_t{8} << 20;

// Tensors in one file: ours hold 10 to 40; each is found by a linear scan.
inline constexpr std::size_t kMaxTensors = 4096;

// One __metadata__ value (the free-form "metadata" JSON is ~1 KB): 1 MiB.
inline constexpr std::size_t kMaxMetadataBytes = std::size_t{1} << 20;

// Nesting of [ and { in the header (3 deep) and in the free-form "metadata"
// JSON (a few levels): 64. Parsers and printers (nlohmann's dump, the
// browser's JSON.parse) recurse or allocate per level.
inline constexpr int kMaxJsonDepth = 64;

}  // namespace limits

// True when `json` nests [ and { deeper than max_depth (strings skipped). A
// scan, no parser: valid JSON is measured exactly, and a parser stops at the
// first error of invalid JSON, before any nesting the scan did not see.
bool json_nesting_exceeds(std::string_view json, int max_depth);

enum class TensorDtype { F64, F32, F16, I64, I32, I16, I8, U8, BOOL };
// "F32" and so on, as safetensors spells them; false when unknown.
bool parse_tensor_dtype(const std::string& name, TensorDtype& dtype);
const char* tensor_dtype_name(TensorDtype dtype);
std::size_t tensor_dtype_size(TensorDtype dtype);

struct TensorInfo {
    std::string name;
    TensorDtype dtype = TensorDtype::F32;
    std::vector<int64_t> shape;
    uint64_t begin = 0, end = 0;  // byte range in the data section
};

struct SafetensorsHeader {
    std::vector<TensorInfo> tensors;
    std::vector<std::pair<std::string, std::string>> metadata;  // file order, keys unique
};

// The magic error for JSON given where safetensors is expected.
[[noreturn]] void throw_version1_json(const std::string& source);

// A validated file. Owns its bytes.
class Safetensors {
public:
    // `data_offset` is 8 + the header length. Checks the table against the
    // bytes (see above) and the limits above.
    Safetensors(std::string bytes, std::size_t data_offset, SafetensorsHeader header, std::string source);

    const std::string& source() const { return source_; }
    const std::vector<std::pair<std::string, std::string>>& metadata() const { return header_.metadata; }
    const std::vector<TensorInfo>& tensors() const { return header_.tensors; }
    const std::string* find_metadata(const std::string& key) const;
    const std::string& require_metadata(const std::string& key) const;
    // An integer metadata value in [min, max].
    long long metadata_integer(const std::string& key, long long min, long long max) const;
    // "format" and "version" (a decimal string) must be these.
    void require_format(const char* format, int version) const;
    // The free-form JSON object under `key` ("{}" when absent): must start
    // with '{' and nest at most limits::kMaxJsonDepth deep.
    std::string metadata_object(const std::string& key) const;

    const TensorInfo* find(const std::string& name) const;
    const TensorInfo& require(const std::string& name) const;
    // The tensor, its dtype one of `dtypes`, its shape `shape` (-1: any size
    // in that dimension); the shape's rank must match.
    const TensorInfo& require(const std::string& name, std::initializer_list<TensorDtype> dtypes,
                              const std::vector<int64_t>& shape) const;
    const uint8_t* data(const TensorInfo& tensor) const;

    // Values of F32/F16 tensors (and F64 for floats64), checked finite.
    std::vector<float> floats(const std::string& name, const std::vector<int64_t>& shape) const;
    std::vector<double> floats64(const std::string& name, const std::vector<int64_t>& shape) const;
    // A [rows, cols] table: F32, F16, or I8 with a per-row F32 scale tensor "<name>.scale" [rows].
    std::vector<float> table(const std::string& name, int64_t rows, int64_t cols) const;
    // I32 (or U8, I16) values.
    std::vector<int32_t> ints(const std::string& name, const std::vector<int64_t>& shape) const;
    // A string list: U8 bytes holding `count` UTF-8 strings, each ended by a 0 byte.
    std::vector<std::string> strings(const std::string& name, int64_t count) const;

    [[noreturn]] void fail(const std::string& what) const;

private:
    std::string bytes_;
    std::size_t data_offset_;
    SafetensorsHeader header_;
    std::string source_;
};

// Natively: reads the 8-byte length and the JSON header with nlohmann/json.
// Error(ModelFormat) on a JSON (version 1) file with the command that converts it.
Safetensors parse_safetensors(std::string bytes, const std::string& source);

// Builds a file: tensors in the order added, then bytes().
class SafetensorsWriter {
public:
    void add(const std::string& name, TensorDtype dtype, const std::vector<int64_t>& shape, const void* data,
             std::size_t bytes);
    void add_f32(const std::string& name, const std::vector<int64_t>& shape, const float* values);
    // Like add_f32 without a copy, for large training state: `values` must
    // stay valid and unchanged until bytes() or write_atomically().
    void add_f32_borrowed(const std::string& name, const std::vector<int64_t>& shape, const float* values);
    void add_f64(const std::string& name, const std::vector<int64_t>& shape, const double* values);
    void add_i32(const std::string& name, const std::vector<int64_t>& shape, const int32_t* values);
    // Floats in a storage precision: float32, float16, or int8 (rows x cols
    // with a per-row scale "<name>.scale"; 1-D tensors are one row).
    void add_floats(const std::string& name, const std::vector<int64_t>& shape, const float* values, Dtype dtype);
    void add_strings(const std::string& name, const std::vector<std::string>& values);
    std::map<std::string, std::string> metadata;

    const std::vector<TensorInfo>& tensors() const { return tensors_; }
    std::string bytes() const;
    // The same bytes written with write_file_atomically (file_io.h), piece by
    // piece: the file is never assembled in memory.
    void write_atomically(const std::string& path) const;

private:
    // One tensor's bytes: its own copy, or the caller's (add_f32_borrowed).
    struct Piece {
        std::string owned;
        const char* borrowed = nullptr;
        std::size_t size = 0;
        const char* data() const { return borrowed ? borrowed : owned.data(); }
    };
    void add_piece(const std::string& name, TensorDtype dtype, const std::vector<int64_t>& shape, Piece piece);
    std::string header() const;  // the 8-byte length and the padded JSON

    std::vector<TensorInfo> tensors_;
    std::vector<Piece> pieces_;
    std::size_t data_size_ = 0;
};

}  // namespace movienet
