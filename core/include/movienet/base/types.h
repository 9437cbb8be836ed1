// Numeric types shared by the whole core. Matrices are column-major with one
// sample per column (features x batch), so a batch is contiguous per sample.
#pragma once

#include <Eigen/Core>

namespace movienet {

using Scalar = float;
using Index = Eigen::Index;
using Matrix = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>;
using Vector = Eigen::Matrix<Scalar, Eigen::Dynamic, 1>;
using MatrixMap = Eigen::Map<Matrix>;
using ConstMatrixMap = Eigen::Map<const Matrix>;
using VectorMap = Eigen::Map<Vector>;
using ConstVectorMap = Eigen::Map<const Vector>;

}  // namespace movienet
