#include "movienet/io/text.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>

#include "io/utf8.h"
#include "movienet/base/error.h"

namespace movienet {

size_t find_invalid_utf8(std::string_view text) {
    size_t i = 0;
    while (i < text.size()) {
        if (static_cast<unsigned char>(text[i]) < 0x80) {  // the common case, without a call
            ++i;
            continue;
        }
        const size_t length = detail::utf8_sequence_length(text, i);
        if (length == 0) return i;
        i += length;
    }
    return std::string_view::npos;
}

std::string latin1_to_utf8(std::string_view text) {
    std::string out;
    out.reserve(text.size() + text.size() / 16);
    for (char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (c < 0x80) {
            out.push_back(ch);
        } else {
            out.push_back(static_cast<char>(0xC0 | (c >> 6)));
            out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
        }
    }
    return out;
}

std::string latin1_or_utf8_to_utf8(std::string text) {
    if (find_invalid_utf8(text) == std::string_view::npos) return text;
    return latin1_to_utf8(text);
}

std::string_view strip_utf8_bom(std::string_view text) {
    if (text.size() >= 3 && text.compare(0, 3, "\xEF\xBB\xBF") == 0) text.remove_prefix(3);
    return text;
}

std::string_view trim_blanks(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

void split_fields(std::string_view line, std::string_view sep,
                  std::vector<std::string_view>& out) {
    out.clear();
    if (sep.size() == 1) {
        const char c = sep[0];
        size_t start = 0;
        for (size_t i = 0; i < line.size(); ++i) {
            if (line[i] == c) {
                out.push_back(line.substr(start, i - start));
                start = i + 1;
            }
        }
        out.push_back(line.substr(start));
        return;
    }
    size_t start = 0;
    for (;;) {
        const size_t at = line.find(sep, start);
        if (at == std::string_view::npos) break;
        out.push_back(line.substr(start, at - start));
        start = at + sep.size();
    }
    out.push_back(line.substr(start));
}

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// For a decimal that std::from_chars found out of range: whether it is too
// large rather than too small. Either way its leading digit's power of ten
// is beyond +-300, so the sign of that power decides.
bool too_large(std::string_view s) {
    size_t i = 0;
    long long power = -1;
    for (; i < s.size() && is_digit(s[i]); ++i)
        if (power >= 0 || s[i] != '0') ++power;
    if (power < 0 && i < s.size() && s[i] == '.')
        for (++i; i < s.size() && s[i] == '0'; ++i) --power;
    const size_t e = s.find_first_of("eE");
    if (e == std::string_view::npos) return power > 0;
    long long exponent = 0;
    for (size_t k = e + 1; k < s.size(); ++k)
        if (is_digit(s[k])) exponent = std::min(exponent * 10 + (s[k] - '0'), 1'000'000'000LL);
    return power + (s[e + 1] == '-' ? -exponent : exponent) > 0;
}

}  // namespace

bool parse_decimal(std::string_view s, double& value) {
    // from_chars takes no leading '+' but does take "inf" and "nan": so a
    // sign here, then a digit or '.'.
    const bool negative = !s.empty() && s[0] == '-';
    if (!s.empty() && (s[0] == '+' || s[0] == '-')) s.remove_prefix(1);
    if (s.empty() || !(is_digit(s[0]) || s[0] == '.')) return false;
    double magnitude = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), magnitude);
    if (end != s.data() + s.size() || (ec != std::errc() && ec != std::errc::result_out_of_range)) return false;
    // Out of range leaves `magnitude` alone: give what strtod gives.
    if (ec == std::errc::result_out_of_range)
        magnitude = too_large(s) ? std::numeric_limits<double>::infinity() : 0.0;
    value = negative ? -magnitude : magnitude;
    return true;
}

std::string describe_unreadable_text(std::string_view text) {
    const size_t nul = text.find('\0');
    if (nul != std::string_view::npos) {
        size_t line = 1, line_start = 0;
        for (size_t i = 0; i < nul; ++i)
            if (text[i] == '\n') ++line, line_start = i + 1;
        return "it holds NUL bytes (the first at line " + std::to_string(line) + ", column " +
               std::to_string(nul - line_start + 1) + "): not a text file?";
    }
    if (text.find('\r') != std::string_view::npos && text.find('\n') == std::string_view::npos)
        return "its lines end in CR alone (classic Mac OS): convert them to LF or CRLF";
    return {};
}

LineReader::LineReader(std::string_view text, std::string path)
    : text_(text), path_(std::move(path)) {}

bool LineReader::next(std::string_view& line) {
    if (pos_ >= text_.size()) return false;
    const size_t nl = text_.find('\n', pos_);
    const size_t end = nl == std::string_view::npos ? text_.size() : nl;
    line = text_.substr(pos_, end - pos_);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    pos_ = nl == std::string_view::npos ? text_.size() : nl + 1;
    ++line_number_;
    return true;
}

bool LineReader::next_nonblank(std::string_view& line) {
    while (next(line)) {
        if (!trim_blanks(line).empty()) return true;
    }
    return false;
}

void LineReader::fail(const std::string& problem) const {
    throw Error(ErrorCode::DataFormat, path_ + ":" + std::to_string(line_number_) + ": " + problem);
}

int32_t LineReader::parse_int32(std::string_view field, const char* what) const {
    const std::string_view f = trim_blanks(field);
    int32_t value = 0;
    const auto [end, ec] = std::from_chars(f.data(), f.data() + f.size(), value);
    if (ec == std::errc::result_out_of_range)
        fail(std::string(what) + " is out of range: '" + std::string(f) + "'");
    if (f.empty() || ec != std::errc() || end != f.data() + f.size())
        fail(std::string(what) + " is not a number: '" + std::string(f) + "'");
    return value;
}

int64_t LineReader::parse_int64(std::string_view field, const char* what) const {
    const std::string_view f = trim_blanks(field);
    int64_t value = 0;
    const auto [end, ec] = std::from_chars(f.data(), f.data() + f.size(), value);
    if (ec == std::errc::result_out_of_range)
        fail(std::string(what) + " is out of range: '" + std::string(f) + "'");
    if (f.empty() || ec != std::errc() || end != f.data() + f.size())
        fail(std::string(what) + " is not a number: '" + std::string(f) + "'");
    return value;
}

float LineReader::parse_float(std::string_view field, const char* what) const {
    const std::string_view f = trim_blanks(field);
    double value = 0;
    if (!parse_decimal(f, value)) fail(std::string(what) + " is not a number: '" + std::string(f) + "'");
    if (std::abs(value) > static_cast<double>(std::numeric_limits<float>::max()))
        fail(std::string(what) + " is out of range: '" + std::string(f) + "'");
    return static_cast<float>(value);
}

void LineReader::split_csv(std::string_view line, char sep, std::vector<std::string_view>& out) {
    out.clear();
    if (line.find('"') == std::string_view::npos) {
        split_fields(line, std::string_view(&sep, 1), out);
        return;
    }
    // Unescaped text never outgrows the line, so reserving it up front keeps
    // the views into csv_buffer_ valid while fields are appended.
    csv_buffer_.clear();
    csv_buffer_.reserve(line.size());
    size_t i = 0;
    const size_t n = line.size();
    for (;;) {
        size_t j = i;
        while (j < n && (line[j] == ' ' || line[j] == '\t') && line[j] != sep) ++j;
        if (j < n && line[j] == '"') {
            const size_t start = csv_buffer_.size();
            size_t k = j + 1;
            for (;;) {
                if (k >= n) fail("unterminated quoted field");
                if (line[k] == '"') {
                    if (k + 1 < n && line[k + 1] == '"') {
                        csv_buffer_.push_back('"');
                        k += 2;
                        continue;
                    }
                    ++k;
                    break;
                }
                csv_buffer_.push_back(line[k++]);
            }
            while (k < n && (line[k] == ' ' || line[k] == '\t') && line[k] != sep) ++k;
            if (k < n && line[k] != sep)
                fail("unexpected character after closing quote in field " +
                     std::to_string(out.size() + 1));
            out.push_back(std::string_view(csv_buffer_).substr(start));
            if (k >= n) return;
            i = k + 1;
        } else {
            size_t k = i;
            while (k < n && line[k] != sep) {
                if (line[k] == '"')
                    fail("stray quote in unquoted field " + std::to_string(out.size() + 1));
                ++k;
            }
            out.push_back(line.substr(i, k - i));
            if (k >= n) return;
            i = k + 1;
        }
    }
}

void LineReader::expect_fields(const std::vector<std::string_view>& fields, size_t n) const {
    if (fields.size() != n)
        fail("expected " + std::to_string(n) + " fields, got " + std::to_string(fields.size()));
}

}  // namespace movienet
