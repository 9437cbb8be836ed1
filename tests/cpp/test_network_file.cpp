// The network file v1: exact round trips, and a named ModelFormat error for
// every way a file can be malformed.
#include <doctest/doctest.h>
#include <sys/resource.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>

#include "error_check.h"
#include "movienet/io/file_io.h"
#include "movienet/io/network_file.h"
#include "temp_dir.h"

using namespace movienet;
using namespace movienet::testing;

namespace {

Network seed_network() {
    Network net(parse_architecture_spec(100, "64relu,64relu,1"));
    net.init(17);
    // Non-zero biases so a bias mix-up cannot pass unnoticed.
    for (Index i = 0; i < net.param_count(); i += 7) net.params()[i] += 0.01f;
    return net;
}

Network small_network() {
    Network net(parse_architecture_spec(3, "4tanh,2"));
    net.init(5);
    return net;
}

Matrix sample_inputs(Index features, Index rows) {
    Matrix x(features, rows);
    for (Index i = 0; i < x.size(); ++i) x.data()[i] = static_cast<Scalar>(std::sin(0.37 * double(i)) * 2);
    return x;
}

Json small_file() { return Json::parse(save_network_string(small_network(), Json{{"note", "test"}})); }

void check_rejected(const Json& file, const std::string& expected_text) {
    CAPTURE(expected_text);
    CHECK_MOVIENET_ERROR(load_network_string(file.dump(), "model.json"), ErrorCode::ModelFormat, expected_text);
}

long peak_rss_megabytes() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss / 1024;
}

}  // namespace

TEST_CASE("save then load gives bit-identical predictions in float32") {
    const Network net = seed_network();
    const Json metadata = {{"dataset", "synthetic"}, {"epochs", 10}, {"rmse", 0.25}};
    const NetworkFile loaded = load_network_string(save_network_string(net, metadata));
    CHECK(loaded.network.architecture().spec() == "64relu,64relu,1");
    CHECK(loaded.network.input_size() == 100);
    CHECK(loaded.network.params() == net.params());
    const Matrix x = sample_inputs(100, 50);
    CHECK(loaded.network.predict(x) == net.predict(x));
    CHECK(Json::parse(loaded.metadata_json) == metadata);
}

TEST_CASE("a network saved without metadata loads back with empty metadata") {
    // Json() is null, the default-constructed value callers naturally pass.
    const Network net = small_network();
    const NetworkFile loaded = load_network_string(save_network_string(net, Json()));
    CHECK(loaded.metadata_json == "{}");
    CHECK(loaded.network.params() == net.params());
}

TEST_CASE("float16 storage keeps every weight within half precision") {
    const Network net = seed_network();
    const std::string text16 = save_network_string(net, Json::object(), Dtype::Float16);
    const std::string text32 = save_network_string(net, Json::object(), Dtype::Float32);
    CHECK(text16.size() < text32.size() * 6 / 10);  // about half the weight bytes
    const NetworkFile loaded = load_network_string(text16);
    CHECK(Json::parse(text16)["params"]["dtype"] == "float16");
    for (Index i = 0; i < net.param_count(); ++i) {
        const double w = net.params()[i], w16 = loaded.network.params()[i];
        // Round to nearest with an 11-bit significand: relative error <= 2^-11, and
        // below 2^-14 (subnormal halves) an absolute error <= 2^-25.
        CHECK(std::abs(w16 - w) <= std::max(std::abs(w) * std::ldexp(1.0, -11), std::ldexp(1.0, -25)));
    }
    // The predictions move by about ||dW|| ||x|| through three layers: well under 1%.
    const Matrix x = sample_inputs(100, 50);
    const Matrix exact = net.predict(x), approx = loaded.network.predict(x);
    const double scale = exact.cwiseAbs().maxCoeff();
    CHECK((approx - exact).cwiseAbs().maxCoeff() < 1e-2 * scale);
}

TEST_CASE("save_network_file writes atomically and load_network_file reads it back") {
    TempDir dir;
    const std::string path = dir.file("model.json");
    const Network net = small_network();
    save_network_file(path, net, {{"run", 1}});
    Network other = small_network();
    other.params() *= 2;
    save_network_file(path, other, {{"run", 2}});  // replaces the first
    const NetworkFile loaded = load_network_file(path);
    CHECK(loaded.network.params() == other.params());
    CHECK(Json::parse(loaded.metadata_json)["run"] == 2);
    CHECK(dir.entries() == std::vector<std::string>{"model.json"});  // no temporary left behind

    SUBCASE("a missing file is an Io error naming the path") {
        CHECK_MOVIENET_ERROR(load_network_file(dir.file("absent.json")), ErrorCode::Io, "absent.json");
    }
    SUBCASE("saving into a directory that does not exist fails naming the path") {
        CHECK_MOVIENET_ERROR(save_network_file(dir.file("no/such/dir/model.json"), net, Json::object()), ErrorCode::Io,
                             "no/such/dir/model.json");
        CHECK(dir.entries() == std::vector<std::string>{"model.json"});
    }
    SUBCASE("a save that cannot replace the target leaves it intact and cleans up") {
        // rename() over a non-empty directory fails (even for root), after the temporary was written.
        const std::string blocked = dir.file("blocked");
        std::filesystem::create_directory(blocked);
        std::ofstream(blocked + "/keep.txt") << "precious";
        CHECK_MOVIENET_ERROR(save_network_file(blocked, net, Json::object()), ErrorCode::Io, "blocked: cannot replace");
        CHECK(read_file(blocked + "/keep.txt") == "precious");
        CHECK(dir.entries() == std::vector<std::string>{"blocked", "model.json"});
    }
    SUBCASE("a save that fails while serialising leaves the previous file intact") {
        const std::string before = read_file(path);
        const Json bad_metadata = {{"columns", std::string("caf\xe9")}};  // Latin-1, not UTF-8
        bool threw = false;
        try {
            save_network_file(path, net, bad_metadata);
        } catch (const Error&) {
            threw = true;  // acceptable: a named movienet error
        } catch (const std::exception& e) {
            const std::string what = e.what();
            FAIL_CHECK("a non-movienet exception escaped the save: " << what);
            threw = true;
        }
        if (threw) CHECK(read_file(path) == before);
        else CHECK(load_network_file(path).network.params() == net.params());
        CHECK(dir.entries() == std::vector<std::string>{"model.json"});
    }
}

TEST_CASE("malformed files are rejected with a ModelFormat error naming the field") {
    const Json good = small_file();
    REQUIRE_NOTHROW(load_network_string(good.dump()));

    SUBCASE("truncated or not JSON") {
        const std::string text = good.dump();
        CHECK_MOVIENET_ERROR(load_network_string(text.substr(0, text.size() / 2), "model.json"), ErrorCode::ModelFormat,
                             "model.json: not valid JSON at byte");
        CHECK_MOVIENET_ERROR(load_network_string("", "model.json"), ErrorCode::ModelFormat, "not valid JSON");
        CHECK_MOVIENET_ERROR(load_network_string(text + "x", "model.json"), ErrorCode::ModelFormat, "not valid JSON");
        check_rejected(Json::array({1, 2}), "model.json: expected a JSON object");
    }
    SUBCASE("format name") {
        Json file = good;
        file["format"] = "keras";
        check_rejected(file, "format: \"keras\" is not a movienet-network file");
        file.erase("format");
        check_rejected(file, "format: missing");
    }
    SUBCASE("version") {
        Json file = good;
        file["version"] = 2;
        check_rejected(file, "version: 2 is not supported");
        file["version"] = "1";
        check_rejected(file, "version: expected an integer");
        file.erase("version");
        check_rejected(file, "version: missing");
    }
    SUBCASE("missing parts") {
        Json file = good;
        file.erase("architecture");
        check_rejected(file, "architecture: missing");
        file = good;
        file.erase("params");
        check_rejected(file, "params: missing");
        file = good;
        file["params"].erase("data");
        check_rejected(file, "params.data: missing");
        file = good;
        file["architecture"]["layers"][2].erase("units");
        check_rejected(file, "architecture.layers[2].units: missing");
        file = good;
        file["architecture"]["layers"][1].erase("type");
        check_rejected(file, "architecture.layers[1].type: missing");
        file = good;
        file["architecture"]["layers"] = Json::array();
        check_rejected(file, "architecture.layers: no layers");
    }
    SUBCASE("a missing layer no longer matches the stored weights") {
        Json file = good;
        file["architecture"]["layers"].erase(2);  // drop the output dense: 3->4 tanh remains
        check_rejected(file, "params.shape: [26] does not match the 16 parameters of the architecture");
    }
    SUBCASE("shape and size mismatches") {
        Json file = good;
        file["params"]["shape"] = {27};
        check_rejected(file, "params.shape: [27] does not match");
        file["params"]["shape"] = {2, 13};
        check_rejected(file, "params.shape: [2,13] does not match");
        file["params"]["shape"] = "26";
        check_rejected(file, "params.shape: expected an array");
        file = good;
        file["architecture"]["layers"][0]["units"] = 5;
        check_rejected(file, "params.shape: [26] does not match the 32 parameters");
        file = good;  // consistent shape, but the data holds fewer values
        const std::string data = file["params"]["data"];
        file["params"]["data"] = data.substr(0, data.size() - 8);
        check_rejected(file, "params.data: holds about");
        file["params"]["data"] = data + "AAAAAAAA";
        check_rejected(file, "params.data: holds about");
    }
    SUBCASE("unknown layer type and dtype") {
        Json file = good;
        file["architecture"]["layers"][1]["type"] = "softmax";
        check_rejected(file, "architecture.layers[1].type: unknown layer type \"softmax\"");
        file = good;
        file["params"]["dtype"] = "float64";
        check_rejected(file, "params.dtype: unknown dtype \"float64\"");
    }
    SUBCASE("non-finite weights") {
        Network net = small_network();
        for (float bad : {std::numeric_limits<float>::quiet_NaN(), std::numeric_limits<float>::infinity()}) {
            Vector params = net.params();
            params[3] = bad;
            for (Dtype dtype : {Dtype::Float32, Dtype::Float16}) {
                Json file = good;
                file["params"]["dtype"] = dtype_name(dtype);
                file["params"]["data"] = encode_floats(params.data(), static_cast<size_t>(params.size()), dtype);
                check_rejected(file, "params.data: value 3 is not finite");
            }
        }
    }
    SUBCASE("corrupted base64") {
        Json file = good;
        std::string data = file["params"]["data"];
        data[5] = '*';
        file["params"]["data"] = data;
        check_rejected(file, "params.data: invalid base64 character at offset 5");
    }
    SUBCASE("wrong JSON types") {
        Json file = good;
        file["architecture"]["input"] = 3.5;
        check_rejected(file, "architecture.input: expected an integer");
        file = good;
        file["metadata"] = "none";
        check_rejected(file, "metadata: expected an object");
        file = good;
        file["params"] = Json::array();
        check_rejected(file, "params: expected an object");
    }
}

TEST_CASE("huge declared sizes are rejected from the header alone") {
    const Json good = small_file();
    SUBCASE("a layer of 1e9 units") {
        Json file = good;
        file["architecture"]["layers"][0]["units"] = 1000000000;
        check_rejected(file, "architecture.layers[0].units: 1000000000 is outside [1, 1048576]");
    }
    SUBCASE("an input of 1e12 features") {
        Json file = good;
        file["architecture"]["input"] = 1000000000000LL;
        check_rejected(file, "architecture.input: 1000000000000 is outside");
    }
    SUBCASE("a parameter shape of 1e12") {
        Json file = good;
        file["params"]["shape"] = {1000000000000LL};
        check_rejected(file, "params.shape: [1000000000000] does not match the 26 parameters");
    }
    SUBCASE("widths within limits whose product is too large") {
        Json file = good;
        file["architecture"] = {{"input", 1 << 20}, {"layers", {{{"type", "dense"}, {"units", 1 << 20}}}}};
        check_rejected(file, "network too large");
    }
}

TEST_CASE("a large declared architecture with a tiny payload is rejected without allocating it") {
    // 2^20 inputs x 255 units = 267 M parameters: just under the loader's
    // size cap, so only the payload size can reject it. A 300-byte file must
    // not make the loader allocate (and zero) the ~2 GiB those would need.
    Json file = small_file();
    file["architecture"] = {{"input", 1 << 20}, {"layers", {{{"type", "dense"}, {"units", 255}}}}};
    file["params"]["shape"] = {267387135};
    const long before = peak_rss_megabytes();
    check_rejected(file, "params.data: holds about");
    CHECK(peak_rss_megabytes() - before < 64);
}
