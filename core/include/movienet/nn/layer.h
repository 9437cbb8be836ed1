// The layer contract (after mlpack, simplified): layers hold no hidden caches.
// forward(x, y): x is in x batch, one sample per column.
// backward(x, y, dy, dx): given the forward's input and output and dL/dy, writes
// dL/dx and *overwrites* the layer's parameter gradients.
#pragma once

#include <memory>
#include <random>
#include <string>

#include "movienet/base/random.h"
#include "movienet/base/types.h"

namespace movienet {

class Layer {
public:
    virtual ~Layer() = default;

    virtual std::string type_name() const = 0;
    virtual Index input_size() const = 0;
    virtual Index output_size() const = 0;

    // Trainable parameters live in the owning Network's flat buffers; a layer
    // with parameters gets views into them through bind().
    virtual Index param_count() const { return 0; }
    virtual void bind(Scalar* /*params*/, Scalar* /*grads*/) {}
    // fan_gain: 2 for He initialisation (before ReLU), 1 for Glorot-style.
    virtual void init_params(std::mt19937_64& /*rng*/, double /*fan_gain*/) {}

    virtual void forward(const Matrix& x, Matrix& y) const = 0;
    virtual void backward(const Matrix& x, const Matrix& y, const Matrix& dy, Matrix& dx) = 0;
    // backward() without dL/dx, for the first layer of a network: a dense
    // layer then skips its largest product.
    virtual void backward_params(const Matrix& x, const Matrix& y, const Matrix& dy) {
        Matrix unused;
        backward(x, y, dy, unused);
    }
};

using LayerPtr = std::unique_ptr<Layer>;

}  // namespace movienet
