// The EASE row: binary "rated" data, lambda chosen on a validation holdout
// carved from the training ratings (each viewer's latest training rating,
// fitted on the rest; the test cases are never looked at), then refitted on
// all training ratings with that lambda.
#pragma once

#include <vector>

#include "ranker.h"

namespace movienet::bench {

// The grid spans the values Steck reports (200..1000 on large data) and the
// smaller ones small data sets may prefer.
const std::vector<double>& default_ease_lambdas();

Ranker ease_ranker(std::vector<double> lambdas = default_ease_lambdas());

}  // namespace movienet::bench
