#pragma once
// Internal to roost::project (config_edit.cpp): the TOML half of the binding editor. Sets edit.key in
// the index'th table of `<sectionPath>.d1_databases` when that table is an array-of-tables block
// (`[[d1_databases]]`, `[[env.X.d1_databases]]`); any other form is a ConfigEditRefused naming
// the line to add. The caller checks the result reads back right.
#include <cstddef>
#include <string>
#include <string_view>

#include "roost/project/config_edit.hpp"

namespace roost::project::detail {

std::string setTomlTableKey(std::string_view text, const std::string& fileName, const std::string& sectionPath,
                            std::size_t index, const BindingKeyEdit& edit);

// `key = "value"` as TOML writes it: a bare key when it can be one, a basic string with escapes.
std::string tomlKeyValue(std::string_view key, std::string_view value);

}  // namespace roost::project::detail
