#pragma once
// Shared by the fault tests: credentials with a recognisable token, client options with
// tiny delays, and a helper that runs a call expected to fail and returns its error.
#include <doctest/doctest.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "d1fault/fault_server.hpp"
#include "roost/d1/client.hpp"

namespace roost::d1::test {

using namespace std::chrono_literals;

// Distinctive enough that finding it in a message can only mean a leak.
inline const std::string kToken = "cfut_T0kEn-9b1e4c7a2f5d8e3b6a0c";

inline Credentials testCredentials() { return {"acct-1", "db-1", kToken}; }

inline ClientOptions fastOptions(const FaultServer& server) {
  ClientOptions o;
  o.baseUrl = server.baseUrl();
  o.connectTimeout = 1000ms;
  o.requestTimeout = 2000ms;
  o.retry.maxAttempts = 4;
  o.retry.initialBackoff = 1ms;
  o.retry.maxBackoff = 4ms;
  o.retry.maxTotalTime = 10000ms;
  return o;
}

inline std::unique_ptr<Client> makeClient(ClientOptions options) {
  return std::make_unique<Client>(testCredentials(), std::move(options));
}
inline std::unique_ptr<Client> makeClient(const FaultServer& server) { return makeClient(fastOptions(server)); }

// Runs fn, which must throw an E; checks that the message never holds the token.
template <class E = ApiError>
E errorOf(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const E& e) {
    CHECK_MESSAGE(std::string(e.what()).find(kToken) == std::string::npos, "the API token leaked: ", e.what());
    return e;
  }
  FAIL("expected an exception, none was thrown");
  throw;  // unreachable: FAIL throws
}

}  // namespace roost::d1::test
