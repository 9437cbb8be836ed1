// Writes the golden outputs the wasm tests compare against (within 1e-5
// relative): what the *native* build computes. Networks go through Eigen
// (Network::predict); models through the native Predictor, whose fast
// scorers the C++ tests check against the Eigen definitions.
//
//   write_golden network <dir>          <name>.network.safetensors + <name>.golden.json (inputs, outputs)
//   write_golden model <model.safetensors> <out.json>   fixed histories -> predict + recommend
//   write_golden seed-model <out.json>  a small seed-architecture model trained on generated ratings
//   write_golden watch-model <out.safetensors>  a model without a rating model, trained on generated
//       watch events (every viewer watches consecutive movies: the next after k is k + 1)
//   write_golden check <dir> [<model.safetensors> <model.golden.json>]...
//       regenerates in a temporary directory and checks the committed files
//       still hold (inputs and weights exactly, outputs within 1e-6 relative):
//       a CTest step, so golden files cannot drift from the sources.
//
// Inputs come from closed-form sequences, so every platform regenerates the
// same files byte for byte.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <limits>
#include <string>
#include <vector>

#include "movienet/base/error.h"
#include "movienet/io/file_io.h"
#include "movienet/io/json_writer.h"
#include "movienet/nn/network_file.h"
#include "movienet/rec/predictor.h"
#include "movienet/rec/rating_model.h"
#include "movienet/rec/rating_trainer.h"
#include "../cpp/sequential_events.h"
#include "../cpp/synthetic_ratings.h"

using namespace movienet;

namespace {

// A deterministic, irregular input in [-2, 2].
float input_value(std::size_t i) { return static_cast<float>(2.0 * std::sin(0.37 * double(i) + 0.11 * double(i % 7))); }

void write_network_case(const std::string& dir, const std::string& name, Index n_in, const std::string& spec,
                        uint64_t seed, Dtype dtype, int rows) {
    Network net(parse_architecture_spec(n_in, spec));
    net.init(seed);
    Json metadata = {{"purpose", "movienet wasm golden test"}, {"spec", spec}, {"seed", seed}};
    const std::string text = save_network_string(net, metadata, dtype);
    write_file_atomically(dir + "/" + name + ".network.safetensors", text);
    // Predict with what was saved (float16 rounds the weights).
    const NetworkFile loaded = load_network_string(text, name);
    Matrix x(n_in, rows);
    for (Index i = 0; i < x.size(); ++i) x.data()[i] = input_value(static_cast<std::size_t>(i));
    const Matrix y = loaded.network.predict(x);
    Json golden = {{"network", name + ".network.safetensors"},
                   {"rows", rows},
                   {"input", std::vector<float>(x.data(), x.data() + x.size())},
                   {"output", std::vector<float>(y.data(), y.data() + y.size())}};
    write_file_atomically(dir + "/" + name + ".golden.json", golden.dump() + "\n");
}

// Histories built from the catalogue itself, so any model works: one empty,
// one short, one of 20 ratings, on the model's scale grid. For a model without
// a rating model, no ratings (NaN, null in the JSON): movies watched.
std::vector<std::vector<HistoryEntry>> histories(const RatingModel& model) {
    const Catalogue& c = model.catalogue;
    const RatingScale s = model.scale;
    const int steps = static_cast<int>(std::lround((s.max - s.min) / s.step));
    auto rating = [&](int k) {
        return model.has_rating_model() ? s.min + s.step * static_cast<float>((k * 7 + 3) % (steps + 1))
                                        : std::numeric_limits<float>::quiet_NaN();
    };
    std::vector<std::vector<HistoryEntry>> out(3);
    for (int k = 0; k < 3 && k < c.size(); ++k) out[1].push_back({c.ids[static_cast<std::size_t>(k * 5 % c.size())], rating(k)});
    for (int k = 0; k < 20 && k < c.size(); ++k)
        out[2].push_back({c.ids[static_cast<std::size_t>((k * 37 + 11) % c.size())], rating(k + 1)});
    return out;
}

void write_model_golden(const std::string& model_path, const std::string& out_path) {
    Predictor predictor(load_rating_model_file(model_path));
    const Catalogue& c = predictor.catalogue();
    std::vector<int32_t> ids;
    for (int k = 0; k < 50 && k < c.size(); ++k) ids.push_back(c.ids[static_cast<std::size_t>((k * 13) % c.size())]);
    ids.push_back(-1);  // not in the catalogue: the viewer's baseline
    Json cases = Json::array();
    for (const auto& history : histories(predictor.model())) {
        const bool rated = predictor.has_rating_model();
        Json h = Json::array();
        for (const HistoryEntry& e : history) h.push_back({e.movie, std::isnan(e.rating) ? Json(nullptr) : Json(e.rating)});
        // The default order: [id, score, rating, watch]; then 0.1's order by rating.
        Json top = Json::array(), by_rating = Json::array();
        for (const Recommendation& r : predictor.recommend(history, 10, {}))
            top.push_back({r.movie_id, r.score, rated ? Json(r.rating) : Json(nullptr), predictor.has_watch() ? Json(r.watch) : Json(nullptr)});
        Json entry = {{"history", h}, {"movieIds", ids}, {"recommend", top}};
        if (rated) {
            for (const Recommendation& r : predictor.recommend(history, 10, {}, nullptr, 0, RankBy::Rating))
                by_rating.push_back({r.movie_id, r.score});
            entry["predictions"] = predictor.predict(history, ids);
            entry["recommendByRating"] = by_rating;
        }
        if (predictor.has_watch()) entry["watch"] = predictor.predict_watch(history, ids);
        cases.push_back(entry);
    }
    // Identifies the model, so a stale golden file fails with a clear message.
    const RatingModel& m = predictor.model();
    const Json metadata = Json::parse(m.metadata_json);
    const Json fingerprint = {{"paramCount", m.param_count()},
                              {"created", metadata.contains("created") ? metadata["created"] : Json()},
                              {"movieCount", c.size()}};
    write_file_atomically(out_path, Json{{"model", model_path}, {"fingerprint", fingerprint}, {"cases", cases}}.dump() + "\n");
}

// The shipped model is pooled; this one covers the seed scoring path. Its
// file is committed (training need not be bit-identical across platforms);
// only its golden outputs are checked.
void write_seed_model(const std::string& out_path) {
    const Dataset data = testing::make_synthetic_dataset(80, 120, 0.25, 21);
    RatingTrainOptions options;
    options.arch = "seed";
    options.epochs = 3;
    options.seed = 21;
    options.metadata = {{"purpose", "movienet wasm golden test of the seed architecture"}};
    save_rating_model_file(out_path, train_rating_model(data, data.ratings, options).model, Dtype::Float16);
}

// A model trained on watch events alone (no rating model): the page and the
// npm API must work with one. Committed like the seed model.
void write_watch_model(const std::string& out_path) {
    const std::string dir = out_path + ".events";
    std::string mkdir = "mkdir -p '" + dir + "'";
    if (std::system(mkdir.c_str()) != 0) throw Error(ErrorCode::Io, "cannot create " + dir);
    testing::write_sequential_events(dir);
    const Dataset data = load_dataset(dir);
    RatingTrainOptions options;
    options.seed = 20;
    options.watch.model.dim = 16;
    options.metadata = {{"purpose", "movienet wasm test of a model trained on watch events without ratings"},
                        {"dataset", "sequential events (tests/cpp/sequential_events.h)"}};
    save_rating_model_file(out_path, train_rating_model(data, data.ratings, options).model, Dtype::Float16);
    std::string rm = "rm -rf '" + dir + "'";
    if (std::system(rm.c_str()) != 0) std::fprintf(stderr, "write_golden: could not remove %s\n", dir.c_str());
}

// Compares two golden JSON documents: numbers within 1e-6 relative, the rest exactly.
bool same_json(const Json& a, const Json& b, const std::string& where, std::string& why) {
    if (a.is_number() && b.is_number()) {
        const double x = a.get<double>(), y = b.get<double>();
        if (std::fabs(x - y) <= 1e-6 * std::max(1.0, std::fabs(y))) return true;
        why = where + ": " + a.dump() + " vs " + b.dump();
        return false;
    }
    if (a.type() != b.type() || a.size() != b.size()) {
        why = where + ": different type or size";
        return false;
    }
    if (a.is_array()) {
        for (size_t i = 0; i < a.size(); ++i)
            if (!same_json(a[i], b[i], where + "[" + std::to_string(i) + "]", why)) return false;
        return true;
    }
    if (a.is_object()) {
        for (auto it = a.begin(); it != a.end(); ++it) {
            if (!b.contains(it.key())) {
                why = where + "." + it.key() + ": missing";
                return false;
            }
            if (!same_json(it.value(), b[it.key()], where + "." + it.key(), why)) return false;
        }
        return true;
    }
    if (a != b) {
        why = where + ": " + a.dump() + " vs " + b.dump();
        return false;
    }
    return true;
}

int check(const std::vector<std::string>& args) {
    const std::string dir = args[1];
    const std::string temp = dir + "/.golden-check";
    std::string mkdir = "mkdir -p '" + temp + "'";
    if (std::system(mkdir.c_str()) != 0) throw Error(ErrorCode::Io, "cannot create " + temp);
    std::vector<std::string> files;
    for (const char* name : {"seed", "odd", "half"}) {
        files.push_back(std::string(name) + ".network.safetensors");
        files.push_back(std::string(name) + ".golden.json");
    }
    write_network_case(temp, "seed", 100, "64relu,64relu,1", 20240601, Dtype::Float32, 70);
    write_network_case(temp, "odd", 7, "13tanh,5sigmoid,9relu,3", 7, Dtype::Float32, 37);
    write_network_case(temp, "half", 11, "6relu,2", 11, Dtype::Float16, 5);
    std::vector<std::pair<std::string, std::string>> pairs;
    for (const auto& f : files) pairs.push_back({dir + "/" + f, temp + "/" + f});
    for (std::size_t k = 2; k + 1 < args.size(); k += 2) {
        const std::string fresh = temp + "/model" + std::to_string(k) + ".golden.json";
        write_model_golden(args[k], fresh);
        pairs.push_back({args[k + 1], fresh});
    }
    int failures = 0;
    for (const auto& [committed, fresh] : pairs) {
        std::string why;
        const bool binary = committed.size() > 12 && committed.compare(committed.size() - 12, 12, ".safetensors") == 0;
        if (binary ? read_file(committed) != read_file(fresh)
                   : !same_json(Json::parse(read_file(committed)), Json::parse(read_file(fresh)), "", why)) {
            if (binary) why = "the bytes differ";
            std::fprintf(stderr, "write_golden check: %s is stale (%s); regenerate it with write_golden\n",
                         committed.c_str(), why.c_str());
            ++failures;
        }
    }
    std::string rm = "rm -rf '" + temp + "'";
    if (std::system(rm.c_str()) != 0) std::fprintf(stderr, "write_golden check: could not remove %s\n", temp.c_str());
    if (failures == 0) std::printf("write_golden check: %zu golden files are current\n", pairs.size());
    return failures == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        const std::vector<std::string> args(argv + 1, argv + argc);
        if (args.size() == 2 && args[0] == "network") {
            write_network_case(args[1], "seed", 100, "64relu,64relu,1", 20240601, Dtype::Float32, 70);
            write_network_case(args[1], "odd", 7, "13tanh,5sigmoid,9relu,3", 7, Dtype::Float32, 37);
            write_network_case(args[1], "half", 11, "6relu,2", 11, Dtype::Float16, 5);
            return 0;
        }
        if (args.size() == 3 && args[0] == "model") {
            write_model_golden(args[1], args[2]);
            return 0;
        }
        if (args.size() == 2 && args[0] == "seed-model") {
            write_seed_model(args[1]);
            return 0;
        }
        if (args.size() == 2 && args[0] == "watch-model") {
            write_watch_model(args[1]);
            return 0;
        }
        if (args.size() >= 2 && args.size() % 2 == 0 && args[0] == "check") return check(args);
        std::fprintf(stderr,
                     "usage: write_golden network <dir> | write_golden model <model.safetensors> <out.json> |\n"
                     "       write_golden seed-model <out.json> | write_golden watch-model <out.safetensors> |\n"
                     "       write_golden check <dir> [<model.safetensors> <model.golden.json>]...\n");
        return 2;
    } catch (const Error& e) {
        std::fprintf(stderr, "write_golden: %s: %s\n", error_code_name(e.code()), e.what());
        return 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "write_golden: %s\n", e.what());
        return 1;
    }
}
