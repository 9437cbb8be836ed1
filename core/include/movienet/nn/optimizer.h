// Optimisers over one flat parameter buffer: every update is a vector expression.
#pragma once

#include <memory>
#include <string>

#include "movienet/base/types.h"

namespace movienet {

class Optimizer {
public:
    virtual ~Optimizer() = default;
    // One update of params from grads; increments the step counter once.
    virtual void step(Eigen::Ref<Vector> params, const Eigen::Ref<const Vector>& grads) = 0;
    long steps() const { return t_; }
    double learning_rate = 1e-3;

protected:
    long t_ = 0;
};

class Sgd : public Optimizer {
public:
    explicit Sgd(double lr, double momentum = 0.0) : momentum_(momentum) { learning_rate = lr; }
    // v <- momentum v + g;  p <- p - lr v   (PyTorch's convention)
    void step(Eigen::Ref<Vector> params, const Eigen::Ref<const Vector>& grads) override;

private:
    double momentum_;
    Vector velocity_;
};

struct AdamConfig {
    double learning_rate = 1e-3;
    double beta1 = 0.9, beta2 = 0.999, epsilon = 1e-7;  // Keras' epsilon, as the reference
    double weight_decay = 0.0;  // decoupled (AdamW): p <- p - lr wd p
};

class Adam : public Optimizer {
public:
    explicit Adam(const AdamConfig& config = {});
    void step(Eigen::Ref<Vector> params, const Eigen::Ref<const Vector>& grads) override;

    // Moment estimates, exposed for checkpoints.
    Vector& first_moment() { return m_; }
    Vector& second_moment() { return v_; }
    void set_steps(long t) { t_ = t; }

private:
    AdamConfig config_;
    Vector m_, v_;
};

}  // namespace movienet
