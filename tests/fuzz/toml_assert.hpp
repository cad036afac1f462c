#pragma once
// Force-included into the fuzz build, which compiles toml++ header-only with its assertions on
// (the main build links Debian's libtomlplusplus, built without them). toml++ 3.3.0's parse
// functions assert preconditions on the current character (*cp) that their callers do not
// always check: "[!" reaches parse_key, "e=1979-05-27T:" parse_time. Without assertions each
// goes on to test the character itself and reports a parse error (what Debian's library does,
// and roost turns into a ConfigError), so those assertions are let through to that error;
// every other toml++ assertion still stops the fuzzer.
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace roost::fuzz {

inline void tomlAssertFailed(const char* expression, const char* file, int line) {
  if (std::strstr(expression, "(*cp)") != nullptr) return;
  std::fprintf(stderr, "%s:%d: toml++ assertion failed: %s\n", file, line, expression);
  std::abort();
}

}  // namespace roost::fuzz

#define TOML_ASSERT(expr) (static_cast<bool>(expr) ? void(0) : ::roost::fuzz::tomlAssertFailed(#expr, __FILE__, __LINE__))
