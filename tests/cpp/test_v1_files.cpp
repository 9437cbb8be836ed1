// Version-1 JSON files, read only by `movienet convert`: parsed with
// nlohmann/json, yet every bad file is a ModelFormat error naming the file
// and the place or field (never an internal error), nesting is bounded,
// duplicate keys are refused, and numbers read as the writer wrote them.
#include <doctest/doctest.h>

#include <cmath>
#include <functional>
#include <limits>
#include <random>
#include <string>

#include "cli_runner.h"
#include "error_check.h"
#include "movienet/io/file_io.h"
#include "movienet/io/json_fields.h"
#include "movienet/nn/network_file.h"
#include "movienet/nn/network_json.h"
#include "movienet/rec/rating_model_v1.h"
#include "temp_dir.h"

using namespace movienet;
using namespace movienet::testing;

namespace {

const std::string fixtures = std::string(MOVIENET_SOURCE_DIR) + "/tests/fixtures/v1/";

// The seed model fixture, edited, read back as "m.json".
void check_model_rejected(const std::function<void(Json&)>& edit, const std::string& expected) {
    Json file = Json::parse(read_file(fixtures + "seed-model.json"));
    edit(file);
    CAPTURE(expected);
    CHECK_MOVIENET_ERROR(load_rating_model_v1(file.dump(), "m.json"), ErrorCode::ModelFormat, "m.json: " + expected);
}

void check_network_rejected(const std::function<void(Json&)>& edit, const std::string& expected) {
    Json file = Json::parse(read_file(fixtures + "half.network.json"));
    edit(file);
    CAPTURE(expected);
    CHECK_MOVIENET_ERROR(network_file_from_json_v1(file.dump(), "n.json"), ErrorCode::ModelFormat, "n.json: " + expected);
}

}  // namespace

TEST_CASE("version-1 JSON: syntax errors name the file, line and column") {
    const auto rejects = [](const std::string& text, const std::string& expected) {
        CAPTURE(text);
        CHECK_MOVIENET_ERROR(parse_json_file(text, "m.json"), ErrorCode::ModelFormat, expected);
    };
    rejects("", "m.json: not valid JSON at line 1, column 1: syntax error while parsing value - unexpected end of input");
    rejects("", "(truncated or corrupted file?)");
    rejects("{\"a\": [1,\n 2", "m.json: not valid JSON at line 2, column 3: syntax error while parsing array - unexpected end of input; expected ']'");
    rejects(R"({"a": 1,})", "at line 1, column 9: syntax error while parsing object key - unexpected '}'; expected string literal");
    rejects(R"([1, 2,])", "at line 1, column 7");
    rejects(R"({"a" 1})", "at line 1, column 6");
    rejects("[1] x", "at line 1, column 5");
    rejects("NaN", "at line 1, column 1");
    rejects("01", "at line 1, column 2");
    rejects("1.", "at line 1, column 3: syntax error while parsing value - invalid number; expected digit after '.'");
    rejects("\"a\tb\"", "at line 1, column 3");  // a control character in a string
    rejects(R"("\x")", "at line 1, column 3");
    rejects(R"("\udc00")", "at line 1, column 7");  // a lone low surrogate
    rejects(R"("\ud800x")", "at line 1, column 8");
    // Invalid UTF-8 (Latin-1, overlong, an encoded surrogate, above U+10FFFF);
    // the bytes read are not repeated in the message.
    for (const std::string bad : {"\"caf\xe9\"", "\"\xc0\xaf\"", "\"\xed\xa0\x80\"", "\"\xf4\x90\x80\x80\""}) {
        CAPTURE(bad);
        const auto caught = catch_error([&] { parse_json_file(bad, "m.json"); });
        REQUIRE(caught.has_value());
        const std::string message = caught->what();
        CHECK(message.find("m.json: not valid JSON at line 1, column") == 0);
        CHECK(message.find("last read") == std::string::npos);
        CHECK(message.find('\x80') == std::string::npos);
    }
    // A base64 string cut short is not echoed back either.
    rejects("{\"data\": \"" + std::string(100000, 'A'), "at line 1, column 100011: syntax error while parsing value - invalid string: missing closing quote (truncated or corrupted file?)");
    rejects(R"({"k": 1, "j": {}, "k": 2})", "m.json: not valid JSON: an object has the key \"k\" twice");
    rejects(R"({"o": {"k": 1, "k": 1}})", "the key \"k\" twice");
    CHECK_NOTHROW(parse_json_file(R"([{"k": 1}, {"k": 2}])", "t"));  // the same key in two objects
    rejects("[1e400]", "m.json: number overflow parsing '1e400'");
}

TEST_CASE("version-1 JSON: nesting deeper than max_json_depth is refused, not followed") {
    CHECK(max_json_depth == 256);
    const auto nested = [](int depth) { return std::string(std::size_t(depth), '[') + std::string(std::size_t(depth), ']'); };
    CHECK_NOTHROW(parse_json_file(nested(max_json_depth), "t"));
    CHECK_MOVIENET_ERROR(parse_json_file(nested(max_json_depth + 1), "deep.json"), ErrorCode::ModelFormat,
                         "deep.json: not valid JSON: nested deeper than 256 levels");
    CHECK_MOVIENET_ERROR(parse_json_file(std::string(1000000, '['), "deep.json"), ErrorCode::ModelFormat, "nested deeper");
    CHECK_MOVIENET_ERROR(parse_json_file(std::string(100000, '{'), "deep.json"), ErrorCode::ModelFormat, "syntax error");
    std::string objects;
    for (int i = 0; i <= max_json_depth; ++i) objects += "{\"k\":";
    CHECK_MOVIENET_ERROR(parse_json_file(objects + "1" + std::string(max_json_depth + 1, '}'), "deep.json"), ErrorCode::ModelFormat,
                         "nested deeper than 256 levels");
    // A wide object is fine: its duplicate-key check is n log n.
    Json wide = Json::object();
    for (int i = 0; i < 200000; ++i) wide["k" + std::to_string(i)] = i;
    CHECK(parse_json_file(wide.dump(), "t").size() == 200000);
}

TEST_CASE("version-1 JSON: integers are exact, numbers read as nlohmann wrote them") {
    const Json big = parse_json_file("[9223372036854775807, -9223372036854775808, 9223372036854775808, 1.0, 1e2, -0]", "t");
    CHECK(integer_value(big[0]) == std::numeric_limits<long long>::max());
    CHECK(integer_value(big[1]) == std::numeric_limits<long long>::min());
    CHECK_FALSE(integer_value(big[2]).has_value());  // does not fit
    CHECK_FALSE(integer_value(big[3]).has_value());  // written as a decimal
    CHECK_FALSE(integer_value(big[4]).has_value());
    CHECK(integer_value(big[5]) == 0);
    CHECK(parse_json_file("4.9406564584124654e-324", "t").get<double>() == std::numeric_limits<double>::denorm_min());
    // Random doubles and floats, as the version-1 writer (nlohmann) wrote them, read back bit-exact.
    std::mt19937_64 rng(7);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    std::uniform_int_distribution<int> exponent(-30, 30);
    for (int i = 0; i < 20000; ++i) {
        const double x = (unit(rng) - 0.5) * std::pow(10.0, exponent(rng));
        const float f = static_cast<float>(x);
        const Json pair = parse_json_file(Json::array({x, f}).dump(), "t");
        REQUIRE(pair[0].get<double>() == x);
        REQUIRE(static_cast<float>(pair[1].get<double>()) == f);
    }
}

TEST_CASE("a version-1 model file: every malformed field is named") {
    check_model_rejected([](Json& f) { f["version"] = 2; }, "version: 2 is not supported (this build reads version 1)");
    check_model_rejected([](Json& f) { f["format"] = "keras"; }, "format: \"keras\" is not a movienet-model file");
    check_model_rejected([](Json& f) { f.erase("scale"); }, "scale: missing");
    check_model_rejected([](Json& f) { f["scale"]["step"] = -1; }, "scale: needs min < max and step > 0");
    check_model_rejected([](Json& f) { f["global_mean"] = nullptr; }, "global_mean: expected a finite number");
    check_model_rejected([](Json& f) { f["catalogue"]["ids"][3] = "x"; }, "catalogue.ids[3]: wrong type");
    check_model_rejected([](Json& f) { f["catalogue"]["ids"][3] = 1; }, "catalogue.ids[3]: duplicate movie id 1");
    check_model_rejected([](Json& f) { f["catalogue"]["ids"][3] = 1ULL << 40; }, "catalogue.ids[3]: wrong type");
    check_model_rejected([](Json& f) { f["catalogue"]["titles"].erase(0); }, "catalogue.titles: has 119 entries, expected 120");
    check_model_rejected([](Json& f) { f["catalogue"]["genres"][5] = {0, 9}; }, "catalogue.genres[5]: genre index out of range");
    check_model_rejected([](Json& f) { f["arch"] = "transformer"; }, "arch: unknown architecture \"transformer\"");
    check_model_rejected([](Json& f) { f["seed"]["network"]["params"]["shape"] = {5}; },
                         "seed.network.params.shape: [5] does not match the 6337 parameters of the architecture");
    check_model_rejected([](Json& f) { f["seed"]["network"]["params"]["dtype"] = "float64"; }, "seed.network.params.dtype");
    check_model_rejected([](Json& f) { f["seed"]["network"]["params"]["data"] = "AAAA"; }, "seed.network.params.data: holds about");
    check_model_rejected([](Json& f) { f["seed"]["features"]["global_var"] = 0; }, "seed.features.global_var: must be positive");
    check_model_rejected([](Json& f) { f["watch"]["tied"] = 1; }, "watch.tied: expected true or false");
    check_model_rejected([](Json& f) { f["watch"]["params"]["shape"] = {1, 2}; }, "watch.params.shape: [1,2] does not match");
    check_model_rejected([](Json& f) { f["watch"]["dim"] = 1.5; }, "watch.dim: expected an integer");
    check_model_rejected([](Json& f) { f["watch"]["dim"] = 5000; }, "watch.dim: 5000 is outside [1, 4096]");
    // The metadata is kept as JSON text (keys sorted, as the writer wrote them).
    const RatingModel model = load_rating_model_v1(read_file(fixtures + "seed-model.json"), "m.json");
    CHECK(Json::parse(model.metadata_json) == Json::parse(read_file(fixtures + "seed-model.json"))["metadata"]);
}

TEST_CASE("a version-1 network file: every malformed field is named") {
    check_network_rejected([](Json& f) { f["format"] = "movienet-model"; }, "format: \"movienet-model\" is not a movienet-network file");
    check_network_rejected([](Json& f) { f["architecture"]["input"] = 0; }, "architecture.input: 0 is outside [1, 1048576]");
    check_network_rejected([](Json& f) { f["architecture"]["layers"][1] = {{"type", "softmax"}}; }, "architecture.layers[1].type: unknown layer type \"softmax\"");
    check_network_rejected([](Json& f) { f["architecture"]["layers"][0].erase("units"); }, "architecture.layers[0].units: missing");
    check_network_rejected([](Json& f) { f["params"]["shape"] = {85}; }, "params.shape: [85] does not match the 86 parameters");
    check_network_rejected([](Json& f) { f["params"] = "none"; }, "params: expected an object");
    const NetworkFile file = network_file_from_json_v1(read_file(fixtures + "half.network.json"), "n.json");
    CHECK(file.network.param_count() == 86);
    CHECK(Json::parse(file.metadata_json)["seed"] == 11);
}

TEST_CASE("movienet convert: a broken version-1 file is a named error, not an internal one") {
    TempDir dir;
    const std::string text = read_file(fixtures + "seed-model.json");
    write_file_atomically(dir.file("cut.json"), text.substr(0, text.size() / 2));
    const Run cut = run_cli(dir, {"convert", dir.file("cut.json"), dir.file("out.safetensors")});
    CHECK(cut.exit_code != 0);
    CHECK(cut.err.find(dir.file("cut.json") + ": not valid JSON at line 1, column") != std::string::npos);
    CHECK(cut.err.find("internal error") == std::string::npos);
    write_file_atomically(dir.file("deep.json"), std::string(5000, '[') + std::string(5000, ']'));
    const Run deep = run_cli(dir, {"convert", dir.file("deep.json"), dir.file("out.safetensors")});
    CHECK(deep.exit_code != 0);
    CHECK(deep.err.find("nested deeper than 256 levels") != std::string::npos);
    // The network fixture converts, with its float16 weights kept.
    const Run network = run_cli(dir, {"convert", fixtures + "half.network.json", dir.file("net.safetensors")});
    REQUIRE(network.exit_code == 0);
    CHECK(network.err.find("float16") != std::string::npos);
    const NetworkFile before = network_file_from_json_v1(read_file(fixtures + "half.network.json"), "n.json");
    const NetworkFile after = load_network_file(dir.file("net.safetensors"));
    CHECK(before.network.params() == after.network.params());
}
