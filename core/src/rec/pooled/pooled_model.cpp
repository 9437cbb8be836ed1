#include "movienet/rec/pooled/pooled_model.h"

#include <cmath>

#include "movienet/base/error.h"

namespace movienet {

namespace {

Matrix movie_side_features(const Catalogue& catalogue) {
    const Index genres = static_cast<Index>(catalogue.genre_names.size());
    const int n = catalogue.size();
    Matrix side = Matrix::Zero(genres + 2, n);
    double year_sum = 0, year_sq = 0, pop_sum = 0, pop_sq = 0;
    int known_years = 0;
    for (int i = 0; i < n; ++i) {
        const int year = catalogue.years[static_cast<size_t>(i)];
        if (year > 0) {
            year_sum += year;
            year_sq += double(year) * year;
            ++known_years;
        }
        const double pop = std::log1p(catalogue.rating_counts[static_cast<size_t>(i)]);
        pop_sum += pop;
        pop_sq += pop * pop;
    }
    const double year_mean = known_years ? year_sum / known_years : 0;
    const double year_sd = known_years ? std::sqrt(std::max(1.0, year_sq / known_years - year_mean * year_mean)) : 1;
    const double pop_mean = n ? pop_sum / n : 0;
    const double pop_sd = n ? std::sqrt(std::max(1e-6, pop_sq / n - pop_mean * pop_mean)) : 1;
    for (int i = 0; i < n; ++i) {
        for (int g : catalogue.genres[static_cast<size_t>(i)]) side(g, i) = 1;
        const int year = catalogue.years[static_cast<size_t>(i)];
        side(genres, i) = year > 0 ? static_cast<Scalar>((year - year_mean) / year_sd) : 0;
        side(genres + 1, i) =
            static_cast<Scalar>((std::log1p(catalogue.rating_counts[static_cast<size_t>(i)]) - pop_mean) / pop_sd);
    }
    return side;
}

Architecture head_architecture(Index input, int hidden) {
    Architecture arch;
    arch.input = input;
    arch.layers = {{"dense", hidden}, {"relu", 0}, {"dense", 1}};
    return arch;
}

}  // namespace

Scalar history_size_feature(int count) { return static_cast<Scalar>(std::log1p(count) / 5.0); }

PooledModel::PooledModel(const Catalogue& catalogue, const PooledConfig& config, float global_mean)
    : config_(config),
      n_movies_(catalogue.size()),
      global_mean_(global_mean),
      movie_side_(movie_side_features(catalogue)),
      embeddings_(Vector::Zero(n_movies_ * (1 + 3 * Index(config.dim)))),
      head_(head_architecture(3 * config.dim + movie_side_.rows() + 2, config.hidden)) {
    if (config.dim <= 0 || config.hidden <= 0 || n_movies_ == 0)
        throw Error(ErrorCode::BadInput, "pooled model: dim, hidden and the catalogue must be non-empty");
}

void PooledModel::init(uint64_t seed) {
    std::mt19937_64 rng(seed);
    const double scale = 0.1 / std::sqrt(double(config_.dim));
    embeddings_.head(n_movies_).setZero();
    for (Index k = n_movies_; k < embeddings_.size(); ++k)
        embeddings_[k] = static_cast<Scalar>(scale * portable_normal(rng));
    head_.init(seed + 1);
    // Start the head at zero output so training begins from the bias + dot model.
    auto& last = head_.layers().back();
    const Index last_params = last->param_count();
    head_.params().tail(last_params).setZero();
}

UserState PooledModel::encode_user(const std::vector<int>& items, const std::vector<float>& ratings) const {
    const Index d = config_.dim;
    UserState user;
    user.p = Vector::Zero(d);
    user.count = static_cast<int>(items.size());
    if (items.empty()) return user;  // cold start: biases and side features only
    double a_sum = 0;
    for (size_t k = 0; k < items.size(); ++k) a_sum += ratings[k] - global_mean_ - movie_bias(items[k]);
    user.bias = static_cast<float>(a_sum / (double(items.size()) + config_.user_bias_shrinkage));
    for (size_t k = 0; k < items.size(); ++k) {
        const float a = ratings[k] - global_mean_ - movie_bias(items[k]);
        user.p += (a - user.bias) * ConstVectorMap(embeddings_.data() + x_offset(items[k]), d) +
                  ConstVectorMap(embeddings_.data() + y_offset(items[k]), d);
    }
    user.p /= std::sqrt(static_cast<Scalar>(items.size()));
    return user;
}

void PooledModel::head_inputs(const UserState& user, const int* movies, int count, Matrix& z) const {
    const Index d = config_.dim, s = movie_side_.rows();
    z.resize(head_input_size(), count);
    for (int c = 0; c < count; ++c) {
        const int i = movies[c];
        const ConstVectorMap q(embeddings_.data() + q_offset(i), d);
        z.col(c).segment(0, d) = user.p;
        z.col(c).segment(d, d) = q;
        z.col(c).segment(2 * d, d) = user.p.cwiseProduct(q);
        z.col(c).segment(3 * d, s) = movie_side_.col(i);
        z(3 * d + s, c) = history_size_feature(user.count);
        z(3 * d + s + 1, c) = user.bias;
    }
}

void PooledModel::score(const UserState& user, const int* movies, int count, float* out) const {
    Matrix z;
    head_inputs(user, movies, count, z);
    const Matrix head = head_.predict(z);
    for (int c = 0; c < count; ++c) {
        const int i = movies[c];
        out[c] = global_mean_ + movie_bias(i) + user.bias + user.p.dot(target_vector(i)) + head(0, c);
    }
}

}  // namespace movienet
