#pragma once
// RetryPolicy: whether the D1 client sends a failed request again, and when.
//
// Retry and idempotency policy
// ----------------------------
// A failed request is retried with exponential backoff and jitter, bounded both in attempts
// (maxAttempts, the first one included) and in time (maxTotalTime, which covers every attempt
// and every wait), and only when sending it again cannot apply a change twice:
//
//  * It never reached D1: the host name did not resolve, the connection was refused, the TLS
//    handshake failed, or the time ran out before any byte of the request was sent.
//    Retried, reads and writes alike.
//  * HTTP 429 (rate limited): Cloudflare refuses the request before D1 runs it. Retried,
//    reads and writes alike, after the `retry-after` seconds the answer asks for (or the
//    backoff, if longer). When that wait would overrun maxTotalTime the client gives up at
//    once instead of sleeping.
//  * It may have run: the time ran out after the request was sent, the connection broke
//    before the whole answer arrived, the answer was truncated or not JSON, or any HTTP 5xx
//    (a proxy's 502/503/504 included). Retried ONLY if every statement in the request is
//    read-only (isReadOnlyStatement: SELECT, VALUES, EXPLAIN and the read forms of a fixed
//    list of PRAGMAs; WITH, and anything else, counts as a write). A write is never sent a
//    second time: the error says it may or may not have been applied.
//  * Anything else is final, retrying cannot change the answer: HTTP 4xx other than 429 (SQL
//    errors, 401/403 authentication, 404), a TLS certificate that fails verification, a
//    malformed URL.
// A batch is one request and atomic on D1, so it is judged as a whole: read-only only if
// every statement in it is.
// libcurl itself sends a request once more, on a new connection, when a reused kept-alive
// connection closes before a single byte of the answer arrives — which is also what happens
// when the server ran the request and died before answering. For a write the client refuses
// the rewind libcurl needs for that (the body goes through a read callback), so the attempt
// fails with CURLE_SEND_FAIL_REWIND and counts as "may have run": no layer sends a write
// twice. Reads may be resent. (The client does not reuse connections idle for more than 30
// seconds, which keeps the benign case, a server closing an idle connection, rare.)
//
// Timeouts: one attempt of a read-only request is bounded by ClientOptions::readTimeout,
// well inside maxTotalTime, so a stalled read is retried; a write's attempt by requestTimeout.
//
// Backoff: before retry n (n = 1, 2, ...) the client waits a random time in [d/2, d] with
// d = min(maxBackoff, initialBackoff * 2^(n-1)) ("equal jitter"); after a 429, at least the
// `retry-after` time.
#include <chrono>

namespace roost::d1 {

struct RetryPolicy {
  int maxAttempts = 5;                                  // attempts per request, the first included
  std::chrono::milliseconds initialBackoff{250};
  std::chrono::milliseconds maxBackoff{8000};
  std::chrono::milliseconds maxTotalTime{60000};        // all attempts and waits of one request

  // No retries at all (one attempt).
  static RetryPolicy none() {
    RetryPolicy p;
    p.maxAttempts = 1;
    return p;
  }
};

// What a failed attempt tells about the request's fate.
enum class Failure {
  NotSent,       // never reached the server: safe to send again
  RateLimited,   // HTTP 429: refused before running, safe to send again
  MaybeApplied,  // may have run: send again only if read-only
  Final,         // retrying cannot help
};

// Whether the policy allows another attempt after this failure.
constexpr bool retryAllowed(Failure failure, bool readOnly) noexcept {
  switch (failure) {
    case Failure::NotSent:
    case Failure::RateLimited: return true;
    case Failure::MaybeApplied: return readOnly;
    case Failure::Final: return false;
  }
  return false;
}

// The wait before retry number `retry` (1-based), jittered by `unit` in [0, 1).
std::chrono::milliseconds backoffDelay(const RetryPolicy& policy, int retry, double unit) noexcept;

// The failure class of an HTTP status that is not a success.
Failure classifyHttpStatus(long status) noexcept;

}  // namespace roost::d1
