// movienet inspect: describe a model file, or say exactly why it does not load.
#include <cstdio>
#include <initializer_list>

#include "commands.h"
#include "movienet/base/error.h"
#include "movienet/io/file_io.h"
#include "movienet/io/network_file.h"
#include "movienet/rec/rating_model.h"

namespace movienet::cli {

namespace {

void print_network(const Network& net) {
    std::printf("architecture: %lld -> %s\n", static_cast<long long>(net.input_size()), net.architecture().spec().c_str());
    Index size = net.input_size();
    for (const auto& layer : net.layers()) {
        std::printf("  %-9s %6lld -> %-6lld params %lld\n", layer->type_name().c_str(), static_cast<long long>(size),
                    static_cast<long long>(layer->output_size()), static_cast<long long>(layer->param_count()));
        size = layer->output_size();
    }
    std::printf("parameters: %lld\n", static_cast<long long>(net.param_count()));
}

// The string at a path of keys, or "" when any step is missing; used only on
// files the loader has already validated.
std::string string_at(const JsonNode& root, std::initializer_list<const char*> keys) {
    const JsonNode* node = &root;
    for (const char* key : keys)
        if (!(node = node->find(key))) return "";
    return node->is_string() ? node->string() : "";
}

std::string pretty(const std::string& json_text) { return Json::parse(json_text).dump(2); }

int run(const Args& args) {
    if (args.positional().size() != 1) throw UsageError{"expected exactly one FILE"};
    const std::string path = args.positional()[0];
    const std::string text = read_file(path);
    const JsonNode file = parse_json(text, path);
    const std::string format = string_at(file, {"format"});
    std::printf("file: %s (%zu bytes)\n", path.c_str(), text.size());
    if (format == network_format_name) {
        const NetworkFile network = load_network_string(text, path);
        std::printf("format: %s v%d, weights %s\n", network_format_name, network_format_version,
                    string_at(file, {"params", "dtype"}).c_str());
        print_network(network.network);
        std::printf("metadata: %s\n", pretty(network.metadata_json).c_str());
        return 0;
    }
    if (format == rating_model_format_name) {
        const RatingModel model = load_rating_model_string(text, path);
        std::printf("format: %s v%d, weights %s\n", rating_model_format_name, rating_model_format_version,
                    (model.arch == RatingArch::Pooled ? string_at(file, {"pooled", "embeddings", "dtype"})
                                                      : string_at(file, {"seed", "network", "params", "dtype"}))
                        .c_str());
        std::printf("architecture: %s\n", model.arch == RatingArch::Pooled ? "default (history-pooled MLP)" : "seed (hand-crafted features MLP)");
        std::printf("catalogue: %d movies, %zu genres; rating scale %g..%g step %g; global mean %.4f\n", model.catalogue.size(),
                    model.catalogue.genre_names.size(), model.scale.min, model.scale.max, model.scale.step, model.global_mean);
        if (model.arch == RatingArch::Pooled) {
            const PooledModel& p = *model.pooled;
            std::printf("movie vectors: %d x (1 bias + 3 x %d)  = %lld parameters\n", p.movies(), p.config().dim,
                        static_cast<long long>(p.embeddings().size()));
            std::printf("head:\n");
            print_network(p.head());
        } else {
            std::printf("features: %lld\n", static_cast<long long>(model.seed->encoder.size()));
            print_network(model.seed->network);
        }
        std::printf("total parameters: %lld\n", static_cast<long long>(model.param_count()));
        std::printf("metadata: %s\n", pretty(model.metadata_json).c_str());
        return 0;
    }
    throw Error(ErrorCode::ModelFormat, path + ": format: \"" + format + "\" is not a movienet file");
}

}  // namespace

Command inspect_command() {
    return {{"inspect", "movienet inspect FILE", "Print a model file's architecture, sizes and metadata (or why it is invalid).", {}, "FILE"},
            run};
}

}  // namespace movienet::cli
