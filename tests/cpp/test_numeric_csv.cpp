// Numeric CSV: header detection, line endings, and file:line errors.
#include <doctest/doctest.h>

#include "error_check.h"
#include "movienet/data/numeric_csv.h"
#include "temp_dir.h"

using namespace movienet;
using namespace movienet::testing;

TEST_CASE("a header line is detected by its non-numeric cells") {
    const NumericTable table = parse_numeric_csv("a, b ,target\n1,2,3\n4,5,6.5\n", "t.csv");
    CHECK(table.header == std::vector<std::string>{"a", "b", "target"});
    REQUIRE(table.values.rows() == 3);  // columns
    REQUIRE(table.values.cols() == 2);  // rows
    CHECK(table.values(0, 0) == 1);
    CHECK(table.values(2, 0) == 3);
    CHECK(table.values(1, 1) == 5);
    CHECK(table.values(2, 1) == 6.5f);
}

TEST_CASE("a file without a header starts with data") {
    const NumericTable table = parse_numeric_csv("1,-2e-3\n+3.5, 4\n", "t.csv");
    CHECK(table.header.empty());
    REQUIRE(table.values.cols() == 2);
    CHECK(table.values(1, 0) == -2e-3f);
    CHECK(table.values(0, 1) == 3.5f);
}

TEST_CASE("CRLF line endings, a BOM, blank lines and a missing final newline are accepted") {
    const NumericTable table = parse_numeric_csv("\xEF\xBB\xBFx,y\r\n1,2\r\n\r\n3,4", "t.csv");
    CHECK(table.header == std::vector<std::string>{"x", "y"});
    REQUIRE(table.values.cols() == 2);
    CHECK(table.values(1, 0) == 2);  // "2", not "2\r"
    CHECK(table.values(1, 1) == 4);
}

TEST_CASE("malformed CSV names the file and line") {
    SUBCASE("wrong column count") {
        CHECK_MOVIENET_ERROR(parse_numeric_csv("a,b,c\n1,2,3\n4,5\n", "data.csv"), ErrorCode::DataFormat,
                             "data.csv:3: expected 3 columns, got 2");
        CHECK_MOVIENET_ERROR(parse_numeric_csv("1,2\n3,4,5\n", "data.csv"), ErrorCode::DataFormat,
                             "data.csv:2: expected 2 columns, got 3");
    }
    SUBCASE("line numbers count blank lines and CRLF files alike") {
        CHECK_MOVIENET_ERROR(parse_numeric_csv("1,2\r\n\r\n3\r\n", "data.csv"), ErrorCode::DataFormat,
                             "data.csv:3: expected 2 columns, got 1");
    }
    SUBCASE("non-numeric cell") {
        CHECK_MOVIENET_ERROR(parse_numeric_csv("x,y\n1,2\n3,abc\n", "data.csv"), ErrorCode::DataFormat,
                             "data.csv:3: column 2: 'abc' is not a number");
        CHECK_MOVIENET_ERROR(parse_numeric_csv("1,2\n3,4x\n", "data.csv"), ErrorCode::DataFormat,
                             "data.csv:2: column 2: '4x' is not a number");
        CHECK_MOVIENET_ERROR(parse_numeric_csv("1,2\n,4\n", "data.csv"), ErrorCode::DataFormat,
                             "data.csv:2: column 1: '' is not a number");
        // A second header-like line is data, and not numeric.
        CHECK_MOVIENET_ERROR(parse_numeric_csv("a,b\nc,d\n", "data.csv"), ErrorCode::DataFormat,
                             "data.csv:2: column 1: 'c' is not a number");
    }
    SUBCASE("non-finite values") {
        // Words for them are not numbers; a decimal beyond float's range is not a finite float.
        CHECK_MOVIENET_ERROR(parse_numeric_csv("1,nan\n", "data.csv"), ErrorCode::DataFormat,
                             "data.csv:1: column 2: 'nan' is not a number");
        CHECK_MOVIENET_ERROR(parse_numeric_csv("1,2\n-inf,2\n", "data.csv"), ErrorCode::DataFormat,
                             "data.csv:2: column 1: '-inf' is not a number");
        CHECK_MOVIENET_ERROR(parse_numeric_csv("1e39,2\n", "data.csv"), ErrorCode::DataFormat,
                             "data.csv:1: column 1: '1e39' is not a finite float");
        CHECK_MOVIENET_ERROR(parse_numeric_csv("1,2\n-1e400,2\n", "data.csv"), ErrorCode::DataFormat,
                             "data.csv:2: column 1: '-1e400' is not a finite float");
    }
    SUBCASE("plain decimals only: no hex, whatever the locale") {
        CHECK_MOVIENET_ERROR(parse_numeric_csv("1,0x10\n", "data.csv"), ErrorCode::DataFormat,
                             "data.csv:1: column 2: '0x10' is not a number");
        const NumericTable t = parse_numeric_csv("+1.5,-.25,3e2,1e-50\n", "data.csv");
        CHECK(t.values(0, 0) == 1.5f);
        CHECK(t.values(1, 0) == -0.25f);
        CHECK(t.values(2, 0) == 300.0f);
        CHECK(t.values(3, 0) == 0.0f);
    }
    SUBCASE("no data") {
        CHECK_MOVIENET_ERROR(parse_numeric_csv("", "empty.csv"), ErrorCode::DataFormat, "empty.csv: no data rows");
        CHECK_MOVIENET_ERROR(parse_numeric_csv("\n\r\n  \n", "blank.csv"), ErrorCode::DataFormat, "blank.csv: no data rows");
        CHECK_MOVIENET_ERROR(parse_numeric_csv("a,b\n", "header.csv"), ErrorCode::DataFormat, "header.csv: no data rows");
    }
}

TEST_CASE("read_numeric_csv reports the path, format_numeric_csv round-trips floats exactly") {
    TempDir dir;
    CHECK_MOVIENET_ERROR(read_numeric_csv(dir.file("missing.csv")), ErrorCode::Io, "missing.csv: cannot open");

    Matrix values(2, 3);
    values << 1.0f / 3, -2.5e-7f, 123456.789f, 0, 1e30f, -7;
    const std::string text = format_numeric_csv(values, {"a", "b"});
    CHECK(text.rfind("a,b\n", 0) == 0);
    const NumericTable back = parse_numeric_csv(text, "round.csv");
    CHECK(back.header == std::vector<std::string>{"a", "b"});
    CHECK(back.values == values);  // 9 significant digits identify every float
}
