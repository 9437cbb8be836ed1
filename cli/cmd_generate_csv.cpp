// movienet generate-csv: write a synthetic regression CSV (for examples and benchmarks).
#include <cstdint>
#include <cstdio>
#include <string>

#include "commands.h"
#include "movienet/base/limits.h"
#include "movienet/io/file_io.h"
#include "movienet/data/numeric_csv.h"
#include "movienet/nn/synthetic.h"

namespace movienet::cli {

namespace {

int run(const Args& args) {
    const Index rows = args.get_int("rows", 1, 100000000), features = args.get_int("features", 1, 100000);
    // Checked before anything is allocated: the table and its CSV text are held in memory.
    if (static_cast<uint64_t>(rows) * static_cast<uint64_t>(features + 1) > limits::kMaxGeneratedCells)
        throw UsageError{"--rows " + std::to_string(rows) + " x (--features " + std::to_string(features) +
                         " + 1) = " + std::to_string(static_cast<uint64_t>(rows) * static_cast<uint64_t>(features + 1)) +
                         " cells: at most " + std::to_string(limits::kMaxGeneratedCells) + " are generated"};
    const SyntheticData data = make_teacher_data(rows, features, static_cast<uint64_t>(args.get_int("seed", 0, 1L << 62)),
                                                 args.get_double("noise", 0.0, 100.0));
    Matrix table(features + 1, rows);
    table.topRows(features) = data.x;
    table.bottomRows(1) = data.y;
    std::vector<std::string> header;
    for (Index f = 0; f < features; ++f) header.push_back("x" + std::to_string(f + 1));
    header.push_back("y");
    write_file_atomically(args.get("out"), format_numeric_csv(table, header));
    std::fprintf(stderr, "wrote %s: %lld rows, %lld features + target\n", args.get("out").c_str(),
                 static_cast<long long>(rows), static_cast<long long>(features));
    return 0;
}

}  // namespace

Command generate_csv_command() {
    return {{"generate-csv",
             "movienet generate-csv --out FILE.csv [--rows N] [--features F] [--seed S]",
             "Write a synthetic regression CSV: y = a fixed random tanh network of x, plus noise.",
             {
                 {"out", "FILE", "CSV to write", "", true},
                 {"rows", "N", "rows", "10000"},
                 {"features", "F", "feature columns", "100"},
                 {"noise", "SD", "standard deviation of the noise added to y", "0.05"},
                 {"seed", "S", "seed of the teacher and the data", "42"},
             },
             ""},
            run};
}

}  // namespace movienet::cli
