#include "movienet/io/safetensors.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <string_view>

#include "movienet/base/error.h"
#include "utf8.h"

namespace movienet {

namespace {

struct DtypeEntry {
    TensorDtype dtype;
    const char* name;
    std::size_t size;
};
constexpr DtypeEntry dtype_table[] = {
    {TensorDtype::F64, "F64", 8}, {TensorDtype::F32, "F32", 4}, {TensorDtype::F16, "F16", 2},
    {TensorDtype::I64, "I64", 8}, {TensorDtype::I32, "I32", 4}, {TensorDtype::I16, "I16", 2},
    {TensorDtype::I8, "I8", 1},   {TensorDtype::U8, "U8", 1},   {TensorDtype::BOOL, "BOOL", 1}};

std::string shape_text(const std::vector<int64_t>& shape) {
    std::string s = "[";
    for (std::size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + (shape[i] < 0 ? std::string("*") : std::to_string(shape[i]));
    return s + "]";
}

// Element count, or -1 on overflow past 2^40 (no movienet tensor is near that).
int64_t element_count(const std::vector<int64_t>& shape) {
    int64_t n = 1;
    for (int64_t d : shape) {
        if (d < 0 || (d > 0 && n > (int64_t(1) << 40) / d)) return -1;
        n *= d;
    }
    return n;
}

template <class T>
T load(const uint8_t* p) {
    T v;
    std::memcpy(&v, p, sizeof v);  // little-endian hosts only (x86, arm, wasm)
    return v;
}

}  // namespace

bool json_nesting_exceeds(std::string_view json, int max_depth) {
    int depth = 0;
    bool in_string = false;
    for (std::size_t i = 0; i < json.size(); ++i) {
        const char c = json[i];
        if (in_string) {
            if (c == '\\') ++i;
            else if (c == '"') in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > max_depth) return true;
        } else if (c == ']' || c == '}') {
            --depth;
        }
    }
    return false;
}

bool parse_tensor_dtype(const std::string& name, TensorDtype& dtype) {
    for (const auto& e : dtype_table)
        if (name == e.name) {
            dtype = e.dtype;
            return true;
        }
    return false;
}

const char* tensor_dtype_name(TensorDtype dtype) {
    for (const auto& e : dtype_table)
        if (e.dtype == dtype) return e.name;
    return "?";
}

std::size_t tensor_dtype_size(TensorDtype dtype) {
    for (const auto& e : dtype_table)
        if (e.dtype == dtype) return e.size;
    return 1;
}

namespace {

// Heapsort, by hand because std::sort's introsort costs movienet.wasm 1.4 KB;
// O(n log n) on the at most limits::kMaxTensors entries, no recursion.
void sort_pairs(std::vector<std::pair<uint64_t, std::size_t>>& v) {
    auto sift_down = [&v](std::size_t root, std::size_t end) {
        for (std::size_t child; (child = 2 * root + 1) < end; root = child) {
            if (child + 1 < end && v[child] < v[child + 1]) ++child;
            if (!(v[root] < v[child])) return;
            std::swap(v[root], v[child]);
        }
    };
    for (std::size_t i = v.size() / 2; i-- > 0;) sift_down(i, v.size());
    for (std::size_t end = v.size(); end > 1; --end) {
        std::swap(v[0], v[end - 1]);
        sift_down(0, end - 1);
    }
}

}  // namespace

void throw_version1_json(const std::string& source) {
    throw Error(ErrorCode::ModelFormat, source + ": is a version-1 JSON file; this build reads safetensors (version 2): " +
                                            "convert it with `movienet convert OLD.json NEW.safetensors`");
}

Safetensors::Safetensors(std::string bytes, std::size_t data_offset, SafetensorsHeader header, std::string source)
    : bytes_(std::move(bytes)), data_offset_(data_offset), header_(std::move(header)), source_(std::move(source)) {
    if (data_offset_ > bytes_.size()) fail("header length runs past the end of the file");
    if (data_offset_ > limits::kMaxHeaderBytes + 8)
        fail("header length " + std::to_string(data_offset_ - 8) + " is larger than the limit of " +
             std::to_string(limits::kMaxHeaderBytes) + " bytes");
    if (header_.tensors.size() > limits::kMaxTensors)
        fail(std::to_string(header_.tensors.size()) + " tensors, more than the limit of " +
             std::to_string(limits::kMaxTensors));
    for (const auto& [key, value] : header_.metadata)
        if (value.size() > limits::kMaxMetadataBytes)
            fail("__metadata__." + key + ": " + std::to_string(value.size()) + " bytes, larger than the limit of " +
                 std::to_string(limits::kMaxMetadataBytes));
    const uint64_t data_size = bytes_.size() - data_offset_;
    std::vector<std::pair<uint64_t, std::size_t>> order;
    for (std::size_t i = 0; i < header_.tensors.size(); ++i) {
        const TensorInfo& t = header_.tensors[i];
        const int64_t n = element_count(t.shape);
        if (n < 0) fail(t.name + ": shape " + shape_text(t.shape) + " is invalid");
        if (t.begin > t.end || t.end > data_size)
            fail(t.name + ": data_offsets [" + std::to_string(t.begin) + ", " + std::to_string(t.end) +
                 "] are outside the " + std::to_string(data_size) + " data bytes");
        if (t.end - t.begin != uint64_t(n) * tensor_dtype_size(t.dtype))
            fail(t.name + ": data_offsets hold " + std::to_string(t.end - t.begin) + " bytes, but " +
                 tensor_dtype_name(t.dtype) + " " + shape_text(t.shape) + " needs " +
                 std::to_string(uint64_t(n) * tensor_dtype_size(t.dtype)));
        // By begin, an empty tensor first of those starting at one byte, as
        // safetensors orders them by (begin, end). begin <= data_size < 2^40.
        order.emplace_back(t.begin * 2 + (t.end > t.begin), i);
    }
    sort_pairs(order);

    // Safetensors indexes the data entirely: every byte in one tensor, no
    // hole between two, nothing after the last (such bytes would ride along
    // unread, and be lost by any rewrite). The end of the data closes the walk.
    uint64_t covered = 0;  // data bytes [0, covered) are in tensors
    const TensorInfo* last = nullptr;
    for (std::size_t k = 0; k <= order.size(); ++k) {
        const TensorInfo* t = k < order.size() ? &header_.tensors[order[k].second] : nullptr;
        const uint64_t begin = t ? t->begin : data_size;
        if (begin < covered) fail(t->name + ": data_offsets overlap " + last->name);
        if (begin > covered)
            fail(std::to_string(begin - covered) + (begin - covered == 1 ? " byte after " : " bytes after ") +
                 (last ? last->name : "the header") + (t || !last ? "" : ", the last tensor") + ", at file offset " +
                 std::to_string(data_offset_ + covered) + ": no tensor holds them (safetensors data is indexed entirely)");
        if (t) {
            covered = t->end;
            last = t;
        }
    }
}

void Safetensors::fail(const std::string& what) const { throw Error(ErrorCode::ModelFormat, source_ + ": " + what); }

const std::string* Safetensors::find_metadata(const std::string& key) const {
    for (const auto& [k, value] : header_.metadata)
        if (k == key) return &value;
    return nullptr;
}

const std::string& Safetensors::require_metadata(const std::string& key) const {
    const std::string* value = find_metadata(key);
    if (!value) fail("__metadata__." + key + ": missing");
    return *value;
}

long long Safetensors::metadata_integer(const std::string& key, long long min, long long max) const {
    const std::string& text = require_metadata(key);
    long long value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || text.empty())
        fail("__metadata__." + key + ": \"" + text + "\" is not an integer");
    if (value < min || value > max)
        fail("__metadata__." + key + ": " + text + " is outside [" + std::to_string(min) + ", " + std::to_string(max) + "]");
    return value;
}

void Safetensors::require_format(const char* format, int version) const {
    const std::string* written = find_metadata("format");
    if (!written) fail("__metadata__.format: missing (not a movienet file)");
    if (*written != format) fail("__metadata__.format: \"" + *written + "\" is not a " + format + " file");
    const long long v = metadata_integer("version", 0, 1 << 30);
    if (v != version)
        fail("__metadata__.version: " + std::to_string(v) + " is not supported (this build reads version " +
             std::to_string(version) + ")");
}

std::string Safetensors::metadata_object(const std::string& key) const {
    const std::string* text = find_metadata(key);
    if (!text) return "{}";
    const std::size_t first = text->find_first_not_of(" \t\r\n");
    if (first == std::string::npos || (*text)[first] != '{') fail("__metadata__." + key + ": expected a JSON object");
    if (json_nesting_exceeds(*text, limits::kMaxJsonDepth))
        fail("__metadata__." + key + ": JSON nested deeper than " + std::to_string(limits::kMaxJsonDepth) + " levels");
    return *text;
}

const TensorInfo* Safetensors::find(const std::string& name) const {
    // A few dozen tensors: a scan is smaller in the wasm than a map, and as fast.
    for (const TensorInfo& t : header_.tensors)
        if (t.name == name) return &t;
    return nullptr;
}

const TensorInfo& Safetensors::require(const std::string& name) const {
    const TensorInfo* t = find(name);
    if (!t) fail(name + ": missing tensor");
    return *t;
}

const TensorInfo& Safetensors::require(const std::string& name, std::initializer_list<TensorDtype> dtypes,
                                       const std::vector<int64_t>& shape) const {
    const TensorInfo& t = require(name);
    if (std::find(dtypes.begin(), dtypes.end(), t.dtype) == dtypes.end()) {
        std::string expected;
        for (TensorDtype d : dtypes) expected += (expected.empty() ? "" : " or ") + std::string(tensor_dtype_name(d));
        fail(name + ": dtype " + tensor_dtype_name(t.dtype) + ", expected " + expected);
    }
    bool match = t.shape.size() == shape.size();
    for (std::size_t i = 0; match && i < shape.size(); ++i) match = shape[i] < 0 || shape[i] == t.shape[i];
    if (!match) fail(name + ": shape " + shape_text(t.shape) + ", expected " + shape_text(shape));
    return t;
}

const uint8_t* Safetensors::data(const TensorInfo& t) const {
    return reinterpret_cast<const uint8_t*>(bytes_.data()) + data_offset_ + t.begin;
}

std::vector<float> Safetensors::floats(const std::string& name, const std::vector<int64_t>& shape) const {
    const TensorInfo& t = require(name, {TensorDtype::F32, TensorDtype::F16}, shape);
    const std::size_t n = static_cast<std::size_t>(element_count(t.shape));
    std::vector<float> values(n);
    const uint8_t* p = data(t);
    if (t.dtype == TensorDtype::F32)
        std::memcpy(values.data(), p, n * 4);
    else
        for (std::size_t i = 0; i < n; ++i) values[i] = half_to_float(load<uint16_t>(p + 2 * i));
    for (std::size_t i = 0; i < n; ++i)
        if (!std::isfinite(values[i])) fail(name + ": value " + std::to_string(i) + " is not finite");
    return values;
}

std::vector<double> Safetensors::floats64(const std::string& name, const std::vector<int64_t>& shape) const {
    const TensorInfo& t = require(name, {TensorDtype::F64}, shape);
    const std::size_t n = static_cast<std::size_t>(element_count(t.shape));
    std::vector<double> values(n);
    std::memcpy(values.data(), data(t), n * 8);
    for (std::size_t i = 0; i < n; ++i)
        if (!std::isfinite(values[i])) fail(name + ": value " + std::to_string(i) + " is not finite");
    return values;
}

std::vector<float> Safetensors::table(const std::string& name, int64_t rows, int64_t cols) const {
    const TensorInfo& t = require(name, {TensorDtype::F32, TensorDtype::F16, TensorDtype::I8}, {rows, cols});
    // I8: a per-row scale (F16 or F32) "<name>.scale" [rows].
    if (t.dtype != TensorDtype::I8) return floats(name, {rows, cols});
    const std::vector<float> scale = floats(name + ".scale", {rows});
    std::vector<float> values(static_cast<std::size_t>(rows * cols));
    const auto* q = reinterpret_cast<const int8_t*>(data(t));
    float* out = values.data();
    // Pointers, not r * cols + c: a 62,000-movie model has 5 M of these.
    for (int64_t r = 0; r < rows; ++r)
        for (int64_t c = 0; c < cols; ++c) *out++ = scale[std::size_t(r)] * float(*q++);
    return values;
}

std::vector<int32_t> Safetensors::ints(const std::string& name, const std::vector<int64_t>& shape) const {
    const TensorInfo& t = require(name, {TensorDtype::I32, TensorDtype::I16, TensorDtype::U8}, shape);
    const std::size_t n = static_cast<std::size_t>(element_count(t.shape));
    std::vector<int32_t> values(n);
    const uint8_t* p = data(t);
    for (std::size_t i = 0; i < n; ++i)
        values[i] = t.dtype == TensorDtype::I32   ? load<int32_t>(p + 4 * i)
                    : t.dtype == TensorDtype::I16 ? load<int16_t>(p + 2 * i)
                                                  : p[i];
    return values;
}

std::vector<std::string> Safetensors::strings(const std::string& name, int64_t count) const {
    const TensorInfo& t = require(name, {TensorDtype::U8}, {-1});
    const std::string_view text(reinterpret_cast<const char*>(data(t)), t.end - t.begin);
    std::vector<std::string> values;
    // Each string takes at least its 0 byte: a count the bytes cannot hold
    // reserves no more than they can.
    values.reserve(std::min(static_cast<std::size_t>(std::max<int64_t>(count, 0)), text.size()));
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t end = text.find('\0', start);
        if (end == std::string_view::npos) fail(name + ": the last string has no terminating 0 byte");
        values.emplace_back(text.substr(start, end - start));
        for (std::size_t i = start; i < end;) {
            // ASCII bytes, most of a title, need no call (62,000 titles at load).
            const std::size_t len = uint8_t(text[i]) < 0x80 ? 1 : detail::utf8_sequence_length(text.substr(0, end), i);
            if (len == 0) fail(name + "[" + std::to_string(values.size() - 1) + "]: not valid UTF-8");
            i += len;
        }
        start = end + 1;
    }
    if (int64_t(values.size()) != count)
        fail(name + ": holds " + std::to_string(values.size()) + " strings, expected " + std::to_string(count));
    return values;
}

void SafetensorsWriter::add_piece(const std::string& name, TensorDtype dtype, const std::vector<int64_t>& shape,
                                  Piece piece) {
    tensors_.push_back({name, dtype, shape, data_size_, data_size_ + piece.size});
    data_size_ += piece.size;
    pieces_.push_back(std::move(piece));
}

void SafetensorsWriter::add(const std::string& name, TensorDtype dtype, const std::vector<int64_t>& shape,
                            const void* data, std::size_t bytes) {
    Piece piece;
    piece.owned.assign(static_cast<const char*>(data), bytes);
    piece.size = bytes;
    add_piece(name, dtype, shape, std::move(piece));
}

void SafetensorsWriter::add_f32(const std::string& name, const std::vector<int64_t>& shape, const float* values) {
    add(name, TensorDtype::F32, shape, values, std::size_t(element_count(shape)) * 4);
}

void SafetensorsWriter::add_f32_borrowed(const std::string& name, const std::vector<int64_t>& shape,
                                         const float* values) {
    Piece piece;
    piece.borrowed = reinterpret_cast<const char*>(values);
    piece.size = std::size_t(element_count(shape)) * 4;
    add_piece(name, TensorDtype::F32, shape, std::move(piece));
}

void SafetensorsWriter::add_f64(const std::string& name, const std::vector<int64_t>& shape, const double* values) {
    add(name, TensorDtype::F64, shape, values, std::size_t(element_count(shape)) * 8);
}

void SafetensorsWriter::add_i32(const std::string& name, const std::vector<int64_t>& shape, const int32_t* values) {
    add(name, TensorDtype::I32, shape, values, std::size_t(element_count(shape)) * 4);
}

void SafetensorsWriter::add_floats(const std::string& name, const std::vector<int64_t>& shape, const float* values,
                                   Dtype dtype) {
    const std::size_t n = static_cast<std::size_t>(element_count(shape));
    if (dtype == Dtype::Float32) return add_f32(name, shape, values);
    if (dtype == Dtype::Float16) {
        std::vector<uint16_t> half(n);
        for (std::size_t i = 0; i < n; ++i) half[i] = float_to_half(values[i]);
        return add(name, TensorDtype::F16, shape, half.data(), n * 2);
    }
    // int8 with a per-row float16 scale: row r is scale[r] * q, |q| <= 127 (int8)
    // or 7 (q4: a 4-bit grid in int8 bytes, which gzip and brotli squeeze to
    // about 4 bits a value). The scale is rounded to float16 first, so the
    // stored value is exactly what was quantised against.
    const float levels = dtype == Dtype::Q4 ? 7.0f : 127.0f;
    const std::size_t cols = shape.size() >= 2 ? std::size_t(shape.back()) : n;
    const std::size_t rows = cols == 0 ? 0 : n / cols;
    std::vector<int8_t> q(n);
    std::vector<float> scale(rows);
    for (std::size_t r = 0; r < rows; ++r) {
        float max = 0;
        for (std::size_t c = 0; c < cols; ++c) max = std::max(max, std::fabs(values[r * cols + c]));
        // Rounded up to a float16 (q4: with 3 mantissa bits, so the scales
        // compress too); rounding up keeps |q| <= levels.
        const uint16_t drop = dtype == Dtype::Q4 ? 0x7f : 0;
        uint16_t bits = float_to_half(max > 0 ? max / levels : 1.0f);
        if (bits & drop) bits = uint16_t((bits | drop) + 1);
        scale[r] = half_to_float(bits);
        if (scale[r] * levels < max) scale[r] = half_to_float(uint16_t(bits + drop + 1));
        for (std::size_t c = 0; c < cols; ++c)
            q[r * cols + c] = static_cast<int8_t>(std::lround(values[r * cols + c] / scale[r]));
    }
    std::vector<int64_t> table_shape = shape;
    if (shape.size() < 2) table_shape = {1, int64_t(n)};
    add(name, TensorDtype::I8, table_shape, q.data(), n);
    add_floats(name + ".scale", {int64_t(rows)}, scale.data(), Dtype::Float16);
}

void SafetensorsWriter::add_strings(const std::string& name, const std::vector<std::string>& values) {
    std::string joined;
    for (const std::string& v : values) {
        joined += v;
        joined += '\0';
    }
    add(name, TensorDtype::U8, {int64_t(joined.size())}, joined.data(), joined.size());
}

}  // namespace movienet
