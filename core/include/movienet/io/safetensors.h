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
// the data, no overlap, byte length = dtype size x shape; readers check dtypes
// and shapes against what they expect and that floats are finite. Every
// failure is Error(ModelFormat) naming the source and the tensor.
#pragma once

#include <cstdint>
#include <map>
#include <utility>
#include <string>
#include <vector>

#include "movienet/io/codec.h"

namespace movienet {

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
    // bytes (see above).
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
    void add_f64(const std::string& name, const std::vector<int64_t>& shape, const double* values);
    void add_i32(const std::string& name, const std::vector<int64_t>& shape, const int32_t* values);
    // Floats in a storage precision: float32, float16, or int8 (rows x cols
    // with a per-row scale "<name>.scale"; 1-D tensors are one row).
    void add_floats(const std::string& name, const std::vector<int64_t>& shape, const float* values, Dtype dtype);
    void add_strings(const std::string& name, const std::vector<std::string>& values);
    std::map<std::string, std::string> metadata;

    const std::vector<TensorInfo>& tensors() const { return tensors_; }
    std::string bytes() const;

private:
    std::vector<TensorInfo> tensors_;
    std::string data_;
};

}  // namespace movienet
