#pragma once
// Edits one D1 binding of a wrangler config file in place: sets a string key inside the entry of
// `d1_databases` (top level, or `env.<name>.d1_databases`) whose `binding` is the given name, and
// leaves every other byte as it was: comments, indentation (spaces or tabs), line endings (LF or
// CRLF), trailing commas, key order.
//
//   JSONC / JSON: the key goes after the object's last member, on its own line with the indentation
//     of that member (or inline in a one-line object); a trailing comma stays a trailing comma.
//   TOML: the binding must be an array-of-tables block (`[[d1_databases]]`, `[[env.X.d1_databases]]`);
//     the key goes after the block's last key. An inline table or an array of inline tables is
//     refused (ConfigEditRefused) with the exact line to add by hand.
//   An existing key is replaced in place (in TOML only when its value is a one-line string).
//
// The new text is parsed again and must equal the old document plus the one key, before anything is
// written; the file is then replaced atomically (a temporary file beside it, renamed over it, with
// the same mode), so a failure at any point leaves the original file as it was.
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

#include "roost/orm/error.hpp"

namespace roost::project {

struct BindingKeyEdit {
  std::string env;      // "" = the top-level d1_databases; else env.<env>.d1_databases
  std::string binding;  // the entry's `binding` ("DB")
  std::string key;      // e.g. "migrations_dir"
  std::string value;    // e.g. "database/migrations"
};

// The binding is in a form the editor does not rewrite; what() says where and which line to add.
class ConfigEditRefused : public ConfigError {
 public:
  using ConfigError::ConfigError;
};

enum class EditOutcome {
  Written,     // the file now has the key
  AlreadySet,  // the key already had this value; the file was not touched
};

struct ConfigEditOptions {
  // Runs after the temporary file is written, before it replaces the config; a throw here must
  // leave the config untouched (tests use it to fail at the last moment).
  std::function<void(const std::filesystem::path& tempFile)> beforeReplace;
};

// The text with the key set; `toml` selects the format, fileName is for errors. Throws
// ConfigError (unknown env or binding, a text that does not parse) or ConfigEditRefused.
std::string setBindingKeyInText(std::string_view text, bool toml, const std::string& fileName,
                                const BindingKeyEdit& edit);

// setBindingKeyInText on a file (.toml is TOML, anything else JSONC), written atomically. A symlink
// is followed: the file it points to is replaced, the link stays.
EditOutcome setBindingKey(const std::filesystem::path& file, const BindingKeyEdit& edit,
                          const ConfigEditOptions& options = {});

}  // namespace roost::project
