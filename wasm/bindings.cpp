// Embind bindings: the only code that knows about JavaScript. The public API
// is wasm/js/ (index.js and the modules it exports); these classes are its private back end.
//
// Errors never cross the boundary as C++ exceptions (they would reach JS as
// bare numbers): every entry point catches everything. Cold calls return
// {ok: true, ...} or {ok: false, code, message}; the hot run() returns 0 or 1
// and keeps the failure for error().
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <malloc.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <new>
#include <string>
#include <utility>
#include <vector>

#include "movienet/base/error.h"
#include "movienet/io/safetensors.h"
#include "movienet/nn/inference.h"
#include "movienet/nn/network_file.h"
#include "movienet/nn/network_import.h"
#include "movienet/rec/predictor.h"
#include "movienet/rec/rating_model.h"

namespace {

using emscripten::val;

val failure(const char* code, const std::string& message) {
    val r = val::object();
    r.set("ok", false);
    r.set("code", code);
    r.set("message", message);
    return r;
}

template <class F>
val guarded(F&& body) {
    try {
        return body();
    } catch (const movienet::Error& e) {
        return failure(movienet::error_code_name(e.code()), e.what());
    } catch (const std::bad_alloc&) {
        return failure("ERR_OUT_OF_MEMORY", "out of wasm memory");
    } catch (const std::exception& e) {
        return failure("ERR_INTERNAL", e.what());
    } catch (...) {
        return failure("ERR_INTERNAL", "unknown C++ exception");
    }
}

// The safetensors table of a file whose header JSON.parse has read (safetensors.js
// checks its JSON types), packed by safetensors.js as two byte strings (embind's
// cheapest conversion): `text` holds the tensor names, then the metadata
// keys, then the values, each ended by a 0 byte; `numbers` is a Float64Array
// of [data offset, tensors, metadata entries, then per tensor: dtype (index
// in TensorDtype), rank, dims..., begin, end]. Safetensors checks the table against
// the bytes; the tensor bytes are already in wasm memory, copied once with the file.
movienet::Safetensors safetensors_from_js(std::string bytes, const std::string& text, const std::string& numbers,
                                          const std::string& source) {
    std::vector<double> v(numbers.size() / 8);
    std::memcpy(v.data(), numbers.data(), v.size() * 8);
    std::size_t at = 0, pos = 0;
    auto number = [&]() -> double {
        if (at >= v.size()) throw movienet::Error(movienet::ErrorCode::ModelFormat, source + ": bad header table");
        return v[at++];
    };
    auto string = [&]() {
        const std::size_t end = text.find('\0', pos);
        if (end == std::string::npos) throw movienet::Error(movienet::ErrorCode::ModelFormat, source + ": bad header table");
        std::string s = text.substr(pos, end - pos);
        pos = end + 1;
        return s;
    };
    const auto data_offset = static_cast<std::size_t>(number());
    const auto n = static_cast<std::size_t>(number()), m = static_cast<std::size_t>(number());
    movienet::SafetensorsHeader table;
    table.tensors.resize(n);
    for (movienet::TensorInfo& t : table.tensors) t.name = string();
    for (movienet::TensorInfo& t : table.tensors) {
        const double dtype = number();  // an index into TensorDtype, checked by safetensors.js
        if (!(dtype >= 0 && dtype <= double(movienet::TensorDtype::BOOL)))
            throw movienet::Error(movienet::ErrorCode::ModelFormat, source + ": bad header table");
        t.dtype = static_cast<movienet::TensorDtype>(static_cast<int>(dtype));
        const auto rank = static_cast<std::size_t>(number());
        for (std::size_t d = 0; d < rank; ++d) {
            const double size = number();
            t.shape.push_back(size > double(int64_t(1) << 40) ? -1 : static_cast<int64_t>(size));
        }
        t.begin = static_cast<uint64_t>(number());
        t.end = static_cast<uint64_t>(number());
    }
    std::vector<std::string> keys(m);
    for (std::string& key : keys) key = string();
    for (const std::string& key : keys) table.metadata.emplace_back(key, string());
    return movienet::Safetensors(std::move(bytes), data_offset, std::move(table), source);
}

// Model and network bytes reach the heap through here, not as an embind
// std::string argument: embind copies a Uint8Array into an unchecked _malloc
// result (0 when the heap cannot grow: the bytes were written from address 4,
// over every loaded model) and then into a std::string whose bad_alloc
// escaped without a code. stage() sizes a buffer (bad_alloc caught here), JS
// copies the bytes in, and load_staged() moves them into the loader.
std::string& staged_bytes() {
    static std::string bytes;
    return bytes;
}

// {ok, pointer}: room for `length` bytes at pointer, or {ok: false, code: ERR_OUT_OF_MEMORY}.
val stage(double length) {
    return guarded([&] {
        if (!(length >= 0) || length > 4294967295.0)
            throw movienet::Error(movienet::ErrorCode::BadInput, "stage: bad size");
        std::string& bytes = staged_bytes();
        std::string().swap(bytes);  // the previous buffer goes first
        bytes.resize(static_cast<std::size_t>(length));
        val r = val::object();
        r.set("ok", true);
        r.set("pointer", reinterpret_cast<std::uintptr_t>(bytes.data()));
        return r;
    });
}

std::string take_staged() {
    std::string bytes;
    bytes.swap(staged_bytes());
    return bytes;
}

// [{type, units?}]: built by hand, as Architecture::spec() would pull the
// whole iostream/locale machinery (~100 KB) into the module.
val layers_to_js(const movienet::Architecture& arch) {
    val layers = val::array();
    for (const movienet::LayerSpec& spec : arch.layers) {
        val layer = val::object();
        layer.set("type", spec.type);
        if (spec.type == "dense") layer.set("units", static_cast<double>(spec.units));
        layers.call<void>("push", layer);
    }
    return layers;
}

// Input and output live in buffers owned here, so JS writes features straight
// into the wasm heap and nothing is allocated per call once they are big enough.
class IoBuffers {
public:
    // Grows (never shrinks) to hold rows; pointers change only when it grows.
    void reserve(std::size_t in_floats, std::size_t out_floats) {
        if (in_.size() < in_floats) in_.resize(in_floats);
        if (out_.size() < out_floats) out_.resize(out_floats);
    }
    float* in() { return in_.data(); }
    float* out() { return out_.data(); }

private:
    std::vector<float> in_, out_;
};

// A network file loaded for inference (the low-level API).
class WasmNetwork {
public:
    val load(std::string bytes, const std::string& text, const std::string& numbers, const std::string& source) {
        return guarded([&] {
            return use(movienet::network_file_from(safetensors_from_js(std::move(bytes), text, numbers, source)), source);
        });
    }

    // load() of the bytes stage() took.
    // The bytes from stage(): the only way JS hands a file over (see stage()).
    val load_staged(const std::string& text, const std::string& numbers, const std::string& source) {
        return load(take_staged(), text, numbers, source);
    }

    // A network made elsewhere (network_import.h), from the bytes stage()
    // took: a PyTorch safetensors file (layout 0; `layers` from options.layers,
    // "" if not given), or TF.js weight files that tfjs-import.js has tabled (layout 1).
    val import_staged(const std::string& text, const std::string& numbers, const std::string& source,
                      const std::string& layers, int layout) {
        return guarded([&] {
            const movienet::Safetensors file = safetensors_from_js(take_staged(), text, numbers, source);
            const bool torch = layout == 0;
            movienet::NetworkFile imported{
                movienet::network_from_sequential(file, torch ? movienet::torch_layer_list(file, layers) : layers,
                                                  torch ? movienet::WeightLayout::Torch : movienet::WeightLayout::Keras),
                torch ? R"({"imported_from":"pytorch"})" : R"({"imported_from":"tfjs-layers"})"};
            return use(std::move(imported), source);
        });
    }

    // {ok, input, output}: heap byte offsets of buffers for rows rows.
    val reserve(int rows) {
        return guarded([&] {
            require_loaded();
            if (rows < 0) throw movienet::Error(movienet::ErrorCode::BadInput, "rows must be >= 0");
            const std::size_t n = static_cast<std::size_t>(rows);
            io_.reserve(n * static_cast<std::size_t>(net_->input_size()),
                        n * static_cast<std::size_t>(net_->output_size()));
            val r = val::object();
            r.set("ok", true);
            r.set("input", reinterpret_cast<std::uintptr_t>(io_.in()));
            r.set("output", reinterpret_cast<std::uintptr_t>(io_.out()));
            return r;
        });
    }

    // Forward rows already written at the reserved input. The JS side has
    // checked rows against the reserved size.
    int run(int rows) {
        last_error_ = guarded([&] {
            require_loaded();
            net_->forward(io_.in(), rows, io_.out());
            return val::undefined();
        });
        return last_error_.isUndefined() ? 0 : 1;
    }

    val error() const { return last_error_; }

private:
    void require_loaded() const {
        if (!net_) throw movienet::Error(movienet::ErrorCode::BadInput, "no network loaded");
    }

    // Runs the network from now on; {ok, sizes, layers, metadata}.
    val use(movienet::NetworkFile file, const std::string& source) {
        std::unique_ptr<movienet::InferenceNet> net;
        try {
            net = std::make_unique<movienet::InferenceNet>(file.network);
        } catch (const movienet::Error& e) {
            // A valid file this build cannot run is still a model-format problem.
            throw movienet::Error(movienet::ErrorCode::ModelFormat, source + ": " + e.what());
        }
        val r = val::object();
        r.set("ok", true);
        r.set("inputSize", net->input_size());
        r.set("outputSize", net->output_size());
        r.set("paramCount", static_cast<double>(file.network.param_count()));
        r.set("layers", layers_to_js(file.network.architecture()));
        r.set("metadata", file.metadata_json);
        net_ = std::move(net);
        return r;
    }

    std::unique_ptr<movienet::InferenceNet> net_;
    IoBuffers io_;
    val last_error_ = val::undefined();
};

// A copy of n values as a fresh JS typed array (a heap view would detach on growth).
template <class T>
val copy_to_js(const T* data, std::size_t n) {
    return val(emscripten::typed_memory_view(n, data)).call<val>("slice");
}

// A rating model (format "movienet-model") behind the Predictor: the
// high-level API. Histories and id lists arrive in a heap buffer the JS side
// fills (reserve()), as parallel arrays: ids (int32) and ratings (float32).
class WasmModel {
public:
    val load(std::string bytes, const std::string& text, const std::string& numbers, const std::string& source) {
        return guarded([&] {
            auto predictor = std::make_unique<movienet::Predictor>(
                movienet::rating_model_from(safetensors_from_js(std::move(bytes), text, numbers, source)));
            const movienet::RatingModel& m = predictor->model();
            const movienet::Catalogue& c = m.catalogue;
            val r = val::object();
            r.set("ok", true);
            // A model trained on watch events alone has no rating model: arch "none", hasRatings false.
            r.set("arch", std::string(m.arch ? m.arch->name() : movienet::no_rating_arch_name));
            r.set("hasRatings", m.has_rating_model());
            val scale = val::object();
            scale.set("min", m.scale.min);
            scale.set("max", m.scale.max);
            scale.set("step", m.scale.step);
            r.set("scale", scale);
            if (m.has_rating_model()) r.set("globalMean", m.global_mean);
            else r.set("globalMean", val::null());
            r.set("paramCount", static_cast<double>(m.param_count()));
            r.set("metadata", m.metadata_json);
            r.set("ids", copy_to_js(c.ids.data(), c.ids.size()));
            r.set("years", copy_to_js(c.years.data(), c.years.size()));
            r.set("ratingCounts", copy_to_js(c.rating_counts.data(), c.rating_counts.size()));
            // Titles and genres: catalogue.js reads them from the file's bytes once this has validated them.
            if (m.watch) {
                val watch = val::object();
                watch.set("dim", m.watch->config().dim);
                watch.set("recent", m.watch->config().recent);
                watch.set("ratingWeight", m.watch_rating_weight);
                r.set("watch", watch);
            } else {
                r.set("watch", val::null());
            }
            predictor_ = std::move(predictor);
            return r;
        });
    }

    // load() of the bytes stage() took.
    // The bytes from stage(): the only way JS hands a file over (see stage()).
    val load_staged(const std::string& text, const std::string& numbers, const std::string& source) {
        return load(take_staged(), text, numbers, source);
    }

    // Byte offset of a scratch buffer of at least `bytes` bytes (4-aligned).
    val reserve(double bytes) {
        return guarded([&] {
            if (!(bytes >= 0)) throw movienet::Error(movienet::ErrorCode::BadInput, "reserve: bad size");
            const std::size_t words = (static_cast<std::size_t>(bytes) + 3) / 4;
            if (scratch_.size() < words) scratch_.resize(words);
            val r = val::object();
            r.set("ok", true);
            r.set("pointer", reinterpret_cast<std::uintptr_t>(scratch_.data()));
            return r;
        });
    }

    // Scores for n_ids movie ids (int32 at ids) given a history of n_hist
    // (ids at hist_ids, ratings at hist_ratings); writes float32 at out.
    int predict(std::uintptr_t hist_ids, std::uintptr_t hist_ratings, int n_hist, std::uintptr_t ids, int n_ids,
                std::uintptr_t out) {
        return per_movie(&movienet::Predictor::predict, hist_ids, hist_ratings, n_hist, ids, n_ids, out);
    }

    // P(watch next) for n_ids movie ids, laid out as for predict().
    int predict_watch(std::uintptr_t hist_ids, std::uintptr_t hist_ratings, int n_hist, std::uintptr_t ids, int n_ids,
                      std::uintptr_t out) {
        return per_movie(&movienet::Predictor::predict_watch, hist_ids, hist_ratings, n_hist, ids, n_ids, out);
    }

    // {ok, ids: Int32Array, scores, ratings, watch: Float32Array, indices: Int32Array}, best first.
    // by: 0 both, 1 watch, 2 rating (movienet::RankBy's order).
    // With explain > 0 also becauseCounts (one per movie) and, flattened in
    // that order, becauseIndices (catalogue), becauseRatings, becauseDeltas.
    val recommend(std::uintptr_t hist_ids, std::uintptr_t hist_ratings, int n_hist, int k, std::uintptr_t exclude,
                  int n_exclude, int min_ratings, int by, int explain) {
        return guarded([&] {
            require_loaded();
            if (by < 0 || by > 2) throw movienet::Error(movienet::ErrorCode::BadInput, "recommend: bad ordering");
            const auto* ex = reinterpret_cast<const int32_t*>(exclude);
            const std::vector<movienet::Recommendation> top =
                predictor_->recommend(history(hist_ids, hist_ratings, n_hist), k,
                                      std::vector<int32_t>(ex, ex + n_exclude), nullptr, min_ratings,
                                      static_cast<movienet::RankBy>(by), explain);
            std::vector<int32_t> top_ids, top_indices, because_counts, because_indices;
            std::vector<float> top_scores, top_ratings, top_watch, because_ratings, because_deltas;
            for (const movienet::Recommendation& rec : top) {
                top_ids.push_back(rec.movie_id);
                top_scores.push_back(rec.score);
                top_ratings.push_back(rec.rating);
                top_watch.push_back(rec.watch);
                top_indices.push_back(rec.index);
                because_counts.push_back(static_cast<int32_t>(rec.because.size()));
                for (const movienet::Contribution& c : rec.because) {
                    because_indices.push_back(c.index);
                    because_ratings.push_back(c.rating);
                    because_deltas.push_back(c.delta);
                }
            }
            val r = val::object();
            r.set("ok", true);
            r.set("ids", copy_to_js(top_ids.data(), top_ids.size()));
            r.set("scores", copy_to_js(top_scores.data(), top_scores.size()));
            r.set("ratings", copy_to_js(top_ratings.data(), top_ratings.size()));
            r.set("watch", copy_to_js(top_watch.data(), top_watch.size()));
            r.set("indices", copy_to_js(top_indices.data(), top_indices.size()));
            if (explain > 0) {
                r.set("becauseCounts", copy_to_js(because_counts.data(), because_counts.size()));
                r.set("becauseIndices", copy_to_js(because_indices.data(), because_indices.size()));
                r.set("becauseRatings", copy_to_js(because_ratings.data(), because_ratings.size()));
                r.set("becauseDeltas", copy_to_js(because_deltas.data(), because_deltas.size()));
            }
            return r;
        });
    }

    // {ok, rating: <score> | null, watch: <score> | null} with <score> = {score,
    // baseline, deltaSum, indices: Int32Array (catalogue), ratings, deltas:
    // Float32Array}, every known history entry, largest delta first.
    val explain(std::uintptr_t hist_ids, std::uintptr_t hist_ratings, int n_hist, int movie_id) {
        return guarded([&] {
            require_loaded();
            const movienet::Explanation e = predictor_->explain(history(hist_ids, hist_ratings, n_hist), movie_id);
            val r = val::object();
            r.set("ok", true);
            r.set("rating", e.has_rating ? explained(e.rating) : val::null());
            r.set("watch", e.has_watch ? explained(e.watch) : val::null());
            return r;
        });
    }

    // Catalogue position of a movie id, or -1: the catalogue's own index, so
    // that model.js keeps no id -> position map (56 MiB at 1.9 M movies).
    int index_of(int32_t id) const { return predictor_ ? predictor_->model().catalogue.find(id) : -1; }

    val error() const { return last_error_; }

private:
    using PerMovie = std::vector<float> (movienet::Predictor::*)(const std::vector<movienet::HistoryEntry>&,
                                                                 const std::vector<int32_t>&, movienet::PredictStats*) const;
    // One float per movie id from `method`; 0 on success, else 1 with error() set.
    int per_movie(PerMovie method, std::uintptr_t hist_ids, std::uintptr_t hist_ratings, int n_hist, std::uintptr_t ids,
                  int n_ids, std::uintptr_t out) {
        last_error_ = guarded([&] {
            require_loaded();
            const auto* mids = reinterpret_cast<const int32_t*>(ids);
            const std::vector<float> values = (predictor_.get()->*method)(history(hist_ids, hist_ratings, n_hist),
                                                                           std::vector<int32_t>(mids, mids + n_ids), nullptr);
            std::copy(values.begin(), values.end(), reinterpret_cast<float*>(out));
            return val::undefined();
        });
        return last_error_.isUndefined() ? 0 : 1;
    }

    static std::vector<movienet::HistoryEntry> history(std::uintptr_t ids, std::uintptr_t ratings, int n) {
        const auto* id = reinterpret_cast<const int32_t*>(ids);
        const auto* rating = reinterpret_cast<const float*>(ratings);
        std::vector<movienet::HistoryEntry> h(static_cast<std::size_t>(n));
        for (int i = 0; i < n; ++i) h[static_cast<std::size_t>(i)] = {id[i], rating[i]};
        return h;
    }

    void require_loaded() const {
        if (!predictor_) throw movienet::Error(movienet::ErrorCode::BadInput, "no model loaded");
    }

    static val explained(const movienet::ExplainedScore& s) {
        std::vector<int32_t> indices;
        std::vector<float> ratings, deltas;
        for (const movienet::Contribution& c : s.contributions) {
            indices.push_back(c.index);
            ratings.push_back(c.rating);
            deltas.push_back(c.delta);
        }
        val r = val::object();
        r.set("score", s.score);
        r.set("baseline", s.baseline);
        r.set("deltaSum", s.delta_sum);
        r.set("indices", copy_to_js(indices.data(), indices.size()));
        r.set("ratings", copy_to_js(ratings.data(), ratings.size()));
        r.set("deltas", copy_to_js(deltas.data(), deltas.size()));
        return r;
    }

    std::unique_ptr<movienet::Predictor> predictor_;
    std::vector<float> scratch_;
    val last_error_ = val::undefined();
};

// Bytes currently malloc'ed: the heap-stability test checks that it does not
// move across a million calls (the memory size alone would hide small leaks).
double allocated_bytes() { return static_cast<double>(mallinfo().uordblks); }

}  // namespace

EMSCRIPTEN_BINDINGS(movienet) {
    emscripten::class_<WasmNetwork>("WasmNetwork")
        .constructor<>()
        .function("loadStaged", &WasmNetwork::load_staged)
        .function("importStaged", &WasmNetwork::import_staged)
        .function("reserve", &WasmNetwork::reserve)
        .function("run", &WasmNetwork::run)
        .function("error", &WasmNetwork::error);
    emscripten::class_<WasmModel>("WasmModel")
        .constructor<>()
        .function("loadStaged", &WasmModel::load_staged)
        .function("reserve", &WasmModel::reserve)
        .function("predict", &WasmModel::predict)
        .function("predictWatch", &WasmModel::predict_watch)
        .function("recommend", &WasmModel::recommend)
        .function("explain", &WasmModel::explain)
        .function("indexOf", &WasmModel::index_of)
        .function("error", &WasmModel::error);
    emscripten::function("allocatedBytes", &allocated_bytes);
    emscripten::function("stage", &stage);
}
