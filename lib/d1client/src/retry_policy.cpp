#include "roost/d1/retry_policy.hpp"

#include <algorithm>

namespace roost::d1 {

std::chrono::milliseconds backoffDelay(const RetryPolicy& policy, int retry, double unit) noexcept {
  using Ms = std::chrono::milliseconds;
  const Ms cap = std::max(policy.maxBackoff, Ms{0});
  Ms delay = std::max(policy.initialBackoff, Ms{0});
  for (int i = 1; i < retry && delay < cap; ++i) delay *= 2;
  delay = std::min(delay, cap);
  const double jitter = 0.5 + 0.5 * std::clamp(unit, 0.0, 1.0);  // [d/2, d]
  return Ms{static_cast<Ms::rep>(static_cast<double>(delay.count()) * jitter)};
}

Failure classifyHttpStatus(long status) noexcept {
  if (status == 429) return Failure::RateLimited;
  if (status >= 500 && status <= 599) return Failure::MaybeApplied;
  if (status >= 200 && status <= 299) return Failure::MaybeApplied;  // a success whose body was unusable
  return Failure::Final;
}

}  // namespace roost::d1
