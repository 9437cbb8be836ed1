#include "movienet/io/json_reader.h"

#include <algorithm>
#include <cstdint>

#include "movienet/base/error.h"
#include "io/nearest_double.h"
#include "io/utf8.h"

namespace movienet {

const JsonNode* JsonNode::find(std::string_view key) const {
    for (std::size_t i = 0; i < keys_.size(); ++i)
        if (keys_[i] == key) return &children_[i];
    return nullptr;
}

namespace {

// Deeper documents are refused rather than allowed to exhaust the stack
// (wasm's is 256 KB).
constexpr int max_depth = 256;

bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

class JsonParser {
public:
    JsonParser(std::string_view text, const std::string& source) : text_(text), source_(source) {}

    JsonNode parse_document() {
        JsonNode root;
        skip_space();
        parse_value(root, 0);
        skip_space();
        if (pos_ != text_.size()) fail("unexpected text after the document");
        return root;
    }

private:
    [[noreturn]] void fail(const std::string& what) const {
        throw Error(ErrorCode::ModelFormat, source_ + ": not valid JSON at byte " + std::to_string(pos_ + 1) + ": " +
                                                what + " (truncated or corrupted file?)");
    }

    bool at_end() const { return pos_ >= text_.size(); }
    char peek() const { return at_end() ? '\0' : text_[pos_]; }

    void skip_space() {
        while (!at_end() && (text_[pos_] == ' ' || text_[pos_] == '\n' || text_[pos_] == '\r' || text_[pos_] == '\t'))
            ++pos_;
    }

    [[noreturn]] void unexpected() const {
        if (at_end()) fail("unexpected end of input");
        const auto c = static_cast<unsigned char>(text_[pos_]);
        if (c >= 0x20 && c < 0x7f) fail(std::string("unexpected character '") + char(c) + "'");
        static constexpr char hex[] = "0123456789abcdef";
        fail(std::string("unexpected byte 0x") + hex[c >> 4] + hex[c & 15]);
    }

    void expect(char c, const char* what) {
        if (peek() != c) {
            if (at_end()) unexpected();
            fail(what);
        }
        ++pos_;
    }

    void parse_value(JsonNode& node, int depth) {
        const std::size_t start = pos_;
        switch (peek()) {
            case '{': parse_object(node, depth); break;
            case '[': parse_array(node, depth); break;
            case '"':
                node.kind_ = JsonNode::Kind::String;
                parse_string(node.string_);
                break;
            case 't': parse_literal("true", node, JsonNode::Kind::Bool, true); break;
            case 'f': parse_literal("false", node, JsonNode::Kind::Bool, false); break;
            case 'n': parse_literal("null", node, JsonNode::Kind::Null, false); break;
            default:
                if (peek() == '-' || is_digit(peek()))
                    parse_number(node);
                else
                    unexpected();
        }
        node.text_ = text_.substr(start, pos_ - start);
    }

    void parse_literal(std::string_view word, JsonNode& node, JsonNode::Kind kind, bool value) {
        if (text_.substr(pos_, word.size()) != word) fail("invalid literal (expected " + std::string(word) + ")");
        pos_ += word.size();
        node.kind_ = kind;
        node.boolean_ = value;
    }

    void enter(int depth) const {
        if (depth >= max_depth) fail("nested deeper than " + std::to_string(max_depth) + " levels");
    }

    void parse_array(JsonNode& node, int depth) {
        enter(depth);
        node.kind_ = JsonNode::Kind::Array;
        ++pos_;  // [
        skip_space();
        if (peek() == ']') {
            ++pos_;
            return;
        }
        for (;;) {
            skip_space();
            node.children_.emplace_back();
            parse_value(node.children_.back(), depth + 1);
            skip_space();
            if (peek() == ']') break;
            expect(',', "expected ',' or ']'");
        }
        ++pos_;
    }

    void parse_object(JsonNode& node, int depth) {
        enter(depth);
        const std::size_t start = pos_;
        node.kind_ = JsonNode::Kind::Object;
        ++pos_;  // {
        skip_space();
        if (peek() == '}') {
            ++pos_;
            return;
        }
        for (;;) {
            skip_space();
            if (peek() != '"') {
                if (at_end()) unexpected();
                fail("expected a string key");
            }
            node.keys_.emplace_back();
            parse_string(node.keys_.back());
            skip_space();
            expect(':', "expected ':'");
            skip_space();
            node.children_.emplace_back();
            parse_value(node.children_.back(), depth + 1);
            skip_space();
            if (peek() == '}') break;
            expect(',', "expected ',' or '}'");
        }
        ++pos_;
        // Sorted, not pairwise: a hostile file may hold an object with a million keys.
        std::vector<std::string_view> keys(node.keys_.begin(), node.keys_.end());
        std::sort(keys.begin(), keys.end());
        const auto twice = std::adjacent_find(keys.begin(), keys.end());
        if (twice != keys.end()) {
            pos_ = start;
            fail("the object here has the key \"" + std::string(*twice) + "\" twice");
        }
    }

    unsigned hex4() {
        unsigned value = 0;
        for (int i = 0; i < 4; ++i, ++pos_) {
            const char c = peek();
            const unsigned digit = is_digit(c) ? unsigned(c - '0')
                                   : (c >= 'a' && c <= 'f') ? unsigned(c - 'a' + 10)
                                   : (c >= 'A' && c <= 'F') ? unsigned(c - 'A' + 10)
                                                            : 16u;
            if (digit == 16) fail("'\\u' must be followed by 4 hex digits");
            value = value * 16 + digit;
        }
        return value;
    }

    static void append_utf8(std::string& out, unsigned cp) {
        if (cp < 0x80) {
            out += char(cp);
        } else if (cp < 0x800) {
            out += char(0xC0 | (cp >> 6));
            out += char(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            out += char(0xE0 | (cp >> 12));
            out += char(0x80 | ((cp >> 6) & 0x3F));
            out += char(0x80 | (cp & 0x3F));
        } else {
            out += char(0xF0 | (cp >> 18));
            out += char(0x80 | ((cp >> 12) & 0x3F));
            out += char(0x80 | ((cp >> 6) & 0x3F));
            out += char(0x80 | (cp & 0x3F));
        }
    }

    void parse_escape(std::string& out) {
        ++pos_;  // the backslash
        const char c = peek();
        ++pos_;
        switch (c) {
            case '"': out += '"'; return;
            case '\\': out += '\\'; return;
            case '/': out += '/'; return;
            case 'b': out += '\b'; return;
            case 'f': out += '\f'; return;
            case 'n': out += '\n'; return;
            case 'r': out += '\r'; return;
            case 't': out += '\t'; return;
            case 'u': break;
            default: --pos_; fail("invalid escape after '\\'");
        }
        unsigned cp = hex4();
        if (cp >= 0xDC00 && cp <= 0xDFFF) fail("lone low surrogate in '\\u' escape");
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            if (text_.substr(pos_, 2) != "\\u") fail("high surrogate not followed by a low one");
            pos_ += 2;
            const unsigned low = hex4();
            if (low < 0xDC00 || low > 0xDFFF) fail("high surrogate not followed by a low one");
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        }
        append_utf8(out, cp);
    }

    // One UTF-8 sequence starting at pos_ (lead byte >= 0x80), copied to out.
    void copy_utf8(std::string& out) {
        const std::size_t length = detail::utf8_sequence_length(text_, pos_);
        if (length == 0) fail("invalid UTF-8 in a string");
        out.append(text_.data() + pos_, length);
        pos_ += length;
    }

    void parse_string(std::string& out) {
        ++pos_;  // opening quote
        for (;;) {
            // Copy the plain run in one go: titles and base64 are long runs.
            const std::size_t run = pos_;
            while (!at_end()) {
                const auto c = static_cast<unsigned char>(text_[pos_]);
                if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80) break;
                ++pos_;
            }
            out.append(text_.data() + run, pos_ - run);
            if (at_end()) fail("unexpected end of input in a string");
            const auto c = static_cast<unsigned char>(text_[pos_]);
            if (c == '"') {
                ++pos_;
                return;
            }
            if (c == '\\')
                parse_escape(out);
            else if (c < 0x20)
                fail("control character in a string (must be escaped)");
            else
                copy_utf8(out);
        }
    }

    void parse_number(JsonNode& node) {
        node.kind_ = JsonNode::Kind::Number;
        const bool negative = peek() == '-';
        if (negative) ++pos_;
        std::uint64_t mantissa = 0;  // the first 19 significant digits
        int significant = 0, exponent = 0;
        bool truncated = false;  // nonzero digits after those
        const auto digit = [&](bool fraction) {
            const int d = text_[pos_++] - '0';
            if (significant < 19) {
                if (mantissa != 0 || d != 0) ++significant;
                mantissa = mantissa * 10 + std::uint64_t(d);
                if (fraction) --exponent;
            } else {
                if (!fraction) ++exponent;
                truncated = truncated || d != 0;
            }
        };
        if (peek() == '0') {
            ++pos_;
        } else if (is_digit(peek())) {
            while (is_digit(peek())) digit(false);
        } else {
            fail("invalid number (expected a digit)");
        }
        const bool integral_syntax = peek() != '.' && peek() != 'e' && peek() != 'E';
        if (peek() == '.') {
            ++pos_;
            if (!is_digit(peek())) fail("invalid number (expected a digit after '.')");
            while (is_digit(peek())) digit(true);
        }
        if (peek() == 'e' || peek() == 'E') {
            ++pos_;
            const bool minus = peek() == '-';
            if (peek() == '-' || peek() == '+') ++pos_;
            if (!is_digit(peek())) fail("invalid number (expected a digit in the exponent)");
            int written = 0;
            while (is_digit(peek())) written = std::min(written * 10 + (text_[pos_++] - '0'), 100000);
            exponent += minus ? -written : written;
        }
        const double magnitude = detail::nearest_double(mantissa, exponent, truncated);
        node.number_ = negative ? -magnitude : magnitude;
        // Integers are exact when they fit: all 19 digits kept, none dropped.
        const std::uint64_t limit = negative ? (std::uint64_t(1) << 63) : (std::uint64_t(1) << 63) - 1;
        if (integral_syntax && exponent == 0 && !truncated && mantissa <= limit) {
            node.integral_ = true;
            // -(m - 1) - 1 reaches -2^63 without overflowing.
            node.integer_ = !negative ? static_cast<long long>(mantissa)
                            : mantissa == 0 ? 0
                                            : -static_cast<long long>(mantissa - 1) - 1;
        }
    }

    std::string_view text_;
    const std::string& source_;
    std::size_t pos_ = 0;
};

JsonNode parse_json(std::string_view text, const std::string& source) { return JsonParser(text, source).parse_document(); }

}  // namespace movienet
