// The native half of safetensors.h: the JSON header read and written with
// nlohmann/json (the wasm build gets the header from JSON.parse instead).
#include <nlohmann/json.hpp>

#include "movienet/base/error.h"
#include "movienet/io/file_io.h"
#include "movienet/io/safetensors.h"

namespace movienet {

namespace {

[[noreturn]] void fail(const std::string& source, const std::string& what) {
    throw Error(ErrorCode::ModelFormat, source + ": " + what);
}

uint64_t header_length(const std::string& bytes) {
    uint64_t n = 0;
    for (int i = 7; i >= 0; --i) n = (n << 8) | static_cast<uint8_t>(bytes[std::size_t(i)]);
    return n;
}

}  // namespace

Safetensors parse_safetensors(std::string bytes, const std::string& source) {
    if (bytes.size() < 8) {
        if (bytes.find('{') != std::string::npos) throw_version1_json(source);
        fail(source, "truncated: " + std::to_string(bytes.size()) + " bytes, too short for the 8-byte header length");
    }
    const uint64_t length = header_length(bytes);
    // A safetensors header starts with '{' right after its length; JSON starts with '{' itself.
    const bool looks_safetensors = bytes.size() > 8 && bytes[8] == '{' && length <= bytes.size() - 8;
    const std::size_t first = bytes.find_first_not_of(" \t\r\n");
    if (!looks_safetensors && first != std::string::npos && bytes[first] == '{') throw_version1_json(source);
    if (length > bytes.size() - 8)
        fail(source, "header length " + std::to_string(length) + " runs past the end of the " +
                         std::to_string(bytes.size()) + "-byte file");
    // Limits before parsing: nlohmann's parser allocates per level and per value.
    if (length > limits::kMaxHeaderBytes)
        fail(source, "header length " + std::to_string(length) + " is larger than the limit of " +
                         std::to_string(limits::kMaxHeaderBytes) + " bytes");
    if (json_nesting_exceeds(std::string_view(bytes).substr(8, std::size_t(length)), limits::kMaxJsonDepth))
        fail(source, "header: JSON nested deeper than " + std::to_string(limits::kMaxJsonDepth) + " levels");
    const nlohmann::json header = nlohmann::json::parse(bytes.begin() + 8, bytes.begin() + 8 + std::ptrdiff_t(length),
                                                        nullptr, false);
    if (header.is_discarded()) fail(source, "header: not valid JSON (truncated?)");
    if (!header.is_object()) fail(source, "header: expected a JSON object");
    SafetensorsHeader table;
    for (const auto& [name, entry] : header.items()) {
        if (name == "__metadata__") {
            if (!entry.is_object()) fail(source, "__metadata__: expected an object of strings");
            for (const auto& [key, value] : entry.items()) {
                if (!value.is_string()) fail(source, "__metadata__." + key + ": expected a string");
                table.metadata.emplace_back(key, value.get<std::string>());
            }
            continue;
        }
        if (!entry.is_object()) fail(source, name + ": expected an object");
        TensorInfo t;
        t.name = name;
        const auto dtype = entry.find("dtype");
        if (dtype == entry.end() || !dtype->is_string()) fail(source, name + ".dtype: expected a string");
        if (!parse_tensor_dtype(dtype->get<std::string>(), t.dtype))
            fail(source, name + ".dtype: unknown dtype \"" + dtype->get<std::string>() + "\"");
        const auto shape = entry.find("shape");
        if (shape == entry.end() || !shape->is_array()) fail(source, name + ".shape: expected an array");
        for (const auto& d : *shape) {
            if (!d.is_number_unsigned()) fail(source, name + ".shape: expected non-negative integers");
            t.shape.push_back(static_cast<int64_t>(d.get<uint64_t>() > (uint64_t(1) << 40) ? -1 : int64_t(d.get<uint64_t>())));
        }
        const auto offsets = entry.find("data_offsets");
        if (offsets == entry.end() || !offsets->is_array() || offsets->size() != 2 || !(*offsets)[0].is_number_unsigned() ||
            !(*offsets)[1].is_number_unsigned())
            fail(source, name + ".data_offsets: expected [begin, end]");
        t.begin = (*offsets)[0].get<uint64_t>();
        t.end = (*offsets)[1].get<uint64_t>();
        table.tensors.push_back(std::move(t));
    }
    return Safetensors(std::move(bytes), std::size_t(8 + length), std::move(table), source);
}

std::string SafetensorsWriter::header() const {
    nlohmann::json header = nlohmann::json::object();
    if (!metadata.empty()) header["__metadata__"] = metadata;  // std::map: sorted, unique keys
    for (const TensorInfo& t : tensors_)
        header[t.name] = {{"dtype", tensor_dtype_name(t.dtype)}, {"shape", t.shape}, {"data_offsets", {t.begin, t.end}}};
    std::string text = header.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    // Padded with spaces so the tensors start 8-byte aligned, as the reference writer does.
    while ((text.size() + 8) % 8 != 0) text += ' ';
    std::string out(8, '\0');
    for (int i = 0; i < 8; ++i) out[std::size_t(i)] = static_cast<char>((uint64_t(text.size()) >> (8 * i)) & 0xff);
    return out + text;
}

std::string SafetensorsWriter::bytes() const {
    std::string out = header();
    out.reserve(out.size() + data_size_);
    for (const Piece& piece : pieces_) out.append(piece.data(), piece.size);
    return out;
}

void SafetensorsWriter::write_atomically(const std::string& path) const {
    const std::string head = header();
    std::vector<std::string_view> parts{head};
    for (const Piece& piece : pieces_) parts.emplace_back(piece.data(), piece.size);
    write_file_atomically(path, parts);
}

}  // namespace movienet
