#include "roost/orm/error.hpp"

namespace roost {

NotFoundError::NotFoundError(std::string table, std::string key)
    : Error("no row in \"" + table + "\" matches " + key), table_(std::move(table)), key_(std::move(key)) {}

HookAbortedError::HookAbortedError(std::string table, std::string event)
    : Error("the \"" + event + "\" hook on \"" + table + "\" returned false; nothing was written"),
      event_(std::move(event)) {}

QueryError::QueryError(std::string sql, std::string databaseMessage, int code)
    : Error(databaseMessage + "\n  in: " + sql), sql_(std::move(sql)), dbMessage_(std::move(databaseMessage)), code_(code) {}

static std::string printable(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (c < 0x20 || c == 0x7f) {
      static const char* hex = "0123456789abcdef";
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

InvalidIdentifierError::InvalidIdentifierError(std::string identifier)
    : Error("invalid identifier \"" + printable(identifier) +
            "\": names may contain only letters, digits and _ (and start with a letter or _)"),
      identifier_(std::move(identifier)) {}

static std::string location(const std::string& file, int line, int column) {
  std::string s = file;
  for (int part : {line, column}) {
    if (part <= 0) break;
    s.push_back(':');
    s.append(std::to_string(part));
  }
  return s;
}

ConfigError::ConfigError(std::string file, int line, int column, std::string message)
    : Error(location(file, line, column) + ": " + message), file_(std::move(file)), line_(line), column_(column) {}

ConfigError::ConfigError(std::string message) : Error(std::move(message)) {}


}  // namespace roost
