#include "roost/orm/sqlite_connection.hpp"

#include <sqlite3.h>

#include <cstring>
#include <string>
#include <unordered_map>

#include "roost/orm/error.hpp"
#include "roost/orm/grammar.hpp"
#include "roost/orm/sql_text.hpp"

namespace roost {

namespace {

struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

// The database's message for the last error; SQLite's own for a commit our hook refused is
// only "constraint failed".
std::string errorMessage(sqlite3* db) {
  if (sqlite3_extended_errcode(db) == SQLITE_CONSTRAINT_COMMITHOOK)
    return "refused to commit: only roost may end the transaction it opened, and a COMMIT, END or ROLLBACK "
           "run inside it would leave the work half applied; everything since roost's BEGIN was rolled back";
  return sqlite3_errmsg(db);
}

[[noreturn]] void fail(sqlite3* db, std::string_view sql) {
  throw QueryError(std::string(sql), errorMessage(db), sqlite3_extended_errcode(db));
}

void bindAll(sqlite3* db, sqlite3_stmt* stmt, std::string_view sql, std::span<const Value> bindings) {
  const int expected = sqlite3_bind_parameter_count(stmt);
  if (static_cast<std::size_t>(expected) != bindings.size())
    throw QueryError(std::string(sql), "statement expects " + std::to_string(expected) + " bound value(s), got " +
                                           std::to_string(bindings.size()));
  int i = 1;
  for (const Value& v : bindings) {
    int rc;
    // SQLITE_STATIC: the values outlive the step; every parameter is rebound before each run.
    if (auto* n = v.intIf()) rc = sqlite3_bind_int64(stmt, i, *n);
    else if (auto* t = v.textIf()) rc = sqlite3_bind_text64(stmt, i, t->data(), t->size(), SQLITE_STATIC, SQLITE_UTF8);
    else if (auto* d = v.doubleIf()) rc = sqlite3_bind_double(stmt, i, *d);
    else if (auto* b = v.blobIf()) rc = sqlite3_bind_blob64(stmt, i, b->bytes.data(), b->bytes.size(), SQLITE_STATIC);
    else rc = sqlite3_bind_null(stmt, i);
    if (rc != SQLITE_OK) fail(db, sql);
    ++i;
  }
}

Value columnValue(sqlite3_stmt* stmt, int i) {
  switch (sqlite3_column_type(stmt, i)) {
    case SQLITE_INTEGER: return Value(static_cast<long long>(sqlite3_column_int64(stmt, i)));
    case SQLITE_FLOAT: return Value(sqlite3_column_double(stmt, i));
    case SQLITE_TEXT: {
      auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt, i));
      return Value(std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt, i))));
    }
    case SQLITE_BLOB: {
      auto* p = static_cast<const char*>(sqlite3_column_blob(stmt, i));
      auto n = static_cast<std::size_t>(sqlite3_column_bytes(stmt, i));
      return Value(Blob{std::string(p ? p : "", n)});
    }
    default: return Value();
  }
}

}  // namespace

// Prepared statements keyed by SQL text. A statement in use (a stream still stepping) is
// "leased"; asking for the same SQL again meanwhile prepares a private copy.
class SqliteConnection::StatementCache {
 public:
  struct Entry {
    sqlite3_stmt* stmt = nullptr;
    ColumnsPtr columns;
    std::uint64_t lastUse = 0;
    bool leased = false;
  };

  class Lease {
   public:
    Lease(StatementCache& cache, Entry* entry, sqlite3_stmt* own) : cache_(cache), entry_(entry), own_(own) {}
    ~Lease() {
      if (entry_) {
        sqlite3_reset(entry_->stmt);
        entry_->leased = false;
      } else {
        sqlite3_finalize(own_);
      }
    }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    sqlite3_stmt* stmt() const { return entry_ ? entry_->stmt : own_; }
    const ColumnsPtr& columns() {
      ColumnsPtr& slot = entry_ ? entry_->columns : ownColumns_;
      sqlite3_stmt* s = stmt();
      const int n = sqlite3_column_count(s);
      bool same = slot && static_cast<int>(slot->size()) == n;
      for (int i = 0; same && i < n; ++i) same = (*slot)[static_cast<std::size_t>(i)] == sqlite3_column_name(s, i);
      if (!same) {
        std::vector<std::string> names;
        names.reserve(static_cast<std::size_t>(n));
        for (int i = 0; i < n; ++i) names.emplace_back(sqlite3_column_name(s, i));
        slot = std::make_shared<const Columns>(std::move(names));
      }
      return slot;
    }

   private:
    StatementCache& cache_;
    Entry* entry_;
    sqlite3_stmt* own_;
    ColumnsPtr ownColumns_;
  };

  StatementCache(sqlite3* db, std::size_t capacity) : db_(db), capacity_(capacity) {}
  ~StatementCache() { clear(); }

  void clear() {
    for (auto& [sql, e] : entries_) sqlite3_finalize(e.stmt);
    entries_.clear();
  }

  std::size_t size() const noexcept { return entries_.size(); }

  Lease acquire(std::string_view sql) {
    auto it = entries_.find(sql);
    if (it != entries_.end()) {
      Entry& e = it->second;
      if (!e.leased) {
        e.leased = true;
        e.lastUse = ++clock_;
        return Lease(*this, &e, nullptr);
      }
      return Lease(*this, nullptr, prepare(sql));
    }
    sqlite3_stmt* stmt = prepare(sql);
    if (capacity_ == 0) return Lease(*this, nullptr, stmt);
    if (entries_.size() >= capacity_) evictOne();
    Entry& e = entries_[std::string(sql)];
    e.stmt = stmt;
    e.leased = true;
    e.lastUse = ++clock_;
    return Lease(*this, &e, nullptr);
  }

 private:
  sqlite3_stmt* prepare(std::string_view sql) {
    sqlite3_stmt* stmt = nullptr;
    const char* tail = nullptr;
    if (sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt, &tail) !=
        SQLITE_OK)
      fail(db_, sql);
    if (!stmt) throw QueryError(std::string(sql), "empty statement");
    for (; tail && *tail && tail < sql.data() + sql.size(); ++tail) {
      if (!std::strchr(" \t\r\n;", *tail)) {
        sqlite3_finalize(stmt);
        throw QueryError(std::string(sql), "more than one statement given; use executeScript for scripts");
      }
    }
    return stmt;
  }

  void evictOne() {
    auto victim = entries_.end();
    for (auto it = entries_.begin(); it != entries_.end(); ++it)
      if (!it->second.leased && (victim == entries_.end() || it->second.lastUse < victim->second.lastUse)) victim = it;
    if (victim == entries_.end()) return;
    sqlite3_finalize(victim->second.stmt);
    entries_.erase(victim);
  }

  sqlite3* db_;
  std::size_t capacity_;
  std::uint64_t clock_ = 0;
  std::unordered_map<std::string, Entry, StringHash, std::equal_to<>> entries_;
};

SqliteConnection::SqliteConnection(const std::string& path, SqliteOptions options) : path_(path) {
  int flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI;
  flags |= options.readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | (options.create ? SQLITE_OPEN_CREATE : 0));
  if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
    std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    db_ = nullptr;
    throw Error("cannot open SQLite database " + path + ": " + msg);
  }
  sqlite3_extended_result_codes(db_, 1);
  // Double-quoted names that are not columns must be errors, not string literals: otherwise
  // where("nope", 1) would compare the text 'nope' and silently match nothing. Scripts
  // (migrations) get SQLite's lenient default back, as wrangler runs them (executeScript).
  setLenientQuotes(false);
  sqlite3_busy_timeout(db_, options.busyTimeoutMs);
  sqlite3_commit_hook(db_, &SqliteConnection::onCommit, this);
  sqlite3_rollback_hook(db_, &SqliteConnection::onRollback, this);
  cache_ = std::make_unique<StatementCache>(db_, options.statementCacheSize);
  grammar_ = std::make_unique<Grammar>();
  try {
    executeScript("PRAGMA foreign_keys=ON");
    const bool inMemory = path.empty() || path == ":memory:" || path.find("mode=memory") != std::string::npos;
    if (options.wal && !inMemory && !options.readOnly) {
      executeScript("PRAGMA journal_mode=WAL");
      if (options.relaxedSync) executeScript("PRAGMA synchronous=NORMAL");
    }
  } catch (...) {
    cache_.reset();
    sqlite3_close(db_);
    throw;
  }
}

SqliteConnection::~SqliteConnection() {
  if (depth_ > 0 && !sqlite3_get_autocommit(db_)) {
    ownEnd_ = true;
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  cache_.reset();
  sqlite3_close_v2(db_);
}

std::size_t SqliteConnection::cachedStatementCount() const noexcept { return cache_->size(); }

const Grammar& SqliteConnection::grammar() const noexcept {
  const auto live = static_cast<std::size_t>(sqlite3_limit(db_, SQLITE_LIMIT_VARIABLE_NUMBER, -1));
  if (grammar_->limits().maxBoundParams != live) *grammar_ = Grammar(BackendLimits{.maxBoundParams = live});
  return *grammar_;
}


Result SqliteConnection::execute(std::string_view sql, std::span<const Value> bindings) {
  notify(sql, bindings);
  auto lease = cache_->acquire(sql);
  sqlite3_stmt* stmt = lease.stmt();
  bindAll(db_, stmt, sql, bindings);
  Result result;
  const int n = sqlite3_column_count(stmt);
  if (n > 0) result.columns = lease.columns();
  int rc;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    std::vector<Value> values;
    values.reserve(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) values.push_back(columnValue(stmt, i));
    result.rows.push_back(std::move(values));
  }
  if (rc != SQLITE_DONE) fail(db_, sql);
  if (sqlite3_stmt_readonly(stmt) == 0) {
    result.changes = sqlite3_changes64(db_);
    result.lastInsertId = sqlite3_last_insert_rowid(db_);
  }
  return result;
}

void SqliteConnection::stream(std::string_view sql, std::span<const Value> bindings, RowSink& sink) {
  notify(sql, bindings);
  auto lease = cache_->acquire(sql);
  sqlite3_stmt* stmt = lease.stmt();
  bindAll(db_, stmt, sql, bindings);
  const int n = sqlite3_column_count(stmt);
  sink.columns(lease.columns());
  int rc;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    std::vector<Value> values;
    values.reserve(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) values.push_back(columnValue(stmt, i));
    if (!sink.row(std::move(values))) return;
  }
  if (rc != SQLITE_DONE) fail(db_, sql);
}

std::vector<Result> SqliteConnection::batch(std::span<const Statement> statements) {
  for (const Statement& s : statements)
    if (isTransactionControl(s.sql))
      throw UsageError("batch() runs its statements in one transaction, so " + firstKeyword(s.sql) +
                       " among them is refused (it would end or nest in that transaction): remove it");
  return transaction([&] {
    std::vector<Result> results;
    results.reserve(statements.size());
    for (const Statement& s : statements) results.push_back(execute(s.sql, s.bindings));
    return results;
  });
}

void SqliteConnection::setLenientQuotes(bool lenient) noexcept {
  sqlite3_db_config(db_, SQLITE_DBCONFIG_DQS_DML, lenient ? 1 : 0, nullptr);
  sqlite3_db_config(db_, SQLITE_DBCONFIG_DQS_DDL, lenient ? 1 : 0, nullptr);
}

void SqliteConnection::executeScript(std::string_view script) {
  notify(script, {});
  setLenientQuotes(true);
  struct Strict {
    SqliteConnection* self;
    ~Strict() { self->setLenientQuotes(false); }
  } restore{this};
  const char* p = script.data();
  const char* end = script.data() + script.size();
  while (p < end) {
    sqlite3_stmt* stmt = nullptr;
    const char* tail = nullptr;
    if (sqlite3_prepare_v2(db_, p, static_cast<int>(end - p), &stmt, &tail) != SQLITE_OK) {
      // Name the statement that failed: from here to the next ';' (or the end).
      std::string_view rest(p, static_cast<std::size_t>(end - p));
      auto semi = rest.find(';');
      std::string msg = errorMessage(db_);
      auto stmtText = std::string(rest.substr(0, semi == std::string_view::npos ? rest.size() : semi + 1));
      auto first = stmtText.find_first_not_of(" \t\r\n");
      throw QueryError(first == std::string::npos ? stmtText : stmtText.substr(first), msg,
                       sqlite3_extended_errcode(db_));
    }
    if (!stmt) break;  // only whitespace or comments were left
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    }
    if (rc != SQLITE_DONE) {
      std::string text = sqlite3_sql(stmt);
      std::string msg = errorMessage(db_);
      int code = sqlite3_extended_errcode(db_);
      sqlite3_finalize(stmt);
      throw QueryError(text, msg, code);
    }
    sqlite3_finalize(stmt);
    p = tail;
  }
}

// While roost's transaction is open, every commit but roost's own is refused (SQLite turns it
// into a rollback): a COMMIT or END in a script, or a statement committing on its own after a
// ROLLBACK in the script ended the transaction. A rollback not asked for by roost marks the
// transaction broken, so commit() refuses instead of committing whatever came after it.
int SqliteConnection::onCommit(void* self) noexcept {
  auto* c = static_cast<SqliteConnection*>(self);
  if (c->depth_ == 0 || c->ownEnd_) return 0;
  c->broken_ = true;
  return 1;
}

void SqliteConnection::onRollback(void* self) noexcept {
  auto* c = static_cast<SqliteConnection*>(self);
  if (c->depth_ > 0 && !c->ownEnd_) c->broken_ = true;
}

bool SqliteConnection::transactionIntact() const noexcept {
  return depth_ == 0 || (!broken_ && !sqlite3_get_autocommit(db_));
}

void SqliteConnection::endOwn(const char* sql) {
  ownEnd_ = true;
  struct Reset {
    bool& flag;
    ~Reset() { flag = false; }
  } reset{ownEnd_};
  executeScript(sql);
}

void SqliteConnection::begin() {
  if (depth_ == 0) {
    executeScript("BEGIN IMMEDIATE");
    broken_ = false;
  } else {
    executeScript("SAVEPOINT roost_" + std::to_string(depth_));
  }
  ++depth_;
}

void SqliteConnection::commit() {
  if (depth_ == 0) throw UsageError("commit() without an open transaction");
  if (!transactionIntact()) {
    depth_ = 0;
    if (!sqlite3_get_autocommit(db_)) endOwn("ROLLBACK");  // a transaction the script began itself
    throw QueryError("COMMIT",
                     "the transaction roost opened was ended from inside it (a COMMIT, END or ROLLBACK among the "
                     "statements it ran); nothing after that was committed");
  }
  --depth_;
  if (depth_ == 0) {
    try {
      endOwn("COMMIT");
    } catch (...) {
      if (!sqlite3_get_autocommit(db_)) endOwn("ROLLBACK");
      throw;
    }
  } else {
    executeScript("RELEASE roost_" + std::to_string(depth_));
  }
}

void SqliteConnection::rollback() {
  if (depth_ == 0) throw UsageError("rollback() without an open transaction");
  --depth_;
  if (sqlite3_get_autocommit(db_)) {  // SQLite already rolled the whole transaction back (e.g. SQLITE_FULL)
    depth_ = 0;
    return;
  }
  if (depth_ == 0 || broken_) {  // broken: the savepoints went with the transaction they were in
    depth_ = 0;
    endOwn("ROLLBACK");
  } else {
    const std::string name = "roost_" + std::to_string(depth_);
    executeScript("ROLLBACK TO " + name + "; RELEASE " + name);
  }
}

}  // namespace roost
