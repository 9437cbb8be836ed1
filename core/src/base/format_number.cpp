#include "movienet/base/format_number.h"

#include <cmath>

namespace movienet {

std::string format_number(double value) {
    if (std::isnan(value)) return "nan";
    if (std::isinf(value)) return value < 0 ? "-inf" : "inf";
    if (value == 0) return "0";
    const std::string sign = value < 0 ? "-" : "";
    double x = std::fabs(value);
    int exponent = 0;  // x = mantissa * 10^exponent, mantissa in [1, 10)
    while (x >= 10) x /= 10, ++exponent;
    while (x < 1) x *= 10, --exponent;
    // Six significant digits, rounded once from the value itself where the
    // power of ten is exact (the loops above round at every step).
    const auto six_digits = [&](int e) {
        const int k = e - 5;
        if (k < -22 || k > 22) return std::llround(x * 1e5);
        double power = 1;
        for (int i = 0; i < (k < 0 ? -k : k); ++i) power *= 10;
        return std::llround(k >= 0 ? std::fabs(value) / power : std::fabs(value) * power);
    };
    long long digits = six_digits(exponent);
    if (digits >= 1000000) digits = six_digits(++exponent);
    if (digits < 100000) digits = six_digits(--exponent);
    std::string d = std::to_string(digits);
    while (d.size() > 1 && d.back() == '0') d.pop_back();
    const auto with_point = [](const std::string& whole, const std::string& fraction) {
        return fraction.empty() ? whole : whole + "." + fraction;
    };
    if (exponent >= -4 && exponent < 6) {
        if (exponent < 0) return sign + "0." + std::string(static_cast<size_t>(-exponent - 1), '0') + d;
        const auto point = static_cast<size_t>(exponent) + 1;
        if (d.size() <= point) return sign + d + std::string(point - d.size(), '0');
        return sign + with_point(d.substr(0, point), d.substr(point));
    }
    const std::string e = std::to_string(exponent < 0 ? -exponent : exponent);
    return sign + with_point(d.substr(0, 1), d.substr(1)) + (exponent < 0 ? "e-" : "e+") + (e.size() < 2 ? "0" : "") + e;
}

}  // namespace movienet
