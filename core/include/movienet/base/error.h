// The one exception type of movienet: a code for programs, a message for people.
#pragma once

#include <stdexcept>
#include <string>

namespace movienet {

enum class ErrorCode {
    BadInput,     // a caller passed something invalid (shape, NaN, unknown option)
    ModelFormat,  // a model file is malformed, truncated or of another version
    DataFormat,   // a data file (CSV, MovieLens) is malformed; message names file:line
    Io,           // a file could not be opened, read or written
    NoRatingModel,  // a rating was asked of a model trained on watch events alone (it has a watch head only)
};

// Stable names used across the C++/JS boundary ("ERR_MODEL_FORMAT", ...).
const char* error_code_name(ErrorCode code);

class Error : public std::runtime_error {
public:
    Error(ErrorCode code, const std::string& message)
        : std::runtime_error(message), code_(code) {}
    ErrorCode code() const { return code_; }

private:
    ErrorCode code_;
};

}  // namespace movienet
