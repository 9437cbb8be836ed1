// A test-built nlohmann value read back through the library's own JSON
// reader, as a file would be. The text lives as long as the node viewing it.
#pragma once

#include <string>

#include "movienet/io/json_reader.h"
#include "movienet/io/json_writer.h"

namespace movienet::testing {

struct ParsedJson {
    explicit ParsedJson(const Json& value) : text(value.dump()), root(parse_json(text, "test")) {}
    ParsedJson(const ParsedJson&) = delete;
    ParsedJson& operator=(const ParsedJson&) = delete;

    const std::string text;
    const JsonNode root;
};

}  // namespace movienet::testing
