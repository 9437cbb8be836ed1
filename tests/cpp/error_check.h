// Checks that an expression throws movienet::Error with a given code and a
// message containing a given text; on failure the actual message is printed.
#pragma once

#include <doctest/doctest.h>

#include <optional>
#include <string>

#include "movienet/base/error.h"

namespace movienet::testing {

template <class Function>
std::optional<Error> catch_error(Function function) {
    try {
        function();
    } catch (const Error& e) {
        return e;
    }
    return std::nullopt;
}

}  // namespace movienet::testing

#define CHECK_MOVIENET_ERROR(expr, expected_code, expected_text)                                           \
    do {                                                                                                   \
        const auto caught_ = ::movienet::testing::catch_error([&] { (void)(expr); });                      \
        CHECK_MESSAGE(caught_.has_value(), #expr " did not throw movienet::Error");                        \
        if (caught_) {                                                                                     \
            const std::string message_ = caught_->what();                                                  \
            CHECK_MESSAGE(caught_->code() == (expected_code), "code ",                                     \
                          ::movienet::error_code_name(caught_->code()), " for: ", message_);               \
            CHECK_MESSAGE(message_.find(expected_text) != std::string::npos, "message \"", message_,      \
                          "\" lacks \"", std::string(expected_text), "\"");                                \
        }                                                                                                  \
    } while (false)
