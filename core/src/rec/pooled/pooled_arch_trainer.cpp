// Training of the pooled architecture as the rating trainer drives it (arch_trainer.h).
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
        : model_(model),
          options_(options),
          pool_(options.threads),
          trainer_(model, options.pooled_training, &pool_),
          users_(group_by_user(fit_part, catalogue)) {}

    double train_epoch(std::mt19937_64& rng, const std::function<void(double)>& on_progress,
                       const std::function<bool()>& should_stop, bool& interrupted) override {
        // Polled after every viewer, so an interrupt abandons the epoch at once.
        return trainer_.train_epoch(users_, rng, [&](double fraction) {
            if (on_progress) on_progress(fraction);
            interrupted = should_stop && should_stop();
            return !interrupted;
        });
    }

    void end_epochs() override {
        std::vector<UserRatings>().swap(users_);
        trainer_.release_scratch();
    }

    // optimizer.m, .v [embeddings], .t: the embeddings' lazy Adam; optimizer.head_*: the head's Adam.
    void write_optimizer_state(SafetensorsWriter& out) override {
        write_state_vector(out, "m", trainer_.embedding_first_moment());
        write_state_vector(out, "v", trainer_.embedding_second_moment());
        write_step_count(out, "t", trainer_.embedding_steps());
        write_adam_state(out, "head_", trainer_.head_optimizer());
    }

    void restore_optimizer_state(const Safetensors& file) override {
        const Index n = model_.embeddings().size();
        // Every embedding row has its moments from the start (pooled_trainer.h).
        Vector m = read_state_vector(file, "m", n, false, false);
        Vector v = read_state_vector(file, "v", n, false, true);
        const long t = read_step_count(file, "t");
        restore_adam_state(trainer_.head_optimizer(), file, "head_", model_.head().param_count());
        trainer_.embedding_first_moment() = std::move(m);
        trainer_.embedding_second_moment() = std::move(v);
        trainer_.embedding_steps() = t;
    }

    Json hyperparameters() const override {
        return {{"dim", options_.pooled.dim},
                {"hidden", options_.pooled.hidden},
                {"learning_rate", options_.pooled_training.learning_rate},
                {"head_learning_rate", options_.pooled_training.head_learning_rate},
                {"l2", options_.pooled_training.l2},
                {"history_dropout", options_.pooled_training.history_dropout},
                {"threads", options_.threads}};
    }

private:
    PooledModel& model_;
    const RatingTrainOptions& options_;
    WorkerPool pool_;
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
