#include "roost/testing/assertion.hpp"

#include <utility>

namespace roost::testing {

static FailureHandler& handlerSlot() {
  static FailureHandler handler;
  return handler;
}

FailureHandler setFailureHandler(FailureHandler handler) { return std::exchange(handlerSlot(), std::move(handler)); }

void fail(const std::string& message) {
  if (const FailureHandler& handler = handlerSlot()) {
    handler(message);
    return;
  }
  throw AssertionError(message);
}

}  // namespace roost::testing
