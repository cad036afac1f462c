#pragma once
// The ConfigError a piece of test code throws, for tests that check its file, line and message.
#include <doctest/doctest.h>

#include "roost/orm/error.hpp"

namespace roost::test {

// The ConfigError that run() throws; a test failure (and an empty error) when it throws none.
template <class F>
ConfigError configErrorOf(F&& run) {
  try {
    run();
  } catch (const ConfigError& e) {
    return e;
  }
  FAIL("expected a ConfigError");
  return ConfigError("unreachable");
}

}  // namespace roost::test
