#include "movienet/base/worker_pool.h"

#include <algorithm>
#include <string>

#include "movienet/base/error.h"
#include "movienet/base/limits.h"

namespace movienet {

WorkerPool::WorkerPool(int threads) : threads_(threads) {
    if (threads < 1) throw Error(ErrorCode::BadInput, "worker pool: at least one thread is needed");
    for (int k = 1; k < threads; ++k) workers_.emplace_back([this, k] { work(k); });
}

WorkerPool::~WorkerPool() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    for (auto& worker : workers_) worker.join();
}

namespace {

// About 50 microseconds of polling before a thread blocks.
constexpr int kSpins = 20000;

}  // namespace

void WorkerPool::work(int part) {
    long seen = 0;
    for (;;) {
        const std::function<void(int)>* job;
        for (int spin = 0; spin < kSpins && generation_.load(std::memory_order_acquire) == seen; ++spin) {
        }
        {
            std::unique_lock<std::mutex> lock(mutex_);
            wake_.wait(lock, [&] { return stopping_ || generation_ != seen; });
            if (stopping_) return;
            seen = generation_;
            job = job_;
        }
        std::exception_ptr error;
        try {
            (*job)(part);
        } catch (...) {
            error = std::current_exception();
        }
        std::lock_guard<std::mutex> lock(mutex_);
        if (error && !error_) error_ = error;
        if (pending_.fetch_sub(1, std::memory_order_acq_rel) == 1) done_.notify_one();
    }
}

void WorkerPool::run(const std::function<void(int)>& part) {
    if (threads_ == 1) {
        part(0);
        return;
    }
    {
        std::lock_guard<std::mutex> lock(mutex_);
        job_ = &part;
        pending_ = threads_ - 1;
        error_ = nullptr;
        ++generation_;
    }
    wake_.notify_all();
    std::exception_ptr error;
    try {
        part(0);
    } catch (...) {
        error = std::current_exception();
    }
    for (int spin = 0; spin < kSpins && pending_.load(std::memory_order_acquire) != 0; ++spin) {
    }
    std::unique_lock<std::mutex> lock(mutex_);
    done_.wait(lock, [&] { return pending_ == 0; });
    if (!error) error = error_;
    if (error) std::rethrow_exception(error);
}

std::pair<size_t, size_t> WorkerPool::range(size_t n, int part, int parts) {
    const size_t p = static_cast<size_t>(part), q = static_cast<size_t>(parts);
    return {n * p / q, n * (p + 1) / q};
}

int resolve_threads(long requested, const char* option) {
    if (requested == 0) {
        const unsigned cores = std::thread::hardware_concurrency();
        return static_cast<int>(std::min<unsigned>(cores == 0 ? 1 : cores, limits::kMaxThreads));
    }
    if (requested < 1 || requested > limits::kMaxThreads)
        throw Error(ErrorCode::BadInput, std::string(option) + ": " + std::to_string(requested) +
                                             " threads; expected 1.." +
                                             std::to_string(limits::kMaxThreads));
    return static_cast<int>(requested);
}

}  // namespace movienet
