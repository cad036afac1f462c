#pragma once
// How the kit reports a failed assertion: by default it throws AssertionError, which every
// test framework reports as a failure with its message. A suite may install a handler instead
// (doctest: [](const std::string& m) { FAIL(m); }); if the handler returns, the assertion
// returns too and the test goes on.
#include <functional>
#include <string>

#include "roost/orm/error.hpp"

namespace roost::testing {

class AssertionError : public roost::Error {
 public:
  using roost::Error::Error;
};

using FailureHandler = std::function<void(const std::string& message)>;

// Installs handler (null: throw AssertionError again); returns the previous one.
FailureHandler setFailureHandler(FailureHandler handler);
// Reports a failed assertion through the handler, else throws AssertionError(message).
void fail(const std::string& message);

}  // namespace roost::testing
