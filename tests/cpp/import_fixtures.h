// The fixtures of networks made by PyTorch and TF.js (tests/fixtures/import,
// with the scripts that made them): inputs and the original tool's outputs.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "movienet/base/types.h"
#include "movienet/io/file_io.h"

namespace movienet::testing {

inline std::string import_fixture(const std::string& name) {
    return std::string(MOVIENET_SOURCE_DIR) + "/tests/fixtures/import/" + name;
}

struct Expected {
    std::string layers;
    Matrix input;                 // features x rows, as Network::predict takes them
    std::vector<double> output;   // row by row
};

inline Expected read_expected(const std::string& name) {
    const nlohmann::json j = nlohmann::json::parse(read_file(import_fixture(name)));
    Expected e;
    e.layers = j.at("layers").get<std::string>();
    const auto rows = j.at("rows").get<Index>();
    const auto input = j.at("input").get<std::vector<double>>();
    const Index features = Index(input.size()) / rows;
    e.input.resize(features, rows);
    for (Index r = 0; r < rows; ++r)
        for (Index f = 0; f < features; ++f) e.input(f, r) = static_cast<Scalar>(input[std::size_t(r * features + f)]);
    e.output = j.at("output").get<std::vector<double>>();
    return e;
}

}  // namespace movienet::testing
