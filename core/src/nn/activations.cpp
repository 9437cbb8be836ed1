#include "movienet/nn/activations.h"

#include "movienet/base/error.h"

namespace movienet {

Activation parse_activation(const std::string& name) {
    if (name == "identity" || name == "linear") return Activation::Identity;
    if (name == "relu") return Activation::Relu;
    if (name == "sigmoid") return Activation::Sigmoid;
    if (name == "tanh") return Activation::Tanh;
    throw Error(ErrorCode::BadInput, "unknown activation \"" + name +
                                         "\" (expected identity, relu, sigmoid or tanh)");
}

const char* activation_name(Activation activation) {
    switch (activation) {
        case Activation::Identity: return "identity";
        case Activation::Relu: return "relu";
        case Activation::Sigmoid: return "sigmoid";
        case Activation::Tanh: return "tanh";
    }
    return "identity";
}

void ActivationLayer::forward(const Matrix& x, Matrix& y) const {
    switch (activation_) {
        case Activation::Identity: y = x; break;
        case Activation::Relu: y = x.cwiseMax(Scalar(0)); break;
        case Activation::Sigmoid: y = x.unaryExpr([](Scalar z) { return stable_sigmoid(z); }); break;
        case Activation::Tanh: y = x.array().tanh().matrix(); break;
    }
}

void ActivationLayer::backward(const Matrix& x, const Matrix& y, const Matrix& dy, Matrix& dx) {
    switch (activation_) {
        case Activation::Identity: dx = dy; break;
        case Activation::Relu:
            dx = (x.array() > Scalar(0)).select(dy, Scalar(0));
            break;
        case Activation::Sigmoid: dx = (dy.array() * y.array() * (Scalar(1) - y.array())).matrix(); break;
        case Activation::Tanh: dx = (dy.array() * (Scalar(1) - y.array().square())).matrix(); break;
    }
}

}  // namespace movienet
