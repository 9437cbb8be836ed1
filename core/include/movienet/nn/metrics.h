// Regression metrics over predictions and targets of equal size.
#pragma once

#include "movienet/base/types.h"

namespace movienet {

double mse(const Matrix& prediction, const Matrix& target);
double rmse(const Matrix& prediction, const Matrix& target);
double mae(const Matrix& prediction, const Matrix& target);

}  // namespace movienet
