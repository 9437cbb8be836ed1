#include "movienet/data/numeric_csv.h"

#include <cmath>
#include <sstream>

#include "movienet/base/error.h"
#include "movienet/base/limits.h"
#include "movienet/io/file_io.h"
#include "movienet/io/text.h"

namespace movienet {

namespace {

std::vector<std::string> split_cells(const std::string& line) {
    std::vector<std::string> cells;
    size_t start = 0;
    while (true) {
        const size_t comma = line.find(',', start);
        cells.push_back(line.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    for (auto& cell : cells) {  // trim spaces
        const size_t first = cell.find_first_not_of(" \t");
        const size_t last = cell.find_last_not_of(" \t");
        cell = first == std::string::npos ? std::string() : cell.substr(first, last - first + 1);
    }
    return cells;
}

// A plain decimal, as the other CSV readers take it (parse_decimal): no
// locale, no hex, no "inf" or "nan" words.
bool parse_number(const std::string& cell, double& value) { return parse_decimal(cell, value); }

}  // namespace

NumericTable parse_numeric_csv(const std::string& text, const std::string& source) {
    NumericTable table;
    std::vector<float> values;
    size_t columns = 0, rows = 0, line_number = 0, start = 0;
    while (start < text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        std::string line = text.substr(start, end - start);
        start = end + 1;
        ++line_number;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line_number == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);  // UTF-8 BOM
        if (line.find_first_not_of(" \t") == std::string::npos) continue;
        const auto cells = split_cells(line);
        const std::string where = source + ":" + std::to_string(line_number);
        if (columns == 0) {
            columns = cells.size();
            double ignored;
            if (!parse_number(cells[0], ignored) && rows == 0 && table.header.empty()) {
                table.header = cells;
                continue;
            }
        }
        if (cells.size() != columns)
            throw Error(ErrorCode::DataFormat, where + ": expected " + std::to_string(columns) + " columns, got " +
                                                   std::to_string(cells.size()));
        for (size_t c = 0; c < cells.size(); ++c) {
            double value;
            if (!parse_number(cells[c], value))
                throw Error(ErrorCode::DataFormat, where + ": column " + std::to_string(c + 1) + ": '" + cells[c] +
                                                       "' is not a number");
            if (!std::isfinite(value) || std::abs(value) > 3.4e38)
                throw Error(ErrorCode::DataFormat, where + ": column " + std::to_string(c + 1) + ": '" + cells[c] +
                                                       "' is not a finite float");
            values.push_back(static_cast<float>(value));
        }
        ++rows;
    }
    if (rows == 0) throw Error(ErrorCode::DataFormat, source + ": no data rows (empty file?)");
    table.values = ConstMatrixMap(values.data(), static_cast<Index>(columns), static_cast<Index>(rows));
    return table;
}

NumericTable read_numeric_csv(const std::string& path) { return parse_numeric_csv(read_file(path, limits::kMaxDataFileBytes), path); }

std::string format_numeric_csv(const Matrix& columns_by_rows, const std::vector<std::string>& header) {
    std::ostringstream out;
    out.precision(9);
    for (size_t c = 0; c < header.size(); ++c) out << (c ? "," : "") << header[c];
    if (!header.empty()) out << "\n";
    for (Index r = 0; r < columns_by_rows.cols(); ++r) {
        for (Index c = 0; c < columns_by_rows.rows(); ++c) out << (c ? "," : "") << columns_by_rows(c, r);
        out << "\n";
    }
    return out.str();
}

}  // namespace movienet
