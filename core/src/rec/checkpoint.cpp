#include "movienet/rec/checkpoint.h"

#include <cmath>
#include <sstream>

#include "movienet/base/error.h"
#include "movienet/io/file_io.h"
#include "movienet/io/json_fields.h"

namespace movienet {

Json vector_to_json(const Vector& values) {
    return {{"shape", {values.size()}},
            {"data", encode_floats(values.data(), static_cast<size_t>(values.size()), Dtype::Float32)}};
}

Vector vector_from_json(const JsonNode& parent, const std::string& key, const std::string& path, Index expected) {
    const std::string where = path.empty() ? key : path + "." + key;
    const JsonNode& json = require_object(parent, key, path);
    const JsonNode& shape = require_array(json, "shape", where);
    if (shape.size() != 1 || !shape[0].is_integer() || shape[0].integer() < 0 || shape[0].integer() > (1LL << 31))
        throw Error(ErrorCode::ModelFormat, where + ".shape: invalid");
    const auto n = static_cast<size_t>(shape[0].integer());
    // Sizes are implied by the fingerprint; a damaged file must still not index out of range.
    if (n != 0 && static_cast<Index>(n) != expected)
        throw Error(ErrorCode::ModelFormat,
                    where + " holds " + std::to_string(n) + " values, expected " + std::to_string(expected));
    const auto values = decode_floats(require_string(json, "data", where), n, Dtype::Float32, where + ".data");
    return ConstVectorMap(values.data(), static_cast<Index>(n));
}

void adam_state_to_json(Adam& adam, const std::string& prefix, Json& state) {
    state[prefix + "m"] = vector_to_json(adam.first_moment());
    state[prefix + "v"] = vector_to_json(adam.second_moment());
    state[prefix + "t"] = adam.steps();
}

void restore_adam_state(Adam& adam, const JsonNode& state, const std::string& prefix, Index size) {
    adam.first_moment() = vector_from_json(state, prefix + "m", "optimizer", size);
    adam.second_moment() = vector_from_json(state, prefix + "v", "optimizer", size);
    adam.set_steps(require_integer(state, prefix + "t", "optimizer", 0, 1LL << 60));
}

std::string training_fingerprint(const std::vector<Rating>& training, const RatingTrainOptions& o) {
    uint64_t hash = 1469598103934665603ULL;
    auto mix = [&](uint64_t v) { hash = (hash ^ v) * 1099511628211ULL; };
    for (const auto& r : training) {
        mix(static_cast<uint64_t>(r.user));
        mix(static_cast<uint64_t>(r.movie));
        mix(static_cast<uint64_t>(std::lround(r.rating * 2)));
    }
    std::ostringstream out;
    out << training.size() << ':' << std::hex << hash << std::dec << ':' << o.arch << ':' << o.seed << ':'
        << o.validation_fraction << ':' << o.pooled.dim << ':' << o.pooled.hidden << ':' << o.pooled_training.learning_rate
        << ':' << o.pooled_training.l2 << ':' << o.seed_batch_size;
    return out.str();
}

namespace {

std::string base64_string(const std::string& bytes) {
    return base64_encode(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
}

Json report_to_json(const RatingEpochReport& r) {
    return {{"epoch", r.epoch}, {"train_rmse", r.train_rmse}, {"validation_rmse", r.validation_rmse}, {"seconds", r.seconds}};
}

}  // namespace

void save_checkpoint(const std::string& path, const std::string& fingerprint, const TrainingState& state,
                     ArchTrainer& trainer, const RatingModel& model) {
    std::ostringstream rng_state;
    rng_state << state.rng;
    Json epochs = Json::array();
    for (const auto& r : state.epochs) epochs.push_back(report_to_json(r));
    const Json cp = {{"format", checkpoint_format_name},
                     {"version", checkpoint_format_version},
                     {"fingerprint", fingerprint},
                     {"epoch", state.epoch},
                     {"best_epoch", state.best_epoch},
                     {"since_best", state.since_best},
                     {"best_rmse", state.best_rmse},
                     {"best_params", vector_to_json(state.best_params)},
                     {"epochs", epochs},
                     {"rng", rng_state.str()},
                     {"optimizer", trainer.optimizer_state()},
                     {"model", base64_string(save_rating_model_string(model))}};
    write_file_atomically(path, dump_json(cp));
}

void load_checkpoint(const std::string& path, const std::string& fingerprint, int epochs, TrainingState& state,
                     ArchTrainer& trainer, RatingModel& model) {
    const std::string text = read_file(path);
    const JsonNode cp = parse_json(text, path);
    read_from(path, [&] { require_format(cp, checkpoint_format_name, checkpoint_format_version); });
    const std::string& written_for = read_from(path, [&]() -> const std::string& { return require_string(cp, "fingerprint", ""); });
    if (written_for != fingerprint)
        throw Error(ErrorCode::BadInput, path + ": was written for other data or options (fingerprint " + written_for +
                                             ", now " + fingerprint + ")");
    const std::string model_bytes = read_from(path, [&] {
        const std::vector<uint8_t> decoded = base64_decode(require_string(cp, "model", ""), "model");
        return std::string(decoded.begin(), decoded.end());
    });
    const RatingModel saved = load_rating_model_string(model_bytes, path + " (model)");
    read_from(path, [&] {
        if (saved.arch->param_count() != model.arch->param_count() || std::string(saved.arch->name()) != model.arch->name())
            throw Error(ErrorCode::ModelFormat, "model: does not match the architecture being trained");
        model.arch->set_params(saved.arch->params());
        state.epoch = static_cast<int>(require_integer(cp, "epoch", "", 0, 1 << 30));
        state.best_epoch = static_cast<int>(require_integer(cp, "best_epoch", "", 0, 1 << 30));
        state.since_best = static_cast<int>(require_integer(cp, "since_best", "", 0, 1 << 30));
        state.best_rmse = require_number(cp, "best_rmse", "");
        state.best_params = vector_from_json(cp, "best_params", "", model.arch->param_count());
        state.epochs.clear();
        for (const JsonNode& e : require_array(cp, "epochs", "").children()) {
            RatingEpochReport r;
            r.epoch = static_cast<int>(require_integer(e, "epoch", "epochs[]", 1, 1 << 30));
            r.epochs = epochs;
            r.train_rmse = require_number(e, "train_rmse", "epochs[]");
            r.validation_rmse = require_number(e, "validation_rmse", "epochs[]");
            r.seconds = require_number(e, "seconds", "epochs[]");
            state.epochs.push_back(r);
        }
        std::istringstream(require_string(cp, "rng", "")) >> state.rng;
        trainer.restore_optimizer_state(require_object(cp, "optimizer", ""));
    });
}

}  // namespace movienet
