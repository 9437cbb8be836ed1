// InferenceNet: a packed, inference-only forward pass for a stack of dense
// layers with fused bias + activation. It is the hot path of prediction (in
// the browser above all), so it trades generality for speed: weights are
// re-packed once at construction into panels the micro-kernel streams
// through, rows are processed in small tiles that stay in L1 across all
// layers, and nothing is allocated per call.
//
// Under wasm SIMD128 the kernel uses f32x4 intrinsics; natively it uses the
// compiler's 4-lane vector extension (SSE on x86-64, NEON on arm64), so the
// same blocking and summation order are tested natively and in wasm, and the
// two give bit-identical results.
#pragma once

#include <cstddef>
#include <vector>

#include "movienet/nn/activations.h"

namespace movienet {

class Network;

// One dense layer (units outputs) followed by an optional activation.
struct InferenceLayer {
    int units = 0;
    Activation activation = Activation::Identity;
};

class InferenceNet {
public:
    // Rows handled together by one micro-kernel call, and the width (in
    // units) of a packed weight panel.
    static constexpr int kRowBlock = 4;
    static constexpr int kPanel = 8;
    // Rows pushed through all layers before the next tile starts; the
    // activations of one tile stay in L1.
    static constexpr int kRowTile = 32;

    // n_inputs features per row; params holds, per layer, W (units x in,
    // column-major) then b (units): the layout of Network's parameter buffer.
    // Throws Error(BadInput) on non-positive sizes or a wrong params size.
    InferenceNet(int n_inputs, std::vector<InferenceLayer> layers,
                 const float* params, std::size_t n_params);
    // The same function as net.predict(): each dense layer fused with the
    // activation that follows it (identity layers vanish). Error(BadInput)
    // for a layer order it cannot fuse (an activation with no dense before it).
    explicit InferenceNet(const Network& net);

    // Number of floats params must hold for this architecture.
    static std::size_t param_count(int n_inputs,
                                   const std::vector<InferenceLayer>& layers);

    int input_size() const { return n_inputs_; }
    int output_size() const { return layers_.empty() ? n_inputs_ : layers_.back().units; }
    const std::vector<InferenceLayer>& layers() const { return layers_; }

    // x: rows x input_size, row-major (one sample per row); out: rows x
    // output_size, row-major. x and out must not overlap. Uses per-object
    // scratch memory: one call at a time per object.
    void forward(const float* x, int rows, float* out);

private:
    struct Packed {
        int in = 0;
        int units = 0;
        int stride = 0;          // row stride of this layer's output in scratch
        bool dot = false;        // few units: per-row dot products instead of panels
        Activation activation = Activation::Identity;
        std::size_t offset = 0;  // into weights_
        std::size_t bias_offset = 0;
    };

    void init(const float* params, std::size_t n_params);
    void forward_tile(const float* x, int rows, float* out);

    int n_inputs_;
    std::vector<InferenceLayer> layers_;
    std::vector<Packed> packed_;
    std::vector<float> weights_;  // packed panels and biases of all layers
    std::vector<float> scratch_;  // two ping-pong activation buffers of a tile
    int max_stride_ = 0;
};

}  // namespace movienet
