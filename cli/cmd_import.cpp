// movienet import: a network made elsewhere (PyTorch safetensors, or a Keras
// model in the TF.js layers format) as a movienet network file, which
// predict-csv and inspect take like one that fit-csv wrote.
#include <cstdio>

#include "commands.h"
#include "movienet/base/error.h"
#include "movienet/io/file_io.h"
#include "movienet/nn/network_file.h"
#include "movienet/nn/network_import.h"
#include "movienet/nn/tfjs_model.h"

namespace movienet::cli {

namespace {

std::string base_name(const std::string& path) {
    const std::size_t slash = path.rfind('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

int run(const Args& args) {
    if (args.positional().size() != 2) throw UsageError{"expected SOURCE OUT.safetensors"};
    const std::string from = args.positional()[0], to = args.positional()[1];
    const std::string layers = args.get("layers");
    std::string bytes = read_file(from, max_import_bytes);
    Json metadata = Json::object();
    const bool safetensors = bytes.size() > 8 && bytes[8] == '{';
    Network net = [&] {
        if (!safetensors) {
            // Keras's layer types are in model.json: a second list could only disagree.
            if (!layers.empty()) throw UsageError{"--layers is for PyTorch files; a TF.js model.json names its own layers"};
            metadata["imported_from"] = "tfjs-layers";
            return load_tfjs_network(from);
        }
        const Safetensors file = parse_safetensors(std::move(bytes), from);
        if (file.find_metadata("format"))  // a movienet file, or someone else's format
            file.fail("__metadata__.format: \"" + *file.find_metadata("format") +
                      "\": not a PyTorch state_dict (a movienet network file needs no import)");
        metadata["imported_from"] = "pytorch";
        return network_from_sequential(file, torch_layer_list(file, layers), WeightLayout::Torch);
    }();
    metadata["source"] = base_name(from);
    metadata["spec"] = net.architecture().spec();
    metadata["command"] = args.command_line();
    save_network_file(to, net, metadata);
    std::fprintf(stderr, "wrote %s: %lld -> %s, %lld parameters\n", to.c_str(), static_cast<long long>(net.input_size()),
                 net.architecture().spec().c_str(), static_cast<long long>(net.param_count()));
    return 0;
}

}  // namespace

Command import_command() {
    return {{"import",
             "movienet import SOURCE OUT.safetensors [--layers linear,relu,...]",
             "Import a network made elsewhere as a movienet network file (for predict-csv, inspect): a PyTorch "
             "nn.Sequential of Linear/ReLU/Sigmoid/Tanh saved with safetensors, or a Keras Dense stack in the TF.js "
             "layers format (SOURCE is its model.json; the .bin shards are read from the same folder).",
             {
                 {"layers", "LIST",
                  "PyTorch only: the Sequential's module types in order, e.g. linear,relu,linear,sigmoid (linear, relu, "
                  "sigmoid, tanh, identity); needed unless the file's __metadata__ has \"layers\"",
                  ""},
             },
             "FILES"},
            run};
}

}  // namespace movienet::cli
