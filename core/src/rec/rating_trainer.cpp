#include "movienet/rec/rating_trainer.h"

#include <chrono>
#include <cmath>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "movienet/base/error.h"
#include "movienet/rec/arch_trainer.h"
#include "movienet/rec/checkpoint.h"
#include "movienet/rec/evaluation.h"

namespace movienet {

namespace {

// Freed blocks of many small vectors (the grouped ratings) stay in the heap
// and in the RSS until the allocator is asked to hand them back.
void return_free_memory() {
#ifdef __GLIBC__
    malloc_trim(0);
#endif
}

// The options with "auto" patience resolved for this much data (large_data.h).
RatingTrainOptions resolve_options(const RatingTrainOptions& requested, size_t events) {
    RatingTrainOptions options = requested;
    options.patience = resolve_patience(requested.patience, 4, events);
    options.watch.patience = resolve_patience(requested.watch.patience, 3, events);
    return options;
}

}  // namespace

RatingTrainResult train_rating_model(const Dataset& dataset, const std::vector<Rating>& training,
                                     const RatingTrainOptions& requested, const RatingTrainCallbacks& callbacks,
                                     const std::string& resume_checkpoint) {
    if (training.empty()) throw Error(ErrorCode::BadInput, "train: no training ratings");
    const RatingTrainOptions options = resolve_options(requested, training.size());
    const ArchTraining& arch = arch_training(options.arch);
    // Rows without a rating are watch events: they train the watch head only.
    // With no rated row at all the model has no rating model (arch null).
    const size_t rated = count_rated(training);
    if (rated == 0 && !options.watch_head)
        throw Error(ErrorCode::BadInput, "train: no training row has a rating, and without a watch head (--watch-dim 0) "
                                         "there is nothing to train");
    if (rated == 0 && !resume_checkpoint.empty())
        throw Error(ErrorCode::BadInput, "train: --resume: no training row has a rating, so there are no rating epochs to resume");
    const int epochs = rated == 0 ? 0 : options.epochs > 0 ? options.epochs : arch.default_epochs;

    // Validation holdout from the training ratings only (never the test files).
    // Sized first (the same draws twice), so neither list grows by doubling.
    std::vector<Rating> fit_part, validation;
    const std::mt19937_64 split_seed(options.seed ^ 0x9e3779b97f4a7c15ULL);
    std::mt19937_64 split_rng = split_seed;
    size_t held_out = 0;
    for (const auto& r : training)
        if (has_rating(r)) held_out += portable_uniform(split_rng) < options.validation_fraction;
    validation.reserve(held_out);
    fit_part.reserve(rated - held_out);
    split_rng = split_seed;
    for (const auto& r : training)
        if (has_rating(r)) (portable_uniform(split_rng) < options.validation_fraction ? validation : fit_part).push_back(r);
    if (rated > 0 && fit_part.empty()) throw Error(ErrorCode::BadInput, "train: the validation fraction leaves no ratings to train on");

    RatingTrainResult result;
    RatingModel& model = result.model;
    model.catalogue = make_catalogue(dataset, fit_part, training);  // watch events count too
    model.scale = dataset.scale;
    double sum = 0;
    for (const auto& r : fit_part) sum += r.rating;
    model.global_mean = fit_part.empty() ? 0.0f : static_cast<float>(sum / static_cast<double>(fit_part.size()));
    // The evaluator keeps the validation viewers' histories and the trainer
    // the fitting ratings in its own form: the list itself can then go.
    auto evaluator = std::make_unique<const RatingEvaluator>(fit_part, validation);
    const std::unique_ptr<ArchTrainer> trainer = rated > 0 ? arch.start(model, fit_part, options) : nullptr;
    const size_t fit_count = fit_part.size();
    std::vector<Rating>().swap(fit_part);

    TrainingState state;
    state.rng.seed(options.seed);
    const std::string fingerprint = rated > 0 ? training_fingerprint(training, options) : std::string();
    // A checkpoint written during the watch head's epochs resumes there.
    WatchFitSnapshot watch_resume;
    bool resume_watch = false;
    if (!resume_checkpoint.empty())
        resume_watch = load_checkpoint(resume_checkpoint, fingerprint, epochs, state, *trainer, model,
                                       options.watch_head ? &watch_resume : nullptr,
                                       WatchModel::param_count(model.catalogue.size(), options.watch.model));

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
        if (!validation.empty()) report.validation_rmse = evaluator->evaluate(model).rmse;
        report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        const double score = validation.empty() ? -epoch : report.validation_rmse;  // no holdout: the last epoch wins
        // The first epoch (best still infinite) always improves.
        const double margin = std::isfinite(state.best_rmse) ? min_improvement(training.size()) * std::fabs(state.best_rmse) : 0;
        report.improved = score < state.best_rmse - margin;
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

    // The model keeps the last epoch's weights until the watch head is fitted:
    // the checkpoints of the watch phase hold them (a resumed run may still
    // add rating epochs, with a larger --epochs); the best epoch's come last.
    auto restore_best = [&] {
        if (state.best_params.size() > 0) model.arch->set_params(state.best_params);
    };
    result.epochs = state.epochs;
    result.best_epoch = state.best_epoch;
    Json metadata = options.metadata;
    metadata["arch"] = model.arch ? model.arch->name() : no_rating_arch_name;
    metadata["epochs_run"] = state.epoch;
    metadata["best_epoch"] = state.best_epoch;
    metadata["patience"] = options.patience;
    metadata["seed"] = options.seed;
    metadata["training_ratings"] = fit_count;
    metadata["validation_ratings"] = validation.size();
    if (rated < training.size()) metadata["unrated_events"] = training.size() - rated;  // watch head only
    if (!validation.empty() && state.best_epoch > 0) {
        const Vector last_params = model.arch->params();
        restore_best();
        const RatingMetrics m = evaluator->evaluate(model);
        model.arch->set_params(last_params);
        metadata["validation_rmse"] = m.rmse;
        metadata["validation_mae"] = m.mae;
    }
    const Json hyperparameters = trainer ? trainer->hyperparameters() : Json();
    if (!hyperparameters.is_null()) metadata["hyperparameters"] = hyperparameters;
    // The watch head needs none of the rating epochs' data: free it first.
    if (trainer) trainer->end_epochs();
    evaluator.reset();
    std::vector<Rating>().swap(validation);
    return_free_memory();

    if (options.watch_head && !result.interrupted) {
        WatchFitOptions watch = options.watch;
        watch.seed = options.seed;
        watch.threads = options.threads;
        WatchFitCallbacks watch_callbacks{callbacks.on_watch_epoch, callbacks.on_watch_progress, callbacks.should_stop, {}};
        // Each watch epoch rewrites the checkpoint: the rating phase as it
        // ended, and the head's state (checkpoint.h).
        if (!options.checkpoint_path.empty() && trainer)
            watch_callbacks.on_checkpoint = [&](const WatchFitView& snapshot) {
                save_checkpoint(options.checkpoint_path, fingerprint, state, *trainer, model, &snapshot);
            };
        WatchFitResult fitted =
            fit_watch_model(model.catalogue, training, watch, watch_callbacks, resume_watch ? &watch_resume : nullptr);
        if (!fitted.model) {
            result.interrupted = true;
        } else {
            model.watch = std::move(fitted.model);
            result.watch_epochs = fitted.epochs;
            metadata["watch"] = {{"epochs", fitted.epochs},
                                 {"refit", fitted.refit},
                                 {"patience", fitted.patience},
                                 {"validation_ndcg10", fitted.validation_ndcg},
                                 {"validation_viewers", fitted.validation_viewers},
                                 {"dim", watch.model.dim},
                                 {"recent", watch.model.recent},
                                 {"tied", watch.model.tied},
                                 {"learning_rate", watch.training.learning_rate},
                                 {"batch", watch.training.batch},
                                 {"positions_per_viewer", watch.training.positions_per_viewer},
                                 {"softmax", fitted.negatives > 0 ? "sampled" : "full"},
                                 {"negatives", fitted.negatives},
                                 {"softmax_choice", watch.softmax}};
        }
    }
    if (model.arch) restore_best();
    model.metadata_json = dump_json(metadata);
    return result;
}

}  // namespace movienet
