#include "movienet/rec/pooled/pooled_scorer.h"


#include "movienet/base/error.h"

#include "base/cold.h"
#include "nn/simd_kernels.h"

namespace movienet {

namespace {

constexpr int kRows = 4;          // movies per micro-kernel call
constexpr int kPanel = 8;         // hidden units per packed panel
constexpr int kTile = 32;         // movies per tile (hidden activations stay in L1)

// m[0, n) += x * w[0, n): the movie-only part of the first layer, summed
// for each movie when it is first scored. In SIMD, outside the cold
// (size-optimised) fill_movie_part: it was most of loadModel's time when
// every movie was summed at load.
void add_scaled(float* m, const float* w, float x, int n) {
    using namespace simd;
    const V4 xs = v_splat(&x);
    int h = 0;
    for (; h + 4 <= n; h += 4) v_store(m + h, v_mul_add(v_load(m + h), xs, v_load(w + h)));
    for (; h < n; ++h) m[h] += w[h] * x;
}

}  // namespace

MOVIENET_COLD PooledScorer::PooledScorer(const PooledModel& model)
    : model_(model), dim_(model.config().dim), hidden_(model.config().hidden) {
    const Network& head = model.head();
    const Index in = model.head_input_size();
    const Index side = model.side_size();
    // Expect the head PooledModel builds: dense(hidden) relu dense(1).
    if (head.layers().size() != 3 || head.input_size() != in || head.output_size() != 1 ||
        head.param_count() != hidden_ * in + hidden_ + hidden_ + 1)
        throw Error(ErrorCode::BadInput, "PooledScorer: the head is not dense(" + std::to_string(hidden_) +
                                             ") relu dense(1) over " + std::to_string(in) + " inputs");
    panel_units_ = (hidden_ + kPanel - 1) / kPanel * kPanel;
    const float* w1 = head.params().data();  // hidden x in, column-major
    const float* b1 = w1 + hidden_ * in;
    const float* w2 = b1 + hidden_;
    const auto col = [&](Index c, std::vector<float>& dst) {
        dst.assign(static_cast<size_t>(panel_units_), 0.0f);
        for (int h = 0; h < hidden_; ++h) dst[static_cast<size_t>(h)] = w1[c * hidden_ + h];
    };
    // Columns: [0,d) p, [d,2d) q, [2d,3d) p*q, [3d, 3d+side-2) movie side, then history_size_feature(count), bias.
    w_p_.resize(static_cast<size_t>(dim_) * panel_units_);
    w_pq_.resize(static_cast<size_t>(dim_) * panel_units_);
    std::vector<float> c;
    for (int k = 0; k < dim_; ++k) {
        col(k, c);
        std::copy(c.begin(), c.end(), w_p_.begin() + static_cast<std::ptrdiff_t>(k) * panel_units_);
        col(2 * dim_ + k, c);
        std::copy(c.begin(), c.end(), w_pq_.begin() + static_cast<std::ptrdiff_t>(k) * panel_units_);
    }
    col(3 * dim_ + side - 2, w_count_);
    col(3 * dim_ + side - 1, w_bias_);
    b1_.assign(static_cast<size_t>(panel_units_), 0.0f);
    w2_.assign(static_cast<size_t>(panel_units_), 0.0f);
    for (int h = 0; h < hidden_; ++h) {
        b1_[static_cast<size_t>(h)] = b1[h];
        w2_[static_cast<size_t>(h)] = w2[h];
    }
    b2_ = w2[hidden_];

    // The movie-only part of the first layer (fill_movie_part) waits for the
    // movie's first score: for every movie at load it was a fifth of
    // loadModel at 62,000 movies, and a recommend() rates a few hundred.
    movie_part_.assign(static_cast<size_t>(model.movies()) * panel_units_, 0.0f);
    movie_ready_.assign(static_cast<size_t>(model.movies()), 0);
    packed_.resize(static_cast<size_t>(dim_) * panel_units_);
    user_part_.resize(static_cast<size_t>(panel_units_));
    hidden_rows_.resize(static_cast<size_t>(kTile) * panel_units_);
}

// W_q q_i plus W_side side_i, read straight from the movie tables (a zero
// viewer leaves only these). Float sums over contiguous weight columns
// (SIMD-friendly, see add_scaled). Genre flags are mostly 0, and 0 times a
// finite weight adds nothing (a loaded model's weights are checked finite),
// so those columns are skipped.
MOVIENET_COLD void PooledScorer::fill_movie_part(int i) {
    const float* w1 = model_.head().params().data();  // hidden x in, column-major
    float* m = movie_part_.data() + static_cast<std::ptrdiff_t>(i) * panel_units_;
    const float* q = model_.embeddings().data() + model_.q_offset(i);
    for (int k = 0; k < dim_; ++k) add_scaled(m, w1 + (dim_ + k) * hidden_, q[k], hidden_);
    const Matrix& side_features = model_.movie_side();
    for (Index j = 0; j < side_features.rows(); ++j) {
        const float x = side_features(j, i);
        if (x != 0.0f) add_scaled(m, w1 + (3 * dim_ + j) * hidden_, x, hidden_);
    }
    movie_ready_[static_cast<size_t>(i)] = 1;
}

void PooledScorer::score(const UserState& user, const int* movies, int count, float* out) {
    using namespace simd;
    if (user.p.size() != dim_) throw Error(ErrorCode::BadInput, "PooledScorer: viewer vector of the wrong size");
    for (int c = 0; c < count; ++c)
        if (!movie_ready_[static_cast<size_t>(movies[c])]) fill_movie_part(movies[c]);
    const float* p = user.p.data();
    // Viewer-only part: W_p p + W_count stats + W_bias bias + b1.
    const float stats = history_size_feature(user.count);
    for (int h = 0; h < panel_units_; ++h) {
        double s = b1_[static_cast<size_t>(h)];
        for (int k = 0; k < dim_; ++k) s += double(w_p_[static_cast<size_t>(k) * panel_units_ + h]) * p[k];
        s += double(w_count_[static_cast<size_t>(h)]) * stats + double(w_bias_[static_cast<size_t>(h)]) * user.bias;
        user_part_[static_cast<size_t>(h)] = static_cast<float>(s);
    }
    // W_pq diag(p), packed k-major in panels of kPanel units.
    for (int u0 = 0; u0 < panel_units_; u0 += kPanel)
        for (int k = 0; k < dim_; ++k)
            for (int j = 0; j < kPanel; ++j)
                packed_[static_cast<size_t>(u0) * dim_ + static_cast<size_t>(k) * kPanel + j] =
                    w_pq_[static_cast<size_t>(k) * panel_units_ + u0 + j] * p[k];

    const float* embeddings = model_.embeddings().data();
    const float base = model_.global_mean() + user.bias;
    for (int t = 0; t < count; t += kTile) {
        const int n = count - t < kTile ? count - t : kTile;
        for (int r0 = 0; r0 < n; r0 += kRows) {
            const int rows = n - r0 < kRows ? n - r0 : kRows;
            const float* xr[kRows];
            const float* init[kRows];
            float* yr[kRows];
            for (int r = 0; r < kRows; ++r) {
                const int i = movies[t + r0 + (r < rows ? r : 0)];  // pad with a real row
                xr[r] = embeddings + model_.q_offset(i);
                init[r] = movie_part_.data() + static_cast<std::ptrdiff_t>(i) * panel_units_;
                yr[r] = hidden_rows_.data() + static_cast<std::ptrdiff_t>(r0 + r) * panel_units_;
            }
            for (int u0 = 0; u0 < panel_units_; u0 += kPanel) {
                const float* ir[kRows];
                float* hr[kRows];
                for (int r = 0; r < kRows; ++r) {
                    ir[r] = init[r] + u0;
                    hr[r] = yr[r] + u0;
                }
                panel_kernel_rows<kRows, 2>(dim_, xr, packed_.data() + static_cast<std::ptrdiff_t>(u0) * dim_, ir,
                                            user_part_.data() + u0, hr, Activation::Relu);
            }
        }
        for (int r = 0; r < n; ++r) {
            const int i = movies[t + r];
            const float* q = embeddings + model_.q_offset(i);
            out[t + r] = base + model_.movie_bias(i) + dot(p, q, dim_) +
                         (dot(hidden_rows_.data() + static_cast<std::ptrdiff_t>(r) * panel_units_, w2_.data(),
                              panel_units_) +
                          b2_);
        }
    }
}

}  // namespace movienet
