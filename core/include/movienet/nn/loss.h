// Losses over a batch (outputs x batch). value() is the mean over all entries;
// gradient() writes dL/dprediction for that same mean.
#pragma once

#include <memory>
#include <string>

#include "movienet/base/types.h"

namespace movienet {

class Loss {
public:
    virtual ~Loss() = default;
    virtual std::string name() const = 0;
    virtual double value(const Matrix& prediction, const Matrix& target) const = 0;
    virtual void gradient(const Matrix& prediction, const Matrix& target, Matrix& grad) const = 0;
};

class MseLoss : public Loss {
public:
    std::string name() const override { return "mse"; }
    double value(const Matrix& prediction, const Matrix& target) const override;
    void gradient(const Matrix& prediction, const Matrix& target, Matrix& grad) const override;
};

// Binary cross-entropy on logits: stable for any logit, targets in [0, 1].
class BceWithLogitsLoss : public Loss {
public:
    std::string name() const override { return "bce"; }
    double value(const Matrix& logits, const Matrix& target) const override;
    void gradient(const Matrix& logits, const Matrix& target, Matrix& grad) const override;
};

// "mse" or "bce"; Error(BadInput) otherwise.
std::unique_ptr<Loss> make_loss(const std::string& name);

}  // namespace movienet
