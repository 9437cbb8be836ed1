#include "movienet/nn/trainer.h"

#include <chrono>
#include <limits>
#include <numeric>

#include "movienet/base/error.h"

namespace movienet {

namespace {

double evaluate(const Network& net, const Loss& loss, const Matrix& x, const Matrix& y) {
    // In chunks so a large validation set does not need one huge activation matrix.
    constexpr Index chunk = 4096;
    double total = 0;
    for (Index start = 0; start < x.cols(); start += chunk) {
        const Index n = std::min(chunk, x.cols() - start);
        total += loss.value(net.predict(x.middleCols(start, n)), y.middleCols(start, n)) * static_cast<double>(n);
    }
    return total / static_cast<double>(x.cols());
}

}  // namespace

TrainResult fit(Network& net, const Loss& loss, Optimizer& optimizer, const Matrix& x, const Matrix& y,
                const TrainConfig& config, const Matrix* x_validation, const Matrix* y_validation) {
    if (x.rows() != net.input_size())
        throw Error(ErrorCode::BadInput, "fit: x has " + std::to_string(x.rows()) + " features, the network expects " +
                                             std::to_string(net.input_size()));
    if (y.rows() != net.output_size() || y.cols() != x.cols())
        throw Error(ErrorCode::BadInput, "fit: y must be " + std::to_string(net.output_size()) + " x " +
                                             std::to_string(x.cols()));
    if (x.cols() == 0) throw Error(ErrorCode::BadInput, "fit: no training samples");
    if (config.batch_size <= 0 || config.epochs <= 0)
        throw Error(ErrorCode::BadInput, "fit: batch_size and epochs must be positive");
    const bool has_validation = x_validation && y_validation && x_validation->cols() > 0;
    if (has_validation && (x_validation->rows() != x.rows() || y_validation->rows() != y.rows() ||
                           y_validation->cols() != x_validation->cols()))
        throw Error(ErrorCode::BadInput, "fit: validation set shape does not match the training set");

    std::mt19937_64 rng(config.seed);
    const Index n = x.cols(), batches = (n + config.batch_size - 1) / config.batch_size;
    Matrix xb, yb, output_grad;
    std::vector<Matrix> activations, scratch;
    TrainResult result;
    double best = std::numeric_limits<double>::infinity();
    Vector best_params;
    int since_best = 0;

    for (int epoch = 1; epoch <= config.epochs; ++epoch) {
        const auto started = std::chrono::steady_clock::now();
        const auto order = shuffled_indices(n, rng);
        double loss_sum = 0;
        for (Index b = 0; b < batches; ++b) {
            const Index begin = b * config.batch_size, size = std::min(config.batch_size, n - begin);
            xb.resize(x.rows(), size);
            yb.resize(y.rows(), size);
            for (Index k = 0; k < size; ++k) {
                const Index col = order[static_cast<size_t>(begin + k)];
                xb.col(k) = x.col(col);
                yb.col(k) = y.col(col);
            }
            net.forward(xb, activations);
            loss_sum += loss.value(activations.back(), yb);
            loss.gradient(activations.back(), yb, output_grad);
            net.backward(activations, output_grad, scratch);
            optimizer.step(net.params(), net.grads());
            if (config.on_batch) config.on_batch({epoch, b + 1, batches});
        }
        EpochReport report;
        report.epoch = epoch;
        report.epochs = config.epochs;
        report.train_loss = loss_sum / static_cast<double>(batches);
        if (has_validation) {
            report.validation_loss = evaluate(net, loss, *x_validation, *y_validation);
            report.improved = report.validation_loss < best;
        }
        report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        result.epochs.push_back(report);
        if (config.on_epoch) config.on_epoch(report);

        if (!has_validation) {
            result.best_epoch = epoch;
        } else if (report.improved) {
            best = report.validation_loss;
            result.best_epoch = epoch;
            since_best = 0;
            if (config.patience > 0) best_params = net.params();
        } else if (config.patience > 0 && ++since_best >= config.patience) {
            result.stopped_early = true;
            break;
        }
        if (config.should_stop && config.should_stop()) {
            result.stopped_early = true;
            break;
        }
    }
    if (best_params.size() == net.param_count() && result.best_epoch != static_cast<int>(result.epochs.size()))
        net.params() = best_params;
    return result;
}

}  // namespace movienet
