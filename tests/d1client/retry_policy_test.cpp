#include <doctest/doctest.h>

#include <chrono>

#include "roost/d1/retry_policy.hpp"

using namespace std::chrono_literals;
using roost::d1::backoffDelay;
using roost::d1::classifyHttpStatus;
using roost::d1::Failure;
using roost::d1::retryAllowed;
using roost::d1::RetryPolicy;

TEST_CASE("a write is retried only when the failure proves it never ran") {
  CHECK(retryAllowed(Failure::NotSent, false));
  CHECK(retryAllowed(Failure::RateLimited, false));
  CHECK_FALSE(retryAllowed(Failure::MaybeApplied, false));
  CHECK_FALSE(retryAllowed(Failure::Final, false));
  CHECK(retryAllowed(Failure::MaybeApplied, true));
  CHECK_FALSE(retryAllowed(Failure::Final, true));
}

TEST_CASE("HTTP statuses map onto the policy") {
  CHECK(classifyHttpStatus(429) == Failure::RateLimited);
  for (long s : {500L, 502L, 503L, 504L}) CHECK(classifyHttpStatus(s) == Failure::MaybeApplied);
  for (long s : {400L, 401L, 403L, 404L, 405L}) CHECK(classifyHttpStatus(s) == Failure::Final);
}

TEST_CASE("backoff doubles, is capped, and is jittered within [d/2, d]") {
  RetryPolicy p;
  p.initialBackoff = 100ms;
  p.maxBackoff = 1000ms;
  CHECK(backoffDelay(p, 1, 0.999999) <= 100ms);
  CHECK(backoffDelay(p, 1, 0.0) == 50ms);
  CHECK(backoffDelay(p, 2, 0.0) == 100ms);
  CHECK(backoffDelay(p, 3, 0.0) == 200ms);
  CHECK(backoffDelay(p, 4, 0.999999) <= 800ms);
  CHECK(backoffDelay(p, 10, 0.0) == 500ms);
  CHECK(backoffDelay(p, 60, 0.999999) <= 1000ms);
  CHECK(backoffDelay(p, 60, 0.999999) >= 999ms);
}
