// Writes a generated data set of a Shape into a folder, in the MovieLens
// "latest" layout: movies.csv (movieId,title,genres) and ratings.csv
// (userId,movieId,rating,timestamp), or, implicit, events.csv
// (userId,movieId,timestamp: watch events without ratings).
//
// How the events are made (deterministic for a seed):
// - Movies have a popularity rank (weights in shape.h), a taste cluster (its
//   first genre; 19 MovieLens genres at their real frequencies) and latent
//   factors; ids 1..movies are a random permutation of the ranks.
// - Each viewer gets an event count (heavy-tailed, shape.h), one to three
//   favourite clusters, and picks that many distinct movies by sampling
//   without replacement from popularity x taste (35% everyone's mix, 65% the
//   favourites), so the catalogue's popularity is the shape's curve and no
//   (viewer, movie) pair repeats.
// - Time order: the viewer watches in runs within one cluster (1 + a
//   geometric number, mean 4), the next run's cluster drawn by what is
//   left; within a cluster, in the order drawn (popular first, mostly).
//   Gaps: about a minute within a run, about 10 minutes between runs, and one
//   run in ten starts a return weeks later; the whole history sits at a
//   random place in the span (compressed if it is longer). So the next movie
//   is predictable from the latest ones, and taste from the whole history.
// - Rating: mean + viewer bias + movie bias (popular movies a little higher)
//   + 8 latent factors + 0.25 in a favourite cluster + noise, on the
//   shape's star grid (MovieLens: whole stars 70% of the time, as there).
// Each viewer's events are written in time order, viewers by id.
#pragma once

#include <cstdint>
#include <string>

#include "shape.h"

namespace movienet::bench {

struct GenerateOptions {
    uint64_t seed = 1;
    bool implicit = false;  // events.csv without ratings
};

// What was written, measured on the generated events.
struct GeneratedStats {
    long events = 0, viewers = 0, movies = 0;
    long movies_with_events = 0, top_movie_events = 0, median_movie_events = 0;
    long min_viewer_events = 0, median_viewer_events = 0, max_viewer_events = 0;
    double movie_gini = 0;  // of events per movie
    double rating_mean = 0;
    uint64_t bytes = 0;     // of the events file
    double seconds = 0;
    std::string events_file;  // "ratings.csv" or "events.csv"
};

// Writes movies.csv and ratings.csv (or events.csv) into `dir` (which must
// exist); Error(Io) naming the file when a write fails.
GeneratedStats generate_dataset(const std::string& dir, const Shape& shape, const GenerateOptions& options);

}  // namespace movienet::bench
