// A generated watch-events folder with an obvious sequential pattern: movies
// 1..M, and every viewer watches a run of consecutive movies (s, s+1, s+2, ...)
// in that order, so the next movie after ..., k-1, k is k+1. Written as the
// files `movienet train --data DIR` reads: events.csv and movies.csv.
#pragma once

#include <filesystem>
#include <fstream>
#include <string>

namespace movienet::testing {

struct SequentialEvents {
    int viewers = 2000;
    int movies = 20;
    // 0: the header userId,movieId,timestamp (no ratings); k > 0: the header
    // with a rating column, and every k-th event rated (the others empty).
    int rated_every = 0;
};

inline std::string sequential_movies_csv(int movies) {
    static const char* const genres[] = {"Action", "Comedy", "Drama|Romance"};
    std::string text = "movieId,title,genres\n";
    for (int m = 1; m <= movies; ++m)
        text += std::to_string(m) + ",Movie " + std::to_string(m) + " (" + std::to_string(1990 + m) + ")," + genres[m % 3] + "\n";
    return text;
}

// Viewer v starts at 1 + (5v mod (M - 7)) and watches 4 to 7 movies in a row,
// one a minute; every movie of the run but the last is followed by the next
// id. (M - 7 must be prime, not 5: every start occurs; M = 20 gives 1..13.)
inline std::string sequential_events_csv(const SequentialEvents& spec) {
    std::string text = spec.rated_every > 0 ? "userId,movieId,rating,timestamp\n" : "userId,movieId,timestamp\n";
    int event = 0;
    for (int v = 1; v <= spec.viewers; ++v) {
        const int start = 1 + (5 * v) % (spec.movies - 7), length = 4 + v % 4;
        for (int k = 0; k < length; ++k, ++event) {
            text += std::to_string(v) + "," + std::to_string(start + k) + ",";
            if (spec.rated_every > 0) text += event % spec.rated_every == 0 ? std::to_string(1 + (v + k) % 5) + ".0," : ",";
            text += std::to_string(1600000000 + v * 1000 + k * 60) + "\n";
        }
    }
    return text;
}

// Creates `dir` if missing.
inline void write_sequential_events(const std::string& dir, const SequentialEvents& spec = {}) {
    std::filesystem::create_directories(dir);
    std::ofstream(dir + "/events.csv", std::ios::binary) << sequential_events_csv(spec);
    std::ofstream(dir + "/movies.csv", std::ios::binary) << sequential_movies_csv(spec.movies);
}

}  // namespace movienet::testing
