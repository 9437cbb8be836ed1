#include "movienet/nn/network.h"

#include <cctype>

#include "movienet/nn/dense.h"
#include "movienet/base/error.h"

namespace movienet {

namespace {

// Widest layer we accept: guards against absurd sizes in a malformed file.
constexpr Index max_units = 1 << 20;
constexpr Index max_params = Index(1) << 28;

bool is_activation(const std::string& type) {
    return type == "relu" || type == "sigmoid" || type == "tanh" || type == "identity" || type == "linear";
}

}  // namespace

Index Architecture::output_size() const {
    Index size = input;
    for (const auto& layer : layers)
        if (layer.type == "dense") size = layer.units;
    return size;
}

Index Architecture::param_count() const {
    Index size = input, params = 0;
    for (const auto& layer : layers) {
        if (layer.type != "dense") continue;
        params += layer.units * size + layer.units;
        size = layer.units;
    }
    return params;
}

std::string Architecture::spec() const {
    // Plain string building: <sstream> would pull the locale machinery into the wasm.
    std::string out;
    for (size_t i = 0; i < layers.size(); ++i) {
        if (layers[i].type == "dense") {
            if (i > 0) out += ',';
            out += std::to_string(layers[i].units);
        } else {
            out += layers[i].type;
        }
    }
    return out;
}

Architecture parse_architecture_spec(Index input, const std::string& spec) {
    Architecture arch;
    arch.input = input;
    for (size_t from = 0; from < spec.size();) {
        size_t comma = spec.find(',', from);
        if (comma == std::string::npos) comma = spec.size();
        const std::string item = spec.substr(from, comma - from);
        from = comma + 1;
        size_t digits = 0;
        while (digits < item.size() && std::isdigit(static_cast<unsigned char>(item[digits]))) ++digits;
        if (digits == 0 || digits > 7)
            throw Error(ErrorCode::BadInput, "architecture \"" + spec + "\": item \"" + item +
                                                 "\" must start with a layer width, e.g. 64relu");
        arch.layers.push_back({"dense", std::stol(item.substr(0, digits))});
        const std::string activation = item.substr(digits);
        if (!activation.empty()) {
            parse_activation(activation);  // throws with the accepted names
            arch.layers.push_back({activation, 0});
        }
    }
    validate_architecture(arch, ErrorCode::BadInput);
    return arch;
}

void validate_architecture(const Architecture& arch, ErrorCode code) {
    if (arch.input <= 0 || arch.input > max_units)
        throw Error(code, "architecture.input: " + std::to_string(arch.input) + " is not a valid input size");
    if (arch.layers.empty()) throw Error(code, "architecture.layers: no layers");
    Index size = arch.input, params = 0;
    bool has_dense = false;
    for (size_t i = 0; i < arch.layers.size(); ++i) {
        const auto& layer = arch.layers[i];
        const std::string where = "architecture.layers[" + std::to_string(i) + "]";
        if (layer.type == "dense") {
            if (layer.units <= 0 || layer.units > max_units)
                throw Error(code, where + ".units: " + std::to_string(layer.units) + " is not a valid width");
            params += layer.units * size + layer.units;
            if (params > max_params) throw Error(code, where + ": network too large");
            size = layer.units;
            has_dense = true;
        } else if (!is_activation(layer.type)) {
            throw Error(code, where + ".type: unknown layer type \"" + layer.type + "\"");
        }
    }
    if (!has_dense) throw Error(code, "architecture.layers: no dense layer");
}

Network::Network(const Architecture& arch) : arch_(arch) {
    validate_architecture(arch_, ErrorCode::BadInput);
    build();
}

Network::Network(const Network& other) : arch_(other.arch_) {
    build();
    params_ = other.params_;
}

Network& Network::operator=(const Network& other) {
    if (this != &other) {
        arch_ = other.arch_;
        build();
        params_ = other.params_;
    }
    return *this;
}

void Network::build() {
    layers_.clear();
    Index size = arch_.input, total = 0;
    for (const auto& spec : arch_.layers) {
        if (spec.type == "dense") {
            layers_.push_back(std::make_unique<Dense>(size, spec.units));
            size = spec.units;
        } else {
            layers_.push_back(std::make_unique<ActivationLayer>(parse_activation(spec.type), size));
        }
        total += layers_.back()->param_count();
    }
    params_ = Vector::Zero(total);
    grads_ = Vector::Zero(total);
    Index offset = 0;
    for (auto& layer : layers_) {
        layer->bind(params_.data() + offset, grads_.data() + offset);
        offset += layer->param_count();
    }
}

void Network::init(uint64_t seed) {
    std::mt19937_64 rng(seed);
    for (size_t i = 0; i < layers_.size(); ++i) {
        const bool before_relu = i + 1 < layers_.size() && arch_.layers[i + 1].type == "relu";
        layers_[i]->init_params(rng, before_relu ? 2.0 : 1.0);
    }
}

void Network::forward(const Matrix& x, std::vector<Matrix>& activations) const {
    activations.resize(layers_.size() + 1);
    activations[0] = x;
    for (size_t i = 0; i < layers_.size(); ++i) layers_[i]->forward(activations[i], activations[i + 1]);
}

void Network::backward(const std::vector<Matrix>& activations, const Matrix& output_grad,
                       std::vector<Matrix>& scratch, Matrix* input_grad) {
    // scratch[i] holds dL/d(input of layer i); two buffers would do, but keeping
    // one per layer avoids reallocations between batches of equal size.
    scratch.resize(layers_.size() + 1);
    scratch[layers_.size()] = output_grad;
    for (size_t i = layers_.size(); i-- > 1;)
        layers_[i]->backward(activations[i], activations[i + 1], scratch[i + 1], scratch[i]);
    if (input_grad) {
        layers_[0]->backward(activations[0], activations[1], scratch[1], *input_grad);
    } else {
        layers_[0]->backward_params(activations[0], activations[1], scratch[1]);
    }
}

Matrix Network::predict(const Matrix& x) const {
    if (x.rows() != arch_.input)
        throw Error(ErrorCode::BadInput, "predict: input has " + std::to_string(x.rows()) +
                                             " features, the network expects " + std::to_string(arch_.input));
    Matrix current = x, next;
    for (const auto& layer : layers_) {
        layer->forward(current, next);
        current.swap(next);
    }
    return current;
}

}  // namespace movienet
