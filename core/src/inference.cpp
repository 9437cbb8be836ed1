#include "movienet/inference.h"

#include <cmath>
#include <cstring>
#include <string>
#include <utility>

#include "movienet/dense.h"
#include "movienet/error.h"
#include "movienet/network.h"

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#endif

namespace movienet {
namespace {

// ---- 4-lane float vector: wasm SIMD128, GCC/Clang vector extension, or a
// plain struct. All three do the same operations in the same order.
#if defined(__wasm_simd128__)
using V4 = v128_t;
inline V4 v_load(const float* p) { return wasm_v128_load(p); }
inline void v_store(float* p, V4 v) { wasm_v128_store(p, v); }
inline V4 v_splat(const float* p) { return wasm_v128_load32_splat(p); }
inline V4 v_zero() { return wasm_f32x4_const(0.0f, 0.0f, 0.0f, 0.0f); }
inline V4 v_mul_add(V4 acc, V4 a, V4 b) { return wasm_f32x4_add(acc, wasm_f32x4_mul(a, b)); }
// max propagates NaN, so garbage input shows up as NaN rather than 0.
inline V4 v_relu(V4 v) { return wasm_f32x4_max(v, v_zero()); }
#elif defined(__GNUC__)
typedef float V4 __attribute__((vector_size(16)));
typedef int I4 __attribute__((vector_size(16)));
inline V4 v_load(const float* p) {
    V4 v;
    std::memcpy(&v, p, sizeof v);
    return v;
}
inline void v_store(float* p, V4 v) { std::memcpy(p, &v, sizeof v); }
inline V4 v_splat(const float* p) { return V4{*p, *p, *p, *p}; }
inline V4 v_zero() { return V4{0.0f, 0.0f, 0.0f, 0.0f}; }
inline V4 v_mul_add(V4 acc, V4 a, V4 b) { return acc + a * b; }
inline V4 v_relu(V4 v) {
    const I4 keep = (v > v_zero()) | (v != v);  // positive or NaN
    return reinterpret_cast<V4>(reinterpret_cast<I4>(v) & keep);
}
#else
struct V4 {
    float x[4];
};
inline V4 v_load(const float* p) {
    V4 v;
    std::memcpy(v.x, p, sizeof v.x);
    return v;
}
inline void v_store(float* p, V4 v) { std::memcpy(p, v.x, sizeof v.x); }
inline V4 v_splat(const float* p) { return V4{{*p, *p, *p, *p}}; }
inline V4 v_zero() { return V4{{0.0f, 0.0f, 0.0f, 0.0f}}; }
inline V4 v_mul_add(V4 acc, V4 a, V4 b) {
    for (int i = 0; i < 4; ++i) acc.x[i] += a.x[i] * b.x[i];
    return acc;
}
inline V4 v_relu(V4 v) {
    for (float& f : v.x) f = (f > 0.0f || f != f) ? f : 0.0f;
    return v;
}
#endif

inline float scalar_activation(Activation a, float v) {
    switch (a) {
        case Activation::Identity: return v;
        case Activation::Relu: return (v > 0.0f || v != v) ? v : 0.0f;
        case Activation::Sigmoid: return stable_sigmoid(v);
        case Activation::Tanh: return std::tanh(v);
    }
    return v;
}

// MR rows x (4*NV) units: y = act(x * Wpanel + b). w is the packed panel,
// k_count rows of 4*NV floats; one splat of x per row and k, NV weight loads
// per k shared by all MR rows.
template <int MR, int NV>
void panel_kernel(int k_count, const float* x, int x_stride, const float* w,
                  const float* bias, float* y, int y_stride, Activation act) {
    V4 acc[MR][NV];
    for (int j = 0; j < NV; ++j) {
        const V4 b = v_load(bias + 4 * j);
        for (int r = 0; r < MR; ++r) acc[r][j] = b;
    }
    const float* xr[MR];
    for (int r = 0; r < MR; ++r) xr[r] = x + static_cast<std::ptrdiff_t>(r) * x_stride;
    for (int k = 0; k < k_count; ++k) {
        V4 wv[NV];
        for (int j = 0; j < NV; ++j) wv[j] = v_load(w + (static_cast<std::ptrdiff_t>(k) * NV + j) * 4);
        for (int r = 0; r < MR; ++r) {
            const V4 xs = v_splat(xr[r] + k);
            for (int j = 0; j < NV; ++j) acc[r][j] = v_mul_add(acc[r][j], xs, wv[j]);
        }
    }
    if (act == Activation::Relu) {
        for (int r = 0; r < MR; ++r)
            for (int j = 0; j < NV; ++j) acc[r][j] = v_relu(acc[r][j]);
    }
    for (int r = 0; r < MR; ++r) {
        float* yr = y + static_cast<std::ptrdiff_t>(r) * y_stride;
        for (int j = 0; j < NV; ++j) v_store(yr + 4 * j, acc[r][j]);
        if (act == Activation::Sigmoid || act == Activation::Tanh) {
            for (int u = 0; u < 4 * NV; ++u) yr[u] = scalar_activation(act, yr[u]);
        }
    }
}

template <int NV>
void panel_rows(int rows, int k_count, const float* x, int x_stride, const float* w,
                const float* bias, float* y, int y_stride, Activation act) {
    constexpr int MR = InferenceNet::kRowBlock;
    int r = 0;
    for (; r + MR <= rows; r += MR) {
        panel_kernel<MR, NV>(k_count, x + static_cast<std::ptrdiff_t>(r) * x_stride, x_stride, w,
                             bias, y + static_cast<std::ptrdiff_t>(r) * y_stride, y_stride, act);
    }
    const float* xt = x + static_cast<std::ptrdiff_t>(r) * x_stride;
    float* yt = y + static_cast<std::ptrdiff_t>(r) * y_stride;
    switch (rows - r) {
        case 3: panel_kernel<3, NV>(k_count, xt, x_stride, w, bias, yt, y_stride, act); break;
        case 2: panel_kernel<2, NV>(k_count, xt, x_stride, w, bias, yt, y_stride, act); break;
        case 1: panel_kernel<1, NV>(k_count, xt, x_stride, w, bias, yt, y_stride, act); break;
        default: break;
    }
}

// Dot product in a fixed order: two 4-lane accumulators over blocks of 8,
// one over a block of 4, lanes summed pairwise, then the scalar tail.
inline float dot(const float* x, const float* w, int n) {
    V4 a0 = v_zero(), a1 = v_zero();
    int k = 0;
    for (; k + 8 <= n; k += 8) {
        a0 = v_mul_add(a0, v_load(x + k), v_load(w + k));
        a1 = v_mul_add(a1, v_load(x + k + 4), v_load(w + k + 4));
    }
    if (k + 4 <= n) {
        a0 = v_mul_add(a0, v_load(x + k), v_load(w + k));
        k += 4;
    }
    float l0[4], l1[4];
    v_store(l0, a0);
    v_store(l1, a1);
    float s = ((l0[0] + l1[0]) + (l0[1] + l1[1])) + ((l0[2] + l1[2]) + (l0[3] + l1[3]));
    for (; k < n; ++k) s += x[k] * w[k];
    return s;
}

// Layers with at most this many units use per-row dot products: a padded
// panel would waste most of its lanes (a 64 -> 1 output layer, say).
constexpr int kDotMaxUnits = 3;

int round_up(int n, int m) { return (n + m - 1) / m * m; }

}  // namespace

std::size_t InferenceNet::param_count(int n_inputs, const std::vector<InferenceLayer>& layers) {
    std::size_t total = 0;
    std::size_t in = static_cast<std::size_t>(n_inputs > 0 ? n_inputs : 0);
    for (const InferenceLayer& l : layers) {
        const std::size_t units = static_cast<std::size_t>(l.units > 0 ? l.units : 0);
        total += units * in + units;
        in = units;
    }
    return total;
}

InferenceNet::InferenceNet(int n_inputs, std::vector<InferenceLayer> layers, const float* params,
                           std::size_t n_params)
    : n_inputs_(n_inputs), layers_(std::move(layers)) {
    init(params, n_params);
}

namespace {

std::vector<InferenceLayer> fused_layers(const Network& net) {
    std::vector<InferenceLayer> out;
    bool fusable = false;  // the last stage has no activation yet
    const auto& layers = net.layers();
    for (std::size_t i = 0; i < layers.size(); ++i) {
        const Layer& l = *layers[i];
        if (const auto* act = dynamic_cast<const ActivationLayer*>(&l)) {
            if (act->activation() == Activation::Identity) continue;
            if (!fusable)
                throw Error(ErrorCode::BadInput,
                            "InferenceNet: layer " + std::to_string(i) + " (" + l.type_name() +
                                ") does not follow a dense layer, so it cannot be fused");
            out.back().activation = act->activation();
            fusable = false;
        } else if (dynamic_cast<const Dense*>(&l) != nullptr) {
            out.push_back({static_cast<int>(l.output_size()), Activation::Identity});
            fusable = true;
        } else {
            throw Error(ErrorCode::BadInput, "InferenceNet: layer " + std::to_string(i) + " (" +
                                                 l.type_name() + ") is not supported");
        }
    }
    return out;
}

}  // namespace

InferenceNet::InferenceNet(const Network& net)
    : n_inputs_(static_cast<int>(net.input_size())), layers_(fused_layers(net)) {
    init(net.params().data(), static_cast<std::size_t>(net.param_count()));
}

void InferenceNet::init(const float* params, std::size_t n_params) {
    if (n_inputs_ <= 0)
        throw Error(ErrorCode::BadInput,
                    "InferenceNet: input size must be positive, got " + std::to_string(n_inputs_));
    if (layers_.empty()) throw Error(ErrorCode::BadInput, "InferenceNet: no layers");
    for (std::size_t i = 0; i < layers_.size(); ++i) {
        if (layers_[i].units <= 0)
            throw Error(ErrorCode::BadInput, "InferenceNet: layer " + std::to_string(i) +
                                                 " has " + std::to_string(layers_[i].units) +
                                                 " units, expected > 0");
    }
    const std::size_t expected = param_count(n_inputs_, layers_);
    if (n_params != expected || (expected > 0 && params == nullptr))
        throw Error(ErrorCode::BadInput, "InferenceNet: expected " + std::to_string(expected) +
                                             " parameters for this architecture, got " +
                                             std::to_string(n_params));

    // Pack: panels of kPanel units (the last one 4 or 8 wide, zero padded),
    // each stored k-major so the kernel reads it front to back.
    std::size_t src = 0;
    int in = n_inputs_;
    for (const InferenceLayer& l : layers_) {
        Packed p;
        p.in = in;
        p.units = l.units;
        p.activation = l.activation;
        p.dot = l.units <= kDotMaxUnits;
        const float* w = params + src;
        const float* b = w + static_cast<std::size_t>(l.units) * static_cast<std::size_t>(in);
        p.offset = weights_.size();
        if (p.dot) {
            p.stride = l.units;
            for (int u = 0; u < l.units; ++u)
                for (int k = 0; k < in; ++k)
                    weights_.push_back(w[u + static_cast<std::size_t>(k) * l.units]);
            p.bias_offset = weights_.size();
            weights_.insert(weights_.end(), b, b + l.units);
        } else {
            const int full = l.units / kPanel * kPanel;
            const int rem = l.units - full;
            p.stride = full + (rem == 0 ? 0 : (rem <= 4 ? 4 : kPanel));
            for (int u0 = 0; u0 < p.stride; u0 += kPanel) {
                const int width = (p.stride - u0 >= kPanel) ? kPanel : 4;
                for (int k = 0; k < in; ++k)
                    for (int j = 0; j < width; ++j) {
                        const int u = u0 + j;
                        weights_.push_back(u < l.units ? w[u + static_cast<std::size_t>(k) * l.units]
                                                       : 0.0f);
                    }
            }
            p.bias_offset = weights_.size();
            for (int u = 0; u < p.stride; ++u) weights_.push_back(u < l.units ? b[u] : 0.0f);
        }
        if (p.stride > max_stride_) max_stride_ = p.stride;
        packed_.push_back(p);
        src += static_cast<std::size_t>(l.units) * static_cast<std::size_t>(in) + l.units;
        in = l.units;
    }
    max_stride_ = round_up(max_stride_, 4);
    scratch_.assign(static_cast<std::size_t>(2) * kRowTile * max_stride_, 0.0f);
}

void InferenceNet::forward(const float* x, int rows, float* out) {
    if (rows < 0)
        throw Error(ErrorCode::BadInput,
                    "InferenceNet::forward: rows must be >= 0, got " + std::to_string(rows));
    const std::ptrdiff_t n_out = output_size();
    for (int r = 0; r < rows; r += kRowTile) {
        const int n = rows - r < kRowTile ? rows - r : kRowTile;
        forward_tile(x + static_cast<std::ptrdiff_t>(r) * n_inputs_, n,
                     out + static_cast<std::ptrdiff_t>(r) * n_out);
    }
}

void InferenceNet::forward_tile(const float* x, int rows, float* out) {
    float* buffers[2] = {scratch_.data(),
                         scratch_.data() + static_cast<std::ptrdiff_t>(kRowTile) * max_stride_};
    const float* src = x;
    int src_stride = n_inputs_;
    for (std::size_t l = 0; l < packed_.size(); ++l) {
        const Packed& p = packed_[l];
        const bool last = l + 1 == packed_.size();
        const float* w = weights_.data() + p.offset;
        const float* bias = weights_.data() + p.bias_offset;
        // A last dot layer has stride == units, so it can write out directly.
        float* dst = (last && p.dot) ? out : buffers[l % 2];
        if (p.dot) {
            for (int r = 0; r < rows; ++r) {
                const float* xr = src + static_cast<std::ptrdiff_t>(r) * src_stride;
                float* yr = dst + static_cast<std::ptrdiff_t>(r) * p.stride;
                for (int u = 0; u < p.units; ++u)
                    yr[u] = scalar_activation(
                        p.activation, dot(xr, w + static_cast<std::ptrdiff_t>(u) * p.in, p.in) + bias[u]);
            }
        } else {
            for (int u0 = 0; u0 < p.stride; u0 += kPanel) {
                const float* wp = w + static_cast<std::ptrdiff_t>(u0) * p.in;
                if (p.stride - u0 >= kPanel)
                    panel_rows<2>(rows, p.in, src, src_stride, wp, bias + u0, dst + u0, p.stride,
                                  p.activation);
                else
                    panel_rows<1>(rows, p.in, src, src_stride, wp, bias + u0, dst + u0, p.stride,
                                  p.activation);
            }
        }
        src = dst;
        src_stride = p.stride;
    }
    const Packed& last = packed_.back();
    if (!last.dot) {
        for (int r = 0; r < rows; ++r)
            std::memcpy(out + static_cast<std::ptrdiff_t>(r) * last.units,
                        src + static_cast<std::ptrdiff_t>(r) * last.stride,
                        sizeof(float) * static_cast<std::size_t>(last.units));
    }
}

}  // namespace movienet
