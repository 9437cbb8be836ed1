// Training-speed benchmark of the seed MLP (100 -> 64 ReLU -> 64 ReLU -> 1,
// MSE, Adam 1e-3, batch 32) on generated data, one thread.
//
// It also writes the data, the initial weights and every epoch's batch order as
// .npy files, so that bench/train_speed_torch.py can train the identical model
// in PyTorch; bench/train_speed.sh runs both and prints the ratio.
//
//   train_speed [--rows 80000] [--features 100] [--epochs 10] [--seed 1] [--out-dir DIR]
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "movienet/base/error.h"
#include "movienet/io/json_writer.h"
#include "movienet/nn/synthetic.h"
#include "movienet/nn/trainer.h"

using namespace movienet;

namespace {

// The SIMD level Eigen was compiled for: the default portable build is SSE2;
// -DMOVIENET_NATIVE_ARCH=ON (-march=native) enables AVX2/FMA or AVX-512.
const char* simd_level() {
#if defined(__AVX512F__)
    return "AVX-512";
#elif defined(__AVX2__) && defined(__FMA__)
    return "AVX2+FMA";
#elif defined(__AVX__)
    return "AVX";
#else
    return "SSE2 (portable build; configure with -DMOVIENET_NATIVE_ARCH=ON for AVX2/FMA)";
#endif
}

struct Options {
    Index rows = 80000, features = 100;
    int epochs = 10;
    uint64_t seed = 1;
    std::string out_dir;  // empty: a fresh directory under the system temp dir
};

[[noreturn]] void usage(const std::string& problem) {
    std::fprintf(stderr, "train_speed: %s\nusage: train_speed [--rows N] [--features F] [--epochs E] [--seed S] [--out-dir DIR]\n",
                 problem.c_str());
    std::exit(2);
}

Options parse_options(int argc, char** argv) {
    Options options;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--help" || arg == "-h") usage("trains the seed MLP and reports seconds/epoch and samples/s");
        if (i + 1 >= argc) usage("option " + arg + " needs a value");
        const std::string value = argv[++i];
        char* end = nullptr;
        const long long number = std::strtoll(value.c_str(), &end, 10);
        const bool numeric = !value.empty() && *end == '\0' && number > 0;
        if (arg == "--out-dir") options.out_dir = value;
        else if (!numeric) usage(arg + " '" + value + "': expected a positive integer");
        else if (arg == "--rows") options.rows = number;
        else if (arg == "--features") options.features = number;
        else if (arg == "--epochs") options.epochs = static_cast<int>(number);
        else if (arg == "--seed") options.seed = static_cast<uint64_t>(number);
        else usage("unknown option " + arg);
    }
    return options;
}

// A version 1.0 .npy file: magic, header dict padded to 64 bytes, raw little-endian data.
void write_npy(const std::string& path, const char* descr, const std::vector<Index>& shape, bool fortran_order,
               const void* data, size_t bytes) {
    std::string dims;
    for (Index d : shape) dims += std::to_string(d) + ",";
    if (shape.size() > 1) dims.pop_back();  // (n,) for 1-D, (a,b) otherwise
    std::string header = std::string("{'descr': '") + descr + "', 'fortran_order': " + (fortran_order ? "True" : "False") +
                         ", 'shape': (" + dims + "), }";
    const size_t unpadded = 10 + header.size() + 1;
    header.append((64 - unpadded % 64) % 64, ' ');
    header += '\n';
    std::ofstream out(path, std::ios::binary);
    const uint16_t length = static_cast<uint16_t>(header.size());
    out.write("\x93NUMPY\x01\x00", 8);
    const char length_bytes[2] = {static_cast<char>(length & 0xff), static_cast<char>(length >> 8)};
    out.write(length_bytes, 2);
    out.write(header.data(), static_cast<std::streamsize>(header.size()));
    out.write(static_cast<const char*>(data), static_cast<std::streamsize>(bytes));
    if (!out) throw Error(ErrorCode::Io, path + ": write failed");
}

void write_matrix(const std::string& path, const Matrix& m, bool as_rows_of_columns) {
    // Column-major features x n is row-major n x features: one sample per row for numpy.
    if (as_rows_of_columns)
        write_npy(path, "<f4", {m.cols(), m.rows()}, false, m.data(), sizeof(Scalar) * size_t(m.size()));
    else
        write_npy(path, "<f4", {m.rows(), m.cols()}, true, m.data(), sizeof(Scalar) * size_t(m.size()));
}

// Everything PyTorch needs to repeat this exact run.
void write_reference(const std::string& dir, const Options& options, const SyntheticData& data, const Network& net,
                     const std::vector<std::vector<Index>>& orders, const TrainConfig& config, const AdamConfig& adam) {
    write_matrix(dir + "/x.npy", data.x, true);
    write_matrix(dir + "/y.npy", data.y, true);
    std::vector<int64_t> order_values;
    for (const auto& order : orders) order_values.insert(order_values.end(), order.begin(), order.end());
    write_npy(dir + "/order.npy", "<i8", {Index(orders.size()), options.rows}, false, order_values.data(),
              sizeof(int64_t) * order_values.size());
    // Each dense layer's W (units x inputs, column-major = Fortran order) and b, as torch.nn.Linear holds them.
    Json layers = Json::array();
    Index offset = 0, size = net.input_size(), dense = 0;
    for (const auto& spec : net.architecture().layers) {
        if (spec.type != "dense") {
            layers.push_back({{"type", spec.type}});
            continue;
        }
        const Matrix w = ConstMatrixMap(net.params().data() + offset, spec.units, size);
        const Matrix b = ConstMatrixMap(net.params().data() + offset + spec.units * size, spec.units, 1);
        write_matrix(dir + "/w" + std::to_string(dense) + ".npy", w, false);
        write_npy(dir + "/b" + std::to_string(dense) + ".npy", "<f4", {spec.units}, false, b.data(),
                  sizeof(Scalar) * size_t(spec.units));
        layers.push_back({{"type", "dense"}, {"inputs", size}, {"units", spec.units}, {"index", dense}});
        offset += spec.units * size + spec.units;
        size = spec.units;
        ++dense;
    }
    const Json description = {{"rows", options.rows},           {"features", options.features},
                              {"epochs", config.epochs},         {"batch_size", config.batch_size},
                              {"learning_rate", adam.learning_rate}, {"beta1", adam.beta1},
                              {"beta2", adam.beta2},             {"epsilon", adam.epsilon},
                              {"layers", layers}};
    std::ofstream(dir + "/config.json") << description.dump(2) << "\n";
}

}  // namespace

int main(int argc, char** argv) {
    const Options options = parse_options(argc, argv);
    try {
        const SyntheticData data = make_teacher_data(options.rows, options.features, 42);
        Network net(parse_architecture_spec(options.features, "64relu,64relu,1"));
        net.init(options.seed);

        TrainConfig config;
        config.epochs = options.epochs;
        config.batch_size = 32;
        config.seed = options.seed;
        AdamConfig adam_config;  // lr 1e-3, betas (0.9, 0.999), eps 1e-7
        // fit() draws one shuffle per epoch from mt19937_64(config.seed) and nothing
        // else, so replaying the same draws gives exactly its batch order.
        std::mt19937_64 replay(config.seed);
        std::vector<std::vector<Index>> orders;
        for (int e = 0; e < config.epochs; ++e) orders.push_back(shuffled_indices(options.rows, replay));

        std::string dir = options.out_dir;
        if (dir.empty()) {
            std::string pattern = (std::filesystem::temp_directory_path() / "movienet-train-speed-XXXXXX").string();
            if (!mkdtemp(pattern.data())) throw Error(ErrorCode::Io, pattern + ": cannot create a temporary directory");
            dir = pattern;
        } else {
            std::filesystem::create_directories(dir);
        }
        write_reference(dir, options, data, net, orders, config, adam_config);

        std::printf("movienet %s train_speed: %lld rows x %lld features, %lld -> %s (%lld parameters)\n", MOVIENET_VERSION,
                    static_cast<long long>(options.rows), static_cast<long long>(options.features),
                    static_cast<long long>(options.features), net.architecture().spec().c_str(),
                    static_cast<long long>(net.param_count()));
        std::printf("MSE, Adam(lr=%g, eps=%g), batch %lld, %d epochs, 1 thread, Eigen %d.%d.%d, SIMD %s\n",
                    adam_config.learning_rate, adam_config.epsilon, static_cast<long long>(config.batch_size),
                    config.epochs, EIGEN_WORLD_VERSION, EIGEN_MAJOR_VERSION, EIGEN_MINOR_VERSION, simd_level());
        config.on_epoch = [](const EpochReport& r) {
            std::printf("  epoch %2d  %.3f s  train_mse=%.6f\n", r.epoch, r.seconds, r.train_loss);
            std::fflush(stdout);
        };
        Adam adam(adam_config);
        MseLoss loss;
        // Wall time, and CPU time of this process: on a busy machine the latter
        // still measures the work, as long as the run is single-threaded.
        const auto started = std::chrono::steady_clock::now();
        const std::clock_t cpu_started = std::clock();
        const TrainResult result = fit(net, loss, adam, data.x, data.y, config);
        const double cpu_seconds = double(std::clock() - cpu_started) / CLOCKS_PER_SEC;
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        const double per_epoch = seconds / config.epochs, cpu_per_epoch = cpu_seconds / config.epochs;
        std::printf("RESULT seconds_per_epoch=%.4f\n", per_epoch);
        std::printf("RESULT samples_per_second=%.0f\n", double(options.rows) / per_epoch);
        std::printf("RESULT cpu_seconds_per_epoch=%.4f\n", cpu_per_epoch);
        std::printf("RESULT cpu_samples_per_second=%.0f\n", double(options.rows) / cpu_per_epoch);
        std::printf("RESULT final_train_mse=%.6f\n", result.epochs.back().train_loss);
        std::printf("RESULT data_dir=%s\n", dir.c_str());
        return 0;
    } catch (const Error& e) {
        std::fprintf(stderr, "train_speed: %s [%s]\n", e.what(), error_code_name(e.code()));
        return 1;
    }
}
