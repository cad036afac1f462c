#pragma once
// Internal to roost::d1. Bounds a TOML text's nesting before toml++ (and roost's conversion of
// its tree) recurse into it: tables, arrays, inline tables and the segments of dotted keys and
// [table.headers] all count, up to kMaxConfigNesting. A ConfigError at the first place deeper.
#include <string>
#include <string_view>

namespace roost::d1::detail {

void checkTomlNesting(std::string_view text, const std::string& fileName);

}  // namespace roost::d1::detail
