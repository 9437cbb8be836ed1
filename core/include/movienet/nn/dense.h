// Dense (fully connected) layer: y = W x + b, W is units x inputs.
#pragma once

#include "movienet/nn/layer.h"

namespace movienet {

class Dense : public Layer {
public:
    Dense(Index n_in, Index n_out);

    std::string type_name() const override { return "dense"; }
    Index input_size() const override { return n_in_; }
    Index output_size() const override { return n_out_; }
    Index param_count() const override { return n_out_ * n_in_ + n_out_; }
    void bind(Scalar* params, Scalar* grads) override;
    void init_params(std::mt19937_64& rng, double fan_gain) override;

    void forward(const Matrix& x, Matrix& y) const override;
    void backward(const Matrix& x, const Matrix& y, const Matrix& dy, Matrix& dx) override;
    void backward_params(const Matrix& x, const Matrix& y, const Matrix& dy) override;

    MatrixMap weights() { return {weights_, n_out_, n_in_}; }
    ConstMatrixMap weights() const { return {weights_, n_out_, n_in_}; }
    VectorMap bias() { return {bias_, n_out_}; }
    ConstVectorMap bias() const { return {bias_, n_out_}; }

private:
    Index n_in_, n_out_;
    Scalar* weights_ = nullptr;
    Scalar* bias_ = nullptr;
    Scalar* grad_weights_ = nullptr;
    Scalar* grad_bias_ = nullptr;
};

}  // namespace movienet
