// What a rating model's architecture is to inference: one interface, so the
// model file, the Predictor and the CLI never branch on which one it is.
// Adding an architecture means implementing ArchModel (and ArchScorer for its
// fast path), listing its ArchFormat in architectures.cpp, and, to train it,
// its ArchTraining in arch_trainers.cpp (movienet_train, never in the wasm).
#pragma once

#include <memory>
#include <string>

#include "movienet/io/codec.h"
#include "movienet/io/safetensors.h"
#include "movienet/nn/network.h"
#include "movienet/rec/history.h"

namespace movienet {

// The fast scoring path of one model. Holds scratch memory: one call at a time.
class ArchScorer {
public:
    virtual ~ArchScorer() = default;
    // Raw (unclamped) scores of dense movie indices for a resolved history.
    virtual void score(const ResolvedHistory& history, const int* movies, int count, float* out) = 0;
    // Leave-one-out scores, for explanations: out[j * count + c] is the raw
    // score of movies[c] for the history without its entry j (history.items.size()
    // x count floats). This default re-scores each reduced history; an
    // architecture whose viewer is a sum over the history overrides it to
    // subtract one entry's terms instead.
    virtual void score_leave_one_out(const ResolvedHistory& history, const int* movies, int count, float* out);
};

// One architecture's weights.
class ArchModel {
public:
    virtual ~ArchModel() = default;

    // The model file's "arch" value and the prefix of its tensors.
    virtual const char* name() const = 0;
    // For people, e.g. "default (history-pooled MLP)".
    virtual const char* description() const = 0;

    // The reference scoring path: raw (unclamped) scores of dense movie indices.
    virtual void score(const ResolvedHistory& history, const int* movies, int count, float* out) const = 0;
    // The fast path; keeps a reference, so this model must outlive it and not change.
    virtual std::unique_ptr<ArchScorer> make_scorer() const = 0;
    // Pseudo-count that shrinks a viewer's mean offset toward zero, for the
    // baseline of movies the catalogue lacks.
    virtual float viewer_bias_shrinkage() const = 0;

    // Every weight as one flat vector (checkpoints, best-epoch snapshots).
    virtual Index param_count() const = 0;
    virtual Vector params() const = 0;
    virtual void set_params(const Vector& params) = 0;

    // Its tensors ("<name()>.*") and metadata in the model file; movie
    // tables in `dtype`, the rest float32 or float16.
    virtual void write_tensors(SafetensorsWriter& out, Dtype dtype) const = 0;
    // Sizes for `movienet inspect`, then the network it prints.
    virtual std::string summary() const = 0;
    virtual const Network& network() const = 0;
};

// How a model file reads one architecture's tensors (errors name the tensor).
struct ArchFormat {
    const char* name;
    std::unique_ptr<ArchModel> (*read)(const Safetensors& file, const Catalogue& catalogue, float global_mean);
};

// The architectures a model file may name (listed in architectures.cpp); nullptr when unknown.
const ArchFormat* find_arch_format(const std::string& name);

}  // namespace movienet
