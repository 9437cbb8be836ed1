// movienet eval: accuracy of a rating model on a split's test ratings.
#include <cstdio>
#include <memory>
#include <set>

#include "commands.h"
#include "data_options.h"
#include "movienet/io/json_writer.h"
#include "movienet/rec/evaluation.h"
#include "movienet/rec/ranking_metrics.h"
#include "movienet/rec/ranking_scorer.h"

namespace movienet::cli {

namespace {

int run(const Args& args) {
    RankBy by = parse_rank_by(args.get("by"));
    const auto predictor = std::make_shared<const Predictor>(load_rating_model_file(args.get("model")));
    const RatingModel& model = predictor->model();
    if (by == RankBy::Rating && !model.has_rating_model()) throw_no_rating_model(args.get("model") + ": eval --by rating");
    if (!model.has_rating_model()) by = RankBy::Watch;  // what `both` means without a rating model
    const LoadedData data = load_data(args);
    if (data.split.test.empty()) throw UsageError{"--split " + data.split.name + " has no test ratings to evaluate"};
    // RMSE and MAE need a rating model and rated test rows; the ranking needs neither.
    const bool rating_metrics = model.has_rating_model() && count_rated(data.split.test) > 0;
    const RatingMetrics metrics = rating_metrics ? evaluate_ratings(model, data.split.train, data.split.test) : RatingMetrics{};
    Json out = {{"split", data.split.name}, {"ratings", metrics.count}};
    out["rmse"] = rating_metrics ? Json(metrics.rmse) : Json(nullptr);
    out["mae"] = rating_metrics ? Json(metrics.mae) : Json(nullptr);

    // Will-watch ranking, leave-latest-out: each viewer's latest rating ranked
    // among the whole unrated catalogue and among 100 sampled unrated movies
    // (NCF). Only viewers whose latest rating is in the test part count, so
    // the model never saw the movie it must rank.
    std::vector<Rating> all = data.split.train;
    all.insert(all.end(), data.split.test.begin(), data.split.test.end());
    std::set<std::pair<int32_t, int32_t>> in_test;
    for (const auto& r : data.split.test) in_test.insert({r.user, r.movie});
    auto cases = make_leave_one_out_cases(all, model.catalogue, ncf_sampled_negatives,
                                          static_cast<uint64_t>(args.get_int("ranking-seed", 0, 1L << 62)));
    std::vector<LeaveOneOutCase> held_out;
    for (auto& c : cases)
        if (in_test.count({c.user, model.catalogue.ids[static_cast<size_t>(c.positive)]})) held_out.push_back(std::move(c));
    const int k = static_cast<int>(args.get_int("k", 1, 1000));
    // Ranked as `recommend --by` ranks, with bench/ranking's scorer.
    const CatalogueRankingResult ranking = evaluate_catalogue_ranking(
        held_out, model.catalogue.size(), k, predictor_ranking_scorer(predictor, model.catalogue, by));
    out["hit_rate_at_k"] = ranking.sampled.hit_rate;
    out["ndcg_at_k"] = ranking.sampled.ndcg;
    out["full_recall_at_k"] = ranking.full.hit_rate;
    out["full_ndcg_at_k"] = ranking.full.ndcg;
    out["k"] = k;
    out["ranked_by"] = rank_by_name(by);
    out["ranking_users"] = ranking.full.users;
    if (args.has("json")) {
        std::printf("%s\n", out.dump(2).c_str());
    } else {
        const size_t test_rated = count_rated(data.split.test);
        if (test_rated == data.split.test.size()) std::printf("split %s: %zu test ratings\n", data.split.name.c_str(), metrics.count);
        else std::printf("split %s: %zu test events, %zu with a rating\n", data.split.name.c_str(), data.split.test.size(), test_rated);
        if (rating_metrics) std::printf("rmse  %.4f\nmae   %.4f\n", metrics.rmse, metrics.mae);
        else if (!model.has_rating_model()) std::printf("rmse  -\nmae   -  (no rating model: trained on watch events without ratings)\n");
        else std::printf("rmse  -\nmae   -  (no rated test events)\n");
        std::printf("Recall@%d %.4f\nNDCG@%d   %.4f  (leave-latest-out, full unrated catalogue, %zu viewers, ranked by %s)\n", k,
                    ranking.full.hit_rate, k, ranking.full.ndcg, ranking.full.users, rank_by_name(by));
        std::printf("HR@%d     %.4f\nNDCG@%d   %.4f  (same viewers, %d sampled unrated negatives)\n", k, ranking.sampled.hit_rate,
                    k, ranking.sampled.ndcg, ncf_sampled_negatives);
    }
    return 0;
}

}  // namespace

Command eval_command() {
    std::vector<OptionSpec> options = data_options("u1");
    options.insert(options.begin(), OptionSpec{"model", "FILE", "rating model file", "", true});
    options.push_back({"k", "N", "cut-off of the ranking metrics HR@k and NDCG@k", "10"});
    options.push_back({"by", "ORDER", "ranking to evaluate, as recommend --by: both, watch or rating", "both"});
    options.push_back({"ranking-seed", "S", "seed of the sampled negatives", "1"});
    options.push_back({"json", "", "JSON output", ""});
    return {{"eval", "movienet eval --model MODEL.safetensors --data DIR --split SPEC",
             "Evaluate a model on a split's test ratings: RMSE, MAE, and for the will-watch task full-catalogue Recall@k/NDCG@k "
             "and sampled HR@k/NDCG@k.",
             options, ""},
            run};
}

}  // namespace movienet::cli
