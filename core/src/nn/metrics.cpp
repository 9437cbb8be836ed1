#include "movienet/nn/metrics.h"

#include <cmath>

#include "movienet/base/error.h"

namespace movienet {

namespace {
void check_sizes(const Matrix& prediction, const Matrix& target) {
    if (prediction.rows() != target.rows() || prediction.cols() != target.cols() || prediction.size() == 0)
        throw Error(ErrorCode::BadInput, "metrics: prediction and target must be non-empty and of equal shape");
}
}  // namespace

void ErrorSums::add(float prediction, float target) {
    const double error = prediction - target;
    squared += error * error;
    absolute += std::abs(error);
    ++count;
}

double ErrorSums::mse() const { return squared / static_cast<double>(count); }
double ErrorSums::rmse() const { return std::sqrt(mse()); }
double ErrorSums::mae() const { return absolute / static_cast<double>(count); }

double mse(const Matrix& prediction, const Matrix& target) {
    check_sizes(prediction, target);
    return (prediction - target).cast<double>().squaredNorm() / static_cast<double>(prediction.size());
}

double rmse(const Matrix& prediction, const Matrix& target) { return std::sqrt(mse(prediction, target)); }

double mae(const Matrix& prediction, const Matrix& target) {
    check_sizes(prediction, target);
    return (prediction - target).cast<double>().cwiseAbs().sum() / static_cast<double>(prediction.size());
}

}  // namespace movienet
