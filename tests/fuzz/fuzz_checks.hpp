#pragma once
// Checks shared by the fuzz targets: what a parser may do with bad input is throw roost's own
// error naming the file and a place inside the text; anything else is a bug (std::abort makes
// libFuzzer keep the input).
#include <cstddef>
#include <cstdlib>
#include <string>
#include <string_view>

#include "roost/orm/error.hpp"

namespace roost::fuzz {

inline int lineCount(std::string_view text) {
  int lines = 1;
  for (char c : text) lines += c == '\n' ? 1 : 0;
  return lines;
}

// A ConfigError about `file` at line:col 0:0 (unknown) or a position inside `text`.
inline void checkConfigError(const ConfigError& e, std::string_view text, std::string_view file) {
  if (e.file() != file) std::abort();
  if (e.line() == 0 && e.column() == 0) return;
  if (e.line() < 1 || e.line() > lineCount(text) || e.column() < 1) std::abort();
  if (std::string_view(e.what()).empty()) std::abort();
}

}  // namespace roost::fuzz
