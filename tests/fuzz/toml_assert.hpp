#pragma once
// Force-included into the fuzz build, which compiles toml++ header-only with its assertions on
// (the main build links Debian's libtomlplusplus, built without them). toml++ 3.3.0's
// parse_key() asserts a precondition its table-header parser never checks: "[!" reaches it.
// Without assertions toml++ goes on to report "expected bare key starting character or string
// delimiter, saw '!'", a parse error roost turns into a ConfigError, so that one assertion is let
// through to that error; every other toml++ assertion still stops the fuzzer.
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace roost::fuzz {

inline void tomlAssertFailed(const char* expression, const char* file, int line) {
  if (std::strcmp(expression, "is_bare_key_character(*cp) || is_string_delimiter(*cp)") == 0) return;
  std::fprintf(stderr, "%s:%d: toml++ assertion failed: %s\n", file, line, expression);
  std::abort();
}

}  // namespace roost::fuzz

#define TOML_ASSERT(expr) (static_cast<bool>(expr) ? void(0) : ::roost::fuzz::tomlAssertFailed(#expr, __FILE__, __LINE__))
