// The real `movienet` executable, run as a user would: exit codes, output,
// and files in a temporary directory.
#include <doctest/doctest.h>
#include <sys/wait.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <utility>
#include <vector>

#include "movienet/io/file_io.h"
#include "movienet/nn/network_file.h"
#include "movienet/data/numeric_csv.h"
#include "movienet/nn/synthetic.h"
#include "cli_runner.h"
#include "import_fixtures.h"
#include "safetensors_edit.h"
#include "temp_dir.h"

using namespace movienet;
using namespace movienet::testing;

namespace {

// A small regression problem: 8 features + target, with a header line.
std::string teacher_csv(Index rows) {
    const SyntheticData data = make_teacher_data(rows, 8, 11);
    Matrix table(9, rows);
    table.topRows(8) = data.x;
    table.bottomRows(1) = data.y;
    return format_numeric_csv(table, {"f1", "f2", "f3", "f4", "f5", "f6", "f7", "f8", "target"});
}

std::vector<float> parse_lines(const std::string& text) {
    std::vector<float> values;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) values.push_back(std::stof(line));
    return values;
}

}  // namespace

TEST_CASE("movienet --help lists the subcommands, --version prints the version") {
    TempDir dir;
    const Run help = run_cli(dir, {"--help"});
    CHECK(help.exit_code == 0);
    for (const char* command : {"fit-csv", "predict-csv", "inspect", "generate-csv", "import"}) {
        CAPTURE(command);
        CHECK(contains(help.out, "\n  " + std::string(command) + " "));
    }
    const Run version = run_cli(dir, {"--version"});
    CHECK(version.exit_code == 0);
    CHECK(version.out == std::string("movienet ") + MOVIENET_VERSION + "\n");

    const Run bare = run_cli(dir, {});
    CHECK(bare.exit_code == 2);  // a usage error, with the usage shown
    CHECK(contains(bare.out, "Usage: movienet <command>"));

    const Run command_help = run_cli(dir, {"fit-csv", "--help"});
    CHECK(command_help.exit_code == 0);
    CHECK(contains(command_help.out, "--data FILE"));
    CHECK(contains(command_help.out, "[default: 64relu,64relu,1]"));
}

TEST_CASE("help text fits 100 columns, and what wraps continues under its description") {
    TempDir dir;
    const auto lines_of = [](const std::string& text) {
        std::vector<std::string> lines;
        std::istringstream in(text);
        for (std::string line; std::getline(in, line);) lines.push_back(line);
        return lines;
    };
    // `movienet --help`: a command line starts "  name", a continuation sits at column 18.
    const Run overview = run_cli(dir, {"--help"});
    bool in_commands = false;
    for (const std::string& line : lines_of(overview.out)) {
        CAPTURE(line);
        CHECK(line.size() <= 100);
        if (line == "Commands:") in_commands = true;
        else if (line.empty()) in_commands = false;
        else if (in_commands) {
            const bool entry = line.rfind("  ", 0) == 0 && line[2] != ' ';
            const bool continued = line.rfind(std::string(18, ' '), 0) == 0 && line[18] != ' ';
            CHECK((entry || continued));
        }
    }
    CHECK(contains(overview.out, "\n  recommend       List the k movies"));
    // Each command: an option's description and its continuations start at column 26.
    for (const char* command : {"train", "eval", "predict", "recommend", "explain", "inspect", "convert", "import", "fit-csv",
                                "predict-csv", "generate-csv"}) {
        const Run help = run_cli(dir, {command, "--help"});
        CHECK(help.exit_code == 0);
        bool in_options = false;
        for (const std::string& line : lines_of(help.out)) {
            CAPTURE(command);
            CAPTURE(line);
            if (line.rfind("Usage: ", 0) != 0) CHECK(line.size() <= 100);
            if (line == "Options:") in_options = true;
            else if (in_options) {
                const bool option = line.rfind("  -", 0) == 0;
                const bool continued = line.rfind(std::string(26, ' '), 0) == 0 && line[26] != ' ';
                CHECK((option || continued));
            }
        }
    }
    const Run recommend = run_cli(dir, {"recommend", "--help"});
    CHECK(contains(recommend.out, "  --explain N             under each movie, the N rated movies that raise its predicted rating most\n"
                                  "                          (exact leave-one-out effect, in stars; see movienet explain) [default: 0]\n"));
}

TEST_CASE("each command's usage line names the files it reads and writes as they are: safetensors") {
    TempDir dir;
    const std::pair<const char*, const char*> usages[] = {
        {"train", "Usage: movienet train --data DIR --out MODEL.safetensors [options]"},
        {"eval", "Usage: movienet eval --model MODEL.safetensors --data DIR --split SPEC"},
        {"predict", "Usage: movienet predict --model MODEL.safetensors --history RATINGS.csv --movies ID,ID,..."},
        {"recommend", "Usage: movienet recommend --model MODEL.safetensors --history RATINGS.csv [-k 10]"},
        {"explain", "Usage: movienet explain --model MODEL.safetensors --history RATINGS.csv --movie ID"},
        {"fit-csv", "Usage: movienet fit-csv --data FILE.csv --out NETWORK.safetensors [options]"},
        {"predict-csv", "Usage: movienet predict-csv --model NETWORK.safetensors --data FILE.csv"},
    };
    for (const auto& [command, usage] : usages) {
        CAPTURE(command);
        const Run help = run_cli(dir, {command, "--help"});
        CHECK(help.exit_code == 0);
        CHECK(contains(help.out, usage));
    }
}

TEST_CASE("usage errors exit with 2 and say what was wrong") {
    TempDir dir;
    const Run unknown_option = run_cli(dir, {"fit-csv", "--data", "x.csv", "--out", "m.json", "--epoch", "3"});
    CHECK(unknown_option.exit_code == 2);
    CHECK(contains(unknown_option.err, "unknown option --epoch for 'fit-csv'"));
    const Run unknown_command = run_cli(dir, {"train-everything"});
    CHECK(unknown_command.exit_code == 2);
    CHECK(contains(unknown_command.err, "unknown command 'train-everything'"));
    const Run missing = run_cli(dir, {"predict-csv", "--data", "x.csv"});
    CHECK(missing.exit_code == 2);
    CHECK(contains(missing.err, "missing required option --model"));
    const Run no_value = run_cli(dir, {"fit-csv", "--data", "x.csv", "--out", "m.json", "--epochs"});
    CHECK(no_value.exit_code == 2);
    CHECK(contains(no_value.err, "option --epochs needs a value (N)"));
    write_text(dir.file("x.csv"), teacher_csv(20));
    const Run bad_value =
        run_cli(dir, {"fit-csv", "--data", dir.file("x.csv"), "--out", dir.file("m.json"), "--epochs", "ten"});
    CHECK(bad_value.exit_code == 2);
    CHECK(contains(bad_value.err, "--epochs 'ten': expected an integer"));
    const Run bad_layers =
        run_cli(dir, {"fit-csv", "--data", dir.file("x.csv"), "--out", dir.file("m.json"), "--layers", "16relu,2"});
    CHECK(bad_layers.exit_code == 2);
    CHECK(contains(bad_layers.err, "--layers must end in a layer of 1 unit(s), got 2"));
    CHECK_FALSE(std::ifstream(dir.file("m.json")).good());
}

TEST_CASE("an option followed by another option has no value, and values must be whole numbers or specs") {
    TempDir dir;
    const Run no_value = run_cli(dir, {"predict", "--model", "--history", "h.csv", "--movies", "1"});
    CHECK(no_value.exit_code == 2);
    CHECK(contains(no_value.err, "option --model needs a value (FILE)"));
    CHECK_FALSE(contains(no_value.err, "unexpected argument"));
    const Run empty_inline = run_cli(dir, {"predict-csv", "--model=", "--data", "x.csv"});
    CHECK(empty_inline.exit_code == 2);
    CHECK(contains(empty_inline.err, "option --model needs a value (FILE)"));

    // The split is checked before any data is read: the folder need not exist.
    const Run temporal = run_cli(dir, {"train", "--data", dir.file("nowhere"), "--out", dir.file("m.json"), "--split",
                                       "temporal:0.2junk"});
    CHECK(temporal.exit_code == 2);
    CHECK(contains(temporal.err, "--split temporal:0.2junk: F must be a number in (0, 1)"));
    const Run fold = run_cli(dir, {"train", "--data", dir.file("nowhere"), "--out", dir.file("m.json"), "--split", "fold:1/5x"});
    CHECK(fold.exit_code == 2);
    CHECK(contains(fold.err, "--split fold count: '5x' is not an integer"));

    write_text(dir.file("x.csv"), teacher_csv(20));
    struct Case {
        const char* option;
        const char* value;
        const char* expected;
    };
    const Case cases[] = {
        {"--epochs", "3x", "--epochs '3x': expected an integer"},
        {"--epochs", " 3", "--epochs ' 3': expected an integer"},
        {"--lr", "0.01junk", "--lr '0.01junk': expected a number"},
        {"--validation", "0.1 ", "--validation '0.1 ': expected a number"},
        {"--lr", "nan", "--lr 'nan': expected a number"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.option);
        CAPTURE(c.value);
        const Run run = run_cli(dir, {"fit-csv", "--data", dir.file("x.csv"), "--out", dir.file("m.json"), c.option, c.value});
        CHECK(run.exit_code == 2);
        CHECK(contains(run.err, c.expected));
    }
    CHECK_FALSE(std::ifstream(dir.file("m.json")).good());
}

TEST_CASE("-- ends the options, flags take no value, the last of a repeated option counts") {
    TempDir dir;
    const Run after_mark = run_cli(dir, {"predict-csv", "--model", "m.json", "--data", "x.csv", "--", "--out"});
    CHECK(after_mark.exit_code == 2);
    CHECK(contains(after_mark.err, "unexpected argument '--out' for 'predict-csv'"));
    const Run file_after_mark = run_cli(dir, {"inspect", "--", dir.file("-model.json")});
    CHECK(file_after_mark.exit_code == 1);  // taken as the file name, which does not exist
    CHECK(contains(file_after_mark.err, "-model.json: cannot open"));
    const Run dash_file = run_cli(dir, {"inspect", "--", "-m.json"});
    CHECK(dash_file.exit_code == 1);
    CHECK(contains(dash_file.err, "-m.json: cannot open"));

    const Run flag_value = run_cli(dir, {"predict", "--model", "m", "--history", "h", "--movies", "1", "--json=1"});
    CHECK(flag_value.exit_code == 2);
    CHECK(contains(flag_value.err, "option --json takes no value"));

    write_text(dir.file("x.csv"), teacher_csv(20));
    const Run repeated = run_cli(dir, {"fit-csv", "--data", dir.file("x.csv"), "--out", dir.file("m.json"), "--epochs",
                                       "ten", "--epochs", "1", "--layers", "2relu,1"});
    CHECK(repeated.exit_code == 0);
    CHECK(contains(repeated.err, "epoch 1/1"));

    const Run help_wins = run_cli(dir, {"fit-csv", "--nonsense", "--help"});
    CHECK(help_wins.exit_code == 0);
    CHECK(contains(help_wins.out, "Usage: movienet fit-csv"));
}

TEST_CASE("fit-csv trains with per-epoch progress, predict-csv reproduces in-process predictions") {
    TempDir dir;
    const std::string data = dir.file("train.csv"), model = dir.file("model.json");
    write_text(data, teacher_csv(300));
    const Run fit = run_cli(dir, {"fit-csv", "--data", data, "--out", model, "--layers", "16relu,1", "--epochs", "3",
                                  "--seed", "5"});
    INFO(fit.err);
    REQUIRE(fit.exit_code == 0);
    CHECK(contains(fit.err, "training 16relu,1 on 270 rows (30 held out)"));
    for (const char* line : {"epoch 1/3  train_mse=", "epoch 2/3  train_mse=", "epoch 3/3  train_mse="}) {
        CAPTURE(line);
        CHECK(contains(fit.err, line));
    }
    CHECK(contains(fit.err, "val_mse="));
    CHECK(contains(fit.err, "wrote " + model));

    const NetworkFile saved = load_network_file(model);
    CHECK(saved.network.input_size() == 8);
    CHECK(saved.network.architecture().spec() == "16relu,1");
    const Json metadata = Json::parse(saved.metadata_json);
    CHECK(metadata["epochs_run"] == 3);
    CHECK(metadata["columns"].size() == 9);
    CHECK(metadata["seed"] == 5);

    // Predictions printed with 9 significant digits identify the float exactly,
    // and the CLI runs the same library on the same input: equality, not a tolerance.
    const NumericTable table = read_numeric_csv(data);
    const Matrix expected = saved.network.predict(table.values.topRows(8));
    const Run predict = run_cli(dir, {"predict-csv", "--model", model, "--data", data});
    INFO(predict.err);
    REQUIRE(predict.exit_code == 0);
    const std::vector<float> printed = parse_lines(predict.out);
    REQUIRE(printed.size() == 300);
    int different = 0;
    for (Index i = 0; i < 300; ++i) different += printed[size_t(i)] != expected(0, i);
    CHECK(different == 0);
    CHECK(contains(predict.err, "rows=300 rmse="));  // the target column was recognised and scored

    SUBCASE("features only, written to a file") {
        Matrix features = table.values.topRows(8);
        write_text(dir.file("features.csv"), format_numeric_csv(features, {}));
        const Run to_file = run_cli(dir, {"predict-csv", "--model", model, "--data", dir.file("features.csv"), "--out",
                                          dir.file("predictions.csv")});
        CHECK(to_file.exit_code == 0);
        CHECK(to_file.out.empty());
        CHECK(parse_lines(read_file(dir.file("predictions.csv"))) == printed);
    }
    SUBCASE("inspect describes the model") {
        const Run inspect = run_cli(dir, {"inspect", model});
        CHECK(inspect.exit_code == 0);
        CHECK(contains(inspect.out, "architecture: 8 -> 16relu,1"));
        CHECK(contains(inspect.out, "parameters: 161"));  // 8*16 + 16 + 16 + 1
        CHECK(contains(inspect.out, "\"best_epoch\""));
    }
    SUBCASE("a CSV with the wrong number of columns for the model") {
        write_text(dir.file("narrow.csv"), "1,2,3\n4,5,6\n");
        const Run narrow = run_cli(dir, {"predict-csv", "--model", model, "--data", dir.file("narrow.csv")});
        CHECK(narrow.exit_code == 1);
        CHECK(contains(narrow.err, "rows have 3 columns; the network expects 8 features"));
    }
}

TEST_CASE("a corrupted model file gives a named error and a non-zero exit") {
    TempDir dir;
    const std::string data = dir.file("train.csv"), model = dir.file("model.json");
    write_text(data, teacher_csv(40));
    Network net(parse_architecture_spec(8, "4relu,1"));
    net.init(1);
    const std::string good = save_network_string(net, Json::object());

    SUBCASE("truncated") {
        write_text(model, good.substr(0, good.size() - 40));
        const Run predict = run_cli(dir, {"predict-csv", "--model", model, "--data", data});
        CHECK(predict.exit_code == 1);
        CHECK(contains(predict.err, model + ": "));
        CHECK(contains(predict.err, "are outside the"));
        CHECK(contains(predict.err, "[ERR_MODEL_FORMAT]"));
        const Run inspect = run_cli(dir, {"inspect", model});
        CHECK(inspect.exit_code == 1);
        CHECK(contains(inspect.err, "[ERR_MODEL_FORMAT]"));
    }
    SUBCASE("a weight overwritten with NaN") {
        Network bad = net;
        bad.params()[7] = std::numeric_limits<float>::quiet_NaN();  // 0.weight [4, 8]: row 7 % 4 = 3, column 1
        write_text(model, save_network_string(bad, Json::object()));
        for (const auto& args : {std::vector<std::string>{"predict-csv", "--model", model, "--data", data},
                                 std::vector<std::string>{"inspect", model}}) {
            const Run run = run_cli(dir, args);
            CHECK(run.exit_code == 1);
            CHECK(contains(run.err, model + ": 0.weight: value 25 is not finite [ERR_MODEL_FORMAT]"));
        }
    }
    SUBCASE("bytes after the last tensor (issue #20)") {
        write_text(model, good + "junk");
        for (const auto& args : {std::vector<std::string>{"predict-csv", "--model", model, "--data", data},
                                 std::vector<std::string>{"inspect", model}}) {
            const Run run = run_cli(dir, args);
            CHECK(run.exit_code == 1);
            CHECK(contains(run.err, model + ": 4 bytes after 2.bias, the last tensor, at file offset " +
                                        std::to_string(good.size()) + ": no tensor holds them"));
            CHECK(contains(run.err, "[ERR_MODEL_FORMAT]"));
        }
    }
    SUBCASE("a model file that does not exist") {
        const Run predict = run_cli(dir, {"predict-csv", "--model", dir.file("nope.json"), "--data", data});
        CHECK(predict.exit_code == 1);
        CHECK(contains(predict.err, "nope.json: cannot open"));
        CHECK(contains(predict.err, "[ERR_IO]"));
    }
}

TEST_CASE("inspect refuses the shipped model with bytes after its last tensor, and names them (issue #20)") {
    TempDir dir;
    const std::string shipped = read_file(std::string(MOVIENET_SOURCE_DIR) + "/models/movienet-ml-latest-small.safetensors");
    const Run good = run_cli(dir, {"inspect", std::string(MOVIENET_SOURCE_DIR) + "/models/movienet-ml-latest-small.safetensors"});
    REQUIRE(good.exit_code == 0);
    // The tensor that ends the data, from the header.
    const uint64_t n = header_length(shipped);
    const nlohmann::json header = nlohmann::json::parse(shipped.substr(8, n));
    std::string last;
    uint64_t end = 0;
    for (const auto& [name, t] : header.items())
        if (name != "__metadata__" && t.at("data_offsets").at(1).get<uint64_t>() >= end) {
            end = t.at("data_offsets").at(1).get<uint64_t>();
            last = name;
        }
    REQUIRE(8 + n + end == shipped.size());
    const std::string model = dir.file("trailing.safetensors");
    write_text(model, shipped + std::string(5, '\0'));
    const Run run = run_cli(dir, {"inspect", model});
    CHECK(run.exit_code == 1);
    CHECK(run.out.empty());
    CHECK(contains(run.err, model + ": 5 bytes after " + last + ", the last tensor, at file offset " +
                                std::to_string(shipped.size()) +
                                ": no tensor holds them (safetensors data is indexed entirely) [ERR_MODEL_FORMAT]"));
}

TEST_CASE("bad CSV input exits non-zero with file:line") {
    TempDir dir;
    const std::string model = dir.file("model.json");
    struct Case {
        const char* name;
        const char* content;
        const char* expected;
    };
    const Case cases[] = {
        {"columns.csv", "a,b,c\n1,2,3\n4,5\n", "columns.csv:3: expected 3 columns, got 2"},
        {"text.csv", "1,2,3\n4,five,6\n", "text.csv:2: column 2: 'five' is not a number"},
        {"empty.csv", "", "empty.csv: no data rows"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.name);
        write_text(dir.file(c.name), c.content);
        const Run fit = run_cli(dir, {"fit-csv", "--data", dir.file(c.name), "--out", model, "--epochs", "1"});
        CHECK(fit.exit_code == 1);
        CHECK(contains(fit.err, dir.file(c.expected)));
        CHECK(contains(fit.err, "[ERR_DATA_FORMAT]"));
    }
    CHECK_FALSE(std::ifstream(model).good());  // nothing was written
}

TEST_CASE("generate-csv with absurd sizes is a usage error, not an out-of-memory crash") {
    TempDir dir;
    const Run huge = run_cli(dir, {"generate-csv", "--out", dir.file("g.csv"), "--rows", "100000000", "--features", "100000"});
    CHECK(huge.exit_code == 2);
    CHECK(contains(huge.err, "--rows 100000000 x (--features 100000 + 1) = 10000100000000 cells: at most 33554432 are generated"));
    CHECK_FALSE(contains(huge.err, "bad_alloc"));
    CHECK(dir.entries() == std::vector<std::string>{"stderr.txt", "stdout.txt"});
}

TEST_CASE("generate-csv writes a CSV that fit-csv accepts") {
    TempDir dir;
    const Run generate = run_cli(dir, {"generate-csv", "--out", dir.file("g.csv"), "--rows", "50", "--features", "6"});
    CHECK(generate.exit_code == 0);
    const NumericTable table = read_numeric_csv(dir.file("g.csv"));
    CHECK(table.values.rows() == 7);
    CHECK(table.values.cols() == 50);
    CHECK(table.header.back() == "y");
}

TEST_CASE("import: PyTorch and TF.js networks, then predict-csv, within 1e-5 of the original tools' outputs") {
    TempDir dir;
    const std::string out = dir.file("imported.safetensors");
    auto check_predictions = [&](const Expected& e, const char* what) {
        write_text(dir.file("x.csv"), format_numeric_csv(e.input, {}));
        const Run predict = run_cli(dir, {"predict-csv", "--model", out, "--data", dir.file("x.csv")});
        INFO(predict.err);
        REQUIRE(predict.exit_code == 0);
        const std::vector<float> printed = parse_lines(predict.out);
        REQUIRE(printed.size() == e.output.size());
        double worst = 0;
        for (std::size_t i = 0; i < printed.size(); ++i) worst = std::max(worst, std::abs(double(printed[i]) - e.output[i]));
        MESSAGE(what << ": movienet import + predict-csv, max abs difference " << worst);
        CHECK(worst < 1e-5);
    };

    SUBCASE("PyTorch, layer types from the file's __metadata__") {
        const Run imported = run_cli(dir, {"import", import_fixture("torch_mlp.safetensors"), out});
        INFO(imported.err);
        REQUIRE(imported.exit_code == 0);
        CHECK(contains(imported.err, "wrote " + out + ": 5 -> 8relu,8tanh,1sigmoid, 129 parameters"));
        check_predictions(read_expected("torch_mlp.expected.json"), "torch");
        const Run inspect = run_cli(dir, {"inspect", out});
        CHECK(inspect.exit_code == 0);
        CHECK(contains(inspect.out, "format: movienet-network v2"));
        CHECK(contains(inspect.out, "architecture: 5 -> 8relu,8tanh,1sigmoid"));
        CHECK(contains(inspect.out, "\"imported_from\": \"pytorch\""));
        CHECK(contains(inspect.out, "\"source\": \"torch_mlp.safetensors\""));
    }
    SUBCASE("PyTorch, a bare state_dict with --layers") {
        const Run imported = run_cli(dir, {"import", import_fixture("torch_mlp_bare.safetensors"), out, "--layers",
                                           "linear,relu,linear,tanh,linear,sigmoid"});
        INFO(imported.err);
        REQUIRE(imported.exit_code == 0);
        check_predictions(read_expected("torch_mlp.expected.json"), "torch (bare)");
    }
    SUBCASE("TF.js layers model") {
        const Run imported = run_cli(dir, {"import", import_fixture("tfjs_mlp/model.json"), out});
        INFO(imported.err);
        REQUIRE(imported.exit_code == 0);
        CHECK(contains(imported.err, "5 -> 8relu,8tanh,4sigmoid,1sigmoid"));
        check_predictions(read_expected("tfjs_mlp.expected.json"), "tfjs");
        CHECK(contains(run_cli(dir, {"inspect", out}).out, "\"imported_from\": \"tfjs-layers\""));
    }
}

TEST_CASE("import: what it cannot import is a named error, and nothing is written") {
    TempDir dir;
    const std::string out = dir.file("imported.safetensors");
    const Run help = run_cli(dir, {"import", "--help"});
    CHECK(help.exit_code == 0);
    CHECK(contains(help.out, "Usage: movienet import SOURCE OUT.safetensors [--layers linear,relu,...]"));
    CHECK(contains(help.out, "--layers LIST"));

    const Run bare = run_cli(dir, {"import", import_fixture("torch_mlp_bare.safetensors"), out});
    CHECK(bare.exit_code == 1);
    CHECK(contains(bare.err, "movienet import: error: "));
    CHECK(contains(bare.err, "torch_mlp_bare.safetensors: no layer types: a PyTorch state_dict does not record its "
                             "activation modules; give them (e.g. --layers linear,relu,linear,sigmoid) or write them "
                             "into __metadata__.layers [ERR_MODEL_FORMAT]"));
    const Run unknown = run_cli(dir, {"import", import_fixture("torch_mlp_bare.safetensors"), out, "--layers",
                                      "linear,gelu,linear,tanh,linear,sigmoid"});
    CHECK(unknown.exit_code == 1);
    CHECK(contains(unknown.err, "layers[1]: unknown layer type \"gelu\""));
    const Run disagree = run_cli(dir, {"import", import_fixture("torch_mlp.safetensors"), out, "--layers", "linear"});
    CHECK(disagree.exit_code == 1);
    CHECK(contains(disagree.err, "differ from __metadata__.layers"));
    const Run keras_layers = run_cli(dir, {"import", import_fixture("tfjs_mlp/model.json"), out, "--layers", "linear"});
    CHECK(keras_layers.exit_code == 2);
    CHECK(contains(keras_layers.err, "--layers is for PyTorch files"));
    // A truncated shard, beside a copy of model.json.
    write_text(dir.file("model.json"), read_file(import_fixture("tfjs_mlp/model.json")));
    write_text(dir.file("group1-shard1of2.bin"), read_file(import_fixture("tfjs_mlp/group1-shard1of2.bin")));
    write_text(dir.file("group1-shard2of2.bin"), read_file(import_fixture("tfjs_mlp/group1-shard2of2.bin")).substr(0, 100));
    const Run truncated = run_cli(dir, {"import", dir.file("model.json"), out});
    CHECK(truncated.exit_code == 1);
    CHECK(contains(truncated.err, "model.json: weightsManifest[0]: the weights need 628 bytes, but group1-shard1of2.bin, "
                                  "group1-shard2of2.bin hold 612"));
    std::remove(dir.file("group1-shard2of2.bin").c_str());
    const Run missing = run_cli(dir, {"import", dir.file("model.json"), out});
    CHECK(missing.exit_code == 1);
    CHECK(contains(missing.err, "group1-shard2of2.bin"));
    CHECK(contains(missing.err, "[ERR_IO]"));
    // A movienet network file is not someone else's.
    write_text(dir.file("ours.safetensors"), save_network_string(Network(parse_architecture_spec(3, "2")), Json::object()));
    const Run ours = run_cli(dir, {"import", dir.file("ours.safetensors"), out});
    CHECK(ours.exit_code == 1);
    CHECK(contains(ours.err, "not a PyTorch state_dict (a movienet network file needs no import)"));
    const Run one = run_cli(dir, {"import", import_fixture("torch_mlp.safetensors")});
    CHECK(one.exit_code == 2);
    CHECK(contains(one.err, "expected SOURCE OUT.safetensors"));
    CHECK_FALSE(std::ifstream(out).good());
}
