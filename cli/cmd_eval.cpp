// movienet eval: accuracy of a rating model on a split's test ratings.
#include <cstdio>

#include "commands.h"
#include "data_options.h"
#include <set>

#include "movienet/rec/ranking_metrics.h"
#include "movienet/rec/evaluation.h"

namespace movienet::cli {

namespace {

int run(const Args& args) {
    const RatingModel model = load_rating_model_file(args.get("model"));
    const LoadedData data = load_data(args);
    if (data.split.test.empty()) throw UsageError{"--split " + data.split.name + " has no test ratings to evaluate"};
    const RatingMetrics metrics = evaluate_ratings(model, data.split.train, data.split.test);
    Json out = {{"split", data.split.name}, {"ratings", metrics.count}, {"rmse", metrics.rmse}, {"mae", metrics.mae}};

    // Will-watch ranking, NCF protocol: each viewer's latest rating against 99
    // sampled unrated movies. Only viewers whose latest rating is in the test
    // part count, so the model never saw the movie it must rank.
    std::vector<Rating> all = data.split.train;
    all.insert(all.end(), data.split.test.begin(), data.split.test.end());
    std::set<std::pair<int32_t, int32_t>> in_test;
    for (const auto& r : data.split.test) in_test.insert({r.user, r.movie});
    auto cases = make_leave_one_out_cases(all, model.catalogue, 99, static_cast<uint64_t>(args.get_int("ranking-seed", 0, 1L << 62)));
    std::vector<LeaveOneOutCase> held_out;
    for (auto& c : cases)
        if (in_test.count({c.user, model.catalogue.ids[static_cast<size_t>(c.positive)]})) held_out.push_back(std::move(c));
    const int k = static_cast<int>(args.get_int("k", 1, 1000));
    const RankingResult ranking = evaluate_ranking(held_out, k, [&](const LeaveOneOutCase& c, const std::vector<int>& candidates,
                                                                     std::vector<float>& scores) {
        scores.resize(candidates.size());
        model.score(c.history, candidates.data(), static_cast<int>(candidates.size()), scores.data());
    });
    out["hit_rate_at_k"] = ranking.hit_rate;
    out["ndcg_at_k"] = ranking.ndcg;
    out["k"] = k;
    out["ranking_users"] = ranking.users;
    if (args.has("json")) {
        std::printf("%s\n", out.dump(2).c_str());
    } else {
        std::printf("split %s: %zu test ratings\n", data.split.name.c_str(), metrics.count);
        std::printf("rmse  %.4f\nmae   %.4f\n", metrics.rmse, metrics.mae);
        std::printf("HR@%d   %.4f\nNDCG@%d %.4f  (leave-one-out, 99 sampled negatives, %zu viewers)\n", k, ranking.hit_rate, k,
                    ranking.ndcg, ranking.users);
    }
    return 0;
}

}  // namespace

Command eval_command() {
    std::vector<OptionSpec> options = data_options("u1");
    options.insert(options.begin(), OptionSpec{"model", "FILE", "rating model file", "", true});
    options.push_back({"k", "N", "cut-off of the ranking metrics HR@k and NDCG@k", "10"});
    options.push_back({"ranking-seed", "S", "seed of the sampled negatives", "1"});
    options.push_back({"json", "", "JSON output", ""});
    return {{"eval", "movienet eval --model MODEL.json --data DIR --split SPEC",
             "Evaluate a model on a split's test ratings: RMSE, MAE, and HR@k/NDCG@k for the will-watch task.",
             options, ""},
            run};
}

}  // namespace movienet::cli
