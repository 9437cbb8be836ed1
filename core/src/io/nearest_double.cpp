#include "io/nearest_double.h"

#include <cstring>
#include <limits>
#include <vector>

namespace movienet::detail {

namespace {

// A non-negative integer of any size, as little-endian 32-bit limbs, with
// just the operations the comparison below needs.
class BigInt {
public:
    explicit BigInt(std::uint64_t value) : limbs_{std::uint32_t(value), std::uint32_t(value >> 32)} {}

    void multiply(std::uint32_t factor) {
        std::uint64_t carry = 0;
        for (std::uint32_t& limb : limbs_) {
            const std::uint64_t product = std::uint64_t(limb) * factor + carry;
            limb = std::uint32_t(product);
            carry = product >> 32;
        }
        if (carry) limbs_.push_back(std::uint32_t(carry));
    }

    void multiply_by_power_of_five(int n) {
        for (; n >= 13; n -= 13) multiply(1220703125);  // 5^13, the largest that fits 32 bits
        std::uint32_t rest = 1;
        for (; n > 0; --n) rest *= 5;
        multiply(rest);
    }

    void shift_left(int bits) {
        const auto words = static_cast<std::size_t>(bits / 32);
        const int shift = bits % 32;
        if (shift) {
            std::uint32_t carry = 0;
            for (std::uint32_t& limb : limbs_) {
                const std::uint32_t next = limb >> (32 - shift);
                limb = (limb << shift) | carry;
                carry = next;
            }
            if (carry) limbs_.push_back(carry);
        }
        limbs_.insert(limbs_.begin(), words, 0);
    }

    friend int compare(const BigInt& a, const BigInt& b) {
        const std::size_t n = a.significant_limbs(), m = b.significant_limbs();
        if (n != m) return n < m ? -1 : 1;
        for (std::size_t i = n; i-- > 0;)
            if (a.limbs_[i] != b.limbs_[i]) return a.limbs_[i] < b.limbs_[i] ? -1 : 1;
        return 0;
    }

private:
    // Limbs up to the highest nonzero one (a value below 2^32 starts with a zero high limb).
    std::size_t significant_limbs() const {
        std::size_t n = limbs_.size();
        while (n > 0 && limbs_[n - 1] == 0) --n;
        return n;
    }

    std::vector<std::uint32_t> limbs_;
};

// Sign of digits x 10^exponent - n x 2^power, exactly.
int compare_decimal(std::uint64_t digits, int exponent, std::uint64_t n, int power) {
    BigInt decimal(digits), binary(n);
    // digits x 5^e x 2^e against n x 2^power: the fives go to whichever side
    // has a non-negative exponent of five, then the twos are shifted level.
    if (exponent >= 0)
        decimal.multiply_by_power_of_five(exponent);
    else
        binary.multiply_by_power_of_five(-exponent);
    if (exponent >= power)
        decimal.shift_left(exponent - power);
    else
        binary.shift_left(power - exponent);
    return compare(decimal, binary);
}

int decimal_digits(std::uint64_t n) {
    int count = 0;
    for (; n; n /= 10) ++count;
    return count;
}

}  // namespace

double nearest_double(std::uint64_t digits, int exponent, bool truncated) {
    static constexpr double powers[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    if (digits == 0) return 0;
    // Clinger's fast path: both factors exact doubles, so one rounding. This
    // is every integer and short decimal, nearly all of a model file.
    if (!truncated && digits <= (std::uint64_t(1) << 53) && exponent >= -22 && exponent <= 22)
        return exponent >= 0 ? static_cast<double>(digits) * powers[exponent]
                             : static_cast<double>(digits) / powers[-exponent];
    const int magnitude = decimal_digits(digits) + exponent;  // value < 10^magnitude
    if (magnitude > 310) return std::numeric_limits<double>::infinity();
    if (magnitude < -324) return 0;  // below half the smallest subnormal

    // A guess within a few ulps, then exact steps to the nearest double.
    double guess = static_cast<double>(digits);
    int e = exponent;
    for (; e > 22; e -= 22) guess *= 1e22;
    for (; e < -22; e += 22) guess /= 1e22;
    guess = e >= 0 ? guess * powers[e] : guess / powers[-e];
    if (guess > std::numeric_limits<double>::max()) guess = std::numeric_limits<double>::max();

    std::uint64_t bits;
    std::memcpy(&bits, &guess, sizeof bits);
    constexpr std::uint64_t infinity_bits = 0x7FF0000000000000ULL;
    for (;;) {
        // bits as mantissa x 2^power, exactly.
        const auto biased = static_cast<int>(bits >> 52);
        const std::uint64_t fraction = bits & ((std::uint64_t(1) << 52) - 1);
        const std::uint64_t mantissa = biased ? fraction | (std::uint64_t(1) << 52) : fraction;
        const int power = biased ? biased - 1075 : -1074;
        const bool odd = mantissa & 1;

        // Above the midpoint to the next double (or on it, towards even)?
        const int up = compare_decimal(digits, exponent, 2 * mantissa + 1, power - 1);
        if (up > 0 || (up == 0 && (truncated || odd))) {
            ++bits;  // the next double up; past the largest it is infinity
            if (bits == infinity_bits) break;
            continue;
        }
        if (bits == 0) break;
        // Below the midpoint to the previous double? At a power of two that
        // double is half an ulp away, so the midpoint is a quarter ulp away.
        const bool power_of_two = fraction == 0 && biased > 1;
        const int down = power_of_two ? compare_decimal(digits, exponent, 4 * mantissa - 1, power - 2)
                                      : compare_decimal(digits, exponent, 2 * mantissa - 1, power - 1);
        if (down < 0 || (down == 0 && !truncated && odd)) {
            --bits;
            continue;
        }
        break;
    }
    double result;
    std::memcpy(&result, &bits, sizeof result);
    return result;
}

}  // namespace movienet::detail
