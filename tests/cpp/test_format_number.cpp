// format_number against the C library's "%g", which it replaces in messages.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>

#include "movienet/base/format_number.h"

TEST_CASE("format_number writes numbers as printf's %g does") {
    for (double v : {0.0, 0.5, 5.0, 4.25, -1.0, 9.0, 10.0, 123456.0, 1234567.0, 0.0001, 0.00001234, 1e-30, 3.14159265,
                     -2.5e+12, 999999.5, 0.1, 1.0 / 3.0, 5e-324, 1.7976931348623157e308}) {
        char expected[64];
        std::snprintf(expected, sizeof expected, "%g", v);
        CAPTURE(v);
        CHECK(movienet::format_number(v) == expected);
    }
    CHECK(movienet::format_number(std::nan("")) == "nan");
    CHECK(movienet::format_number(-HUGE_VAL) == "-inf");
}
