// movienet predict-csv: apply a saved network to the rows of a numeric CSV.
#include <cstdio>

#include "commands.h"
#include "movienet/base/error.h"
#include "movienet/io/file_io.h"
#include "movienet/nn/metrics.h"
#include "movienet/nn/network_file.h"
#include "movienet/data/numeric_csv.h"

namespace movienet::cli {

namespace {

int run(const Args& args) {
    const NetworkFile file = load_network_file(args.get("model"));
    const NumericTable table = read_numeric_csv(args.get("data"));
    const Index features = file.network.input_size(), outputs = file.network.output_size();
    const Index columns = table.values.rows();
    // Rows may carry their targets (as fit-csv's input does): then report the error too.
    const bool has_targets = columns == features + outputs;
    if (columns != features && !has_targets)
        throw Error(ErrorCode::DataFormat, args.get("data") + ": rows have " + std::to_string(columns) +
                                               " columns; the network expects " + std::to_string(features) +
                                               " features (or " + std::to_string(features + outputs) + " with targets)");
    const Matrix prediction = file.network.predict(table.values.topRows(features));
    const std::string csv = format_numeric_csv(prediction, {});
    if (args.has("out")) {
        write_file_atomically(args.get("out"), csv);
    } else {
        std::fwrite(csv.data(), 1, csv.size(), stdout);
    }
    if (has_targets) {
        const Matrix target = table.values.bottomRows(outputs);
        std::fprintf(stderr, "rows=%lld rmse=%.6f mae=%.6f\n", static_cast<long long>(prediction.cols()),
                     rmse(prediction, target), mae(prediction, target));
    }
    return 0;
}

}  // namespace

Command predict_csv_command() {
    return {{"predict-csv",
             "movienet predict-csv --model NETWORK.safetensors --data FILE.csv [--out PREDICTIONS.csv]",
             "Predict each row of a numeric CSV with a saved network (one prediction per line).",
             {
                 {"model", "FILE", "network file written by fit-csv or import", "", true},
                 {"data", "FILE", "numeric CSV of features (a trailing target column is allowed and scored)", "", true},
                 {"out", "FILE", "write predictions here instead of stdout", ""},
             },
             ""},
            run};
}

}  // namespace movienet::cli
