#include "ease_ranker.h"

#include <chrono>
#include <cstdio>
#include <limits>
#include <memory>
#include <string>
#include <unordered_map>

#include "ease.h"
#include "movienet/base/error.h"

namespace movienet::bench {

namespace {

// EASE fitted on some ratings, kept as the score rows of its own viewers:
// every viewer the benchmark scores is a training viewer.
struct EaseFit {
    Eigen::MatrixXf scores;                   // viewers x columns
    std::vector<int> column_of;               // catalogue index -> column, -1 without training ratings
    std::unordered_map<int32_t, Eigen::Index> row_of;  // raw user id -> row
};

// Only movies with a training rating get a column: the others would be zero
// columns of X (score 0 everywhere) and only make the solve bigger.
std::shared_ptr<const EaseFit> fit_ease(const std::vector<Rating>& ratings, const Catalogue& catalogue, double lambda) {
    auto fit = std::make_shared<EaseFit>();
    fit->column_of.assign(static_cast<size_t>(catalogue.size()), -1);
    int columns = 0;
    std::vector<std::vector<int>> rows;
    for (const auto& r : ratings) {
        const int m = catalogue.find(r.movie);
        if (m < 0) continue;
        int& column = fit->column_of[static_cast<size_t>(m)];
        if (column < 0) column = columns++;
        const auto [it, added] = fit->row_of.emplace(r.user, static_cast<Eigen::Index>(rows.size()));
        if (added) rows.emplace_back();
        rows[static_cast<size_t>(it->second)].push_back(column);
    }
    fit->scores = ease_row_scores(binary_matrix(rows, columns), lambda);
    return fit;
}

CatalogueScorer scorer_of(std::shared_ptr<const EaseFit> fit) {
    return [fit](const LeaveOneOutCase& c, std::vector<float>& scores) {
        const auto row = fit->row_of.find(c.user);
        if (row == fit->row_of.end())
            throw Error(ErrorCode::BadInput, "EASE: user " + std::to_string(c.user) + " has no training ratings");
        for (size_t m = 0; m < scores.size(); ++m) {
            const int column = fit->column_of[m];
            scores[m] = column < 0 ? -std::numeric_limits<float>::infinity() : fit->scores(row->second, column);
        }
    };
}

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::string format(const char* pattern, double value) {
    char text[64];
    std::snprintf(text, sizeof text, pattern, value);
    return text;
}

}  // namespace

const std::vector<double>& default_ease_lambdas() {
    static const std::vector<double> lambdas = {10, 30, 100, 200, 300, 500, 1000, 3000};
    return lambdas;
}

Ranker ease_ranker(std::vector<double> lambdas) {
    if (lambdas.empty()) throw Error(ErrorCode::BadInput, "EASE: the lambda grid is empty");
    return {"EASE", [lambdas](const RankingData& data) {
                const auto search_start = std::chrono::steady_clock::now();
                const LeaveLatestOut validation = make_leave_latest_out(data.training, data.catalogue, 0, data.seed);
                double best_lambda = lambdas.front(), best_ndcg = -1;
                std::string grid;
                for (double lambda : lambdas) {
                    const auto fit = fit_ease(validation.training, data.catalogue, lambda);
                    const double ndcg =
                        evaluate_catalogue_ranking(validation.cases, data.catalogue.size(), 10, scorer_of(fit)).full.ndcg;
                    grid += (grid.empty() ? "" : ", ") + format("%g", lambda) + ": " + format("%.4f", ndcg);
                    if (ndcg > best_ndcg) best_ndcg = ndcg, best_lambda = lambda;
                }
                const double search_seconds = seconds_since(search_start);
                const auto refit_start = std::chrono::steady_clock::now();
                const auto fit = fit_ease(data.training, data.catalogue, best_lambda);
                const double refit_seconds = seconds_since(refit_start);
                FittedRanker fitted;
                fitted.scorer = scorer_of(fit);
                fitted.note = "EASE: lambda = " + format("%g", best_lambda) + ", best validation full NDCG@10 of {" + grid +
                              "} on " + std::to_string(validation.cases.size()) + " viewers' latest training ratings (" +
                              format("%.1f", search_seconds) + " s); refit on all training ratings: " +
                              std::to_string(fit->scores.rows()) + " viewers x " + std::to_string(fit->scores.cols()) +
                              " movies, " + format("%.2f", refit_seconds) + " s (double LLT on the " +
                              (fit->scores.cols() <= fit->scores.rows() ? "movie" : "viewer") + " side)";
                return fitted;
            }};
}

}  // namespace movienet::bench
