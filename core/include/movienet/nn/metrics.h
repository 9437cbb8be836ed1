// Regression metrics over predictions and targets of equal size.
#pragma once

#include <cstddef>

#include "movienet/base/types.h"

namespace movienet {

// Running error sums, for predictions made one at a time (no matrix to hold
// them); summed in the order added, in double precision.
struct ErrorSums {
    double squared = 0, absolute = 0;
    size_t count = 0;

    void add(float prediction, float target);
    double mse() const;
    double rmse() const;
    double mae() const;
};

double mse(const Matrix& prediction, const Matrix& target);
double rmse(const Matrix& prediction, const Matrix& target);
double mae(const Matrix& prediction, const Matrix& target);

}  // namespace movienet
