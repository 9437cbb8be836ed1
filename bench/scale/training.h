// The measured part of bench/scale: loading a data folder and training on it
// with `movienet train`'s defaults, in a child process of its own, so that
// its peak RSS counts loading and training only (not the generator, not the
// parent).
//
// The parent runs this executable again (fork + exec, hidden mode
// --train-child) with a pipe; the child times each phase and sends one line
// per phase through the pipe. A phase runs until the next one reports its
// first progress:
//   load                   load_dataset() on the folder
//   rating                 train_rating_model() up to the watch head's first report:
//                          holdout, catalogue, the rating epochs (early stopping), checkpoints
//   watch_choose           the watch head's epochs chosen on each viewer's latest movie
//   watch_final            the watch head's final pass on every event, until training returns
//   save                   the model file (float32)
// Each phase's peak RSS is exact when it raised the process's high-water mark
// (VmHWM, read after the phase); otherwise it is the largest RSS seen by a
// sampler thread (every 20 ms) and marked approximate.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace movienet::bench {

struct PhaseRecord {
    std::string name;  // load, rating, watch_choose, watch_final, save
    int epochs = 0;
    double seconds = 0;
    long peak_kb = 0;
    bool peak_exact = true;
    int threads_seen = 0;  // the process's threads during the phase, the sampler excluded
    double cpu_seconds = 0;  // user + system time of the process during the phase
};

struct TrainingRequest {
    std::string data_dir;    // what load_dataset() reads
    std::string output_dir;  // model file and checkpoint
    int threads = 1;
    int epochs = 0;          // 0: the training defaults; else both models train exactly this many
    uint64_t seed = 1;
};

struct TrainingRun {
    std::vector<PhaseRecord> phases;
    long events = 0, rated = 0, viewers = 0, movies = 0;
    long max_rss_kb = 0;   // wait4(): the child's peak RSS
    long final_hwm_kb = 0; // the child's own VmHWM at its end (after exec)
    std::string error;     // empty when the child succeeded
    bool interrupted = false;
};

// Runs the child and collects its records. `self` is this executable.
TrainingRun run_training_process(const std::string& self, const TrainingRequest& request);

// The child's side: argv after "--train-child". Returns the exit code.
int training_child_main(int argc, char** argv);

// Set by SIGINT/SIGTERM in the parent; the child (and the generator) are then stopped.
bool stop_requested();
void install_stop_handler();

}  // namespace movienet::bench
