#include "movienet/rec/rating_trainer.h"

#include <chrono>
#include <cmath>
#include <limits>
#include <sstream>
#include <unordered_map>

#include "movienet/base/error.h"
#include "movienet/io/file_io.h"
#include "movienet/io/network_file.h"
#include "movienet/nn/trainer.h"

namespace movienet {

namespace {

constexpr const char* checkpoint_format_name = "movienet-checkpoint";

Json floats_to_json(const Vector& values) {
    return {{"shape", {values.size()}},
            {"data", encode_floats(values.data(), static_cast<size_t>(values.size()), Dtype::Float32)}};
}

Vector floats_from_json(const JsonNode& json, const std::string& path) {
    const JsonNode& shape = require_array(json, "shape", path);
    if (shape.size() != 1 || !shape[0].is_integer() || shape[0].integer() < 0 || shape[0].integer() > (1LL << 31))
        throw Error(ErrorCode::ModelFormat, path + ".shape: invalid");
    const auto n = static_cast<size_t>(shape[0].integer());
    const auto values = decode_floats(require_string(json, "data", path), n, Dtype::Float32, path + ".data");
    return ConstVectorMap(values.data(), static_cast<Index>(n));
}

// Identifies the training data and options a checkpoint belongs to.
std::string fingerprint(const std::vector<Rating>& training, const RatingTrainOptions& o) {
    uint64_t hash = 1469598103934665603ULL;
    auto mix = [&](uint64_t v) { hash = (hash ^ v) * 1099511628211ULL; };
    for (const auto& r : training) {
        mix(static_cast<uint64_t>(r.user));
        mix(static_cast<uint64_t>(r.movie));
        mix(static_cast<uint64_t>(std::lround(r.rating * 2)));
    }
    std::ostringstream out;
    out << training.size() << ':' << std::hex << hash << std::dec << ':' << rating_arch_name(o.arch) << ':' << o.seed << ':'
        << o.validation_fraction << ':' << o.pooled.dim << ':' << o.pooled.hidden << ':' << o.pooled_training.learning_rate
        << ':' << o.pooled_training.l2 << ':' << o.seed_batch_size;
    return out.str();
}

// Everything that changes from epoch to epoch, for checkpoints.
struct TrainingState {
    int epoch = 0, best_epoch = 0, since_best = 0;
    double best_rmse = std::numeric_limits<double>::infinity();
    Vector best_params;
    std::vector<RatingEpochReport> epochs;
};

Vector model_params(const RatingModel& model) {
    if (model.arch == RatingArch::Seed) return model.seed->network.params();
    const PooledModel& p = *model.pooled;
    Vector all(p.embeddings().size() + p.head().param_count());
    all << p.embeddings(), p.head().params();
    return all;
}

void set_model_params(RatingModel& model, const Vector& params) {
    if (model.arch == RatingArch::Seed) {
        model.seed->network.params() = params;
        return;
    }
    PooledModel& p = *model.pooled;
    const Index n = p.embeddings().size();
    p.embeddings() = params.head(n);
    p.head().params() = params.tail(p.head().param_count());
}

Json report_to_json(const RatingEpochReport& r) {
    return {{"epoch", r.epoch}, {"train_rmse", r.train_rmse}, {"validation_rmse", r.validation_rmse}, {"seconds", r.seconds}};
}

}  // namespace

int default_epochs(RatingArch arch) { return arch == RatingArch::Pooled ? 40 : 10; }

RatingMetrics evaluate_ratings(const RatingModel& model, const std::vector<Rating>& history,
                               const std::vector<Rating>& test) {
    std::unordered_map<int32_t, std::vector<HistoryEntry>> by_user;
    for (const auto& r : history) by_user[r.user].push_back({r.movie, r.rating});
    std::unordered_map<int32_t, std::vector<size_t>> test_by_user;
    for (size_t k = 0; k < test.size(); ++k) test_by_user[test[k].user].push_back(k);
    RatingMetrics metrics;
    double squared = 0, absolute = 0;
    std::vector<int> movies;
    std::vector<float> scores;
    for (const auto& [user, indices] : test_by_user) {
        const auto it = by_user.find(user);
        const ResolvedHistory resolved =
            resolve_history(model.catalogue, it == by_user.end() ? std::vector<HistoryEntry>{} : it->second);
        movies.clear();
        for (size_t k : indices) movies.push_back(model.catalogue.find(test[k].movie));
        // Movies outside the catalogue (index -1) get the viewer's baseline, as in Predictor.
        std::vector<int> known;
        for (int m : movies)
            if (m >= 0) known.push_back(m);
        scores.resize(known.size());
        if (!known.empty()) model.score(resolved, known.data(), static_cast<int>(known.size()), scores.data());
        size_t next = 0;
        for (size_t j = 0; j < indices.size(); ++j) {
            float prediction = movies[j] >= 0 ? scores[next++] : model.viewer_baseline(resolved);
            prediction = std::min(model.scale.max, std::max(model.scale.min, prediction));
            const double error = prediction - test[indices[j]].rating;
            squared += error * error;
            absolute += std::abs(error);
        }
        metrics.count += indices.size();
    }
    if (metrics.count) {
        metrics.rmse = std::sqrt(squared / static_cast<double>(metrics.count));
        metrics.mae = absolute / static_cast<double>(metrics.count);
    }
    return metrics;
}

RatingTrainResult train_rating_model(const Dataset& dataset, const std::vector<Rating>& training,
                                     const RatingTrainOptions& options, const RatingTrainCallbacks& callbacks,
                                     const std::string& resume_checkpoint) {
    if (training.empty()) throw Error(ErrorCode::BadInput, "train: no training ratings");
    const int epochs = options.epochs > 0 ? options.epochs : default_epochs(options.arch);

    // Validation holdout from the training ratings only (never the test files).
    std::vector<Rating> fit_part, validation;
    std::mt19937_64 split_rng(options.seed ^ 0x9e3779b97f4a7c15ULL);
    for (const auto& r : training)
        (portable_uniform(split_rng) < options.validation_fraction ? validation : fit_part).push_back(r);
    if (fit_part.empty()) throw Error(ErrorCode::BadInput, "train: the validation fraction leaves no ratings to train on");

    RatingTrainResult result;
    RatingModel& model = result.model;
    model.arch = options.arch;
    model.catalogue = make_catalogue(dataset, fit_part);
    model.scale = dataset.scale;
    double sum = 0;
    for (const auto& r : fit_part) sum += r.rating;
    model.global_mean = static_cast<float>(sum / static_cast<double>(fit_part.size()));

    std::unique_ptr<PooledTrainer> pooled_trainer;
    std::vector<UserRatings> users;
    std::unique_ptr<Adam> seed_adam;
    Matrix seed_x, seed_y;
    if (options.arch == RatingArch::Pooled) {
        model.pooled = std::make_unique<PooledModel>(model.catalogue, options.pooled, model.global_mean);
        model.pooled->init(options.seed);
        pooled_trainer = std::make_unique<PooledTrainer>(*model.pooled, options.pooled_training);
        users = group_by_user(fit_part, model.catalogue);
    } else {
        SeedFeatureEncoder encoder;
        encoder.fit(model.catalogue, fit_part);
        encoder.encode_training(fit_part, model.catalogue, seed_x, seed_y);
        model.seed = std::make_unique<SeedModel>(SeedModel{std::move(encoder), Network(seed_architecture(seed_x.rows()))});
        model.seed->network.init(options.seed);
        AdamConfig adam;
        adam.learning_rate = options.seed_learning_rate;
        seed_adam = std::make_unique<Adam>(adam);
    }

    std::mt19937_64 rng(options.seed);
    TrainingState state;
    const std::string print = fingerprint(training, options);
    if (!resume_checkpoint.empty()) {
        const std::string source = resume_checkpoint;
        const std::string text = read_file(source);
        const JsonNode cp = parse_json(text, source);
        if (!cp.is_object() || require_string(cp, "format", "") != checkpoint_format_name)
            throw Error(ErrorCode::ModelFormat, source + ": not a movienet checkpoint");
        if (require_string(cp, "fingerprint", "") != print)
            throw Error(ErrorCode::BadInput, source + ": was written for other data or options (fingerprint " +
                                                 require_string(cp, "fingerprint", "") + ", now " + print + ")");
        const JsonNode& saved_model = require_object(cp, "model", "");
        const RatingModel saved = read_from(source + " (model)", [&] { return rating_model_from_json(saved_model); });
        set_model_params(model, model_params(saved));
        state.epoch = static_cast<int>(require_integer(cp, "epoch", "", 0, 1 << 30));
        state.best_epoch = static_cast<int>(require_integer(cp, "best_epoch", "", 0, 1 << 30));
        state.since_best = static_cast<int>(require_integer(cp, "since_best", "", 0, 1 << 30));
        state.best_rmse = require_number(cp, "best_rmse", "");
        state.best_params = floats_from_json(require_object(cp, "best_params", ""), "best_params");
        for (const JsonNode& e : require_array(cp, "epochs", "").children()) {
            RatingEpochReport r;
            r.epoch = static_cast<int>(require_integer(e, "epoch", "epochs[]", 1, 1 << 30));
            r.epochs = epochs;
            r.train_rmse = require_number(e, "train_rmse", "epochs[]");
            r.validation_rmse = require_number(e, "validation_rmse", "epochs[]");
            r.seconds = require_number(e, "seconds", "epochs[]");
            state.epochs.push_back(r);
        }
        // Sizes are implied by the fingerprint; a damaged file must still not index out of range.
        auto sized = [&](Vector v, Index expected, const std::string& field) {
            if (v.size() != expected && v.size() != 0)
                throw Error(ErrorCode::ModelFormat, source + ": " + field + " holds " + std::to_string(v.size()) +
                                                        " values, expected " + std::to_string(expected));
            return v;
        };
        if (state.best_params.size() != 0) state.best_params = sized(state.best_params, model_params(model).size(), "best_params");
        std::istringstream(require_string(cp, "rng", "")) >> rng;
        const JsonNode& opt = require_object(cp, "optimizer", "");
        if (pooled_trainer) {
            const Index n = model.pooled->embeddings().size();
            pooled_trainer->embedding_first_moment() =
                sized(floats_from_json(require_object(opt, "m", "optimizer"), "optimizer.m"), n, "optimizer.m");
            pooled_trainer->embedding_second_moment() =
                sized(floats_from_json(require_object(opt, "v", "optimizer"), "optimizer.v"), n, "optimizer.v");
            if (pooled_trainer->embedding_first_moment().size() != n || pooled_trainer->embedding_second_moment().size() != n)
                throw Error(ErrorCode::ModelFormat, source + ": optimizer.m and optimizer.v must hold every embedding");
            pooled_trainer->embedding_steps() = require_integer(opt, "t", "optimizer", 0, 1LL << 60);
        }
        Adam& adam = pooled_trainer ? pooled_trainer->head_optimizer() : *seed_adam;
        const Index head_size = pooled_trainer ? model.pooled->head().param_count() : model.seed->network.param_count();
        adam.first_moment() = sized(floats_from_json(require_object(opt, "head_m", "optimizer"), "optimizer.head_m"), head_size,
                                    "optimizer.head_m");
        adam.second_moment() = sized(floats_from_json(require_object(opt, "head_v", "optimizer"), "optimizer.head_v"), head_size,
                                     "optimizer.head_v");
        adam.set_steps(require_integer(opt, "head_t", "optimizer", 0, 1LL << 60));
    }

    auto save_checkpoint = [&] {
        Adam& adam = pooled_trainer ? pooled_trainer->head_optimizer() : *seed_adam;
        Json optimizer = {{"head_m", floats_to_json(adam.first_moment())},
                          {"head_v", floats_to_json(adam.second_moment())},
                          {"head_t", adam.steps()}};
        if (pooled_trainer) {
            optimizer["m"] = floats_to_json(pooled_trainer->embedding_first_moment());
            optimizer["v"] = floats_to_json(pooled_trainer->embedding_second_moment());
            optimizer["t"] = pooled_trainer->embedding_steps();
        }
        std::ostringstream rng_state;
        rng_state << rng;
        Json epochs_json = Json::array();
        for (const auto& r : state.epochs) epochs_json.push_back(report_to_json(r));
        const Json cp = {{"format", checkpoint_format_name},
                         {"version", 1},
                         {"fingerprint", print},
                         {"epoch", state.epoch},
                         {"best_epoch", state.best_epoch},
                         {"since_best", state.since_best},
                         {"best_rmse", state.best_rmse},
                         {"best_params", floats_to_json(state.best_params)},
                         {"epochs", epochs_json},
                         {"rng", rng_state.str()},
                         {"optimizer", optimizer},
                         {"model", Json::parse(save_rating_model_string(model))}};
        write_file_atomically(options.checkpoint_path, dump_json(cp));
    };

    bool stopped_early = false;
    while (state.epoch < epochs && !stopped_early) {
        const int epoch = state.epoch + 1;
        const auto started = std::chrono::steady_clock::now();
        double train_mse = 0;
        bool interrupted = false;
        if (pooled_trainer) {
            train_mse = pooled_trainer->train_epoch(users, rng, [&](double fraction) {
                if (callbacks.on_progress) callbacks.on_progress(epoch, fraction);
                interrupted = callbacks.should_stop && callbacks.should_stop();
                return !interrupted;
            });
        } else {
            TrainConfig config;
            config.epochs = 1;
            config.batch_size = options.seed_batch_size;
            config.seed = rng();
            config.on_batch = [&](const BatchReport& b) {
                if (callbacks.on_progress) callbacks.on_progress(epoch, double(b.batch) / double(b.batches));
            };
            const TrainResult r = fit(model.seed->network, MseLoss(), *seed_adam, seed_x, seed_y, config);
            train_mse = r.epochs.back().train_loss;
            interrupted = callbacks.should_stop && callbacks.should_stop();
        }
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
            state.best_params = model_params(model);
            state.since_best = 0;
        } else if (options.patience > 0 && ++state.since_best >= options.patience) {
            stopped_early = true;
        }
        state.epochs.push_back(report);
        if (!options.checkpoint_path.empty()) save_checkpoint();
        if (callbacks.on_epoch) callbacks.on_epoch(report);
    }

    if (state.best_params.size() > 0) set_model_params(model, state.best_params);
    result.epochs = state.epochs;
    result.best_epoch = state.best_epoch;
    Json metadata = options.metadata;
    metadata["arch"] = rating_arch_name(options.arch);
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
    if (options.arch == RatingArch::Pooled)
        metadata["hyperparameters"] = {{"dim", options.pooled.dim},
                                       {"hidden", options.pooled.hidden},
                                       {"learning_rate", options.pooled_training.learning_rate},
                                       {"head_learning_rate", options.pooled_training.head_learning_rate},
                                       {"l2", options.pooled_training.l2},
                                       {"history_dropout", options.pooled_training.history_dropout}};
    model.metadata_json = dump_json(metadata);
    return result;
}

}  // namespace movienet
