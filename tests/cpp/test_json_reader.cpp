// The strict JSON reader: every value kind, escapes and UTF-8, exact numbers
// (checked against nlohmann/json, the writer), located syntax errors, and the
// limits that keep hostile files from exhausting the stack or the clock.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <random>
#include <string>

#include "error_check.h"
#include "movienet/io/json_reader.h"
#include "movienet/io/json_writer.h"

using movienet::ErrorCode;
using movienet::Json;
using movienet::JsonNode;
using movienet::parse_json;

TEST_CASE("json reader: every kind of value, in file order") {
    const std::string text = R"( {"n": null, "t": true, "f": false, "i": -42, "d": 2.5e-3,
                                  "s": "a\"b\\c\/d\b\f\n\r\t", "a": [1, [], {}], "o": {"k": "v"}} )";
    const JsonNode root = parse_json(text, "doc");
    REQUIRE(root.is_object());
    REQUIRE(root.size() == 8);
    CHECK(root.find("n")->is_null());
    CHECK((root.find("t")->is_bool() && root.find("t")->boolean()));
    CHECK((root.find("f")->is_bool() && !root.find("f")->boolean()));
    CHECK(root.find("i")->is_integer());
    CHECK(root.find("i")->integer() == -42);
    CHECK(root.find("i")->number() == -42.0);
    CHECK(root.find("d")->is_number());
    CHECK_FALSE(root.find("d")->is_integer());
    CHECK(root.find("d")->number() == 2.5e-3);
    CHECK(root.find("s")->string() == "a\"b\\c/d\b\f\n\r\t");
    const JsonNode& a = *root.find("a");
    REQUIRE(a.size() == 3);
    CHECK(a[0].integer() == 1);
    CHECK((a[1].is_array() && a[1].size() == 0));
    CHECK((a[2].is_object() && a[2].size() == 0));
    CHECK(root.find("o")->find("k")->string() == "v");
    CHECK(root.find("missing") == nullptr);
    CHECK(a.find("k") == nullptr);  // not an object
    // Each value keeps its exact source text (metadata is passed on this way).
    CHECK(root.find("o")->text() == R"({"k": "v"})");
    CHECK(root.find("d")->text() == "2.5e-3");
    CHECK(root.find("f")->children().empty());
    CHECK(root[1].boolean());  // values by position, in file order
}

TEST_CASE("json reader: \\u escapes and UTF-8") {
    CHECK(parse_json(R"("caf\u00e9 \u20ac \ud83c\udfac")", "t").string() == "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x8e\xac");
    CHECK(parse_json("\"Am\xc3\xa9lie \xf0\x9f\x8e\xac\"", "t").string() == "Am\xc3\xa9lie \xf0\x9f\x8e\xac");
    // What nlohmann writes (the model files' writer) reads back unchanged.
    const std::string title = "\xe5\x8d\x83\xe3\x81\xa8\xe5\x8d\x83\xe5\xb0\x8b \"quoted\"\t\x01";
    CHECK(parse_json(Json(title).dump(), "t").string() == title);
}

TEST_CASE("json reader: numbers are the nearest double, integers exact") {
    const JsonNode big = parse_json("[9223372036854775807, -9223372036854775808, 9223372036854775808, 1.0, 1e2, -0]", "t");
    CHECK(big[0].integer() == std::numeric_limits<long long>::max());
    CHECK(big[1].integer() == std::numeric_limits<long long>::min());
    CHECK_FALSE(big[2].is_integer());  // does not fit: a double
    CHECK(big[2].number() == 9223372036854775808.0);
    CHECK_FALSE(big[3].is_integer());  // written as a decimal
    CHECK_FALSE(big[4].is_integer());
    CHECK(big[4].number() == 100.0);
    CHECK(big[5].is_integer());
    CHECK(big[5].integer() == 0);
    CHECK(parse_json("0.1", "t").number() == 0.1);
    CHECK(parse_json("123456789012345678901234567890", "t").number() == 123456789012345678901234567890.0);
    CHECK(parse_json("4.9406564584124654e-324", "t").number() == std::numeric_limits<double>::denorm_min());
    CHECK(parse_json("1.7976931348623157e308", "t").number() == std::numeric_limits<double>::max());
    CHECK(std::isinf(parse_json("1e400", "t").number()));  // callers that need finite numbers check
    CHECK(parse_json("1e-400", "t").number() == 0.0);

    // Random doubles and floats, as nlohmann writes them, read back bit-exact.
    std::mt19937_64 rng(7);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    std::uniform_int_distribution<int> exponent(-30, 30);  // within float range
    for (int i = 0; i < 20000; ++i) {
        const double x = (unit(rng) - 0.5) * std::pow(10.0, exponent(rng));
        const float f = static_cast<float>(x);
        const JsonNode pair = parse_json(Json::array({x, f}).dump(), "t");
        REQUIRE(pair[0].number() == x);
        REQUIRE(static_cast<float>(pair[1].number()) == f);
    }
}

TEST_CASE("json reader: numbers round exactly as strtod does") {
    const auto same_as_strtod = [](const std::string& text) {
        CAPTURE(text);
        CHECK(parse_json(text, "t").number() == std::strtod(text.c_str(), nullptr));
    };
    // Ties between two doubles go to the even one; digits beyond the 19th
    // still break a tie upwards.
    for (const char* text : {"9007199254740993", "9007199254740995", "9007199254740993.0000000000000000001",
                             "2.2250738585072011e-308", "2.2250738585072014e-308", "2.4703282292062327e-324",
                             "2.4703282292062328e-324", "1.7976931348623158e308", "1.7976931348623159e308",
                             "0.30000000000000004", "123456789012345678901234567890e-40", "1e23", "8.98846567431158e307",
                             "4.4501477170144023e-308", "1.00000000000000011102230246251565404236316680908203125",
                             "1.00000000000000011102230246251565404236316680908203124"})
        same_as_strtod(text);
    // Random 1 to 19 digit mantissas with exponents over the whole double
    // range, including subnormals and overflow.
    std::mt19937_64 rng(11);
    std::uniform_int_distribution<int> length(1, 19), exponent(-345, 310);
    for (int i = 0; i < 20000; ++i) {
        std::string digits = std::to_string(rng() % 9 + 1);
        for (int k = length(rng); k > 1; --k) digits += char('0' + rng() % 10);
        same_as_strtod(digits + "e" + std::to_string(exponent(rng)));
    }
}

TEST_CASE("json reader: syntax errors name the source and the byte") {
    const auto rejects = [](const std::string& text, const std::string& expected) {
        CAPTURE(text);
        CHECK_MOVIENET_ERROR(parse_json(text, "m.json"), ErrorCode::ModelFormat, expected);
    };
    rejects("", "m.json: not valid JSON at byte 1: unexpected end of input (truncated or corrupted file?)");
    rejects(R"({"a": [1, 2)", "at byte 12: unexpected end of input");
    rejects(R"({"a": 1,})", "at byte 9: expected a string key");
    rejects(R"([1, 2,])", "at byte 7: unexpected character ']'");
    rejects(R"({"a" 1})", "at byte 6: expected ':'");
    rejects(R"([1 2])", "at byte 4: expected ',' or ']'");
    rejects(R"({"a": 1 "b": 2})", "at byte 9: expected ',' or '}'");
    rejects("[1] x", "at byte 5: unexpected text after the document");
    rejects("tru", "at byte 1: invalid literal (expected true)");
    rejects("NaN", "unexpected character 'N'");
    rejects("01", "unexpected text after the document");
    rejects("-", "invalid number (expected a digit)");
    rejects("1.", "expected a digit after '.'");
    rejects("1e+", "expected a digit in the exponent");
    rejects("\"a\tb\"", "at byte 3: control character in a string");
    rejects(R"("\x")", "at byte 3: invalid escape");
    rejects(R"("\u12G4")", "'\\u' must be followed by 4 hex digits");
    rejects(R"("\udc00")", "lone low surrogate");
    rejects(R"("\ud800x")", "high surrogate not followed by a low one");
    rejects("\"caf\xe9\"", "at byte 5: invalid UTF-8");     // Latin-1
    rejects("\"\xc0\xaf\"", "invalid UTF-8");              // overlong '/'
    rejects("\"\xed\xa0\x80\"", "invalid UTF-8");          // an encoded surrogate
    rejects("\"\xf4\x90\x80\x80\"", "invalid UTF-8");      // above U+10FFFF
    rejects("\"abc", "unexpected end of input in a string");
    rejects("\x01", "unexpected byte 0x01");
    rejects(R"({"k": 1, "j": {}, "k": 2})", "at byte 1: the object here has the key \"k\" twice");
}

TEST_CASE("json reader: hostile nesting is refused, not a stack overflow") {
    CHECK_NOTHROW(parse_json(std::string(200, '[') + std::string(200, ']'), "t"));
    CHECK_MOVIENET_ERROR(parse_json(std::string(100000, '['), "deep.json"), ErrorCode::ModelFormat,
                         "deep.json: not valid JSON at byte 257: nested deeper than 256 levels");
    // A huge object is checked for duplicate keys in n log n, not n^2.
    Json wide = Json::object();
    for (int i = 0; i < 200000; ++i) wide["k" + std::to_string(i)] = i;
    const JsonNode root = parse_json(wide.dump(), "t");
    CHECK(root.size() == 200000);
    CHECK(root.find("k199999")->integer() == 199999);
}
