// movienet fit-csv: train a network on a numeric CSV (features..., target).
#include <chrono>
#include <cstdio>
#include <sstream>

#include "commands.h"
#include "movienet/base/error.h"
#include "movienet/nn/metrics.h"
#include "movienet/nn/network_file.h"
#include "movienet/data/numeric_csv.h"
#include "movienet/nn/trainer.h"
#include "interrupt.h"
#include "progress_bar.h"
#include "time_text.h"

namespace movienet::cli {

namespace {

int run(const Args& args) {
    const NumericTable table = read_numeric_csv(args.get("data"));
    const Index outputs = args.get_int("outputs", 1, 1 << 16);
    if (table.values.rows() <= outputs)
        throw Error(ErrorCode::DataFormat, args.get("data") + ": needs at least one feature column before the " +
                                               std::to_string(outputs) + " target column(s)");
    const Index features = table.values.rows() - outputs;
    Architecture arch = parse_architecture_spec(features, args.get("layers"));
    if (arch.output_size() != outputs)
        throw UsageError{"--layers must end in a layer of " + std::to_string(outputs) + " unit(s), got " +
                         std::to_string(arch.output_size())};
    const auto seed = static_cast<uint64_t>(args.get_int("seed", 0, 1L << 62));

    // Hold out the last rows (after a seeded shuffle) for validation.
    const double fraction = args.get_double("validation", 0.0, 0.9);
    std::mt19937_64 split_rng(seed ^ 0x5eedULL);
    const auto order = shuffled_indices(table.values.cols(), split_rng);
    const Index n_validation = static_cast<Index>(fraction * static_cast<double>(order.size()));
    const Index n_train = table.values.cols() - n_validation;
    Matrix x(features, n_train), y(outputs, n_train), xv(features, n_validation), yv(outputs, n_validation);
    for (Index i = 0; i < table.values.cols(); ++i) {
        const auto col = table.values.col(order[static_cast<size_t>(i)]);
        if (i < n_train) {
            x.col(i) = col.head(features);
            y.col(i) = col.tail(outputs);
        } else {
            xv.col(i - n_train) = col.head(features);
            yv.col(i - n_train) = col.tail(outputs);
        }
    }

    Network net(arch);
    net.init(seed);
    const auto loss = make_loss(args.get("loss"));
    std::unique_ptr<Optimizer> optimizer;
    const double lr = args.get_double("lr", 1e-9, 10.0);
    if (args.get("optimizer") == "adam") {
        AdamConfig config;
        config.learning_rate = lr;
        config.weight_decay = args.get_double("weight-decay", 0.0, 1.0);
        optimizer = std::make_unique<Adam>(config);
    } else if (args.get("optimizer") == "sgd") {
        optimizer = std::make_unique<Sgd>(lr, args.get_double("momentum", 0.0, 0.9999));
    } else {
        throw UsageError{"--optimizer '" + args.get("optimizer") + "': expected adam or sgd"};
    }

    TrainConfig config;
    config.epochs = static_cast<int>(args.get_int("epochs", 1, 100000));
    config.batch_size = args.get_int("batch", 1, 1 << 20);
    config.seed = seed;
    config.patience = static_cast<int>(args.get_int("patience", 0, 100000));
    ProgressBar progress;
    config.on_batch = [&](const BatchReport& r) { progress.batch(r.epoch, config.epochs, r.batch, r.batches); };
    double elapsed = 0;
    config.on_epoch = [&](const EpochReport& r) {
        elapsed += r.seconds;
        char text[200];
        std::snprintf(text, sizeof text, "epoch %d/%d  train_%s=%.6f", r.epoch, r.epochs, loss->name().c_str(), r.train_loss);
        std::string line = text;
        if (r.validation_loss >= 0) {
            std::snprintf(text, sizeof text, "  val_%s=%.6f%s", loss->name().c_str(), r.validation_loss, r.improved ? " *" : "");
            line += text;
        }
        line += "  " + format_seconds(r.seconds) + "  elapsed " + format_seconds(elapsed) + "  eta " +
                format_seconds(elapsed / r.epoch * (r.epochs - r.epoch));
        progress.line(line);
    };
    install_interrupt_handler();
    config.should_stop = [] { return interrupted(); };
    std::fprintf(stderr, "training %s on %lld rows (%lld held out), %lld parameters\n", arch.spec().c_str(),
                 static_cast<long long>(n_train), static_cast<long long>(n_validation),
                 static_cast<long long>(net.param_count()));
    const TrainResult result = fit(net, *loss, *optimizer, x, y, config, &xv, &yv);

    Json metadata = {{"created", utc_timestamp()},
                     {"trained_on", args.get("data")},
                     {"rows", n_train},
                     {"validation_rows", n_validation},
                     {"loss", loss->name()},
                     {"optimizer", args.get("optimizer")},
                     {"learning_rate", lr},
                     {"batch_size", config.batch_size},
                     {"epochs_run", result.epochs.size()},
                     {"best_epoch", result.best_epoch},
                     {"seed", seed},
                     {"train_loss", result.epochs.back().train_loss}};
    if (n_validation > 0) {
        const Matrix prediction = net.predict(xv);
        metadata["validation_rmse"] = rmse(prediction, yv);
        metadata["validation_mae"] = mae(prediction, yv);
    }
    if (!table.header.empty()) metadata["columns"] = table.header;
    save_network_file(args.get("out"), net, metadata, parse_dtype(args.get("dtype"), "--dtype"));
    std::fprintf(stderr, "wrote %s\n", args.get("out").c_str());
    if (interrupted()) std::fprintf(stderr, "interrupted: saved the model after epoch %zu\n", result.epochs.size());
    return interrupted() ? 130 : 0;
}

}  // namespace

Command fit_csv_command() {
    return {{"fit-csv",
             "movienet fit-csv --data FILE.csv --out NETWORK.safetensors [options]",
             "Train a network on a numeric CSV whose last column(s) are the target.",
             {
                 {"data", "FILE", "numeric CSV: features..., target (optional header line)", "", true},
                 {"out", "FILE", "where to write the network file (atomically)", "", true},
                 {"layers", "SPEC", "hidden and output layers", "64relu,64relu,1"},
                 {"outputs", "N", "number of target columns at the end of each row", "1"},
                 {"loss", "NAME", "mse or bce (binary cross-entropy on logits)", "mse"},
                 {"optimizer", "NAME", "adam or sgd", "adam"},
                 {"lr", "RATE", "learning rate", "0.001"},
                 {"momentum", "M", "SGD momentum", "0"},
                 {"weight-decay", "WD", "Adam decoupled weight decay", "0"},
                 {"epochs", "N", "training epochs", "10"},
                 {"batch", "N", "minibatch size", "32"},
                 {"validation", "FRACTION", "share of rows held out for validation", "0.1"},
                 {"patience", "N", "stop after N epochs without validation improvement (0 = never)", "0"},
                 {"seed", "S", "seed for initialisation, split and shuffling", "1"},
                 {"dtype", "TYPE", "weight storage: float32 or float16", "float32"},
             },
             ""},
            run};
}

}  // namespace movienet::cli
