#pragma once
// Typed errors. Every error roost throws derives from roost::Error, so a caller can
// catch one type; the subclasses carry the context a user needs to act on it. Errors of one
// library live with it: roost::MigrationError in roost/migrate/errors.hpp, roost::D1Error
// in roost/d1/d1_error.hpp (a RemoteError).
// None of them ever holds a secret such as an API token.
#include <cstdint>
#include <stdexcept>
#include <string>

namespace roost {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A lookup by key (findOrFail, firstOrFail) matched no row.
class NotFoundError : public Error {
 public:
  NotFoundError(std::string table, std::string key);
  const std::string& table() const noexcept { return table_; }
  const std::string& key() const noexcept { return key_; }

 private:
  std::string table_, key_;
};

// An "-ing" hook returned false; nothing was written.
class HookAbortedError : public Error {
 public:
  HookAbortedError(std::string table, std::string event);
  const std::string& event() const noexcept { return event_; }

 private:
  std::string event_;
};

// The database refused a statement: carries the SQL and the database's own message.
class QueryError : public Error {
 public:
  QueryError(std::string sql, std::string databaseMessage, int code = 0);
  const std::string& sql() const noexcept { return sql_; }
  const std::string& databaseMessage() const noexcept { return dbMessage_; }
  int code() const noexcept { return code_; }

 private:
  std::string sql_, dbMessage_;
  int code_;
};

// An identifier (table or column name) that is not a plain SQL name; never reaches the database.
class InvalidIdentifierError : public Error {
 public:
  explicit InvalidIdentifierError(std::string identifier);
  const std::string& identifier() const noexcept { return identifier_; }

 private:
  std::string identifier_;
};

// Misuse of the API that is caught before anything runs (bad operator, missing primary key, ...).
class UsageError : public Error {
 public:
  using Error::Error;
};

// A configuration file is broken; file:line:col when known (line/col 0 = unknown).
class ConfigError : public Error {
 public:
  ConfigError(std::string file, int line, int column, std::string message);
  explicit ConfigError(std::string message);
  const std::string& file() const noexcept { return file_; }
  int line() const noexcept { return line_; }
  int column() const noexcept { return column_; }

 private:
  std::string file_;
  int line_ = 0, column_ = 0;
};

// A backend reached over the network answered with an error, or not at all (roost::D1Error).
class RemoteError : public Error {
 public:
  explicit RemoteError(std::string message, bool mayHaveBeenApplied = false)
      : Error(std::move(message)), mayHaveBeenApplied_(mayHaveBeenApplied) {}
  // A write failed after it may have reached the database (the connection died, or the time
  // ran out, after sending) and was not sent again: it may or may not have been applied.
  // Callers that can find out (the migrator reads its tracking table) say which.
  bool mayHaveBeenApplied() const noexcept { return mayHaveBeenApplied_; }

 private:
  bool mayHaveBeenApplied_;
};

// A model with a tenantColumn was used with no tenant set, or a write crossed tenants.
class TenantError : public Error {
 public:
  using Error::Error;
};

}  // namespace roost
