// Writes the golden outputs the wasm tests compare against (within 1e-5
// relative): what the *native* build computes, through the ordinary Eigen
// paths (Network::predict, Predictor), not the wasm kernel.
//
//   write_golden network <dir>          golden-network*.json: network files + inputs + outputs
//   write_golden model <model.json> <out.json>   fixed histories -> predict + recommend
//
// Inputs come from closed-form sequences, so every platform regenerates the
// same files byte for byte.
#include <cmath>
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "movienet/error.h"
#include "movienet/file_io.h"
#include "movienet/json_fields.h"
#include "movienet/network_file.h"
#include "movienet/predictor.h"
#include "movienet/rating_model.h"

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
    write_file_atomically(dir + "/" + name + ".network.json", text);
    // Predict with what was saved (float16 rounds the weights).
    const NetworkFile loaded = load_network_string(text, name);
    Matrix x(n_in, rows);
    for (Index i = 0; i < x.size(); ++i) x.data()[i] = input_value(static_cast<std::size_t>(i));
    const Matrix y = loaded.network.predict(x);
    Json golden = {{"network", name + ".network.json"},
                   {"rows", rows},
                   {"input", std::vector<float>(x.data(), x.data() + x.size())},
                   {"output", std::vector<float>(y.data(), y.data() + y.size())}};
    write_file_atomically(dir + "/" + name + ".golden.json", golden.dump() + "\n");
}

// Histories built from the catalogue itself, so any model works: one empty,
// one short, one of 20 ratings, on the model's scale grid.
std::vector<std::vector<HistoryEntry>> histories(const RatingModel& model) {
    const Catalogue& c = model.catalogue;
    const RatingScale s = model.scale;
    const int steps = static_cast<int>(std::lround((s.max - s.min) / s.step));
    auto rating = [&](int k) { return s.min + s.step * static_cast<float>((k * 7 + 3) % (steps + 1)); };
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
        Json h = Json::array();
        for (const HistoryEntry& e : history) h.push_back({e.movie, e.rating});
        const std::vector<float> scores = predictor.predict(history, ids);
        Json top = Json::array();
        for (const Recommendation& r : predictor.recommend(history, 10, {})) top.push_back({r.movie_id, r.score});
        cases.push_back({{"history", h}, {"movieIds", ids}, {"predictions", scores}, {"recommend", top}});
    }
    // Identifies the model, so a stale golden file fails with a clear message.
    const RatingModel& m = predictor.model();
    const Json fingerprint = {{"paramCount", m.param_count()},
                              {"created", m.metadata.contains("created") ? m.metadata["created"] : Json()},
                              {"movieCount", c.size()}};
    write_file_atomically(out_path, Json{{"model", model_path}, {"fingerprint", fingerprint}, {"cases", cases}}.dump() + "\n");
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
        std::fprintf(stderr, "usage: write_golden network <dir> | write_golden model <model.json> <out.json>\n");
        return 2;
    } catch (const Error& e) {
        std::fprintf(stderr, "write_golden: %s: %s\n", error_code_name(e.code()), e.what());
        return 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "write_golden: %s\n", e.what());
        return 1;
    }
}
