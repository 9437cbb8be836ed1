// The one list of architectures `train` can fit.
#include "movienet/rec/arch_trainer.h"

#include "movienet/base/error.h"

namespace movienet {

namespace {
const ArchTraining* const trainings[] = {&pooled_arch_training, &seed_arch_training};
}  // namespace

const ArchTraining& arch_training(const std::string& name) {
    for (const ArchTraining* training : trainings)
        if (name == training->name) return *training;
    throw Error(ErrorCode::BadInput, "unknown architecture \"" + name + "\"");
}

std::string parse_rating_arch(const std::string& name) {
    if (name == "default") return trainings[0]->name;
    for (const ArchTraining* training : trainings)
        if (name == training->name) return name;
    std::string names = "default";
    for (const ArchTraining* training : trainings) names += std::string(", ") + training->name;
    throw Error(ErrorCode::BadInput, "unknown architecture \"" + name + "\" (expected " + names + ")");
}

int default_epochs(const std::string& arch) { return arch_training(arch).default_epochs; }

}  // namespace movienet
