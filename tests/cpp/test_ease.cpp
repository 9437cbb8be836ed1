// EASE (bench/ranking/ease.cpp): B on a 4 x 3 matrix computed by hand, and
// the viewer-side (Woodbury) scores against X B on a matrix wider than tall.
#include <doctest/doctest.h>

#include <cmath>
#include <random>

#include "ease.h"
#include "error_check.h"

using movienet::bench::binary_matrix;
using movienet::bench::ease_row_scores;
using movienet::bench::ease_weights;

TEST_CASE("EASE: B of a 4 x 3 matrix, computed by hand") {
    // X (viewers x movies)    G = X^T X          G + I (lambda = 1)
    //   u1: 1 1 0             3 2 2              4 2 2
    //   u2: 1 0 1             2 3 1              2 4 1
    //   u3: 1 1 1             2 1 2              2 1 3
    //   u4: 0 1 0
    // det(G + I) = 4(12 - 1) - 2(6 - 2) + 2(2 - 8) = 24; cofactors give
    //   P = (G + I)^-1 = 1/24 [[11, -4, -6], [-4, 8, 0], [-6, 0, 12]]
    // B_ij = -P_ij / P_jj with P_11 = 11/24, P_22 = 8/24, P_33 = 12/24:
    //   B_12 = 4/8 = 0.5, B_13 = 6/12 = 0.5, B_21 = 4/11, B_23 = 0, B_31 = 6/11, B_32 = 0.
    const auto x = binary_matrix({{0, 1}, {0, 2}, {0, 1, 2}, {1, 1}}, 3);  // u4's repeat counts once
    const Eigen::MatrixXd b = ease_weights(x, 1.0);
    Eigen::MatrixXd expected(3, 3);
    expected << 0, 0.5, 0.5,  //
        4.0 / 11, 0, 0,       //
        6.0 / 11, 0, 0;
    REQUIRE(b.rows() == 3);
    REQUIRE(b.cols() == 3);
    for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 3; ++j) CHECK(std::abs(b(i, j) - expected(i, j)) < 1e-6);
    // Scores x_u B: u4 = [0 1 0] gets B's second row.
    const Eigen::MatrixXf scores = ease_row_scores(x, 1.0);
    CHECK(scores(3, 0) == doctest::Approx(4.0 / 11).epsilon(1e-6));
    CHECK(scores(3, 1) == doctest::Approx(0.0).epsilon(1e-6));
    CHECK(scores(3, 2) == doctest::Approx(0.0).epsilon(1e-6));
    // u1 = [1 1 0]: rows 1 + 2 of B.
    CHECK(scores(0, 0) == doctest::Approx(4.0 / 11).epsilon(1e-6));
    CHECK(scores(0, 1) == doctest::Approx(0.5).epsilon(1e-6));
    CHECK(scores(0, 2) == doctest::Approx(0.5).epsilon(1e-6));
}

TEST_CASE("EASE: viewer-side scores equal X B when movies outnumber viewers") {
    std::mt19937_64 rng(3);
    std::vector<std::vector<int>> rows(6);
    for (auto& row : rows)
        for (int movie = 0; movie < 15; ++movie)
            if (rng() % 3 == 0) row.push_back(movie);
    const auto x = binary_matrix(rows, 15);
    for (double lambda : {0.5, 10.0, 300.0}) {
        const Eigen::MatrixXd reference = x * ease_weights(x, lambda);
        const Eigen::MatrixXf scores = ease_row_scores(x, lambda);
        REQUIRE(scores.rows() == 6);
        REQUIRE(scores.cols() == 15);
        CHECK((scores.cast<double>() - reference).cwiseAbs().maxCoeff() < 1e-6);
    }
}

TEST_CASE("EASE: invalid input is named") {
    CHECK_MOVIENET_ERROR(binary_matrix({{0, 3}}, 3), movienet::ErrorCode::BadInput, "column 3 of row 0 is outside [0, 3)");
    const auto x = binary_matrix({{0}}, 1);
    CHECK_MOVIENET_ERROR(ease_weights(x, 0.0), movienet::ErrorCode::BadInput, "lambda must be > 0");
    CHECK_MOVIENET_ERROR(ease_row_scores(x, -1.0), movienet::ErrorCode::BadInput, "lambda must be > 0");
}
