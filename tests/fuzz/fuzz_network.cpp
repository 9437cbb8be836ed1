// A network file (safetensors, "movienet-network"): the bytes go through
// load_network_string (what `predict-csv` uses; the wasm shares
// network_file_from); a file that loads must run a forward pass on a fixed
// input of its width, through Network::predict and through the packed
// InferenceNet the wasm runs.
#include "fuzz_file.h"
#include "movienet/base/error.h"
#include "movienet/nn/inference.h"
#include "movienet/nn/network_file.h"

using namespace movienet;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    try {
        const NetworkFile file = load_network_string(std::string(reinterpret_cast<const char*>(data), size), "network");
        const Network& net = file.network;
        constexpr Index rows = 3;
        Matrix x(net.input_size(), rows);
        for (Index c = 0; c < rows; ++c)
            for (Index r = 0; r < x.rows(); ++r) x(r, c) = static_cast<float>((r * 7 + c * 3) % 11) / 5.0f - 1.0f;
        const Matrix y = net.predict(x);
        fuzz::require(y.rows() == net.output_size() && y.cols() == rows);
        // InferenceNet takes one sample per row: x transposed, row-major.
        InferenceNet packed(net);
        fuzz::require(packed.input_size() == net.input_size() && packed.output_size() == net.output_size());
        std::vector<float> in(std::size_t(x.size())), out(std::size_t(rows * net.output_size()));
        for (Index c = 0; c < rows; ++c)
            for (Index r = 0; r < x.rows(); ++r) in[std::size_t(c * x.rows() + r)] = x(r, c);
        packed.forward(in.data(), int(rows), out.data());
    } catch (const Error&) {
    }
    return 0;
}
