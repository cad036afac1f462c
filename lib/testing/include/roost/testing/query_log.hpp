#pragma once
// QueryLog: every statement a connection runs (Connection::setListener), with assertions on
// them — how many, which SQL, and no N+1 (one SQL shape run again and again, as when a
// relation is loaded per parent instead of with with()/loadMany).
//
//   roost::testing::QueryLog log(db);           // listens to db until destroyed
//   auto users = User::query().with("posts").all();
//   log.assertCount(2);                         // users, then posts for all of them
//   log.assertRan("FROM \"posts\"");
//   log.assertNoNPlusOne();                     // no SELECT shape ran more than once
//
// Transaction control (BEGIN, COMMIT, ROLLBACK, SAVEPOINT, RELEASE) is kept in entries() but
// is not a query: count(), queries() and the assertions leave it out, as Laravel's query log does.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "roost/orm/connection.hpp"
#include "roost/orm/value.hpp"

namespace roost::testing {

struct LoggedStatement {
  std::string sql;
  std::vector<Value> bindings;
  bool transactionControl = false;
};

// The SQL with whitespace collapsed and each list of placeholders "(?, ?, ?)" written "(?...)",
// so one whereIn with 2 or 3 keys is one shape.
std::string sqlShape(std::string_view sql);

class QueryLog {
 public:
  // Replaces connection's listener until destroyed (then none is set).
  explicit QueryLog(Connection& connection);
  ~QueryLog();
  QueryLog(const QueryLog&) = delete;
  QueryLog& operator=(const QueryLog&) = delete;

  const std::vector<LoggedStatement>& entries() const noexcept { return entries_; }
  // The statements that are queries (no transaction control).
  std::vector<const LoggedStatement*> queries() const;
  std::size_t count() const;
  void clear() noexcept { entries_.clear(); }

  // While a Pause lives nothing is recorded (the kit's own assertions use one).
  class Pause {
   public:
    explicit Pause(QueryLog& log) : log_(&log) { ++log_->paused_; }
    ~Pause() { --log_->paused_; }
    Pause(const Pause&) = delete;
    Pause& operator=(const Pause&) = delete;

   private:
    QueryLog* log_;
  };

  // Runs fn and returns how many queries it ran.
  template <class F>
  std::size_t countDuring(F&& fn) {
    std::size_t before = count();
    fn();
    return count() - before;
  }

  // Failures go through roost::testing::fail and list the queries.
  void assertCount(std::size_t expected) const;
  // Some query's SQL contains text.
  void assertRan(std::string_view text) const;
  // No query's SQL contains text.
  void assertNotRan(std::string_view text) const;
  // No SELECT shape ran more than maxRepeats times (includeWrites: any statement).
  void assertNoNPlusOne(std::size_t maxRepeats = 1, bool includeWrites = false) const;
  // Every query, one per line ("1. SELECT ... [bindings]"), for messages.
  std::string describe() const;

 private:
  void record(std::string_view sql, std::span<const Value> bindings);
  Connection* connection_;
  std::vector<LoggedStatement> entries_;
  int paused_ = 0;
};

}  // namespace roost::testing
