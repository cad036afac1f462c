#pragma once
// Grammar: compiles a QuerySpec into SQL text plus its bindings, one small method per
// clause (as Laravel's Query\Grammars\Grammar). Never runs anything. Every identifier
// goes through appendQuotedIdentifier; every value becomes a "?" and a binding.
// The SQLite dialect is the only one (D1 speaks SQLite); subclass to change a clause.
//
// A Grammar knows its backend's BackendLimits and fits each statement into them: a statement
// that would bind more than maxBoundParams values is compiled once more with every IN list as
// `IN (SELECT +value FROM json_each(?))`, the whole list as one JSON array value — how a list
// longer than the limit (D1: 100) still runs as one statement, so ORDER BY, LIMIT, count and
// paginate keep meaning. Each Connection hands out the Grammar of its backend (grammar()).
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "roost/orm/backend_limits.hpp"
#include "roost/orm/query_spec.hpp"
#include "roost/orm/value.hpp"

namespace roost {

struct CompiledSql {
  std::string sql;
  std::vector<Value> bindings;
};

class Grammar {
 public:
  explicit Grammar(BackendLimits limits = {}) : limits_(limits) {}
  virtual ~Grammar() = default;

  const BackendLimits& limits() const noexcept { return limits_; }

  CompiledSql select(const QuerySpec& q) const;
  CompiledSql count(const QuerySpec& q) const;
  CompiledSql exists(const QuerySpec& q) const;
  // INSERT INTO t (cols) VALUES (?, ...); the values are the caller's, bound in order.
  std::string insert(std::string_view table, std::span<const std::string> columns) const;
  // INSERT INTO t (cols) VALUES (?, ...), (?, ...): `rows` tuples, bound row after row.
  std::string insertRows(std::string_view table, std::span<const std::string> columns, std::size_t rows) const;
  // UPDATE t SET c = ?, ... WHERE <spec's conditions>; `values` come first in the bindings.
  CompiledSql update(const QuerySpec& q, std::span<const std::string> columns, std::span<const Value> values) const;
  CompiledSql remove(const QuerySpec& q) const;

 protected:
  // One compile each, before fitting (IN lists as the current scope says).
  CompiledSql compileSelect(const QuerySpec& q) const;
  CompiledSql compileCount(const QuerySpec& q) const;
  CompiledSql compileExists(const QuerySpec& q) const;
  CompiledSql compileUpdate(const QuerySpec& q, std::span<const std::string> columns, std::span<const Value> values) const;
  CompiledSql compileRemove(const QuerySpec& q) const;
  virtual void compileColumns(std::string& sql, const QuerySpec& q) const;
  virtual void compileWheres(std::string& sql, std::vector<Value>& b, const QuerySpec& q) const;
  virtual void compileConditions(std::string& sql, std::vector<Value>& b, const std::vector<Condition>& list) const;
  virtual void compileCondition(std::string& sql, std::vector<Value>& b, const Condition& c) const;
  virtual void compileOrders(std::string& sql, const QuerySpec& q) const;
  virtual void compileLimit(std::string& sql, std::vector<Value>& b, const QuerySpec& q) const;
  // UPDATE/DELETE cannot take LIMIT in stock SQLite: restrict through the rowid instead.
  void compileMutationFilter(std::string& sql, std::vector<Value>& b, const QuerySpec& q) const;

 private:
  template <class F>
  CompiledSql fitted(F&& compile) const;

  BackendLimits limits_;
};

// The grammar of a local SQLite database (default BackendLimits).
const Grammar& defaultGrammar();
// A JSON array of the values (integers, reals, text, NULL); throws UsageError for blobs.
std::string toJsonArray(const std::vector<Value>& values);

}  // namespace roost
