// Hostile model and network files (issue #14): each limit of io/safetensors.h
// refuses its input with a named error before anything large is read or
// parsed (an input right at the limit still gets through), and what the
// loader cannot rule out (finite weights that overflow) never reaches a result.
#include <doctest/doctest.h>

#include <unistd.h>

#include <chrono>
#include <cstring>
#include <nlohmann/json.hpp>

#include "error_check.h"
#include "movienet/io/file_io.h"
#include "movienet/nn/network_file.h"
#include "movienet/rec/predictor.h"
#include "safetensors_edit.h"
#include "small_network.h"
#include "temp_dir.h"

using namespace movienet;
using namespace movienet::testing;

namespace {

const std::string seed_model = std::string(MOVIENET_SOURCE_DIR) + "/tests/js/fixtures/seed-model.safetensors";

// `depth` nested arrays: [[...]].
nlohmann::json nested(int depth) {
    nlohmann::json v = nlohmann::json::array();
    for (int i = 1; i < depth; ++i) v = nlohmann::json::array({v});
    return v;
}

std::string nested_text(int depth) { return std::string(std::size_t(depth), '[') + std::string(std::size_t(depth), ']'); }

// A file of `length` header bytes: "{", spaces, "}".
std::string blank_header(uint64_t length) {
    std::string out(8, '\0');
    for (int i = 0; i < 8; ++i) out[std::size_t(i)] = static_cast<char>((length >> (8 * i)) & 0xff);
    return out + "{" + std::string(std::size_t(length - 2), ' ') + "}";
}

void make_sparse(const std::string& path, uint64_t size) {
    write_file_atomically(path, "");
    REQUIRE(::truncate(path.c_str(), static_cast<off_t>(size)) == 0);
}

}  // namespace

TEST_CASE("json_nesting_exceeds counts array and object openings outside strings") {
    CHECK_FALSE(json_nesting_exceeds("", 0));
    CHECK_FALSE(json_nesting_exceeds("{\"a\": [1, {\"b\": 2}]}", 3));
    CHECK(json_nesting_exceeds("{\"a\": [1, {\"b\": 2}]}", 2));
    CHECK_FALSE(json_nesting_exceeds(R"({"a": "[[[{{\"[[", "b": "\\"})", 1));
    CHECK(json_nesting_exceeds(nested_text(65), limits::kMaxJsonDepth));
    CHECK_FALSE(json_nesting_exceeds(nested_text(64), limits::kMaxJsonDepth));
}

TEST_CASE("model and network files above limits::kMaxModelFileBytes are refused before they are read") {
    TempDir dir;
    const std::string big = dir.file("big.safetensors");
    make_sparse(big, limits::kMaxModelFileBytes + 1);
    const auto start = std::chrono::steady_clock::now();
    const std::string message = "big.safetensors: the file is 268435457 bytes, larger than the limit of 268435456 bytes";
    CHECK_MOVIENET_ERROR(load_rating_model_file(big), ErrorCode::BadInput, message);
    CHECK_MOVIENET_ERROR(load_network_file(big), ErrorCode::BadInput, message);
    CHECK(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() < 1.0);
    // A stream stops one byte past the limit; a file at the limit is read
    // (and then refused for what it holds).
    CHECK_MOVIENET_ERROR(load_network_file("/dev/zero"), ErrorCode::BadInput,
                         "/dev/zero: the stream is larger than the limit of 268435456 bytes");
    make_sparse(big, limits::kMaxModelFileBytes);
    CHECK_MOVIENET_ERROR(load_rating_model_file(big), ErrorCode::ModelFormat, "big.safetensors: header: not valid JSON");
}

TEST_CASE("a header longer than limits::kMaxHeaderBytes is refused before it is parsed") {
    CHECK_MOVIENET_ERROR(load_network_string(blank_header(limits::kMaxHeaderBytes + 1), "n"), ErrorCode::ModelFormat,
                         "n: header length 8388609 is larger than the limit of 8388608 bytes");
    CHECK_MOVIENET_ERROR(load_network_string(blank_header(limits::kMaxHeaderBytes), "n"), ErrorCode::ModelFormat,
                         "n: __metadata__.format: missing");
}

TEST_CASE("JSON nested deeper than limits::kMaxJsonDepth: in the header and in the metadata object") {
    const std::string good = good_network();
    // The header is 2 deep at a tensor's fields.
    auto extra = [&](int depth) { return with_header(good, [&](nlohmann::json& h) { h["0.weight"]["extra"] = nested(depth); }); };
    CHECK_NOTHROW(load_network_string(extra(limits::kMaxJsonDepth - 2)));
    CHECK_MOVIENET_ERROR(load_network_string(extra(limits::kMaxJsonDepth - 1), "n"), ErrorCode::ModelFormat,
                         "n: header: JSON nested deeper than 64 levels");
    auto metadata = [&](const std::string& base, const std::string& text) {
        return with_header(base, [&](nlohmann::json& h) { h["__metadata__"]["metadata"] = text; });
    };
    const std::string deep = "{\"a\": " + nested_text(limits::kMaxJsonDepth) + "}";
    CHECK(load_network_string(metadata(good, "{\"a\": " + nested_text(limits::kMaxJsonDepth - 1) + "}")).metadata_json.size() > 64);
    CHECK_MOVIENET_ERROR(load_network_string(metadata(good, deep), "n"), ErrorCode::ModelFormat,
                         "n: __metadata__.metadata: JSON nested deeper than 64 levels");
    CHECK_MOVIENET_ERROR(load_network_string(metadata(good, "[1]"), "n"), ErrorCode::ModelFormat,
                         "n: __metadata__.metadata: expected a JSON object");
    const std::string model = read_file(seed_model);
    CHECK_MOVIENET_ERROR(load_rating_model_string(metadata(model, deep), "m"), ErrorCode::ModelFormat,
                         "m: __metadata__.metadata: JSON nested deeper than 64 levels");
}

TEST_CASE("metadata values above limits::kMaxMetadataBytes and more than limits::kMaxTensors tensors are refused") {
    const std::string good = good_network();
    auto note = [&](std::size_t size) {
        return with_header(good, [&](nlohmann::json& h) { h["__metadata__"]["note"] = std::string(size, 'x'); });
    };
    CHECK_NOTHROW(load_network_string(note(limits::kMaxMetadataBytes)));
    CHECK_MOVIENET_ERROR(load_network_string(note(limits::kMaxMetadataBytes + 1), "n"), ErrorCode::ModelFormat,
                         "n: __metadata__.note: 1048577 bytes, larger than the limit of 1048576");
    // The network holds 4 tensors; empty ones at the end of the data fill it up.
    const uint64_t end = good.size() - 8 - header_length(good);
    auto padded = [&](std::size_t total) {
        return with_header(good, [&](nlohmann::json& h) {
            for (std::size_t i = 4; i < total; ++i)
                h["pad." + std::to_string(i)] = {{"dtype", "U8"}, {"shape", {0}}, {"data_offsets", {end, end}}};
        });
    };
    // At the limit the container reads; the network reader then refuses the
    // padding, which is no parameter of its layers.
    CHECK(parse_safetensors(padded(limits::kMaxTensors), "n").tensors().size() == limits::kMaxTensors);
    CHECK_MOVIENET_ERROR(load_network_string(padded(5), "n"), ErrorCode::ModelFormat,
                         "n: pad.4: not a parameter of a sequential stack");
    CHECK_MOVIENET_ERROR(load_network_string(padded(limits::kMaxTensors + 1), "n"), ErrorCode::ModelFormat,
                         "n: 4097 tensors, more than the limit of 4096");
}

TEST_CASE("finite float32 weights that overflow: the predictor refuses the model instead of returning NaN") {
    RatingModel model = load_rating_model_file(seed_model);
    REQUIRE(model.watch);
    std::string bytes = save_rating_model_string(model, Dtype::Float32);
    // The first weight of movies 0 and 1 in the (tied) watch table: u and the
    // logits overflow to inf - inf.
    const uint64_t n = header_length(bytes);
    const auto header = nlohmann::json::parse(bytes.substr(8, n));
    const auto begin = header.at("watch.o").at("data_offsets").at(0).get<uint64_t>();
    const uint64_t dim = header.at("watch.o").at("shape").at(1).get<uint64_t>();
    const float huge = 3e38f;
    for (uint64_t movie : {0, 1}) std::memcpy(&bytes[std::size_t(8 + n + begin + movie * dim * 4)], &huge, 4);
    const Predictor predictor(load_rating_model_string(bytes, "m"));
    const int32_t first = predictor.catalogue().ids[0], second = predictor.catalogue().ids[1];
    const std::vector<HistoryEntry> history{{first, 4}};
    const std::string message = "the model predicted NaN";
    CHECK_MOVIENET_ERROR(predictor.predict_watch(history, {second}), ErrorCode::ModelFormat, message);
    CHECK_MOVIENET_ERROR(predictor.recommend(history, 5, {}), ErrorCode::ModelFormat, message);
    CHECK_MOVIENET_ERROR(predictor.recommend(history, 5, {}, nullptr, 0, RankBy::Watch), ErrorCode::ModelFormat, message);
    CHECK_MOVIENET_ERROR(predictor.explain(history, second), ErrorCode::ModelFormat, message);
    // Every ranking reports P(watch) too; predicted ratings alone do not use the watch head.
    CHECK_MOVIENET_ERROR(predictor.recommend(history, 5, {}, nullptr, 0, RankBy::Rating), ErrorCode::ModelFormat, message);
    CHECK(predictor.predict(history, {second}).size() == 1);
}

TEST_CASE("per-movie genre lists that would read past their tensor are refused") {
    const std::string good = read_file(seed_model);
    const uint64_t n = header_length(good);
    const auto header = nlohmann::json::parse(good.substr(8, n));
    // Sets element `index` of an I32 tensor.
    auto with_i32 = [&](const std::string& name, std::size_t index, int32_t value) {
        std::string bytes = good;
        const auto begin = header.at(name).at("data_offsets").at(0).get<uint64_t>();
        std::memcpy(&bytes[std::size_t(8 + n + begin + 4 * index)], &value, 4);
        return bytes;
    };
    // An offset past the end before the decrease that gives it away.
    CHECK_MOVIENET_ERROR(load_rating_model_string(with_i32("seed.features.movie_genre_offsets", 10, 138), "m"),
                         ErrorCode::ModelFormat, "m: seed.features.movie_genre_offsets: not increasing");
    // A negative count that the others make up for (an I32 tensor: a count above 255).
    RatingModel model = load_rating_model_string(good);
    model.catalogue.genres[0].assign(300, 0);  // more than 255: stored as I32
    const std::string wide = save_rating_model_string(model);
    const uint64_t wn = header_length(wide);
    const auto wide_header = nlohmann::json::parse(wide.substr(8, wn));
    REQUIRE(wide_header.at("catalogue.genre_counts").at("dtype") == "I32");
    std::string bytes = wide;
    const auto begin = wide_header.at("catalogue.genre_counts").at("data_offsets").at(0).get<uint64_t>();
    int32_t counts[2];
    std::memcpy(counts, &bytes[std::size_t(8 + wn + begin)], 8);
    counts[0] += counts[1] + 5;
    counts[1] = -5;
    std::memcpy(&bytes[std::size_t(8 + wn + begin)], counts, 8);
    CHECK_MOVIENET_ERROR(load_rating_model_string(bytes, "m"), ErrorCode::ModelFormat, "m: catalogue.genre_counts[1]: negative");
}
