// Text plumbing under the loaders: encodings, line/field splitting, numbers.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdlib>
#include <random>

#include <string>
#include <vector>

#include "movienet/base/error.h"
#include "movienet/io/text.h"

using movienet::Error;
using movienet::LineReader;

TEST_CASE("latin1_to_utf8 maps every high byte to its two-byte code point") {
    CHECK(movienet::latin1_to_utf8("abc") == "abc");
    CHECK(movienet::latin1_to_utf8("Mis\xE9rables") == "Mis\xC3\xA9rables");
    CHECK(movienet::latin1_to_utf8("\xC1\xF6\xFF\x80") == "\xC3\x81\xC3\xB6\xC3\xBF\xC2\x80");
    std::string all;
    for (int c = 1; c < 256; ++c) all.push_back(static_cast<char>(c));
    const std::string utf8 = movienet::latin1_to_utf8(all);
    CHECK(utf8.size() == 127 + 2 * 128);
    CHECK(movienet::find_invalid_utf8(utf8) == std::string::npos);
    // Already valid UTF-8 stays; Latin-1 is converted.
    CHECK(movienet::latin1_or_utf8_to_utf8("Cit\xC3\xA9") == "Cit\xC3\xA9");
    CHECK(movienet::latin1_or_utf8_to_utf8("Cit\xE9") == "Cit\xC3\xA9");
}

TEST_CASE("find_invalid_utf8 finds the first bad byte") {
    CHECK(movienet::find_invalid_utf8("plain") == std::string::npos);
    CHECK(movienet::find_invalid_utf8("\xE2\x80\x93 \xF0\x9F\x8E\xAC") == std::string::npos);
    CHECK(movienet::find_invalid_utf8("ab\xE9" "cd") == 2);         // lone Latin-1 byte
    CHECK(movienet::find_invalid_utf8("a\xC0\x80") == 1);           // overlong NUL
    CHECK(movienet::find_invalid_utf8("a\xE0\x80\xAF") == 1);       // overlong 3-byte
    CHECK(movienet::find_invalid_utf8("\xED\xA0\x80") == 0);        // surrogate
    CHECK(movienet::find_invalid_utf8("\xF4\x90\x80\x80") == 0);    // above U+10FFFF
    CHECK(movienet::find_invalid_utf8("ok\xE2\x80") == 2);          // truncated at the end
    CHECK(movienet::find_invalid_utf8("\x80") == 0);                // stray continuation
}

TEST_CASE("strip_utf8_bom and trim_blanks") {
    CHECK(movienet::strip_utf8_bom("\xEF\xBB\xBFid") == "id");
    CHECK(movienet::strip_utf8_bom("id") == "id");
    CHECK(movienet::trim_blanks(" \t x y \t") == "x y");
    CHECK(movienet::trim_blanks("   ").empty());
}

TEST_CASE("split_fields with one- and two-character separators") {
    std::vector<std::string_view> f;
    movienet::split_fields("1::Toy Story (1995)::Comedy", "::", f);
    CHECK(f == std::vector<std::string_view>{"1", "Toy Story (1995)", "Comedy"});
    movienet::split_fields("a||b|", "|", f);
    CHECK(f == std::vector<std::string_view>{"a", "", "b", ""});
    movienet::split_fields("", "\t", f);
    CHECK(f.size() == 1);
}

TEST_CASE("LineReader handles LF, CRLF, a missing final newline and counts lines") {
    LineReader reader("a\r\nb\n\n  \nc", "f.txt");
    std::string_view line;
    REQUIRE(reader.next_nonblank(line));
    CHECK(line == "a");
    CHECK(reader.line_number() == 1);
    REQUIRE(reader.next_nonblank(line));
    CHECK(line == "b");
    REQUIRE(reader.next_nonblank(line));
    CHECK(line == "c");
    CHECK(reader.line_number() == 5);
    CHECK_FALSE(reader.next(line));
    CHECK_THROWS_WITH_AS(reader.fail("bad thing"), "f.txt:5: bad thing", Error);
}

TEST_CASE("split_csv follows RFC 4180 quoting") {
    LineReader reader("", "m.csv");
    std::vector<std::string_view> f;
    reader.split_csv("1,plain,x|y", ',', f);
    CHECK(f == std::vector<std::string_view>{"1", "plain", "x|y"});
    reader.split_csv("11,\"American President, The (1995)\",Comedy", ',', f);
    CHECK(f == std::vector<std::string_view>{"11", "American President, The (1995)", "Comedy"});
    reader.split_csv("5,\"Say \"\"Hi\"\", Bob\",\"\"", ',', f);
    CHECK(f == std::vector<std::string_view>{"5", "Say \"Hi\", Bob", ""});
    reader.split_csv("\"a\",", ',', f);
    CHECK(f == std::vector<std::string_view>{"a", ""});
    CHECK_THROWS_WITH_AS(reader.split_csv("1,\"open", ',', f),
                         doctest::Contains("unterminated quoted field"), Error);
    CHECK_THROWS_WITH_AS(reader.split_csv("1,\"a\"b,c", ',', f),
                         doctest::Contains("unexpected character after closing quote in field 2"),
                         Error);
    CHECK_THROWS_WITH_AS(reader.split_csv("1,a\"b\",c", ',', f),
                         doctest::Contains("stray quote in unquoted field 2"), Error);
}

TEST_CASE("parse_decimal reads plain decimals exactly and rejects the rest") {
    double v = 0;
    CHECK(movienet::parse_decimal("4", v));
    CHECK(v == 4.0);
    CHECK(movienet::parse_decimal("3.5", v));
    CHECK(v == 3.5);
    CHECK(movienet::parse_decimal("-0.25", v));
    CHECK(v == -0.25);
    CHECK(movienet::parse_decimal(".5", v));
    CHECK(v == 0.5);
    CHECK(movienet::parse_decimal("5.", v));
    CHECK(v == 5.0);
    CHECK(movienet::parse_decimal("0.1", v));
    CHECK(v == 0.1);  // correctly rounded, like strtod
    CHECK(movienet::parse_decimal("1e2", v));
    CHECK(v == 100.0);
    CHECK(movienet::parse_decimal("25E-1", v));
    CHECK(v == 2.5);
    CHECK(movienet::parse_decimal("1e+1", v));
    CHECK(v == 10.0);
    CHECK(movienet::parse_decimal("+3.5", v));
    CHECK(v == 3.5);
    for (const char* bad : {"", "-", "+", ".", "4.0.0", "4,5", "nan", "inf", "-inf", "+nan", "infinity", "1e", "1e+-1",
                            "+-1", "-+1", "++1", "0x10", " 4", "4 ", "e5", ".e5", "1e5x"})
        CHECK_MESSAGE(!movienet::parse_decimal(bad, v), bad);
}

TEST_CASE("parse_decimal: beyond double's range is infinity, below it zero, as strtod gives") {
    double v = 0;
    for (const char* text : {"1e309", "1.7976931348623159e308", "1e400", "123456789e99999999999", "0.00001e315", "-1e309",
                             "1e-400", "2.4703282292062327e-324", "-1e-330", "123456789e-99999999999", "10000e-328",
                             "0.000e999999"}) {
        CAPTURE(text);
        REQUIRE(movienet::parse_decimal(text, v));
        const double expected = std::strtod(text, nullptr);
        CHECK(v == expected);
        CHECK(std::signbit(v) == std::signbit(expected));
    }
}

TEST_CASE("parse_decimal rounds correctly, like strtod, where a quick conversion would not") {
    const char* hard[] = {
        "9007199254740993",  // 2^53 + 1: halfway, ties to even (2^53)
        "9007199254740995",  // halfway, ties to even (2^53 + 4)
        "9007199254740993.000000001",  // just above halfway: up
        "9007199254740993.0000000000000000001",  // the deciding digit far beyond the 19th
        "2.2250738585072011e-308", "2.2250738585072014e-308", "4.4501477170144023e-308",  // around the smallest normal
        "4.9406564584124654e-324", "2.4703282292062328e-324",  // the smallest subnormal, and just above half of it
        "1.7976931348623157e308", "1.7976931348623158e308", "8.98846567431158e307",
        "123456789012345678901234567890", "0.000000000000000000000000000123456789012345678901",
        "123456789012345678901234567890e-40", "3.14159265358979323846264338327950288", "0.30000000000000004",
        "1.00000000000000011102230246251565404236316680908203125",  // exactly halfway between 1 and the next double
        "1.00000000000000011102230246251565404236316680908203124",
        "1.00000000000000011102230246251565404236316680908203126", "8.589973e9", "1e23", "-2.5e-5",
    };
    for (const std::string text : hard) {
        CAPTURE(text);
        double v = 0;
        REQUIRE(movienet::parse_decimal(text, v));
        CHECK(v == std::strtod(text.c_str(), nullptr));
    }
    // Random mantissas of 1 to 40 digits, the point anywhere, with exponents
    // over the whole double range: subnormals, underflow and overflow included.
    std::mt19937_64 rng(12);
    int mismatches = 0;
    for (int k = 0; k < 40000; ++k) {
        std::string text;
        const int digits = 1 + static_cast<int>(rng() % (k % 2 ? 19 : 40));
        const int point = static_cast<int>(rng() % static_cast<uint64_t>(digits + 1));
        for (int d = 0; d < digits; ++d) {
            if (d == point) text += '.';
            text += static_cast<char>('0' + rng() % 10);
        }
        if (k % 4 == 0) text += "e" + std::to_string(static_cast<int>(rng() % 80) - 40);
        if (k % 4 == 1) text += "e" + std::to_string(static_cast<int>(rng() % 700) - 360);
        double v = 0;
        if (!movienet::parse_decimal(text, v) || v != std::strtod(text.c_str(), nullptr)) {
            if (++mismatches < 5) MESSAGE(text);
        }
    }
    CHECK(mismatches == 0);
}

TEST_CASE("LineReader number parsers name the field and its text") {
    LineReader reader("x\n", "r.csv");
    std::string_view line;
    REQUIRE(reader.next(line));
    CHECK(reader.parse_int32(" 42 ", "user id") == 42);
    CHECK(reader.parse_int64("1700000000000", "timestamp") == 1700000000000LL);
    CHECK(reader.parse_float("4.5", "rating") == 4.5f);
    CHECK_THROWS_WITH_AS(reader.parse_int32("4.5", "movie id"),
                         "r.csv:1: movie id is not a number: '4.5'", Error);
    CHECK_THROWS_WITH_AS(reader.parse_int32("", "movie id"), "r.csv:1: movie id is not a number: ''",
                         Error);
    CHECK_THROWS_WITH_AS(reader.parse_int32("99999999999", "user id"),
                         "r.csv:1: user id is out of range: '99999999999'", Error);
    CHECK_THROWS_WITH_AS(reader.parse_float("1e60", "rating"),
                         "r.csv:1: rating is out of range: '1e60'", Error);
    CHECK_THROWS_WITH_AS(reader.parse_float("1e400", "rating"),
                         "r.csv:1: rating is out of range: '1e400'", Error);
    CHECK_THROWS_WITH_AS(reader.parse_float("-inf", "rating"), "r.csv:1: rating is not a number: '-inf'", Error);
    CHECK(reader.parse_float("1e-400", "rating") == 0.0f);
}
