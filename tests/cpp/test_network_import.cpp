// Networks made elsewhere (network_import.h, tfjs_model.h): the fixtures made
// by PyTorch and TF.js predict what those tools predicted, and every
// malformed variant is a ModelFormat error naming what is wrong.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "error_check.h"
#include "import_fixtures.h"
#include "movienet/nn/network_file.h"
#include "movienet/nn/network_import.h"
#include "movienet/nn/tfjs_model.h"
#include "safetensors_edit.h"

using namespace movienet;
using namespace movienet::testing;

namespace {

double max_abs_difference(const Network& net, const Expected& e) {
    const Matrix y = net.predict(e.input);
    REQUIRE(std::size_t(y.size()) == e.output.size());
    double worst = 0;
    for (Index r = 0; r < y.cols(); ++r)
        for (Index o = 0; o < y.rows(); ++o)
            worst = std::max(worst, std::abs(double(y(o, r)) - e.output[std::size_t(r * y.rows() + o)]));
    return worst;
}

Network torch_network(const std::string& bytes, const std::string& layers = "") {
    const Safetensors file = parse_safetensors(bytes, "torch.safetensors");
    return network_from_sequential(file, torch_layer_list(file, layers), WeightLayout::Torch);
}

std::string torch_bytes() { return read_file(import_fixture("torch_mlp.safetensors")); }

// The TF.js fixture with model.json edited and, optionally, the shards replaced.
Network tfjs_network(const std::function<void(nlohmann::json&)>& edit,
                     const std::function<std::string(const std::string&)>& shard = nullptr) {
    nlohmann::json model = nlohmann::json::parse(read_file(import_fixture("tfjs_mlp/model.json")));
    edit(model);
    const TfjsWeights w = read_tfjs_model(model.dump(), "model.json", [&](const std::string& path) {
        return shard ? shard(path) : read_file(import_fixture("tfjs_mlp/" + path));
    });
    return network_from_sequential(w.tensors, w.layers, WeightLayout::Keras);
}

nlohmann::json& layer(nlohmann::json& model, int i) { return model["modelTopology"]["config"]["layers"][std::size_t(i)]; }
nlohmann::json& weight(nlohmann::json& model, int i) { return model["weightsManifest"][0]["weights"][std::size_t(i)]; }

// A PyTorch-style file from [out, in] shapes; values 0.1 everywhere.
std::string torch_file(const std::vector<std::pair<std::string, std::vector<int64_t>>>& tensors, TensorDtype dtype = TensorDtype::F32) {
    SafetensorsWriter out;
    for (const auto& [name, shape] : tensors) {
        std::size_t n = 1;
        for (int64_t d : shape) n *= std::size_t(d);
        if (dtype == TensorDtype::F64) {
            const std::vector<double> v(n, 0.1);
            out.add_f64(name, shape, v.data());
        } else {
            const std::vector<float> v(n, 0.1f);
            out.add_f32(name, shape, v.data());
        }
    }
    return out.bytes();
}

}  // namespace

TEST_CASE("a PyTorch nn.Sequential predicts what PyTorch predicted, within 1e-5") {
    const Expected e = read_expected("torch_mlp.expected.json");
    const Network net = torch_network(torch_bytes());
    CHECK(net.input_size() == 5);
    CHECK(net.architecture().spec() == "8relu,8tanh,1sigmoid");
    const double worst = max_abs_difference(net, e);
    MESSAGE("torch fixture: max abs difference " << worst);
    CHECK(worst < 1e-5);

    SUBCASE("a bare state_dict with the layer types given") {
        const Network bare = torch_network(read_file(import_fixture("torch_mlp_bare.safetensors")), e.layers);
        CHECK(bare.params() == net.params());
        // Spaces and capitals, as people type them, mean the same.
        const Network typed = torch_network(read_file(import_fixture("torch_mlp_bare.safetensors")),
                                            "Linear, ReLU, Linear, Tanh, Linear, Sigmoid");
        CHECK(typed.params() == net.params());
    }
    SUBCASE("the same list given and written is fine") { CHECK(torch_network(torch_bytes(), e.layers).params() == net.params()); }
    SUBCASE("the imported network round-trips through a movienet network file") {
        const NetworkFile saved = load_network_string(save_network_string(net, Json::object()));
        CHECK(saved.network.params() == net.params());
    }
}

TEST_CASE("PyTorch files: missing, conflicting or wrong layer types are errors, never guesses") {
    const std::string bare = read_file(import_fixture("torch_mlp_bare.safetensors"));
    CHECK_MOVIENET_ERROR(torch_network(bare), ErrorCode::ModelFormat,
                         "torch.safetensors: no layer types: a PyTorch state_dict does not record its activation modules");
    CHECK_MOVIENET_ERROR(torch_network(torch_bytes(), "linear,relu,linear,relu,linear,sigmoid"), ErrorCode::ModelFormat,
                         "the layer types given (linear,relu,linear,relu,linear,sigmoid) differ from __metadata__.layers");
    CHECK_MOVIENET_ERROR(torch_network(bare, "linear,relu,linear,tanh,linear,softmax"), ErrorCode::ModelFormat,
                         "layers[5]: unknown layer type \"softmax\" (expected linear, relu, sigmoid, tanh or identity)");
    // One module short: "4.weight" has no layer.
    CHECK_MOVIENET_ERROR(torch_network(bare, "linear,relu,linear,tanh"), ErrorCode::ModelFormat,
                         "4.weight: layer 4 is past the 4 layers given");
    // Activations in the wrong places: a parameter tensor on an activation.
    CHECK_MOVIENET_ERROR(torch_network(bare, "linear,linear,relu,tanh,linear,sigmoid"), ErrorCode::ModelFormat,
                         "2.weight: layers[2] is declared relu, which has no parameters");
    // A Linear with no tensors.
    CHECK_MOVIENET_ERROR(torch_network(bare, "linear,relu,linear,tanh,linear,linear"), ErrorCode::ModelFormat,
                         "5.weight: missing tensor");
    CHECK_MOVIENET_ERROR(torch_network(bare, ""), ErrorCode::ModelFormat, "no layer types");
}

TEST_CASE("PyTorch files: shapes that do not chain, other dtypes, non-finite values, stray tensors") {
    CHECK_MOVIENET_ERROR(torch_network(torch_file({{"0.weight", {8, 5}}, {"0.bias", {8}}, {"2.weight", {1, 7}}, {"2.bias", {1}}}),
                                       "linear,relu,linear"),
                         ErrorCode::ModelFormat,
                         "2.weight: takes 7 inputs, but 0.weight gives 8 outputs (the shapes do not chain)");
    CHECK_MOVIENET_ERROR(torch_network(torch_file({{"0.weight", {8, 5}}, {"0.bias", {7}}}), "linear"), ErrorCode::ModelFormat,
                         "0.bias: shape [7], expected [8]");
    CHECK_MOVIENET_ERROR(torch_network(torch_file({{"0.weight", {8, 5}}}), "linear"), ErrorCode::ModelFormat,
                         "0.bias: missing tensor");
    CHECK_MOVIENET_ERROR(torch_network(torch_file({{"0.weight", {8, 5, 1}}, {"0.bias", {8}}}), "linear"), ErrorCode::ModelFormat,
                         "0.weight: shape [8, 5, 1], expected [*, *]");
    CHECK_MOVIENET_ERROR(torch_network(torch_file({{"0.weight", {2, 3}}, {"0.bias", {2}}}, TensorDtype::F64), "linear"),
                         ErrorCode::ModelFormat, "0.weight: dtype F64, expected F32 or F16");
    CHECK_MOVIENET_ERROR(torch_network(torch_file({{"0.weight", {2, 3}}, {"0.bias", {2}}, {"running_mean", {2}}}), "linear"),
                         ErrorCode::ModelFormat, "running_mean: not a parameter of a sequential stack");
    CHECK_MOVIENET_ERROR(torch_network(torch_file({{"0.weight", {0, 3}}, {"0.bias", {0}}}), "linear"), ErrorCode::ModelFormat,
                         "0.weight: empty layer");
    CHECK_MOVIENET_ERROR(torch_network(with_f32(torch_bytes(), "2.bias", std::numeric_limits<float>::quiet_NaN())),
                         ErrorCode::ModelFormat, "2.bias: value 0 is not finite");
    // Past the size limits (2^20 inputs): refused before the network is allocated.
    CHECK_MOVIENET_ERROR(torch_network(torch_file({{"0.weight", {1, (1 << 20) + 1}}, {"0.bias", {1}}}), "linear"),
                         ErrorCode::ModelFormat, "layers (linear): architecture.input: 1048577 is not a valid input size");
}

TEST_CASE("a TF.js layers model (Keras Dense stack) predicts what TF.js predicted, within 1e-5") {
    const Expected e = read_expected("tfjs_mlp.expected.json");
    const Network net = load_tfjs_network(import_fixture("tfjs_mlp/model.json"));
    CHECK(net.input_size() == 5);
    CHECK(net.architecture().spec() == "8relu,8tanh,4sigmoid,1sigmoid");
    const double worst = max_abs_difference(net, e);
    MESSAGE("tfjs fixture: max abs difference " << worst);
    CHECK(worst < 1e-5);

    SUBCASE("tensorflowjs_converter's model_config wrapping and older Keras's list config read the same") {
        const Network wrapped = tfjs_network([](nlohmann::json& m) {
            m["modelTopology"] = {{"keras_version", "2.15.0"}, {"model_config", m["modelTopology"]}};
        });
        CHECK(wrapped.params() == net.params());
        const Network listed = tfjs_network([](nlohmann::json& m) {
            const nlohmann::json layers = m["modelTopology"]["config"]["layers"];
            m["modelTopology"]["config"] = layers;
        });
        CHECK(listed.params() == net.params());
        // Weight names with a model prefix ("sequential/dense_Dense1/kernel"), and a Dropout layer.
        const Network prefixed = tfjs_network([](nlohmann::json& m) {
            for (auto& w : m["weightsManifest"][0]["weights"]) w["name"] = "sequential_1/" + w["name"].get<std::string>();
            auto& layers = m["modelTopology"]["config"]["layers"];
            const auto dropout = nlohmann::json::object({{"class_name", "Dropout"}, {"config", {{"rate", 0.5}, {"name", "dropout"}}}});
            layers.insert(layers.begin() + 1, dropout);
        });
        CHECK(prefixed.params() == net.params());
    }
}

TEST_CASE("TF.js models: unknown activations and layers, other dtypes, truncated or mismatched weights") {
    CHECK_MOVIENET_ERROR(tfjs_network([](nlohmann::json& m) { layer(m, 1)["config"]["activation"] = "softmax"; }),
                         ErrorCode::ModelFormat,
                         "model.json: modelTopology layers[1] (dense_Dense2).activation: \"softmax\" is not supported "
                         "(linear, relu, sigmoid, tanh)");
    CHECK_MOVIENET_ERROR(tfjs_network([](nlohmann::json& m) { layer(m, 3)["config"]["activation"] = "elu"; }),
                         ErrorCode::ModelFormat, "layers[3] (activation_Activation1).activation: \"elu\" is not supported");
    CHECK_MOVIENET_ERROR(tfjs_network([](nlohmann::json& m) { layer(m, 1)["class_name"] = "Conv1D"; }), ErrorCode::ModelFormat,
                         "layers[1] (dense_Dense2): class Conv1D is not supported (Dense, Activation, Dropout, InputLayer)");
    CHECK_MOVIENET_ERROR(tfjs_network([](nlohmann::json& m) { m["modelTopology"]["class_name"] = "Functional"; }),
                         ErrorCode::ModelFormat, "modelTopology.class_name: \"Functional\", only Sequential models import");
    CHECK_MOVIENET_ERROR(tfjs_network([](nlohmann::json& m) { m["format"] = "graph-model"; }), ErrorCode::ModelFormat,
                         "format: \"graph-model\" is not a TF.js layers model");
    CHECK_MOVIENET_ERROR(tfjs_network([](nlohmann::json& m) { m.erase("weightsManifest"); }), ErrorCode::ModelFormat,
                         "weightsManifest: missing");
    CHECK_MOVIENET_ERROR(tfjs_network([](nlohmann::json& m) { weight(m, 2)["dtype"] = "float16"; }), ErrorCode::ModelFormat,
                         "weightsManifest[0].weights[2] (dense_Dense2/kernel).dtype: \"float16\", only float32 weights are supported");
    CHECK_MOVIENET_ERROR(tfjs_network([](nlohmann::json& m) {
                             weight(m, 0)["quantization"] = {{"dtype", "uint8"}, {"scale", 0.1}, {"min", 0}};
                         }),
                         ErrorCode::ModelFormat, "weights[0] (dense_Dense1/kernel): quantized weights are not supported");
    // A shard cut short.
    CHECK_MOVIENET_ERROR(tfjs_network([](nlohmann::json&) {},
                                      [](const std::string& path) {
                                          const std::string b = read_file(import_fixture("tfjs_mlp/" + path));
                                          return path == "group1-shard2of2.bin" ? b.substr(0, b.size() - 4) : b;
                                      }),
                         ErrorCode::ModelFormat,
                         "model.json: weightsManifest[0]: the weights need 628 bytes, but group1-shard1of2.bin, "
                         "group1-shard2of2.bin hold 624");
    // The manifest's shapes disagree with the bytes.
    CHECK_MOVIENET_ERROR(tfjs_network([](nlohmann::json& m) { weight(m, 0)["shape"] = {5, 9}; }), ErrorCode::ModelFormat,
                         "weightsManifest[0]: the weights need 648 bytes");
    // Bytes right, shapes that do not chain.
    CHECK_MOVIENET_ERROR(tfjs_network([](nlohmann::json& m) {
                             weight(m, 2)["shape"] = {4, 16};  // same 64 floats as [8, 8]
                         }),
                         ErrorCode::ModelFormat, "2.kernel: takes 4 inputs, but 0.kernel gives 8 outputs");
    CHECK_MOVIENET_ERROR(tfjs_network([](nlohmann::json& m) { weight(m, 1)["name"] = "dense_Dense9/bias"; }),
                         ErrorCode::ModelFormat,
                         "weights[1] (dense_Dense9/bias): not the kernel or bias of a Dense layer of modelTopology");
    CHECK_MOVIENET_ERROR(tfjs_network([](nlohmann::json& m) { layer(m, 2)["config"]["use_bias"] = true; }),
                         ErrorCode::ModelFormat, "no bias for Dense layer dense_Dense3 (use_bias is true)");
    // The declared input must be what the first kernel takes, and one axis of features.
    CHECK_MOVIENET_ERROR(tfjs_network([](nlohmann::json& m) { layer(m, 0)["config"]["batch_input_shape"] = {nullptr, 6}; }),
                         ErrorCode::ModelFormat,
                         "modelTopology layers[0] (dense_Dense1).batch_input_shape: [null,6], but the kernel of dense_Dense1 takes 5 inputs");
    CHECK_MOVIENET_ERROR(tfjs_network([](nlohmann::json& m) { layer(m, 0)["config"]["batch_input_shape"] = {nullptr, 3, 5}; }),
                         ErrorCode::ModelFormat, "batch_input_shape: [null,3,5], only [null, features] inputs import");
    CHECK_MOVIENET_ERROR(load_tfjs_network(import_fixture("torch_mlp.expected.json")), ErrorCode::ModelFormat,
                         "modelTopology: missing");
    CHECK_MOVIENET_ERROR(read_tfjs_model("{\"modelTopology\":", "model.json", nullptr), ErrorCode::ModelFormat,
                         "model.json: not valid JSON");
}

TEST_CASE("every truncation and byte flip of an import is a named error or a valid network, never a crash") {
    // Only movienet::Error may escape; anything else fails the test case.
    auto attempt = [](const std::function<void()>& load) {
        try {
            load();
            return true;
        } catch (const Error& e) {
            CHECK(e.code() == ErrorCode::ModelFormat);
            return false;
        }
    };
    const std::string torch = read_file(import_fixture("torch_mlp.safetensors"));
    int loaded = 0;
    for (std::size_t n = 0; n <= torch.size(); ++n) loaded += attempt([&] { torch_network(torch.substr(0, n)); });
    CHECK(loaded == 1);  // the whole file only
    for (std::size_t i = 0; i < torch.size(); ++i) {
        std::string bytes = torch;
        bytes[i] = char(bytes[i] ^ 0x5a);
        attempt([&] { torch_network(bytes); });
    }

    const std::string model = read_file(import_fixture("tfjs_mlp/model.json"));
    auto shard = [](const std::string& path) { return read_file(import_fixture("tfjs_mlp/" + path)); };
    auto tfjs = [&](const std::string& json, const std::function<std::string(const std::string&)>& read) {
        const TfjsWeights w = read_tfjs_model(json, "model.json", read);
        network_from_sequential(w.tensors, w.layers, WeightLayout::Keras);
    };
    loaded = 0;
    for (std::size_t n = 0; n <= model.size(); ++n) loaded += attempt([&] { tfjs(model.substr(0, n), shard); });
    CHECK(loaded == 2);  // the whole file, and without its last newline
    for (std::size_t i = 0; i < 628; ++i) {
        attempt([&] {
            tfjs(model, [&](const std::string& path) {
                std::string b = shard(path);
                const std::size_t at = path == "group1-shard1of2.bin" ? i : i - 512;
                if (at < b.size()) b[at] = char(b[at] ^ 0xff);  // 0x7f.. and 0xff.. exponents give NaN and infinities
                return b;
            });
        });
    }
}
