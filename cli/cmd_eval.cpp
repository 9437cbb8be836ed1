// movienet eval: accuracy of a rating model on a split's test ratings.
#include <cstdio>

#include "commands.h"
#include "data_options.h"
#include "movienet/rating_trainer.h"

namespace movienet::cli {

namespace {

int run(const Args& args) {
    const RatingModel model = load_rating_model_file(args.get("model"));
    const LoadedData data = load_data(args);
    if (data.split.test.empty()) throw UsageError{"--split " + data.split.name + " has no test ratings to evaluate"};
    const RatingMetrics metrics = evaluate_ratings(model, data.split.train, data.split.test);
    Json out = {{"split", data.split.name}, {"ratings", metrics.count}, {"rmse", metrics.rmse}, {"mae", metrics.mae}};
    if (args.has("json")) {
        std::printf("%s\n", out.dump(2).c_str());
    } else {
        std::printf("split %s: %zu test ratings\n", data.split.name.c_str(), metrics.count);
        std::printf("rmse  %.4f\nmae   %.4f\n", metrics.rmse, metrics.mae);
    }
    return 0;
}

}  // namespace

Command eval_command() {
    std::vector<OptionSpec> options = data_options("u1");
    options.insert(options.begin(), OptionSpec{"model", "FILE", "rating model file", "", true});
    options.push_back({"json", "", "JSON output", ""});
    return {{"eval", "movienet eval --model MODEL.json --data DIR --split SPEC",
             "Evaluate a model on a split's test ratings: RMSE and MAE (each viewer described by their training ratings).",
             options, ""},
            run};
}

}  // namespace movienet::cli
