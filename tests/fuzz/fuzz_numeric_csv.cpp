// A numeric CSV table (features..., target) for the generic MLP path.
#include "fuzz_file.h"
#include "movienet/base/error.h"
#include "movienet/data/numeric_csv.h"

using namespace movienet;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    try {
        const NumericTable table = parse_numeric_csv(std::string(reinterpret_cast<const char*>(data), size), "fuzz.csv");
        fuzz::require(table.values.size() > 0 && table.values.allFinite());
        fuzz::require(table.header.empty() || static_cast<Index>(table.header.size()) == table.values.rows());
    } catch (const Error&) {
    }
    return 0;
}
