// A small strict JSON reader for version-1 model and network files (`movienet convert`).
//
// Files are written with nlohmann/json (json_writer.h) but read with this:
// the reader is all that movienet.wasm needs, and a general JSON library's
// parser and DOM were a third of the module. It accepts RFC 8259 JSON only
// (no comments, no trailing commas, UTF-8 checked, duplicate keys refused);
// numbers read as the nearest double, so doubles round-trip exactly.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace movienet {

class JsonNode {
public:
    enum class Kind { Null, Bool, Number, String, Array, Object };

    Kind kind() const { return kind_; }
    bool is_null() const { return kind_ == Kind::Null; }
    bool is_bool() const { return kind_ == Kind::Bool; }
    bool is_number() const { return kind_ == Kind::Number; }
    // A number written without fraction or exponent that fits in 64 bits.
    bool is_integer() const { return kind_ == Kind::Number && integral_; }
    bool is_string() const { return kind_ == Kind::String; }
    bool is_array() const { return kind_ == Kind::Array; }
    bool is_object() const { return kind_ == Kind::Object; }

    bool boolean() const { return boolean_; }
    long long integer() const { return integer_; }  // is_integer() only
    double number() const { return number_; }
    const std::string& string() const { return string_; }

    // Arrays: the elements; objects: the values, in file order.
    std::size_t size() const { return children_.size(); }
    const JsonNode& operator[](std::size_t i) const { return children_[i]; }
    const std::vector<JsonNode>& children() const { return children_; }
    // An object's member, or nullptr when absent (or this is not an object).
    const JsonNode* find(std::string_view key) const;

    // This value exactly as written, a view into the parsed text: valid only
    // while that text lives. Free-form parts (metadata) are kept this way.
    std::string_view text() const { return text_; }

private:
    friend class JsonParser;

    Kind kind_ = Kind::Null;
    bool boolean_ = false;
    bool integral_ = false;
    long long integer_ = 0;
    double number_ = 0;
    std::string string_;
    std::vector<JsonNode> children_;
    std::vector<std::string> keys_;  // objects: parallel to children_
    std::string_view text_;
};

// Parses one document (surrounding whitespace allowed). A syntax error throws
// Error(ModelFormat): "<source>: not valid JSON at byte N: <what>" (N counts from 1).
JsonNode parse_json(std::string_view text, const std::string& source);

}  // namespace movienet
