// A small valid network file (3 inputs, 4 tanh, 2 outputs) for tests that
// damage one part of it.
#pragma once

#include <string>

#include "movienet/nn/network.h"
#include "movienet/nn/network_file.h"

namespace movienet::testing {

inline std::string good_network() {
    Network net(parse_architecture_spec(3, "4tanh,2"));
    net.init(5);
    return save_network_string(net, Json{{"note", "test"}});
}

}  // namespace movienet::testing
