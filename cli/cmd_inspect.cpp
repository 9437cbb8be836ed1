// movienet inspect: describe a model file, or say exactly why it does not load.
#include <cstdio>
#include <map>

#include "commands.h"
#include "movienet/base/error.h"
#include "movienet/io/file_io.h"
#include "movienet/io/safetensors.h"
#include "movienet/nn/network_file.h"
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

// The storage types of a file's tensors, e.g. "F16 x 12, I8 x 3".
std::string dtype_summary(const Safetensors& file) {
    std::map<std::string, int> counts;
    for (const TensorInfo& t : file.tensors()) ++counts[tensor_dtype_name(t.dtype)];
    std::string out;
    for (const auto& [name, n] : counts) out += (out.empty() ? "" : ", ") + name + " x " + std::to_string(n);
    return out;
}

// Indented, or verbatim when nlohmann cannot hold it (a number like 1e400 is
// valid JSON but overflows a double): inspect shows what the file holds.
std::string pretty(const std::string& json_text) {
    const Json parsed = Json::parse(json_text, nullptr, false);
    return parsed.is_discarded() ? json_text : parsed.dump(2);
}

int run(const Args& args) {
    if (args.positional().size() != 1) throw UsageError{"expected exactly one FILE"};
    const std::string path = args.positional()[0];
    std::string text = read_file(path, limits::kMaxModelFileBytes);
    const std::size_t size = text.size();
    const Safetensors file = parse_safetensors(std::move(text), path);
    const std::string* written = file.find_metadata("format");
    const std::string format = written ? *written : "";
    std::printf("file: %s (%zu bytes)\n", path.c_str(), size);
    if (format == network_format_name) {
        const NetworkFile network = network_file_from(file);
        std::printf("format: %s v%d (safetensors), tensors %s\n", network_format_name, network_format_version,
                    dtype_summary(file).c_str());
        print_network(network.network);
        std::printf("metadata: %s\n", pretty(network.metadata_json).c_str());
        return 0;
    }
    if (format == rating_model_format_name) {
        const RatingModel model = rating_model_from(file);
        std::printf("format: %s v%d (safetensors), tensors %s%s\n", rating_model_format_name, rating_model_format_version,
                    dtype_summary(file).c_str(), file.find("catalogue.titles") ? "" : "; no titles");
        if (model.has_rating_model()) {
            std::printf("architecture: %s\n", model.arch->description());
            std::printf("catalogue: %d movies, %zu genres; rating scale %g..%g step %g; global mean %.4f\n", model.catalogue.size(),
                        model.catalogue.genre_names.size(), model.scale.min, model.scale.max, model.scale.step, model.global_mean);
            std::printf("%s\n", model.arch->summary().c_str());
            print_network(model.arch->network());
        } else {
            std::printf("architecture: none: no rating model (trained on watch events without ratings); it answers watch "
                        "questions only (recommend ranks by watch chance, predict needs --watch)\n");
            std::printf("catalogue: %d movies, %zu genres\n", model.catalogue.size(), model.catalogue.genre_names.size());
        }
        if (model.watch) {
            const WatchConfig& w = model.watch->config();
            std::printf("watch head: %d movies x (1 bias + %d x %d)%s + %d recency weights = %lld parameters; ranking "
                        "weight of a predicted star %g\n",
                        model.watch->movies(), model.watch->tables(), w.dim, w.tied ? " (one table: input = output)" : "",
                        w.recent, static_cast<long long>(model.watch->params().size()), model.watch_rating_weight);
        } else {
            std::printf("watch head: none (trained before movienet 0.2): recommendations rank by predicted rating\n");
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
