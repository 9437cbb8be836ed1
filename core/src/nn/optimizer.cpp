#include "movienet/nn/optimizer.h"

#include <cmath>

namespace movienet {

void Sgd::step(Eigen::Ref<Vector> params, const Eigen::Ref<const Vector>& grads) {
    ++t_;
    const auto lr = static_cast<Scalar>(learning_rate);
    if (momentum_ == 0.0) {
        params -= lr * grads;
        return;
    }
    if (velocity_.size() != params.size()) velocity_ = Vector::Zero(params.size());
    velocity_ = static_cast<Scalar>(momentum_) * velocity_ + grads;
    params -= lr * velocity_;
}

Adam::Adam(const AdamConfig& config) : config_(config) { learning_rate = config.learning_rate; }

void Adam::step(Eigen::Ref<Vector> params, const Eigen::Ref<const Vector>& grads) {
    if (m_.size() != params.size()) {
        m_ = Vector::Zero(params.size());
        v_ = Vector::Zero(params.size());
    }
    ++t_;
    const auto b1 = static_cast<Scalar>(config_.beta1), b2 = static_cast<Scalar>(config_.beta2);
    m_ = b1 * m_ + (1 - b1) * grads;
    v_ = b2 * v_ + (1 - b2) * grads.cwiseProduct(grads);
    // Bias correction folded into the step size, as in Kingma & Ba (Algorithm 1, last lines).
    const double correction = std::sqrt(1 - std::pow(config_.beta2, t_)) / (1 - std::pow(config_.beta1, t_));
    const auto step_size = static_cast<Scalar>(learning_rate * correction);
    const auto eps = static_cast<Scalar>(config_.epsilon * std::sqrt(1 - std::pow(config_.beta2, t_)));
    if (config_.weight_decay != 0.0)
        params *= static_cast<Scalar>(1 - learning_rate * config_.weight_decay);
    params.array() -= step_size * m_.array() / (v_.array().sqrt() + eps);
}

}  // namespace movienet
