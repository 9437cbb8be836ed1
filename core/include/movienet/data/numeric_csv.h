// Numeric CSV tables (features..., target) for the generic MLP path.
#pragma once

#include <string>
#include <vector>

#include "movienet/base/types.h"

namespace movienet {

struct NumericTable {
    std::vector<std::string> header;  // empty when the file has none
    Matrix values;                    // columns x rows: one CSV row per matrix column
};

// Comma-separated numbers; an optional first line of names is detected (it
// holds a non-numeric cell). Error(DataFormat, "file:line: ...") on a wrong
// column count, a non-numeric or non-finite cell; Error(DataFormat) on an empty file.
NumericTable parse_numeric_csv(const std::string& text, const std::string& source);
NumericTable read_numeric_csv(const std::string& path);

std::string format_numeric_csv(const Matrix& columns_by_rows, const std::vector<std::string>& header);

}  // namespace movienet
