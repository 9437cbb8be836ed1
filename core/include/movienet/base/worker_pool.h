// A fixed set of worker threads for training. Work is split into as many
// parts as there are threads and part k always runs the same indices, so a
// result that sums the parts in part order depends only on the thread count,
// never on scheduling. Written by hand (a condition variable and a counter):
// OpenMP would need libomp for the clang fuzz build, and the wasm module never
// links this file.
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace movienet {

class WorkerPool {
public:
    // threads >= 1; the calling thread is one of them.
    explicit WorkerPool(int threads);
    ~WorkerPool();
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;

    int threads() const { return threads_; }

    // Calls part(k) for k = 0..threads()-1, one per thread, and returns when
    // all have finished. The first exception thrown by a part is rethrown here.
    void run(const std::function<void(int part)>& part);

    // [begin, end) of part k when n items are split into threads() parts.
    static std::pair<size_t, size_t> range(size_t n, int part, int parts);

private:
    void work(int part);

    int threads_;
    std::vector<std::thread> workers_;
    std::mutex mutex_;
    std::condition_variable wake_, done_;
    const std::function<void(int)>* job_ = nullptr;
    // Workers spin briefly on these before sleeping: a training step lasts
    // milliseconds, and a condition variable's wake-up would be a good part of it.
    std::atomic<long> generation_{0};
    std::atomic<int> pending_{0};
    bool stopping_ = false;
    std::exception_ptr error_;
};

// Threads to use when the caller asks for `requested` (0: every core, at
// most kMaxThreads); Error(BadInput) naming `option` outside 0..kMaxThreads.
int resolve_threads(long requested, const char* option);

}  // namespace movienet
