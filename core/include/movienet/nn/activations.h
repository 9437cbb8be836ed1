// Element-wise activation layers. Each backward uses the forward output y
// where that is cheaper than recomputing from x.
#pragma once

#include "movienet/nn/layer.h"

namespace movienet {

enum class Activation { Identity, Relu, Sigmoid, Tanh };

// "identity" (alias "linear"), "relu", "sigmoid", "tanh"; Error(BadInput) otherwise.
Activation parse_activation(const std::string& name);
const char* activation_name(Activation activation);

class ActivationLayer : public Layer {
public:
    ActivationLayer(Activation activation, Index size) : activation_(activation), size_(size) {}

    Activation activation() const { return activation_; }
    std::string type_name() const override { return activation_name(activation_); }
    Index input_size() const override { return size_; }
    Index output_size() const override { return size_; }

    void forward(const Matrix& x, Matrix& y) const override;
    void backward(const Matrix& x, const Matrix& y, const Matrix& dy, Matrix& dx) override;

private:
    Activation activation_;
    Index size_;
};

// Numerically stable logistic function, shared by Sigmoid and the BCE loss.
inline Scalar stable_sigmoid(Scalar z) {
    if (z >= 0) return Scalar(1) / (Scalar(1) + std::exp(-z));
    const Scalar e = std::exp(z);
    return e / (Scalar(1) + e);
}

}  // namespace movienet
