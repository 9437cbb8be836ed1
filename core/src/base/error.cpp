#include "movienet/base/error.h"

namespace movienet {

const char* error_code_name(ErrorCode code) {
    switch (code) {
        case ErrorCode::BadInput: return "ERR_BAD_INPUT";
        case ErrorCode::ModelFormat: return "ERR_MODEL_FORMAT";
        case ErrorCode::DataFormat: return "ERR_DATA_FORMAT";
        case ErrorCode::Io: return "ERR_IO";
        case ErrorCode::NoRatingModel: return "ERR_NO_RATING_MODEL";
    }
    return "ERR_UNKNOWN";
}

}  // namespace movienet
