// The trainer: the seed MLP learns a teacher function, runs are bit-for-bit
// reproducible, and early stopping hands back the best epoch's weights.
#include <doctest/doctest.h>

#include <Eigen/Dense>
#include <algorithm>
#include <cstring>

#include "error_check.h"
#include "movienet/nn/metrics.h"
#include "movienet/nn/synthetic.h"
#include "movienet/nn/trainer.h"

using namespace movienet;

namespace {

Network seed_mlp(Index features = 100, uint64_t seed = 1) {
    Network net(parse_architecture_spec(features, "64relu,64relu,1"));
    net.init(seed);
    return net;
}

#ifdef NDEBUG
// Least squares with an intercept, in double: the best any linear model can do.
double linear_model_mse(const Matrix& x, const Matrix& y, const Matrix& x_test, const Matrix& y_test) {
    auto design = [](const Matrix& features) {
        Eigen::MatrixXd a(features.cols(), features.rows() + 1);
        a.leftCols(features.rows()) = features.transpose().cast<double>();
        a.rightCols(1).setOnes();
        return a;
    };
    const Eigen::MatrixXd a = design(x);
    const Eigen::VectorXd w = (a.transpose() * a).ldlt().solve(a.transpose() * y.transpose().cast<double>());
    return (design(x_test) * w - y_test.transpose().cast<double>()).squaredNorm() / double(x_test.cols());
}
#endif

bool bit_identical(const Network& a, const Network& b) {
    return a.param_count() == b.param_count() &&
           std::memcmp(a.params().data(), b.params().data(), sizeof(Scalar) * size_t(a.param_count())) == 0;
}

}  // namespace

TEST_CASE("the seed MLP learns the teacher function better than any linear model") {
    // y = 32 tanh units of x (x ~ N(0, I_100), pre-activations ~ N(0, 1)) + N(0, 0.05^2).
    // Predicting the mean scores var(y) ~ 0.44. tanh is close to linear on N(0, 1), so
    // least squares already explains ~92% (MSE ~ 0.037); the noise floor is 0.0025.
    // Beating the linear fit by 20% therefore shows the MLP learned the non-linear
    // part, not just the linear trend. Measured (Release, x86-64): 0.025 vs 0.036.
#ifdef NDEBUG
    const Index n_train = 80000, n_validation = 4000;
    const int epochs = 4;
#else
    // Unoptimised (Debug / sanitizer) builds run Eigen ~60x slower: the same code
    // path on a smaller problem, with a looser bar (learning clearly happened).
    const Index n_train = 4000, n_validation = 1000;
    const int epochs = 3;
#endif
    const SyntheticData data = make_teacher_data(n_train + n_validation, 100, 42, 0.05);
    const Matrix x = data.x.leftCols(n_train), y = data.y.leftCols(n_train);
    const Matrix xv = data.x.rightCols(n_validation), yv = data.y.rightCols(n_validation);
    const double variance = (yv.array() - yv.mean()).square().mean();

    Network net = seed_mlp();
    Adam adam;  // learning rate 1e-3
    MseLoss loss;
    TrainConfig config;
    config.epochs = epochs;
    config.batch_size = 32;
    const TrainResult result = fit(net, loss, adam, x, y, config, &xv, &yv);
    REQUIRE(result.epochs.size() == size_t(epochs));
    const double validation_mse = mse(net.predict(xv), yv);
    CHECK(validation_mse == doctest::Approx(result.epochs.back().validation_loss).epsilon(1e-6));
    for (size_t e = 1; e < result.epochs.size(); ++e) CHECK(result.epochs[e].train_loss < result.epochs[e - 1].train_loss);
    CAPTURE(variance);
    CAPTURE(validation_mse);
#ifdef NDEBUG
    const double linear = linear_model_mse(x, y, xv, yv);
    CAPTURE(linear);
    CHECK(validation_mse < 0.8 * linear);
    CHECK(validation_mse < 0.1 * variance);
#else
    CHECK(validation_mse < 0.4 * variance);
#endif
}

TEST_CASE("the same seed and data give bit-identical weights") {
    const SyntheticData data = make_teacher_data(600, 20, 3);
    auto train = [&](uint64_t init_seed, uint64_t shuffle_seed) {
        Network net = seed_mlp(20, init_seed);
        Adam adam;
        MseLoss loss;
        TrainConfig config;
        config.epochs = 2;
        config.seed = shuffle_seed;
        fit(net, loss, adam, data.x, data.y, config);
        return net;
    };
    const Network a = train(1, 1), b = train(1, 1);
    CHECK(bit_identical(a, b));
    CHECK_FALSE(bit_identical(a, train(2, 1)));  // another initialisation
    CHECK_FALSE(bit_identical(a, train(1, 2)));  // another batch order
}

TEST_CASE("early stopping stops after `patience` epochs without improvement and restores the best epoch") {
    // A small, very noisy training set and a learning rate of 1e-2: the network
    // first learns the signal, then memorises the noise, and the clean validation
    // loss turns back up.
    const SyntheticData train_data = make_teacher_data(300, 20, 5, 1.0);
    const SyntheticData clean = make_teacher_data(500, 20, 5, 0.0);
    Network net = seed_mlp(20);
    AdamConfig adam_config;
    adam_config.learning_rate = 1e-2;
    Adam adam(adam_config);
    MseLoss loss;
    TrainConfig config;
    config.epochs = 200;
    config.patience = 3;
    std::vector<Vector> snapshots;  // the weights at the end of each epoch
    config.on_epoch = [&](const EpochReport&) { snapshots.push_back(net.params()); };
    const TrainResult result = fit(net, loss, adam, train_data.x, train_data.y, config, &clean.x, &clean.y);

    REQUIRE(result.stopped_early);
    REQUIRE(result.best_epoch >= 2);  // otherwise the scenario tests nothing
    CHECK(result.epochs.size() == size_t(result.best_epoch + config.patience));
    CHECK(result.epochs[size_t(result.best_epoch - 1)].improved);
    for (int e = result.best_epoch; e < int(result.epochs.size()); ++e) {
        CHECK_FALSE(result.epochs[size_t(e)].improved);
        CHECK(result.epochs[size_t(e)].validation_loss >= result.epochs[size_t(result.best_epoch - 1)].validation_loss);
    }
    // The network holds exactly the best epoch's weights, not the last ones.
    CHECK(net.params() == snapshots[size_t(result.best_epoch - 1)]);
    CHECK(net.params() != snapshots.back());
    CHECK(mse(net.predict(clean.x), clean.y) ==
          doctest::Approx(result.epochs[size_t(result.best_epoch - 1)].validation_loss).epsilon(1e-6));
}

TEST_CASE("without patience the last epoch's weights are kept") {
    const SyntheticData data = make_teacher_data(200, 10, 6, 1.0);
    Network net = seed_mlp(10);
    AdamConfig adam_config;
    adam_config.learning_rate = 1e-2;
    Adam adam(adam_config);
    MseLoss loss;
    TrainConfig config;
    config.epochs = 5;
    Vector last;
    config.on_epoch = [&](const EpochReport&) { last = net.params(); };
    const TrainResult result = fit(net, loss, adam, data.x, data.y, config, &data.x, &data.y);
    CHECK_FALSE(result.stopped_early);
    CHECK(result.epochs.size() == 5);
    CHECK(net.params() == last);
}

TEST_CASE("progress callbacks, batch counts and stopping on request") {
    const SyntheticData data = make_teacher_data(100, 4, 7);
    Network net(parse_architecture_spec(4, "3tanh,1"));
    net.init(1);
    Sgd sgd(0.01);
    MseLoss loss;
    TrainConfig config;
    config.epochs = 10;
    config.batch_size = 32;  // 100 rows: 3 full batches and one of 4
    std::vector<BatchReport> batches;
    std::vector<EpochReport> epochs;
    config.on_batch = [&](const BatchReport& r) { batches.push_back(r); };
    config.on_epoch = [&](const EpochReport& r) { epochs.push_back(r); };
    config.should_stop = [&] { return epochs.size() == 2; };
    const TrainResult result = fit(net, loss, sgd, data.x, data.y, config);
    CHECK(result.stopped_early);
    REQUIRE(epochs.size() == 2);
    CHECK(epochs[1].epoch == 2);
    CHECK(epochs[1].epochs == 10);
    CHECK(epochs[1].validation_loss < 0);  // no validation set
    CHECK(epochs[1].seconds >= 0);
    REQUIRE(batches.size() == 8);
    CHECK(batches[3].batch == 4);
    CHECK(batches[3].batches == 4);
    CHECK(batches[4].epoch == 2);
    CHECK(sgd.steps() == 8);  // one optimiser step per batch, the short one included
    CHECK(result.best_epoch == 2);
}

TEST_CASE("fit rejects inconsistent shapes and settings") {
    Network net = seed_mlp(5);
    Adam adam;
    MseLoss loss;
    TrainConfig config;
    const Matrix x = Matrix::Zero(5, 10), y = Matrix::Zero(1, 10);
    CHECK_MOVIENET_ERROR(fit(net, loss, adam, Matrix::Zero(4, 10), y, config), ErrorCode::BadInput,
                         "x has 4 features, the network expects 5");
    CHECK_MOVIENET_ERROR(fit(net, loss, adam, x, Matrix::Zero(1, 9), config), ErrorCode::BadInput, "y must be 1 x 10");
    CHECK_MOVIENET_ERROR(fit(net, loss, adam, Matrix::Zero(5, 0), Matrix::Zero(1, 0), config), ErrorCode::BadInput,
                         "no training samples");
    config.batch_size = 0;
    CHECK_MOVIENET_ERROR(fit(net, loss, adam, x, y, config), ErrorCode::BadInput, "batch_size and epochs must be positive");
    config.batch_size = 32;
    const Matrix xv = Matrix::Zero(6, 3), yv = Matrix::Zero(1, 3);
    CHECK_MOVIENET_ERROR(fit(net, loss, adam, x, y, config, &xv, &yv), ErrorCode::BadInput,
                         "validation set shape does not match");
}

TEST_CASE("shuffled_indices is a seeded permutation, identical on every platform") {
    std::mt19937_64 rng(1);
    const auto order = shuffled_indices(1000, rng);
    std::vector<Index> sorted = order;
    std::sort(sorted.begin(), sorted.end());
    for (Index i = 0; i < 1000; ++i) CHECK(sorted[size_t(i)] == i);
    std::mt19937_64 same(1);
    CHECK(shuffled_indices(1000, same) == order);
    // mt19937_64 and the Fisher-Yates loop are fully specified, so this is a
    // golden value (reproduced by an independent pure-Python mt19937_64): if it
    // changes, saved experiments stop being reproducible.
    std::mt19937_64 golden(1);
    CHECK(shuffled_indices(8, golden) == std::vector<Index>{4, 6, 3, 5, 1, 7, 2, 0});
}
