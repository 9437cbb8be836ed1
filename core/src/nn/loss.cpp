#include "movienet/nn/loss.h"

#include <cmath>

#include "movienet/nn/activations.h"
#include "movienet/base/error.h"

namespace movienet {

double MseLoss::value(const Matrix& prediction, const Matrix& target) const {
    return (prediction - target).cast<double>().squaredNorm() / static_cast<double>(prediction.size());
}

void MseLoss::gradient(const Matrix& prediction, const Matrix& target, Matrix& grad) const {
    grad = (Scalar(2) / static_cast<Scalar>(prediction.size())) * (prediction - target);
}

double BceWithLogitsLoss::value(const Matrix& logits, const Matrix& target) const {
    // max(z, 0) - z t + log(1 + exp(-|z|)) never overflows.
    double sum = 0;
    for (Index i = 0; i < logits.size(); ++i) {
        const double z = logits.data()[i], t = target.data()[i];
        sum += std::max(z, 0.0) - z * t + std::log1p(std::exp(-std::abs(z)));
    }
    return sum / static_cast<double>(logits.size());
}

void BceWithLogitsLoss::gradient(const Matrix& logits, const Matrix& target, Matrix& grad) const {
    const Scalar scale = Scalar(1) / static_cast<Scalar>(logits.size());
    grad = logits.binaryExpr(target, [scale](Scalar z, Scalar t) { return scale * (stable_sigmoid(z) - t); });
}

std::unique_ptr<Loss> make_loss(const std::string& name) {
    if (name == "mse") return std::make_unique<MseLoss>();
    if (name == "bce") return std::make_unique<BceWithLogitsLoss>();
    throw Error(ErrorCode::BadInput, "unknown loss \"" + name + "\" (expected mse or bce)");
}

}  // namespace movienet
