// Training of the pooled architecture as the rating trainer drives it (arch_trainer.h).
#include "movienet/base/error.h"
#include "movienet/io/json_fields.h"
#include "movienet/rec/arch_trainer.h"
#include "movienet/rec/checkpoint.h"
#include "movienet/rec/pooled/pooled_arch.h"
#include "movienet/rec/pooled/pooled_trainer.h"

namespace movienet {

namespace {

class PooledArchTrainer : public ArchTrainer {
public:
    PooledArchTrainer(PooledModel& model, const std::vector<Rating>& fit_part, const RatingTrainOptions& options,
                      const Catalogue& catalogue)
        : model_(model), options_(options), trainer_(model, options.pooled_training), users_(group_by_user(fit_part, catalogue)) {}

    double train_epoch(std::mt19937_64& rng, const std::function<void(double)>& on_progress,
                       const std::function<bool()>& should_stop, bool& interrupted) override {
        // Polled after every viewer, so an interrupt abandons the epoch at once.
        return trainer_.train_epoch(users_, rng, [&](double fraction) {
            if (on_progress) on_progress(fraction);
            interrupted = should_stop && should_stop();
            return !interrupted;
        });
    }

    Json optimizer_state() override {
        Json state = Json::object();
        adam_state_to_json(trainer_.head_optimizer(), "head_", state);
        state["m"] = vector_to_json(trainer_.embedding_first_moment());
        state["v"] = vector_to_json(trainer_.embedding_second_moment());
        state["t"] = trainer_.embedding_steps();
        return state;
    }

    void restore_optimizer_state(const JsonNode& state) override {
        const Index n = model_.embeddings().size();
        trainer_.embedding_first_moment() = vector_from_json(state, "m", "optimizer", n);
        trainer_.embedding_second_moment() = vector_from_json(state, "v", "optimizer", n);
        if (trainer_.embedding_first_moment().size() != n || trainer_.embedding_second_moment().size() != n)
            throw Error(ErrorCode::ModelFormat, "optimizer.m and optimizer.v must hold every embedding");
        trainer_.embedding_steps() = require_integer(state, "t", "optimizer", 0, 1LL << 60);
        restore_adam_state(trainer_.head_optimizer(), state, "head_", model_.head().param_count());
    }

    Json hyperparameters() const override {
        return {{"dim", options_.pooled.dim},
                {"hidden", options_.pooled.hidden},
                {"learning_rate", options_.pooled_training.learning_rate},
                {"head_learning_rate", options_.pooled_training.head_learning_rate},
                {"l2", options_.pooled_training.l2},
                {"history_dropout", options_.pooled_training.history_dropout}};
    }

private:
    PooledModel& model_;
    const RatingTrainOptions& options_;
    PooledTrainer trainer_;
    std::vector<UserRatings> users_;
};

std::unique_ptr<ArchTrainer> start_pooled(RatingModel& model, const std::vector<Rating>& fit_part,
                                          const RatingTrainOptions& options) {
    auto arch = std::make_unique<PooledArch>(model.catalogue, options.pooled, model.global_mean);
    PooledModel& pooled = arch->model;
    pooled.init(options.seed);
    model.arch = std::move(arch);
    return std::make_unique<PooledArchTrainer>(pooled, fit_part, options, model.catalogue);
}

}  // namespace

const ArchTraining pooled_arch_training = {"pooled", 40, start_pooled};

}  // namespace movienet
