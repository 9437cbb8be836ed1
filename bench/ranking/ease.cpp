#include "ease.h"

#include <string>

#include "movienet/base/error.h"

namespace movienet::bench {

namespace {

void check_lambda(double lambda) {
    if (!(lambda > 0)) throw Error(ErrorCode::BadInput, "EASE: lambda must be > 0, got " + std::to_string(lambda));
}

// (S + lambda I)^-1 of a symmetric positive semi-definite S.
Eigen::MatrixXd regularised_inverse(Eigen::MatrixXd s, double lambda) {
    s.diagonal().array() += lambda;
    const Eigen::LLT<Eigen::MatrixXd> llt(s);
    if (llt.info() != Eigen::Success)
        throw Error(ErrorCode::BadInput, "EASE: the regularised Gram matrix is not positive definite (lambda " +
                                             std::to_string(lambda) + ")");
    return llt.solve(Eigen::MatrixXd::Identity(s.rows(), s.cols()));
}

}  // namespace

BinaryMatrix binary_matrix(const std::vector<std::vector<int>>& rows, int columns) {
    std::vector<Eigen::Triplet<double>> ones;
    for (size_t r = 0; r < rows.size(); ++r)
        for (int c : rows[r]) {
            if (c < 0 || c >= columns)
                throw Error(ErrorCode::BadInput, "EASE: column " + std::to_string(c) + " of row " + std::to_string(r) +
                                                     " is outside [0, " + std::to_string(columns) + ")");
            ones.emplace_back(static_cast<Eigen::Index>(r), c, 1.0);
        }
    BinaryMatrix x(static_cast<Eigen::Index>(rows.size()), columns);
    x.setFromTriplets(ones.begin(), ones.end(), [](double a, double) { return a; });  // a repeat stays 1
    return x;
}

Eigen::MatrixXd ease_weights(const BinaryMatrix& x, double lambda) {
    check_lambda(lambda);
    const Eigen::MatrixXd gram = Eigen::MatrixXd(Eigen::SparseMatrix<double>(x.transpose() * x));
    const Eigen::MatrixXd p = regularised_inverse(gram, lambda);
    Eigen::MatrixXd b = -p * p.diagonal().cwiseInverse().asDiagonal();
    b.diagonal().setZero();
    return b;
}

Eigen::MatrixXf ease_row_scores(const BinaryMatrix& x, double lambda) {
    check_lambda(lambda);
    if (x.cols() <= x.rows()) return (x * ease_weights(x, lambda)).cast<float>();
    const Eigen::MatrixXd outer = Eigen::MatrixXd(Eigen::SparseMatrix<double>(x * x.transpose()));
    const Eigen::MatrixXd k = regularised_inverse(outer, lambda);
    const Eigen::MatrixXd kx = k * x;  // = X P
    // P_jj = (1 - sum_u X_uj (K X)_uj) / lambda
    Eigen::VectorXd p_diagonal = Eigen::VectorXd::Ones(x.cols());
    for (Eigen::Index row = 0; row < x.outerSize(); ++row)
        for (BinaryMatrix::InnerIterator it(x, row); it; ++it) p_diagonal(it.col()) -= it.value() * kx(row, it.col());
    p_diagonal /= lambda;
    Eigen::MatrixXd scores = -kx * p_diagonal.cwiseInverse().asDiagonal();
    scores += x;
    return scores.cast<float>();
}

}  // namespace movienet::bench
