// A sequential network built from a description, owning one contiguous
// parameter buffer and one gradient buffer that its layers view into.
//
//   Architecture arch = parse_architecture_spec(100, "64relu,64relu,1");
//   Network net(arch);  net.init(seed);
//   net.predict(x);     // x: 100 x batch
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "movienet/nn/activations.h"
#include "movienet/base/error.h"
#include "movienet/nn/layer.h"

namespace movienet {

struct LayerSpec {
    std::string type;  // "dense" or an activation name
    Index units = 0;   // dense only
};

struct Architecture {
    Index input = 0;
    std::vector<LayerSpec> layers;

    Index output_size() const;
    Index param_count() const;  // weights and biases of all dense layers
    // Compact form, e.g. "64relu,64relu,1" (a dense of 64 then ReLU, ..., a dense of 1).
    std::string spec() const;
};

// "64relu,64relu,1": comma-separated dense widths, each optionally followed by
// an activation name. Error(BadInput) naming the bad item.
Architecture parse_architecture_spec(Index input, const std::string& spec);
// Checks sizes, types and that every layer is known; Error(code) naming the layer.
void validate_architecture(const Architecture& arch, ErrorCode code);

class Network {
public:
    explicit Network(const Architecture& arch);
    Network(const Network& other);
    Network& operator=(const Network& other);
    Network(Network&&) = default;
    Network& operator=(Network&&) = default;

    const Architecture& architecture() const { return arch_; }
    Index input_size() const { return arch_.input; }
    Index output_size() const { return arch_.output_size(); }
    Index param_count() const { return params_.size(); }
    const std::vector<LayerPtr>& layers() const { return layers_; }

    // He initialisation for dense layers followed by ReLU, LeCun-normal otherwise.
    void init(uint64_t seed);

    VectorMap params() { return {params_.data(), params_.size()}; }
    ConstVectorMap params() const { return {params_.data(), params_.size()}; }
    VectorMap grads() { return {grads_.data(), grads_.size()}; }
    ConstVectorMap grads() const { return {grads_.data(), grads_.size()}; }

    // Forward pass keeping every layer's output in activations (for backward).
    // activations[0] is x, activations[i+1] the output of layer i.
    void forward(const Matrix& x, std::vector<Matrix>& activations) const;
    // Backward from dL/doutput; fills grads() and, if wanted, dL/dx in input_grad.
    void backward(const std::vector<Matrix>& activations, const Matrix& output_grad,
                  std::vector<Matrix>& scratch, Matrix* input_grad = nullptr);
    Matrix predict(const Matrix& x) const;

private:
    void build();

    Architecture arch_;
    std::vector<LayerPtr> layers_;
    Vector params_, grads_;
};

}  // namespace movienet
