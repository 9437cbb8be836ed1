// Training of the seed architecture as the rating trainer drives it
// (arch_trainer.h): the Keras reference's Adam and batch size over the
// encoded training features, one fit() epoch at a time.
#include "movienet/nn/loss.h"
#include "movienet/nn/optimizer.h"
#include "movienet/nn/trainer.h"
#include "movienet/rec/arch_trainer.h"
#include "movienet/rec/checkpoint.h"
#include "movienet/rec/seed/seed_arch.h"

namespace movienet {

namespace {

AdamConfig seed_adam_config(const RatingTrainOptions& options) {
    AdamConfig adam;
    adam.learning_rate = options.seed_learning_rate;
    return adam;
}

class SeedArchTrainer : public ArchTrainer {
public:
    SeedArchTrainer(SeedModel& model, Matrix x, Matrix y, const RatingTrainOptions& options)
        : model_(model), x_(std::move(x)), y_(std::move(y)), batch_size_(options.seed_batch_size),
          adam_(seed_adam_config(options)) {}

    double train_epoch(std::mt19937_64& rng, const std::function<void(double)>& on_progress,
                       const std::function<bool()>& should_stop, bool& interrupted) override {
        TrainConfig config;
        config.epochs = 1;
        config.batch_size = batch_size_;
        config.seed = rng();
        config.on_batch = [&](const BatchReport& b) {
            if (on_progress) on_progress(double(b.batch) / double(b.batches));
        };
        const TrainResult r = fit(model_.network, MseLoss(), adam_, x_, y_, config);
        // fit() cannot be stopped midway: the interrupt is seen after the epoch.
        interrupted = should_stop && should_stop();
        return r.epochs.back().train_loss;
    }

    void write_optimizer_state(SafetensorsWriter& out) override { write_adam_state(out, "network_", adam_); }

    void restore_optimizer_state(const Safetensors& file) override {
        restore_adam_state(adam_, file, "network_", model_.network.param_count());
    }

private:
    SeedModel& model_;
    Matrix x_, y_;
    Index batch_size_;
    Adam adam_;
};

std::unique_ptr<ArchTrainer> start_seed(RatingModel& model, const std::vector<Rating>& fit_part,
                                        const RatingTrainOptions& options) {
    SeedFeatureEncoder encoder;
    encoder.fit(model.catalogue, fit_part);
    Matrix x, y;
    encoder.encode_training(fit_part, model.catalogue, x, y);
    auto arch = std::make_unique<SeedArch>(std::move(encoder), Network(seed_architecture(x.rows())));
    SeedModel& seed = arch->model;
    seed.network.init(options.seed);
    model.arch = std::move(arch);
    return std::make_unique<SeedArchTrainer>(seed, std::move(x), std::move(y), options);
}

}  // namespace

const ArchTraining seed_arch_training = {"seed", 10, start_seed};

}  // namespace movienet
