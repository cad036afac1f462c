#pragma once
// BackendLimits: what one statement may hold on a backend. Every rule about statement size
// reads them from Connection::limits() (= its Grammar's), so each limit is declared once.
#include <cstddef>

namespace roost {

struct BackendLimits {
  // Most values one statement may bind (SQLite's default SQLITE_MAX_VARIABLE_NUMBER; D1: 100).
  std::size_t maxBoundParams = 32766;
  // Most bytes of SQL text in one statement (D1: 100,000). Statements roost plans itself
  // (multi-row INSERTs) keep their SQL plus values under it on every backend, so they stay
  // small and run the same on SQLite and D1.
  std::size_t maxStatementBytes = 100'000;
  // The backend binds every number as a REAL (D1: workerd turns them into JavaScript doubles),
  // so integers inside a JSON-array IN list travel as reals too, to mean what binding would.
  bool numbersBindAsReals = false;
};

// Cloudflare D1's: 100 bound values and 100,000 bytes of SQL per statement; every number is
// bound as a REAL. Declared here, once, for D1Connection and for the checks that run before
// migrations (lib/migrate), which must not depend on the D1 client.
inline constexpr BackendLimits kD1Limits{.maxBoundParams = 100, .maxStatementBytes = 100'000, .numbersBindAsReals = true};

}  // namespace roost
