// Safetensors model and network files: every way a file can be malformed is
// a ModelFormat error naming the tensor or field; `movienet convert` turns a
// version-1 JSON file into one that predicts exactly as the old one did.
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <nlohmann/json.hpp>

#include "cli_runner.h"
#include "error_check.h"
#include "movienet/io/file_io.h"
#include "movienet/nn/network_file.h"
#include "movienet/rec/predictor.h"
#include "movienet/rec/rating_model_v1.h"
#include "safetensors_edit.h"
#include "small_network.h"
#include "temp_dir.h"

using namespace movienet;
using namespace movienet::testing;

namespace {

const std::string v1_model = std::string(MOVIENET_SOURCE_DIR) + "/tests/fixtures/v1/seed-model.json";

std::string with_length(std::string bytes, uint64_t n) {
    for (int i = 0; i < 8; ++i) bytes[std::size_t(i)] = static_cast<char>((n >> (8 * i)) & 0xff);
    return bytes;
}

void check_rejected(const std::string& bytes, const std::string& expected_text) {
    CAPTURE(expected_text);
    CHECK_MOVIENET_ERROR(load_network_string(bytes, "net.safetensors"), ErrorCode::ModelFormat, expected_text);
}

}  // namespace

TEST_CASE("malformed network files are rejected with a ModelFormat error naming the tensor") {
    const std::string good = good_network();
    REQUIRE_NOTHROW(load_network_string(good));
    const uint64_t n = header_length(good);
    check_rejected(good.substr(0, 5), "net.safetensors: truncated: 5 bytes");
    check_rejected(good.substr(0, 40), "header length " + std::to_string(n) + " runs past the end of the 40-byte file");
    check_rejected(with_length(good, 1ULL << 62), "runs past the end");
    check_rejected(with_length(good, 4), "header: not valid JSON");
    check_rejected(good.substr(0, good.size() - 4), "2.bias: data_offsets");
    check_rejected(with_header(good, [](nlohmann::json& h) { h["0.bias"]["data_offsets"] = {0, 16}; }), "data_offsets overlap");
    check_rejected(with_header(good, [](nlohmann::json& h) { h["2.bias"]["data_offsets"] = {4000, 4008}; }),
                   "2.bias: data_offsets [4000, 4008] are outside the");
    check_rejected(with_header(good, [](nlohmann::json& h) { h["2.bias"]["data_offsets"] = {8, 4}; }), "2.bias: data_offsets [8, 4]");
    check_rejected(with_header(good, [](nlohmann::json& h) { h["0.weight"]["dtype"] = "I32"; }), "0.weight: dtype I32, expected F32 or F16");
    check_rejected(with_header(good, [](nlohmann::json& h) { h["0.weight"]["dtype"] = "Q4"; }), "0.weight.dtype: unknown dtype \"Q4\"");
    check_rejected(with_header(good, [](nlohmann::json& h) { h["0.weight"]["shape"] = {3, 4}; }), "0.bias: shape [4], expected [3]");
    check_rejected(with_header(good, [](nlohmann::json& h) { h["0.weight"]["shape"] = {4, 3, 1}; }), "0.weight: shape [4, 3, 1]");
    check_rejected(with_header(good, [](nlohmann::json& h) { h["0.weight"]["shape"] = {5, 3}; }), "0.weight: data_offsets hold 48 bytes, but F32 [5, 3] needs 60");
    // F16 [2, 8] fills the 32 bytes of F32 [2, 4]: the data stays indexed entirely.
    check_rejected(with_header(good, [](nlohmann::json& h) { h["2.weight"]["shape"] = {2, 8}; h["2.weight"]["dtype"] = "F16"; }),
                   "2.weight: takes 8 inputs, but 0.weight gives 4 outputs (the shapes do not chain)");
    check_rejected(without_tensor(good, "2.bias"), "2.bias: missing tensor");
    check_rejected(with_header(good, [](nlohmann::json& h) { h["__metadata__"]["layers"] = "dense,softmax,dense"; }), "unknown layer type \"softmax\"");
    check_rejected(with_header(good, [](nlohmann::json& h) { h["__metadata__"]["format"] = "keras"; }), "__metadata__.format: \"keras\" is not a movienet-network file");
    check_rejected(with_header(good, [](nlohmann::json& h) { h["__metadata__"]["version"] = "7"; }), "__metadata__.version: 7 is not supported");
    check_rejected(with_header(good, [](nlohmann::json& h) { h["0.weight"]["shape"] = "4x3"; }), "0.weight.shape: expected an array");
    check_rejected(with_header(good, [](nlohmann::json& h) { h = nlohmann::json::array(); }), "header: expected a JSON object");
    std::string nan = good;
    const auto offset = 8 + n + 4 * 1;  // 0.weight is written first: its second value
    const float q = std::numeric_limits<float>::quiet_NaN();
    std::memcpy(&nan[offset], &q, 4);
    check_rejected(nan, "0.weight: value 1 is not finite");
    check_rejected(R"({"format": "movienet-network", "version": 1})",
                   "is a version-1 JSON file; this build reads safetensors (version 2): convert it with `movienet convert OLD.json NEW.safetensors`");
}

TEST_CASE("huge declared shapes are rejected from the header, before anything is allocated") {
    const std::string good = good_network();
    check_rejected(with_header(good, [](nlohmann::json& h) { h["0.weight"]["shape"] = {1000000000, 1000000000}; }), "0.weight: shape");
    check_rejected(with_header(good, [](nlohmann::json& h) { h["0.weight"]["shape"] = {1ULL << 50, 3}; }), "0.weight: shape");
}

TEST_CASE("a model file: malformed tensors are named; a version-1 file names movienet convert") {
    TempDir dir;
    const std::string v2 = dir.file("seed.safetensors");
    const RatingModel old = load_rating_model_v1(read_file(v1_model), v1_model);
    save_rating_model_file(v2, old, Dtype::Float16);
    const std::string good = read_file(v2);
    auto check_model = [&](const std::string& bytes, const std::string& text) {
        CAPTURE(text);
        CHECK_MOVIENET_ERROR(load_rating_model_string(bytes, "m"), ErrorCode::ModelFormat, "m: " + text);
    };
    check_model(with_header(good, [](nlohmann::json& h) { h["catalogue.ids"]["dtype"] = "F32"; }), "catalogue.ids: dtype F32, expected I32");
    check_model(with_header(good, [](nlohmann::json& h) { h["scale"]["shape"] = {4}; }), "scale: data_offsets hold 12 bytes");
    check_model(with_header(good, [](nlohmann::json& h) { h["__metadata__"]["arch"] = "transformer"; }), "__metadata__.arch: unknown architecture \"transformer\"");
    check_model(without_tensor(good, "seed.features.stats"), "seed.features.stats: missing tensor");
    check_model(with_header(good, [](nlohmann::json& h) { h["__metadata__"]["format"] = "movienet-network"; }), "__metadata__.format: \"movienet-network\" is not a movienet-model file");
    CHECK_MOVIENET_ERROR(load_rating_model_file(v1_model), ErrorCode::ModelFormat, "`movienet convert OLD.json NEW.safetensors`");
}

TEST_CASE("movienet convert: the converted model predicts exactly as the version-1 file") {
    TempDir dir;
    const std::string out = dir.file("seed.safetensors");
    const Run run = run_cli(dir, {"convert", v1_model, out});
    REQUIRE(run.exit_code == 0);
    Predictor before(load_rating_model_v1(read_file(v1_model), v1_model));
    Predictor after(load_rating_model_file(out));
    const Catalogue& c = before.model().catalogue;
    std::vector<HistoryEntry> history;
    for (int k = 0; k < 12; ++k) history.push_back({c.ids[std::size_t(k * 7 % c.size())], 0.5f + float(k % 10) * 0.5f});
    CHECK(before.predict(history, c.ids) == after.predict(history, c.ids));
    CHECK(after.model().catalogue.titles == c.titles);
    CHECK(after.model().catalogue.genres == c.genres);
    CHECK(after.model().metadata_json.size() > 2);
    const Run titleless = run_cli(dir, {"convert", v1_model, dir.file("no-titles.safetensors"), "--no-titles", "--dtype", "float32"});
    REQUIRE(titleless.exit_code == 0);
    const RatingModel bare = load_rating_model_file(dir.file("no-titles.safetensors"));
    CHECK(bare.catalogue.titles == std::vector<std::string>(c.titles.size()));
    const Run again = run_cli(dir, {"convert", out, dir.file("x.safetensors"), "--dtype", "float16"});
    REQUIRE(again.exit_code == 0);
    CHECK(read_file(dir.file("x.safetensors")) == read_file(out));  // float16 -> float16 is exact
}

TEST_CASE("overlapping data_offsets are found among many tensors listed in any order") {
    // 300 one-byte U8 tensors over 300 data bytes, listed in a scrambled order.
    auto file = [](int overlapping) {
        nlohmann::json header;
        for (int k = 0; k < 300; ++k) {
            const int i = (k * 7919) % 300;  // 7919 is prime to 300: a permutation
            const int end = i == overlapping ? i + 2 : i + 1;
            header["t" + std::to_string(i)] = {{"dtype", "U8"}, {"shape", {end - i}}, {"data_offsets", {i, end}}};
        }
        const std::string text = header.dump();
        std::string out(8, '\0');
        for (int b = 0; b < 8; ++b) out[std::size_t(b)] = char((text.size() >> (8 * b)) & 0xff);
        return out + text + std::string(300, 'x');
    };
    CHECK(parse_safetensors(file(-1), "f").tensors().size() == 300);
    CHECK_MOVIENET_ERROR(parse_safetensors(file(137), "f"), ErrorCode::ModelFormat, "f: t138: data_offsets overlap t137");
}

namespace {

// A safetensors file of U8 tensors {name: [begin, end]} over `data` bytes.
std::string u8_file(const std::vector<std::pair<std::string, std::pair<int, int>>>& tensors, std::size_t data) {
    nlohmann::json header = nlohmann::json::object();
    for (const auto& [name, range] : tensors)
        header[name] = {{"dtype", "U8"}, {"shape", {range.second - range.first}}, {"data_offsets", {range.first, range.second}}};
    const std::string text = header.dump();
    std::string out(8, '\0');
    for (int b = 0; b < 8; ++b) out[std::size_t(b)] = char((text.size() >> (8 * b)) & 0xff);
    return out + text + std::string(data, 'x');
}

}  // namespace

TEST_CASE("issue #20: bytes after the last tensor, or in no tensor, are refused with their count and offset") {
    // Safetensors indexes the data entirely: the file ends with its last tensor.
    const std::string good = good_network();
    check_rejected(good + "abcd", "net.safetensors: 4 bytes after 2.bias, the last tensor, at file offset " +
                                      std::to_string(good.size()) + ": no tensor holds them (safetensors data is indexed entirely)");
    check_rejected(good + '\0', "net.safetensors: 1 byte after 2.bias, the last tensor, at file offset " + std::to_string(good.size()) + ":");

    auto parse = [](const std::string& bytes) { return parse_safetensors(bytes, "f"); };
    // The file offset of data offset d.
    auto at = [](const std::string& bytes, uint64_t d) { return std::to_string(8 + header_length(bytes) + d) + ":"; };
    const std::string hole = u8_file({{"a", {0, 2}}, {"b", {3, 5}}}, 5);
    CHECK_MOVIENET_ERROR(parse(hole), ErrorCode::ModelFormat, "f: 1 byte after a, at file offset " + at(hole, 2) + " no tensor holds them");
    const std::string leading = u8_file({{"a", {2, 4}}}, 4);
    CHECK_MOVIENET_ERROR(parse(leading), ErrorCode::ModelFormat, "f: 2 bytes after the header, at file offset " + at(leading, 0));
    const std::string no_tensor = u8_file({}, 3);
    CHECK_MOVIENET_ERROR(parse(no_tensor), ErrorCode::ModelFormat, "f: 3 bytes after the header, at file offset " + at(no_tensor, 0));
    // Listed in any order, tensors that tile the data load; an empty tensor
    // may sit at another's first byte ("b" [0, 0] before "a" [0, 2], whatever
    // the header's order) or at the end, not inside another.
    CHECK(parse(u8_file({{"c", {2, 5}}, {"a", {0, 2}}}, 5)).tensors().size() == 2);
    CHECK(parse(u8_file({{"a", {0, 2}}, {"b", {0, 0}}, {"c", {2, 5}}, {"d", {5, 5}}}, 5)).tensors().size() == 4);
    CHECK(parse(u8_file({}, 0)).tensors().empty());
    CHECK_MOVIENET_ERROR(parse(u8_file({{"a", {0, 2}}, {"b", {1, 1}}}, 2)), ErrorCode::ModelFormat, "f: b: data_offsets overlap a");
}
