// Internal: the 4-lane float vector and the register-blocked micro-kernel
// shared by the inference paths (InferenceNet, PooledScorer). Under wasm
// SIMD128 it is f32x4 intrinsics; natively the compiler's vector extension;
// otherwise a plain struct. All three do the same operations in the same order.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstring>

#include "movienet/nn/activations.h"

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#endif

// MOVIENET_UNROLL: unroll the loop below fully (its trip count is a template
// constant). The kernel's accumulators only live in registers once these
// loops are gone, so this must not depend on the optimisation level: the
// wasm build compiles for size where it does not score (wasm/CMakeLists.txt).
#if defined(__clang__)
#define MOVIENET_UNROLL _Pragma("clang loop unroll(full)")
#else
#define MOVIENET_UNROLL
#endif

namespace movienet::simd {

#if defined(__wasm_simd128__)
using V4 = v128_t;
inline V4 v_load(const float* p) { return wasm_v128_load(p); }
inline void v_store(float* p, V4 v) { wasm_v128_store(p, v); }
inline V4 v_splat(const float* p) { return wasm_v128_load32_splat(p); }
inline V4 v_zero() { return wasm_f32x4_const(0.0f, 0.0f, 0.0f, 0.0f); }
inline V4 v_mul_add(V4 acc, V4 a, V4 b) { return wasm_f32x4_add(acc, wasm_f32x4_mul(a, b)); }
inline V4 v_add(V4 a, V4 b) { return wasm_f32x4_add(a, b); }
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
inline V4 v_add(V4 a, V4 b) { return a + b; }
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
inline V4 v_add(V4 a, V4 b) {
    for (int i = 0; i < 4; ++i) a.x[i] += b.x[i];
    return a;
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

// scalar_activation over n floats in place. Out of line: sigmoid and tanh
// only end output layers, and inlined into every kernel instance they would
// be copied 4*NV*MR times.
[[gnu::noinline]] inline void activate(Activation a, float* y, int n) {
    for (int u = 0; u < n; ++u) y[u] = scalar_activation(a, y[u]);
}

// MR rows x (4*NV) units: y_r = act(init_r + bias + x_r * Wpanel). w is the
// packed panel, k_count rows of 4*NV floats; one splat of x per row and k,
// NV weight loads per k shared by all MR rows. Rows are given by pointers so
// callers can gather (PooledScorer scores arbitrary movie lists); init is an
// optional per-row addend (nullptr: none).
template <int MR, int NV>
inline void panel_kernel_rows(int k_count, const float* const* xr, const float* w, const float* const* init,
                              const float* bias, float* const* yr, Activation act) {
    V4 acc[MR][NV];
    MOVIENET_UNROLL
    for (int j = 0; j < NV; ++j) {
        const V4 b = v_load(bias + 4 * j);
        MOVIENET_UNROLL
        for (int r = 0; r < MR; ++r) acc[r][j] = b;
    }
    if (init != nullptr) {
        MOVIENET_UNROLL
        for (int r = 0; r < MR; ++r)
            MOVIENET_UNROLL
            for (int j = 0; j < NV; ++j) acc[r][j] = v_add(acc[r][j], v_load(init[r] + 4 * j));
    }
    for (int k = 0; k < k_count; ++k) {
        V4 wv[NV];
        MOVIENET_UNROLL
        for (int j = 0; j < NV; ++j) wv[j] = v_load(w + (static_cast<std::ptrdiff_t>(k) * NV + j) * 4);
        MOVIENET_UNROLL
        for (int r = 0; r < MR; ++r) {
            const V4 xs = v_splat(xr[r] + k);
            MOVIENET_UNROLL
            for (int j = 0; j < NV; ++j) acc[r][j] = v_mul_add(acc[r][j], xs, wv[j]);
        }
    }
    if (act == Activation::Relu) {
        MOVIENET_UNROLL
        for (int r = 0; r < MR; ++r)
            MOVIENET_UNROLL
            for (int j = 0; j < NV; ++j) acc[r][j] = v_relu(acc[r][j]);
    }
    MOVIENET_UNROLL
    for (int r = 0; r < MR; ++r) {
        MOVIENET_UNROLL
        for (int j = 0; j < NV; ++j) v_store(yr[r] + 4 * j, acc[r][j]);
        if (act == Activation::Sigmoid || act == Activation::Tanh) activate(act, yr[r], 4 * NV);
    }
}

// The same over MR rows at a fixed stride (InferenceNet's tiles).
template <int MR, int NV>
inline void panel_kernel(int k_count, const float* x, int x_stride, const float* w, const float* bias, float* y,
                         int y_stride, Activation act) {
    const float* xr[MR];
    float* yr[MR];
    MOVIENET_UNROLL
    for (int r = 0; r < MR; ++r) {
        xr[r] = x + static_cast<std::ptrdiff_t>(r) * x_stride;
        yr[r] = y + static_cast<std::ptrdiff_t>(r) * y_stride;
    }
    panel_kernel_rows<MR, NV>(k_count, xr, w, nullptr, bias, yr, act);
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

}  // namespace movienet::simd
