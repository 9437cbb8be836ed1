// movienet convert: a version-1 JSON model or network file to version 2
// (safetensors), or a version-2 file re-stored (--dtype, --no-titles).
#include <cstdio>

#include "commands.h"
#include "movienet/base/error.h"
#include "movienet/io/codec.h"
#include "movienet/io/file_io.h"
#include "movienet/io/json_fields.h"
#include "movienet/nn/network_file.h"
#include "movienet/nn/network_json.h"
#include "movienet/rec/rating_model_v1.h"

namespace movienet::cli {

namespace {

// The dtype the old file stored its weights in: the first "dtype" field.
Dtype written_dtype(const std::string& text) {
    const std::size_t key = text.find("\"dtype\"");
    if (key != std::string::npos && text.compare(text.find('"', key + 7) + 1, 7, "float16") == 0) return Dtype::Float16;
    return Dtype::Float32;
}

int run(const Args& args) {
    if (args.positional().size() != 2) throw UsageError{"expected OLD.json NEW.safetensors"};
    const std::string from = args.positional()[0], to = args.positional()[1];
    const std::string text = read_file(from, limits::kMaxModelFileBytes);
    if (text.size() > 8 && text[8] == '{') {
        // Already version 2: re-stored, e.g. with another --dtype.
        const Safetensors file = parse_safetensors(text, from);
        const std::string* format = file.find_metadata("format");
        const Dtype dtype = args.has("dtype") ? parse_dtype(args.get("dtype"), "--dtype") : Dtype::Float32;
        if (format && *format == network_format_name) {
            const NetworkFile network = network_file_from(file);
            save_network_file(to, network.network, Json::parse(network.metadata_json), dtype);
        } else {
            save_rating_model_file(to, rating_model_from(file), dtype, !args.has("no-titles") && file.find("catalogue.titles"));
        }
        std::fprintf(stderr, "wrote %s (%s)\n", to.c_str(), dtype_name(dtype));
        return 0;
    }
    const Dtype dtype = args.has("dtype") ? parse_dtype(args.get("dtype"), "--dtype") : written_dtype(text);
    const Json file = parse_json_file(text, from);
    const auto format = file.is_object() ? file.find("format") : file.end();
    const std::string name = format != file.end() && format->is_string() ? format->get<std::string>() : "";
    if (name == network_format_name) {
        const NetworkFile network = network_file_from_json_v1(text, from);
        save_network_file(to, network.network, Json::parse(network.metadata_json), dtype);
    } else if (name == rating_model_format_name) {
        const RatingModel model = load_rating_model_v1(text, from);
        save_rating_model_file(to, model, dtype, !args.has("no-titles"));
    } else {
        throw Error(ErrorCode::ModelFormat, from + ": format: \"" + name + "\" is not a version-1 movienet file");
    }
    std::fprintf(stderr, "wrote %s (%s)\n", to.c_str(), dtype_name(dtype));
    return 0;
}

}  // namespace

Command convert_command() {
    return {{"convert",
             "movienet convert OLD.json NEW.safetensors [--dtype float32|float16|int8] [--no-titles]",
             "Convert a version-1 JSON model or network file to version 2 (safetensors), or re-store a version-2 one.",
             {
                 {"dtype", "TYPE", "storage of the movie tables: float32, float16 or int8 (default: as a version-1 file stored them; float32 for a version-2 file)", ""},
                 {"no-titles", "", "leave the titles out (a site with its own catalogue)", ""},
             },
             "FILES"},
            run};
}

}  // namespace movienet::cli
