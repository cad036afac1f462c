#pragma once
// Internal to roost::project. Bounds a TOML text's nesting before toml++ (and roost's conversion of
// its tree) recurse into it: tables, arrays, inline tables and the segments of dotted keys and
// [table.headers] all count, up to kMaxConfigNesting. A ConfigError at the first place deeper.
#include <cstddef>
#include <string>
#include <string_view>

namespace roost::project::detail {

void checkTomlNesting(std::string_view text, const std::string& fileName);

// Where the TOML string that starts at `pos` ("...", '...', """...""" or '''...''', escapes only
// in the double-quoted ones) ends: just past its closing quotes, or at the newline that leaves a
// one-line string unterminated (toml++ reports that), or at the end of the text.
std::size_t tomlStringEnd(std::string_view text, std::size_t pos);

}  // namespace roost::project::detail
