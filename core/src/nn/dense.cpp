#include "movienet/nn/dense.h"

#include <cmath>

namespace movienet {

Dense::Dense(Index n_in, Index n_out) : n_in_(n_in), n_out_(n_out) {}

void Dense::bind(Scalar* params, Scalar* grads) {
    weights_ = params;
    bias_ = params + n_out_ * n_in_;
    grad_weights_ = grads;
    grad_bias_ = grads + n_out_ * n_in_;
}

void Dense::init_params(std::mt19937_64& rng, double fan_gain) {
    // He (gain 2) or LeCun/Glorot-style (gain 1) normal scaled by fan-in.
    const double stddev = std::sqrt(fan_gain / static_cast<double>(n_in_));
    for (Index i = 0; i < n_out_ * n_in_; ++i)
        weights_[i] = static_cast<Scalar>(stddev * portable_normal(rng));
    bias().setZero();
}

void Dense::forward(const Matrix& x, Matrix& y) const {
    y.resize(n_out_, x.cols());
    y.noalias() = weights() * x;
    y.colwise() += bias();
}

void Dense::backward_params(const Matrix& x, const Matrix& /*y*/, const Matrix& dy) {
    MatrixMap(grad_weights_, n_out_, n_in_).noalias() = dy * x.transpose();
    VectorMap(grad_bias_, n_out_) = dy.rowwise().sum();
}

void Dense::backward(const Matrix& x, const Matrix& y, const Matrix& dy, Matrix& dx) {
    backward_params(x, y, dy);
    dx.resize(n_in_, dy.cols());
    dx.noalias() = weights().transpose() * dy;
}

}  // namespace movienet
