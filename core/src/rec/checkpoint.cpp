// Checkpoints as safetensors (checkpoint.h): everything is checked against
// the run before anything is restored, so a checkpoint of another run or a
// damaged one stops training before its first epoch, naming what differs.
#include "movienet/rec/checkpoint.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <sstream>
#include <unordered_set>

#include "movienet/base/error.h"
#include "movienet/io/file_io.h"
#include "movienet/io/json_writer.h"

namespace movienet {

namespace {

const std::string optimizer_prefix = "optimizer.";

// The shortest decimal that reads back as the same double ("inf" included).
std::string shortest(double value) {
    char text[32];
    const auto result = std::to_chars(text, text + sizeof text, value);
    return std::string(text, result.ptr);
}

// Text from the file in a message: cut short, since it may be anything.
std::string clipped(const std::string& text) { return text.size() <= 60 ? text : text.substr(0, 60) + "..."; }
std::string quoted(const std::string& text) { return "\"" + clipped(text) + "\""; }

// "key=value;..." as pairs, in order.
std::vector<std::pair<std::string, std::string>> fingerprint_fields(const std::string& fingerprint) {
    std::vector<std::pair<std::string, std::string>> fields;
    std::size_t start = 0;
    while (start <= fingerprint.size()) {
        std::size_t end = fingerprint.find(';', start);
        if (end == std::string::npos) end = fingerprint.size();
        const std::string field = fingerprint.substr(start, end - start);
        const std::size_t eq = field.find('=');
        fields.emplace_back(field.substr(0, eq), eq == std::string::npos ? "" : field.substr(eq + 1));
        start = end + 1;
    }
    return fields;
}

// "dim: 8 in the checkpoint, 4 now; ...", or both whole when the keys differ.
std::string fingerprint_difference(const std::string& written, const std::string& now) {
    const auto a = fingerprint_fields(written), b = fingerprint_fields(now);
    bool same_keys = a.size() == b.size();
    for (std::size_t i = 0; same_keys && i < a.size(); ++i) same_keys = a[i].first == b[i].first;
    if (!same_keys) return quoted(written) + " in the checkpoint, \"" + now + "\" now";
    std::string difference;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (a[i].second != b[i].second)
            difference += (difference.empty() ? "" : "; ") + a[i].first + ": " + clipped(a[i].second) +
                          " in the checkpoint, " + b[i].second + " now";
    return difference;
}

// A version-2 checkpoint is one JSON document; a safetensors file starts with
// its header length, then '{' (whose low byte may itself be '{').
bool is_json_document(const std::string& bytes) {
    const std::size_t first = bytes.find_first_not_of(" \t\r\n");
    if (first == std::string::npos || bytes[first] != '{') return false;
    uint64_t length = 0;
    for (int i = 7; i >= 0 && bytes.size() >= 8; --i) length = (length << 8) | static_cast<uint8_t>(bytes[std::size_t(i)]);
    return !(bytes.size() > 8 && bytes[8] == '{' && length <= bytes.size() - 8);
}

double parse_best_rmse(const Safetensors& file, int best_epoch) {
    const std::string& text = file.require_metadata("best_rmse");
    double value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    const double inf = std::numeric_limits<double>::infinity();
    if (ec != std::errc() || end != text.data() + text.size() || std::isnan(value) || value == -inf)
        file.fail("__metadata__.best_rmse: " + quoted(text) + " is not a number (or inf)");
    if (best_epoch == 0 && value != inf)
        file.fail("__metadata__.best_rmse: " + text + " but no best epoch, expected inf");
    if (best_epoch > 0 && !std::isfinite(value))
        file.fail("__metadata__.best_rmse: " + text + " but epoch " + std::to_string(best_epoch) + " was the best");
    return value;
}

// An RMSE: a number, or null for NaN (a diverged epoch).
double report_number(const Json& report, const char* key, const std::string& where, const Safetensors& file,
                     bool nullable) {
    const auto it = report.find(key);
    if (it == report.end()) file.fail(where + "." + key + ": missing");
    if (nullable && it->is_null()) return std::nan("");
    if (!it->is_number()) file.fail(where + "." + key + ": expected a number");
    return it->get<double>();
}

std::vector<RatingEpochReport> parse_reports(const Safetensors& file, int epoch, int planned) {
    const Json reports = Json::parse(file.require_metadata("epochs"), nullptr, false);
    if (reports.is_discarded() || !reports.is_array())
        file.fail("__metadata__.epochs: expected a JSON array of epoch reports");
    if (reports.size() != std::size_t(epoch))
        file.fail("__metadata__.epochs: holds " + std::to_string(reports.size()) + " reports, expected " +
                  std::to_string(epoch) + " (one per epoch run)");
    std::vector<RatingEpochReport> parsed;
    for (std::size_t i = 0; i < reports.size(); ++i) {
        const Json& report = reports[i];
        const std::string where = "__metadata__.epochs[" + std::to_string(i) + "]";
        if (!report.is_object()) file.fail(where + ": expected an object");
        RatingEpochReport r;
        const auto number = report.find("epoch");
        if (number == report.end() || !number->is_number_integer() || number->get<long long>() != static_cast<long long>(i + 1))
            file.fail(where + ".epoch: expected " + std::to_string(i + 1));
        r.epoch = static_cast<int>(i + 1);
        r.epochs = planned;
        r.train_rmse = report_number(report, "train_rmse", where, file, true);
        r.validation_rmse = report_number(report, "validation_rmse", where, file, true);
        r.seconds = report_number(report, "seconds", where, file, false);
        if (!(r.seconds >= 0 && std::isfinite(r.seconds))) file.fail(where + ".seconds: expected a finite number >= 0");
        parsed.push_back(r);
    }
    return parsed;
}

Json reports_to_json(const std::vector<RatingEpochReport>& reports) {
    Json out = Json::array();
    for (const auto& r : reports)  // NaN is written as null
        out.push_back({{"epoch", r.epoch}, {"train_rmse", r.train_rmse}, {"validation_rmse", r.validation_rmse},
                       {"seconds", r.seconds}});
    return out;
}

// The state exactly as operator<< writes it: as many decimal 64-bit words as
// this standard library writes, one space apart, read back to the same text.
std::mt19937_64 parse_rng_text(const Safetensors& file, const std::string& text, const std::string& where) {
    static const std::size_t expected = [] {
        std::ostringstream out;
        out << std::mt19937_64();
        const std::string written = out.str();
        return std::size_t(std::count(written.begin(), written.end(), ' ')) + 1;
    }();
    std::vector<uint64_t> words;
    for (std::size_t start = 0; start <= text.size() && words.size() <= expected;) {
        std::size_t end = text.find(' ', start);
        if (end == std::string::npos) end = text.size();
        uint64_t word = 0;
        const auto [stop, ec] = std::from_chars(text.data() + start, text.data() + end, word);
        if (ec != std::errc() || stop != text.data() + end || start == end)
            file.fail(where + ": number " + std::to_string(words.size() + 1) + ", " +
                      quoted(text.substr(start, end - start)) + ", is not an unsigned 64-bit integer");
        words.push_back(word);
        start = end + 1;
    }
    if (words.size() != expected)
        file.fail(where + ": holds " + std::string(words.size() > expected ? "more than " : "") +
                  std::to_string(std::min(words.size(), expected)) + " numbers, expected " + std::to_string(expected) +
                  " (an mt19937_64 state)");
    // libstdc++ ends with the position in the state words, at most their count.
    if (expected == std::mt19937_64::state_size + 1 && words.back() > std::mt19937_64::state_size)
        file.fail(where + ": position " + std::to_string(words.back()) + " is past the " +
                  std::to_string(std::mt19937_64::state_size) + " state words");
    std::mt19937_64 rng;
    std::istringstream in(text);
    in >> rng;
    std::ostringstream again;
    again << rng;
    if (in.fail() || !(in >> std::ws).eof() || again.str() != text)
        file.fail(where + ": does not read back as the same mt19937_64 state");
    return rng;
}

std::mt19937_64 parse_rng_state(const Safetensors& file) {
    return parse_rng_text(file, file.require_metadata("rng"), "__metadata__.rng");
}

std::string rng_text(const std::mt19937_64& rng) {
    std::ostringstream out;
    out << rng;
    return out.str();
}

Json watch_state_to_json(const WatchFitState& s) {
    Json reports = Json::array();
    for (const auto& r : s.reports)
        reports.push_back({{"final_pass", r.final_pass}, {"epoch", r.epoch}, {"epochs", r.epochs}, {"loss", r.loss},
                           {"validation_ndcg", r.validation_ndcg}, {"seconds", r.seconds},
                           {"validation_seconds", r.validation_seconds}});
    return {{"final_pass", s.final_pass}, {"refit", s.refit}, {"epoch", s.epoch}, {"final_epochs", s.final_epochs},
            {"best_epoch", s.best_epoch}, {"since_best", s.since_best}, {"best_ndcg", s.best_ndcg},
            {"reports", reports}, {"rng", rng_text(s.rng)}};
}

int json_count(const Safetensors& file, const Json& object, const char* key, const std::string& where) {
    const auto it = object.find(key);
    if (it == object.end() || !it->is_number_integer() || it->get<long long>() < 0 || it->get<long long>() > (1 << 30))
        file.fail(where + "." + key + ": expected an integer in 0..2^30");
    return static_cast<int>(it->get<long long>());
}

double json_finite(const Safetensors& file, const Json& object, const char* key, const std::string& where) {
    const auto it = object.find(key);
    if (it == object.end() || !it->is_number() || !std::isfinite(it->get<double>()))
        file.fail(where + "." + key + ": expected a finite number");
    return it->get<double>();
}

bool json_flag(const Safetensors& file, const Json& object, const char* key, const std::string& where) {
    const auto it = object.find(key);
    if (it == object.end() || !it->is_boolean()) file.fail(where + "." + key + ": expected true or false");
    return it->get<bool>();
}

WatchFitState parse_watch_state(const Safetensors& file) {
    const std::string where = "__metadata__.watch_state";
    const Json j = Json::parse(file.metadata_object("watch_state"), nullptr, false);
    if (j.is_discarded() || !j.is_object()) file.fail(where + ": expected a JSON object");
    WatchFitState s;
    s.final_pass = json_flag(file, j, "final_pass", where);
    s.refit = j.contains("refit") ? json_flag(file, j, "refit", where) : true;  // older checkpoints always refit
    s.epoch = json_count(file, j, "epoch", where);
    s.final_epochs = json_count(file, j, "final_epochs", where);
    s.best_epoch = json_count(file, j, "best_epoch", where);
    s.since_best = json_count(file, j, "since_best", where);
    s.best_ndcg = json_finite(file, j, "best_ndcg", where);
    if (s.final_pass && s.epoch > s.final_epochs)
        file.fail(where + ".epoch: " + std::to_string(s.epoch) + " is past the final pass's " +
                  std::to_string(s.final_epochs) + " epochs");
    if (!s.final_pass && (s.best_epoch > s.epoch || s.since_best > s.epoch - s.best_epoch))
        file.fail(where + ": best_epoch " + std::to_string(s.best_epoch) + " and since_best " +
                  std::to_string(s.since_best) + " do not fit epoch " + std::to_string(s.epoch));
    const auto reports = j.find("reports");
    if (reports == j.end() || !reports->is_array() || reports->size() > (1u << 20))
        file.fail(where + ".reports: expected an array of epoch reports");
    for (size_t i = 0; i < reports->size(); ++i) {
        const Json& r = (*reports)[i];
        const std::string at = where + ".reports[" + std::to_string(i) + "]";
        if (!r.is_object()) file.fail(at + ": expected an object");
        WatchEpochReport report;
        report.final_pass = json_flag(file, r, "final_pass", at);
        report.epoch = json_count(file, r, "epoch", at);
        report.epochs = json_count(file, r, "epochs", at);
        report.loss = json_finite(file, r, "loss", at);
        report.validation_ndcg = json_finite(file, r, "validation_ndcg", at);
        report.seconds = json_finite(file, r, "seconds", at);
        report.validation_seconds = json_finite(file, r, "validation_seconds", at);
        s.reports.push_back(report);
    }
    const auto rng = j.find("rng");
    if (rng == j.end() || !rng->is_string()) file.fail(where + ".rng: expected the rng state as text");
    s.rng = parse_rng_text(file, rng->get<std::string>(), where + ".rng");
    return s;
}

int64_t read_i64_scalar(const Safetensors& file, const std::string& name) {
    const TensorInfo& t = file.require(name, {TensorDtype::I64}, {});
    int64_t value = 0;
    std::memcpy(&value, file.data(t), sizeof value);
    return value;
}

}  // namespace

std::string training_fingerprint(const std::vector<Rating>& training, const RatingTrainOptions& o) {
    uint64_t hash = 1469598103934665603ULL;
    auto mix = [&](uint64_t v) { hash = (hash ^ v) * 1099511628211ULL; };
    for (const auto& r : training) {
        mix(static_cast<uint64_t>(r.user));
        mix(static_cast<uint64_t>(r.movie));
        mix(has_rating(r) ? static_cast<uint64_t>(std::lround(r.rating * 2)) : ~uint64_t{0});
        mix(static_cast<uint64_t>(r.timestamp));
    }
    std::ostringstream hex;
    hex << std::hex << hash;
    std::string fingerprint =
        "ratings=" + std::to_string(training.size()) + ";ratings_hash=" + hex.str() + ";arch=" + o.arch +
        ";seed=" + std::to_string(o.seed) + ";validation=" + shortest(o.validation_fraction) +
        ";dim=" + std::to_string(o.pooled.dim) + ";hidden=" + std::to_string(o.pooled.hidden) +
        ";lr=" + shortest(o.pooled_training.learning_rate) + ";l2=" + shortest(o.pooled_training.l2) +
        ";seed_batch=" + std::to_string(o.seed_batch_size);
    // Added only when they differ from what earlier checkpoints implied (one
    // thread, no watch head), so those still resume.
    if (o.threads != 1) fingerprint += ";threads=" + std::to_string(o.threads);
    if (o.watch_head) {
        const WatchFitOptions& w = o.watch;
        fingerprint += ";watch=" + std::to_string(w.model.dim) + "/" + std::to_string(w.model.recent) + "/" +
                       (w.model.tied ? "tied" : "untied") + "/" + w.softmax + "/" +
                       std::to_string(w.training.negatives) + "/" + std::to_string(w.epochs) + "/" +
                       std::to_string(w.max_epochs) + "/" + std::to_string(w.patience) + "/" +
                       shortest(w.training.learning_rate) + "/" + std::to_string(w.training.batch) + "/" +
                       std::to_string(w.training.positions_per_viewer) + "/" +
                       std::to_string(w.max_validation_viewers);
        if (w.refit != WatchRefit::Auto) fingerprint += w.refit == WatchRefit::Always ? "/refit" : "/no-refit";
    }
    return fingerprint;
}

void write_state_vector(SafetensorsWriter& out, const std::string& name, const Vector& values) {
    out.add_f32_borrowed(optimizer_prefix + name, {int64_t(values.size())}, values.data());
}

Vector read_state_vector(const Safetensors& file, const std::string& name, Index size, bool may_be_empty,
                         bool non_negative) {
    const std::string full = optimizer_prefix + name;
    const TensorInfo& t = file.require(full, {TensorDtype::F32}, {-1});
    const int64_t n = t.shape[0];
    if (n != size && !(may_be_empty && n == 0))
        file.fail(full + ": shape [" + std::to_string(n) + "], expected [" + std::to_string(size) + "]" +
                  (may_be_empty ? " (or [0] before the first step)" : ""));
    if (n == 0) return Vector();
    const std::vector<float> values = file.floats(full, {n});  // checked finite
    for (std::size_t i = 0; non_negative && i < values.size(); ++i)
        if (values[i] < 0) file.fail(full + ": value " + std::to_string(i) + " is negative");
    return ConstVectorMap(values.data(), static_cast<Index>(n));
}

void write_step_count(SafetensorsWriter& out, const std::string& name, long steps) {
    const int64_t value = steps;
    out.add(optimizer_prefix + name, TensorDtype::I64, {}, &value, sizeof value);
}

long read_step_count(const Safetensors& file, const std::string& name) {
    const int64_t steps = read_i64_scalar(file, optimizer_prefix + name);
    if (steps < 0) file.fail(optimizer_prefix + name + ": " + std::to_string(steps) + " steps, expected 0 or more");
    return static_cast<long>(steps);
}

void write_adam_state(SafetensorsWriter& out, const std::string& prefix, Adam& adam) {
    write_state_vector(out, prefix + "m", adam.first_moment());
    write_state_vector(out, prefix + "v", adam.second_moment());
    write_step_count(out, prefix + "t", adam.steps());
}

void restore_adam_state(Adam& adam, const Safetensors& file, const std::string& prefix, Index size) {
    Vector m = read_state_vector(file, prefix + "m", size, true, false);
    Vector v = read_state_vector(file, prefix + "v", size, true, true);
    if (m.size() != v.size())
        file.fail(optimizer_prefix + prefix + "m and " + optimizer_prefix + prefix + "v: sizes " +
                  std::to_string(m.size()) + " and " + std::to_string(v.size()) + " differ");
    const long steps = read_step_count(file, prefix + "t");
    adam.first_moment() = std::move(m);
    adam.second_moment() = std::move(v);
    adam.set_steps(steps);
}

void save_checkpoint(const std::string& path, const std::string& fingerprint, const TrainingState& state,
                     ArchTrainer& trainer, const RatingModel& model, const WatchFitView* watch) {
    SafetensorsWriter out;
    model.arch->write_tensors(out, Dtype::Float32);  // lossless: the run continues from these
    // The large vectors are borrowed, not copied: a checkpoint of a big
    // catalogue would otherwise hold its whole size in memory twice over.
    out.add_f32_borrowed("best_params", {int64_t(state.best_params.size())}, state.best_params.data());
    trainer.write_optimizer_state(out);
    std::ostringstream rng;
    rng << state.rng;
    out.metadata["format"] = checkpoint_format_name;
    out.metadata["version"] = std::to_string(checkpoint_format_version);
    out.metadata["arch"] = model.arch->name();
    out.metadata["fingerprint"] = fingerprint;
    out.metadata["epoch"] = std::to_string(state.epoch);
    out.metadata["best_epoch"] = std::to_string(state.best_epoch);
    out.metadata["since_best"] = std::to_string(state.since_best);
    out.metadata["best_rmse"] = shortest(state.best_rmse);
    out.metadata["epochs"] = reports_to_json(state.epochs).dump();
    out.metadata["rng"] = rng.str();
    if (watch) {
        out.add_f32_borrowed("watch.params", {int64_t(watch->params.size())}, watch->params.data());
        write_state_vector(out, "watch_m", watch->first_moment);
        write_state_vector(out, "watch_v", watch->second_moment);
        write_step_count(out, "watch_t", watch->steps);
        if (watch->best_params.size() > 0)
            out.add_f32_borrowed("watch.best_params", {int64_t(watch->best_params.size())}, watch->best_params.data());
        out.metadata["watch_state"] = watch_state_to_json(watch->state).dump();
    }
    out.write_atomically(path);
}

bool load_checkpoint(const std::string& path, const std::string& fingerprint, int epochs, TrainingState& state,
                     ArchTrainer& trainer, RatingModel& model, WatchFitSnapshot* watch, Index watch_params) {
    std::string bytes = read_file(path);
    if (is_json_document(bytes))
        throw Error(ErrorCode::ModelFormat, path + ": is a version-2 (JSON) checkpoint, written by an older movienet; "
                                                   "start the run again without --resume");
    const Safetensors file = parse_safetensors(std::move(bytes), path);
    file.require_format(checkpoint_format_name, checkpoint_format_version);

    // Another run's checkpoint: Error(BadInput), naming what differs.
    const std::string arch = model.arch->name();
    const std::string& written_arch = file.require_metadata("arch");
    if (written_arch != arch)
        throw Error(ErrorCode::BadInput, path + ": arch: " + quoted(written_arch) + " in the checkpoint, this run trains \"" +
                                             arch + "\" (another --arch)");
    const std::string& written_for = file.require_metadata("fingerprint");
    if (written_for != fingerprint)
        throw Error(ErrorCode::BadInput, path + ": fingerprint differs: the data or options changed (" +
                                             fingerprint_difference(written_for, fingerprint) + ")");
    const int epoch = static_cast<int>(file.metadata_integer("epoch", 0, 1 << 30));
    if (epoch > epochs)
        throw Error(ErrorCode::BadInput, path + ": epoch: the checkpoint has run " + std::to_string(epoch) +
                                             " epochs, more than the " + std::to_string(epochs) +
                                             " this run plans (--epochs)");

    // From here on a mismatch is a damaged file: Error(ModelFormat).
    const int best_epoch = static_cast<int>(file.metadata_integer("best_epoch", 0, 1 << 30));
    if (best_epoch > epoch)
        file.fail("__metadata__.best_epoch: " + std::to_string(best_epoch) + " is after the last epoch run, " +
                  std::to_string(epoch));
    const int since_best = static_cast<int>(file.metadata_integer("since_best", 0, 1 << 30));
    if (since_best > epoch - best_epoch)
        file.fail("__metadata__.since_best: " + std::to_string(since_best) + ", but only " +
                  std::to_string(epoch - best_epoch) + " epochs ran after the best");
    const double best_rmse = parse_best_rmse(file, best_epoch);
    std::vector<RatingEpochReport> reports = parse_reports(file, epoch, epochs);
    const std::mt19937_64 rng = parse_rng_state(file);

    // Every tensor this run's model holds, in its dtype and shape; besides
    // them only best_params and the optimiser's.
    SafetensorsWriter expected, optimizer;
    model.arch->write_tensors(expected, Dtype::Float32);
    trainer.write_optimizer_state(optimizer);
    std::unordered_set<std::string> known{"best_params"};
    const bool has_watch = file.find_metadata("watch_state") != nullptr;
    if (has_watch) {
        if (!watch)
            throw Error(ErrorCode::BadInput, path + ": holds the will-watch head's training, but this run trains no watch head");
        known.insert({"watch.params", "watch.best_params", optimizer_prefix + "watch_m", optimizer_prefix + "watch_v",
                      optimizer_prefix + "watch_t"});
    }
    for (const TensorInfo& t : expected.tensors()) {
        file.require(t.name, {t.dtype}, t.shape);
        known.insert(t.name);
    }
    for (const TensorInfo& t : optimizer.tensors()) known.insert(t.name);
    for (const TensorInfo& t : file.tensors())
        if (!known.count(t.name)) file.fail(t.name + ": unexpected tensor (not in a " + arch + " checkpoint)");
    // Reading checks the values too (finite, in range).
    const std::unique_ptr<ArchModel> saved = find_arch_format(arch)->read(file, model.catalogue, model.global_mean);
    const Index n = model.arch->param_count();
    if (saved->param_count() != n)
        file.fail(arch + ": " + std::to_string(saved->param_count()) + " parameters, expected " + std::to_string(n));
    const TensorInfo& best = file.require("best_params", {TensorDtype::F32}, {-1});
    const int64_t best_size = best_epoch > 0 ? n : 0;
    if (best.shape[0] != best_size)
        file.fail("best_params: shape [" + std::to_string(best.shape[0]) + "], expected [" + std::to_string(best_size) +
                  "]" + (best_epoch > 0 ? "" : " (no epoch has been the best yet)"));
    const std::vector<float> best_params = best_size > 0 ? file.floats("best_params", {best_size}) : std::vector<float>();
    trainer.restore_optimizer_state(file);
    WatchFitSnapshot watch_snapshot;
    if (has_watch) {
        watch_snapshot.state = parse_watch_state(file);
        const TensorInfo& p = file.require("watch.params", {TensorDtype::F32}, {watch_params});
        const std::vector<float> params = file.floats(p.name, {watch_params});
        watch_snapshot.params = ConstVectorMap(params.data(), watch_params);
        watch_snapshot.first_moment = read_state_vector(file, "watch_m", watch_params, false, false);
        watch_snapshot.second_moment = read_state_vector(file, "watch_v", watch_params, false, true);
        watch_snapshot.steps = read_step_count(file, "watch_t");
        // Without a refit the choosing pass's best epoch is the result, so its weights travel along.
        const WatchFitState& w = watch_snapshot.state;
        const bool needs_best = !w.refit && !w.final_pass && w.best_epoch > 0;
        if (needs_best) {
            file.require("watch.best_params", {TensorDtype::F32}, {watch_params});
            const std::vector<float> best_watch = file.floats("watch.best_params", {watch_params});
            watch_snapshot.best_params = ConstVectorMap(best_watch.data(), watch_params);
        } else if (file.find("watch.best_params")) {
            file.fail("watch.best_params: unexpected (the watch state keeps no best epoch's weights)");
        }
    }

    // All checked: restore.
    model.arch->set_params(saved->params());
    state.epoch = epoch;
    state.best_epoch = best_epoch;
    state.since_best = since_best;
    state.best_rmse = best_rmse;
    state.best_params = ConstVectorMap(best_params.data(), static_cast<Index>(best_size));
    state.epochs = std::move(reports);
    state.rng = rng;
    if (has_watch) *watch = std::move(watch_snapshot);
    return has_watch;
}

}  // namespace movienet
