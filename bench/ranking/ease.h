// EASE (Steck, "Embarrassingly Shallow Autoencoders for Sparse Data", WWW
// 2019): a movie-to-movie weight matrix B with a zero diagonal, in closed form
// from the binary viewer x movie matrix X:
//   G = X^T X,  P = (G + lambda I)^-1,  B_ij = -P_ij / P_jj (i != j),  B_jj = 0,
// and a viewer's scores are x_u B.
#pragma once

#include <Eigen/Dense>
#include <Eigen/SparseCore>

#include <vector>

namespace movienet::bench {

// X: one row per viewer, one column per movie, 1 where the viewer rated it.
using BinaryMatrix = Eigen::SparseMatrix<double, Eigen::RowMajor>;

// Builds X from each row's column indices (repeats count once).
// Error(BadInput) if a column lies outside [0, columns).
BinaryMatrix binary_matrix(const std::vector<std::vector<int>>& rows, int columns);

// B by the definition above: one n x n LLT (n = movies). Error(BadInput) if
// lambda <= 0 (G alone may be singular).
Eigen::MatrixXd ease_weights(const BinaryMatrix& x, double lambda);

// X B: the scores of every movie for every row of X (the training viewers
// themselves), solved on the smaller side. With fewer viewers than movies it
// uses the Woodbury identity, exact and O(m^2 n) instead of O(n^3):
//   with K = (X X^T + lambda I)^-1 (m x m),  X P = K X  and
//   P_jj = (1 - x_j^T K x_j) / lambda  (x_j: column j of X), so
//   X B = X - (K X) diag(1 / P_jj)    (B_jj = 0 holds by construction).
// Error(BadInput) if lambda <= 0.
Eigen::MatrixXf ease_row_scores(const BinaryMatrix& x, double lambda);

}  // namespace movienet::bench
