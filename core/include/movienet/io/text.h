// Text plumbing for the data loaders (files are read by file_io.h): encodings, line
// and field splitting, and number parsing whose errors name file:line.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace movienet {

// Offset of the first byte that breaks UTF-8 (overlong forms, surrogates and
// code points above U+10FFFF included), or std::string_view::npos.
size_t find_invalid_utf8(std::string_view text);

// ISO-8859-1 to UTF-8: each byte is its own code point.
std::string latin1_to_utf8(std::string_view text);

// MovieLens 100K/1M metadata is Latin-1, but re-encoded copies circulate.
// A file that is already valid UTF-8 is kept as is; anything else is taken as
// Latin-1. (Latin-1 titles that happen to form valid UTF-8 would need pairs
// like "Ã©", which real titles do not contain.)
std::string latin1_or_utf8_to_utf8(std::string text);

// Removes a leading UTF-8 byte-order mark, if any.
std::string_view strip_utf8_bom(std::string_view text);

// Removes ASCII spaces and tabs at both ends.
std::string_view trim_blanks(std::string_view s);

// Splits `line` at every occurrence of `sep` (one or more characters).
// `out` is cleared first; n separators give n + 1 fields.
void split_fields(std::string_view line, std::string_view sep,
                  std::vector<std::string_view>& out);

// Walks a text line by line, keeping the 1-based line number so that every
// problem can be reported as "<path>:<line>: <problem>". Lines end in LF or
// CRLF; the terminator is not part of the line.
class LineReader {
public:
    LineReader(std::string_view text, std::string path);

    // Next line (possibly empty); false at the end of the text.
    bool next(std::string_view& line);
    // Next line that is not blank (only spaces, tabs); false at the end.
    bool next_nonblank(std::string_view& line);

    size_t line_number() const { return line_number_; }
    const std::string& path() const { return path_; }

    // Throws Error(DataFormat, "<path>:<line>: <problem>").
    [[noreturn]] void fail(const std::string& problem) const;

    // Field parsers: surrounding blanks are ignored, anything else that is
    // not a number fails with "<what> is not a number: '<field>'".
    int32_t parse_int32(std::string_view field, const char* what) const;
    int64_t parse_int64(std::string_view field, const char* what) const;
    float parse_float(std::string_view field, const char* what) const;

    // Splits a CSV line (RFC 4180 quoting: "a, b" and "" for a quote) at
    // `sep`. The views point into `line` or, for unescaped quoted fields, into
    // an internal buffer that lives until the next call.
    void split_csv(std::string_view line, char sep, std::vector<std::string_view>& out);

    // Fails with "expected N fields, got M" unless fields.size() == n.
    void expect_fields(const std::vector<std::string_view>& fields, size_t n) const;

private:
    std::string_view text_;
    std::string path_;
    size_t pos_ = 0;
    size_t line_number_ = 0;
    std::string csv_buffer_;
};

// Why a text that yielded no data lines is no text file of lines, or "":
// "it holds NUL bytes (the first at line L, column C): not a text file?" or
// "its lines end in CR alone (classic Mac OS): convert them to LF or CRLF".
// Loaders add it to their "no ratings in the file" errors.
std::string describe_unreadable_text(std::string_view text);

// Parses a plain decimal number ("4", "+3.5", "-0.25", ".5", "1e2"), without
// locale, as the nearest double (std::from_chars: native builds only, since
// Emscripten's libc++ lacks it for double). Beyond double's range it reads as
// +-infinity, below it as +-0, as strtod does. Returns false if `s` is not
// entirely such a number ("inf", "nan", hex and blanks are not).
bool parse_decimal(std::string_view s, double& value);

}  // namespace movienet
