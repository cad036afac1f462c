#pragma once
// SqliteConnection: a Connection on a local SQLite file (or ":memory:").
// Opens with foreign_keys=ON, a busy timeout, and WAL journaling on files. Prepared
// statements are cached by SQL text, so a repeated query is parsed once. Nested
// transactions become savepoints. While a transaction of roost's is open, only roost may end
// it: a COMMIT inside is refused (rolling everything back), a ROLLBACK inside makes commit()
// refuse. Not thread-safe: one connection per thread.
#include <memory>
#include <string>

#include "roost/orm/connection.hpp"

struct sqlite3;

namespace roost {

struct SqliteOptions {
  bool readOnly = false;
  bool create = true;               // create the file if missing
  bool wal = true;                  // journal_mode=WAL on files (not on :memory:)
  // synchronous=NORMAL with WAL: commits are atomic and the file never corrupts, but the last
  // commits may roll back on power loss. Off by default; roost uses it for wrangler's local dev files.
  bool relaxedSync = false;
  int busyTimeoutMs = 5000;
  std::size_t statementCacheSize = 256;
};

class SqliteConnection final : public Connection {
 public:
  explicit SqliteConnection(const std::string& path, SqliteOptions options = {});
  ~SqliteConnection() override;

  Result execute(std::string_view sql, std::span<const Value> bindings = {}) override;
  using Connection::execute;
  void stream(std::string_view sql, std::span<const Value> bindings, RowSink& sink) override;
  std::vector<Result> batch(std::span<const Statement> statements) override;
  void executeScript(std::string_view sql) override;

  bool supportsTransactions() const noexcept override { return true; }
  void begin() override;
  void commit() override;
  void rollback() override;
  int transactionDepth() const noexcept override { return depth_; }
  bool transactionIntact() const noexcept override;

  // SQLite's grammar; its maxBoundParams is the handle's SQLITE_LIMIT_VARIABLE_NUMBER, as it
  // is now (sqlite3_limit on handle() may lower it).
  const Grammar& grammar() const noexcept override;
  std::string_view backendName() const noexcept override { return "sqlite"; }

  const std::string& path() const noexcept { return path_; }
  std::size_t cachedStatementCount() const noexcept;
  sqlite3* handle() const noexcept { return db_; }  // for code that needs the C API directly

 private:
  class StatementCache;
  void setLenientQuotes(bool lenient) noexcept;
  static int onCommit(void* self) noexcept;
  static void onRollback(void* self) noexcept;
  void endOwn(const char* sql);  // roost's own COMMIT or ROLLBACK, which the hooks let through
  std::string path_;
  sqlite3* db_ = nullptr;
  std::unique_ptr<StatementCache> cache_;
  std::unique_ptr<Grammar> grammar_;
  int depth_ = 0;
  bool ownEnd_ = false;  // roost itself is committing or rolling back
  bool broken_ = false;  // the transaction at depth 1 was ended by something other than roost
};

}  // namespace roost
