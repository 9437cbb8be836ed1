#include "movienet/rec/rating_trainer.h"

#include <chrono>
#include <cmath>

#include "movienet/base/error.h"
#include "movienet/rec/arch_trainer.h"
#include "movienet/rec/checkpoint.h"
#include "movienet/rec/evaluation.h"

namespace movienet {

RatingTrainResult train_rating_model(const Dataset& dataset, const std::vector<Rating>& training,
                                     const RatingTrainOptions& options, const RatingTrainCallbacks& callbacks,
                                     const std::string& resume_checkpoint) {
    if (training.empty()) throw Error(ErrorCode::BadInput, "train: no training ratings");
    const ArchTraining& arch = arch_training(options.arch);
    const int epochs = options.epochs > 0 ? options.epochs : arch.default_epochs;

    // Validation holdout from the training ratings only (never the test files).
    std::vector<Rating> fit_part, validation;
    std::mt19937_64 split_rng(options.seed ^ 0x9e3779b97f4a7c15ULL);
    for (const auto& r : training)
        (portable_uniform(split_rng) < options.validation_fraction ? validation : fit_part).push_back(r);
    if (fit_part.empty()) throw Error(ErrorCode::BadInput, "train: the validation fraction leaves no ratings to train on");

    RatingTrainResult result;
    RatingModel& model = result.model;
    model.catalogue = make_catalogue(dataset, fit_part);
    model.scale = dataset.scale;
    double sum = 0;
    for (const auto& r : fit_part) sum += r.rating;
    model.global_mean = static_cast<float>(sum / static_cast<double>(fit_part.size()));
    const std::unique_ptr<ArchTrainer> trainer = arch.start(model, fit_part, options);

    TrainingState state;
    state.rng.seed(options.seed);
    const std::string fingerprint = training_fingerprint(training, options);
    if (!resume_checkpoint.empty()) load_checkpoint(resume_checkpoint, fingerprint, epochs, state, *trainer, model);

    // Also after resuming a run that had already stopped early.
    bool stopped_early = options.patience > 0 && state.since_best >= options.patience;
    while (state.epoch < epochs && !stopped_early) {
        const int epoch = state.epoch + 1;
        const auto started = std::chrono::steady_clock::now();
        bool interrupted = false;
        const double train_mse = trainer->train_epoch(
            state.rng,
            [&](double fraction) {
                if (callbacks.on_progress) callbacks.on_progress(epoch, fraction);
            },
            callbacks.should_stop, interrupted);
        if (interrupted) {
            // The epoch is incomplete: keep the last checkpoint as it is.
            result.interrupted = true;
            break;
        }
        RatingEpochReport report;
        report.epoch = epoch;
        report.epochs = epochs;
        report.train_rmse = std::sqrt(train_mse);
        if (!validation.empty()) report.validation_rmse = evaluate_ratings(model, fit_part, validation).rmse;
        report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        const double score = validation.empty() ? -epoch : report.validation_rmse;  // no holdout: the last epoch wins
        report.improved = score < state.best_rmse;
        state.epoch = epoch;
        if (report.improved) {
            state.best_rmse = score;
            state.best_epoch = epoch;
            state.best_params = model.arch->params();
            state.since_best = 0;
        } else if (options.patience > 0 && ++state.since_best >= options.patience) {
            stopped_early = true;
        }
        state.epochs.push_back(report);
        if (!options.checkpoint_path.empty()) save_checkpoint(options.checkpoint_path, fingerprint, state, *trainer, model);
        if (callbacks.on_epoch) callbacks.on_epoch(report);
    }

    if (state.best_params.size() > 0) model.arch->set_params(state.best_params);
    result.epochs = state.epochs;
    result.best_epoch = state.best_epoch;
    Json metadata = options.metadata;
    metadata["arch"] = model.arch->name();
    metadata["epochs_run"] = state.epoch;
    metadata["best_epoch"] = state.best_epoch;
    metadata["seed"] = options.seed;
    metadata["training_ratings"] = fit_part.size();
    metadata["validation_ratings"] = validation.size();
    if (!validation.empty() && state.best_epoch > 0) {
        const RatingMetrics m = evaluate_ratings(model, fit_part, validation);
        metadata["validation_rmse"] = m.rmse;
        metadata["validation_mae"] = m.mae;
    }
    const Json hyperparameters = trainer->hyperparameters();
    if (!hyperparameters.is_null()) metadata["hyperparameters"] = hyperparameters;

    if (options.watch_head && !result.interrupted) {
        WatchFitOptions watch = options.watch;
        watch.seed = options.seed;
        WatchFitCallbacks watch_callbacks{callbacks.on_watch_epoch, callbacks.on_watch_progress, callbacks.should_stop};
        WatchFitResult fitted = fit_watch_model(model.catalogue, training, watch, watch_callbacks);
        if (!fitted.model) {
            result.interrupted = true;
        } else {
            model.watch = std::move(fitted.model);
            result.watch_epochs = fitted.epochs;
            metadata["watch"] = {{"epochs", fitted.epochs},
                                 {"validation_ndcg10", fitted.validation_ndcg},
                                 {"validation_viewers", fitted.validation_viewers},
                                 {"dim", watch.model.dim},
                                 {"recent", watch.model.recent},
                                 {"tied", watch.model.tied},
                                 {"learning_rate", watch.training.learning_rate},
                                 {"batch", watch.training.batch},
                                 {"positions_per_viewer", watch.training.positions_per_viewer}};
        }
    }
    model.metadata_json = dump_json(metadata);
    return result;
}

}  // namespace movienet
