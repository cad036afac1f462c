#pragma once
// Grammar: compiles a QuerySpec into SQL text plus its bindings, one small method per
// clause (as Laravel's Query\Grammars\Grammar). Never runs anything. Every identifier
// goes through appendQuotedIdentifier; every value becomes a "?" and a binding.
// The SQLite dialect is the only one (D1 speaks SQLite); subclass to change a clause.
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "roost/orm/query_spec.hpp"
#include "roost/orm/value.hpp"

namespace roost {

struct CompiledSql {
  std::string sql;
  std::vector<Value> bindings;
};

class Grammar {
 public:
  // listsAsJson: every IN list becomes `IN (SELECT +value FROM json_each(?))` with the whole
  // list as one JSON array value — how a list longer than the backend's bound-parameter limit
  // (D1: 100) still runs as one statement, so ORDER BY, LIMIT, count and paginate keep meaning.
  explicit Grammar(bool listsAsJson = false) : listsAsJson_(listsAsJson) {}
  virtual ~Grammar() = default;

  CompiledSql select(const QuerySpec& q) const;
  CompiledSql count(const QuerySpec& q) const;
  CompiledSql exists(const QuerySpec& q) const;
  // INSERT INTO t (cols) VALUES (?, ...); the values are the caller's, bound in order.
  std::string insert(std::string_view table, std::span<const std::string> columns) const;
  // UPDATE t SET c = ?, ... WHERE <spec's conditions>; `values` come first in the bindings.
  CompiledSql update(const QuerySpec& q, std::span<const std::string> columns, std::span<const Value> values) const;
  CompiledSql remove(const QuerySpec& q) const;

 protected:
  virtual void compileColumns(std::string& sql, const QuerySpec& q) const;
  virtual void compileWheres(std::string& sql, std::vector<Value>& b, const QuerySpec& q) const;
  virtual void compileConditions(std::string& sql, std::vector<Value>& b, const std::vector<Condition>& list) const;
  virtual void compileCondition(std::string& sql, std::vector<Value>& b, const Condition& c) const;
  virtual void compileOrders(std::string& sql, const QuerySpec& q) const;
  virtual void compileLimit(std::string& sql, std::vector<Value>& b, const QuerySpec& q) const;
  // UPDATE/DELETE cannot take LIMIT in stock SQLite: restrict through the rowid instead.
  void compileMutationFilter(std::string& sql, std::vector<Value>& b, const QuerySpec& q) const;

 private:
  bool listsAsJson_;
};

// The grammar every connection uses unless told otherwise.
const Grammar& defaultGrammar();
// The same with IN lists as JSON arrays (see Grammar's constructor).
const Grammar& jsonListGrammar();
// A JSON array of the values (integers, reals, text, NULL); throws UsageError for blobs.
std::string toJsonArray(const std::vector<Value>& values);

}  // namespace roost
