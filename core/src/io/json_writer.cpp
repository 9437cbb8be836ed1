#include "movienet/io/json_writer.h"

namespace movienet {

std::string dump_json(const Json& json) { return json.dump(-1, ' ', false, Json::error_handler_t::replace); }

}  // namespace movienet
