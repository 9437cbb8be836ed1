#include "movienet/nn/inference.h"

#include <cmath>
#include <cstring>
#include <string>
#include <utility>

#include "movienet/nn/dense.h"
#include "movienet/base/error.h"
#include "movienet/nn/network.h"

#include "base/cold.h"
#include "nn/simd_kernels.h"

namespace movienet {
namespace {

using namespace simd;

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

// Layers with at most this many units use per-row dot products: a padded
// panel would waste most of its lanes (a 64 -> 1 output layer, say).
constexpr int kDotMaxUnits = 3;

int round_up(int n, int m) { return (n + m - 1) / m * m; }

}  // namespace

MOVIENET_COLD std::size_t InferenceNet::param_count(int n_inputs, const std::vector<InferenceLayer>& layers) {
    std::size_t total = 0;
    std::size_t in = static_cast<std::size_t>(n_inputs > 0 ? n_inputs : 0);
    for (const InferenceLayer& l : layers) {
        const std::size_t units = static_cast<std::size_t>(l.units > 0 ? l.units : 0);
        total += units * in + units;
        in = units;
    }
    return total;
}

MOVIENET_COLD InferenceNet::InferenceNet(int n_inputs, std::vector<InferenceLayer> layers, const float* params,
                           std::size_t n_params)
    : n_inputs_(n_inputs), layers_(std::move(layers)) {
    init(params, n_params);
}

namespace {

MOVIENET_COLD std::vector<InferenceLayer> fused_layers(const Network& net) {
    std::vector<InferenceLayer> out;
    bool fusable = false;  // the last stage has no activation yet
    const auto& layers = net.layers();
    // The layer kinds from the architecture, not dynamic_cast: RTTI lookups
    // cost movienet.wasm some 2 KB. validate_architecture() vouched for the names.
    const std::vector<LayerSpec>& specs = net.architecture().layers;
    for (std::size_t i = 0; i < layers.size(); ++i) {
        const Layer& l = *layers[i];
        if (specs[i].type == "dense") {
            out.push_back({static_cast<int>(l.output_size()), Activation::Identity});
            fusable = true;
            continue;
        }
        const Activation activation = parse_activation(specs[i].type);
        if (activation == Activation::Identity) continue;
        if (!fusable)
            throw Error(ErrorCode::BadInput,
                        "InferenceNet: layer " + std::to_string(i) + " (" + l.type_name() +
                            ") does not follow a dense layer, so it cannot be fused");
        out.back().activation = activation;
        fusable = false;
    }
    return out;
}

}  // namespace

MOVIENET_COLD InferenceNet::InferenceNet(const Network& net)
    : n_inputs_(static_cast<int>(net.input_size())), layers_(fused_layers(net)) {
    init(net.params().data(), static_cast<std::size_t>(net.param_count()));
}

MOVIENET_COLD void InferenceNet::init(const float* params, std::size_t n_params) {
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
