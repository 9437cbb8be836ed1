// write_file_atomically: replaces whole files, cleans up after a failed write,
// and a writer killed mid-write leaves the old file and a recognisable
// temporary. The kills happen in forked children, the fsyncs are not observable
// here (only their errors would be).
#include <doctest/doctest.h>

#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <functional>
#include <regex>

#include "error_check.h"
#include "movienet/io/file_io.h"
#include "temp_dir.h"

using namespace movienet;
using namespace movienet::testing;

namespace {

const std::regex leftover_name(R"(\.target\.txt\.movienet-tmp-[A-Za-z0-9]{6})");

// Runs `body` in a child process whose files may not grow past `limit` bytes,
// so that writing more raises SIGXFSZ (or, with it ignored, fails with EFBIG).
// Returns the child's wait status.
int run_with_file_size_limit(rlim_t limit, bool kill_on_overflow, const std::function<int()>& body) {
    const pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        const rlimit small{limit, limit};
        if (setrlimit(RLIMIT_FSIZE, &small) != 0) _exit(90);
        // The overflowing write stands in for any death mid-write: SIGKILL it.
        if (kill_on_overflow)
            signal(SIGXFSZ, [](int) { kill(getpid(), SIGKILL); });
        else
            signal(SIGXFSZ, SIG_IGN);
        try {
            _exit(body());
        } catch (...) {
            _exit(91);
        }
    }
    int status = 0;
    REQUIRE(waitpid(child, &status, 0) == child);
    return status;
}

}  // namespace

TEST_CASE("write_file_atomically replaces the whole file and leaves nothing else behind") {
    TempDir dir;
    const std::string path = dir.file("target.txt");
    write_file_atomically(path, "first");
    write_file_atomically(path, "second, longer");
    CHECK(read_file(path) == "second, longer");
    CHECK(dir.entries() == std::vector<std::string>{"target.txt"});

    // Permissions as for any new file: 0666 less the umask (not mkstemp's 0600).
    const mode_t mask = umask(0);
    umask(mask);
    struct stat st {};
    REQUIRE(stat(path.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == (0666 & ~mask));

    // A bare name lands in the current folder.
    const std::string cwd = std::filesystem::current_path().string();
    std::filesystem::current_path(dir.path());
    write_file_atomically("bare.txt", "here");
    std::filesystem::current_path(cwd);
    CHECK(read_file(dir.file("bare.txt")) == "here");
}

TEST_CASE("a writer killed mid-write leaves the old file intact and its temporary findable") {
    TempDir dir;
    const std::string path = dir.file("target.txt");
    write_file_atomically(path, "the previous version");
    const int status = run_with_file_size_limit(8, true, [&] {
        write_file_atomically(path, std::string(100000, 'x'));
        return 0;  // not reached: killed in the write
    });
    REQUIRE(WIFSIGNALED(status));
    CHECK(WTERMSIG(status) == SIGKILL);
    CHECK(read_file(path) == "the previous version");
    const auto entries = dir.entries();
    REQUIRE(entries.size() == 2);
    CHECK(std::regex_match(entries[0], leftover_name));  // ".target.txt.movienet-tmp-XXXXXX" sorts first
    CHECK(read_file(dir.file(entries[0])) == std::string(8, 'x'));
    CHECK(entries[1] == "target.txt");

    // The next save is not disturbed by the leftover (a fresh, exclusive name).
    write_file_atomically(path, "the next version");
    CHECK(read_file(path) == "the next version");
    CHECK(dir.entries().size() == 2);
}

TEST_CASE("a write that fails (file too large) removes its temporary and keeps the old file") {
    TempDir dir;
    const std::string path = dir.file("target.txt");
    write_file_atomically(path, "the previous version");
    const int status = run_with_file_size_limit(8, false, [&] {
        try {
            write_file_atomically(path, std::string(100000, 'x'));
        } catch (const Error& e) {
            const bool named = std::string(e.what()).find("write failed") != std::string::npos;
            return e.code() == ErrorCode::Io && named ? 0 : 1;
        }
        return 2;  // no error: the limit did not bite
    });
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    CHECK(read_file(path) == "the previous version");
    CHECK(dir.entries() == std::vector<std::string>{"target.txt"});
}

TEST_CASE("a temporary that cannot be created is an Io error naming the target") {
    TempDir dir;
    CHECK_MOVIENET_ERROR(write_file_atomically(dir.file("missing/target.txt"), "x"), ErrorCode::Io,
                         "missing/target.txt: cannot create a temporary file beside it");
}
