#include "roost/orm/grammar.hpp"

#include <cmath>
#include <cstdio>
#include <cstring>

#include "roost/orm/error.hpp"
#include "roost/orm/identifier.hpp"
#include "json_list_scope.hpp"

namespace roost {

namespace detail {
namespace {
thread_local bool jsonLists = false;
thread_local bool realIntegers = false;
}  // namespace
JsonListScope::JsonListScope(bool reals) noexcept : savedLists_(jsonLists), savedReals_(realIntegers) {
  jsonLists = true;
  realIntegers = reals;
}
JsonListScope::~JsonListScope() {
  jsonLists = savedLists_;
  realIntegers = savedReals_;
}
bool JsonListScope::listsAsJson() noexcept { return jsonLists; }
bool JsonListScope::integersAsReals() noexcept { return realIntegers; }
}  // namespace detail

const Grammar& defaultGrammar() {
  static const Grammar grammar;
  return grammar;
}

// Compiles with IN lists bound value by value; when that binds more values than the backend
// allows, once more with each IN list as one JSON array value.
template <class F>
CompiledSql Grammar::fitted(F&& compile) const {
  CompiledSql q = compile();
  if (q.bindings.size() <= limits_.maxBoundParams || detail::JsonListScope::listsAsJson()) return q;
  detail::JsonListScope jsonLists(limits_.numbersBindAsReals);
  return compile();
}

std::string toJsonArray(const std::vector<Value>& values) {
  std::string out = "[";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i) out += ',';
    const Value& v = values[i];
    if (v.isNull()) out += "null";
    else if (auto* n = v.intIf()) {
      out += std::to_string(*n);
      if (detail::JsonListScope::integersAsReals()) {
        constexpr long long kMaxExact = (1LL << 53) - 1;
        if (*n > kMaxExact || *n < -kMaxExact)
          throw UsageError("the integer " + std::to_string(*n) +
                           " in an IN list is beyond +-(2^53 - 1), which this backend cannot bind exactly; pass it as text");
        out += ".0";
      }
    }
    else if (auto* d = v.doubleIf()) {
      // A real stays a real ("1.0", not "1": a TEXT column stores 1.0 as '1.0'); SQLite binds
      // NaN as NULL and reads 9e999 as infinity, so the list means what binding it would.
      if (std::isnan(*d)) {
        out += "null";
      } else if (std::isinf(*d)) {
        out += *d < 0 ? "-9e999" : "9e999";
      } else {
        char buf[40];
        std::snprintf(buf, sizeof buf, "%.17g", *d);
        out += buf;
        if (!std::strpbrk(buf, ".e")) out += ".0";
      }
    } else if (auto* t = v.textIf()) {
      out += '"';
      for (unsigned char c : *t) {
        if (c == '"' || c == '\\') {
          out += '\\';
          out += static_cast<char>(c);
        } else if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
      }
      out += '"';
    } else {
      throw UsageError("a list of blobs longer than the backend's bound-parameter limit cannot be sent; split it");
    }
  }
  return out + "]";
}

void Grammar::compileColumns(std::string& sql, const QuerySpec& q) const {
  if (q.columns.empty()) {
    sql += '*';
    return;
  }
  for (std::size_t i = 0; i < q.columns.size(); ++i) {
    if (i) sql += ", ";
    appendQuotedIdentifier(sql, q.columns[i]);
  }
}

CompiledSql Grammar::select(const QuerySpec& q) const {
  return fitted([&] { return compileSelect(q); });
}

CompiledSql Grammar::compileSelect(const QuerySpec& q) const {
  CompiledSql out;
  out.sql.reserve(96);
  out.sql += "SELECT ";
  compileColumns(out.sql, q);
  out.sql += " FROM ";
  appendQuotedIdentifier(out.sql, q.table);
  compileWheres(out.sql, out.bindings, q);
  compileOrders(out.sql, q);
  compileLimit(out.sql, out.bindings, q);
  return out;
}

CompiledSql Grammar::count(const QuerySpec& q) const {
  return fitted([&] { return compileCount(q); });
}

CompiledSql Grammar::compileCount(const QuerySpec& q) const {
  CompiledSql out;
  if (q.limit || q.offset) {  // count what the limited query would return
    out.sql = "SELECT COUNT(*) FROM (SELECT 1 FROM ";
    appendQuotedIdentifier(out.sql, q.table);
    compileWheres(out.sql, out.bindings, q);
    compileOrders(out.sql, q);
    compileLimit(out.sql, out.bindings, q);
    out.sql += ')';
    return out;
  }
  out.sql = "SELECT COUNT(*) FROM ";
  appendQuotedIdentifier(out.sql, q.table);
  compileWheres(out.sql, out.bindings, q);
  return out;
}

CompiledSql Grammar::exists(const QuerySpec& q) const {
  return fitted([&] { return compileExists(q); });
}

CompiledSql Grammar::compileExists(const QuerySpec& q) const {
  CompiledSql out;
  out.sql = "SELECT EXISTS(SELECT 1 FROM ";
  appendQuotedIdentifier(out.sql, q.table);
  compileWheres(out.sql, out.bindings, q);
  compileOrders(out.sql, q);
  compileLimit(out.sql, out.bindings, q);
  out.sql += ')';
  return out;
}

std::string Grammar::insert(std::string_view table, std::span<const std::string> columns) const {
  if (columns.empty()) {
    std::string sql = "INSERT INTO ";
    appendQuotedIdentifier(sql, table);
    return sql + " DEFAULT VALUES";
  }
  return insertRows(table, columns, 1);
}

std::string Grammar::insertRows(std::string_view table, std::span<const std::string> columns, std::size_t rows) const {
  if (columns.empty()) throw UsageError("insertRows(): no columns to insert");
  std::string tuple = "(";
  for (std::size_t i = 0; i < columns.size(); ++i) tuple += i ? ", ?" : "?";
  tuple += ')';
  std::string sql;
  sql.reserve(32 + columns.size() * 16 + rows * (tuple.size() + 2));
  sql += "INSERT INTO ";
  appendQuotedIdentifier(sql, table);
  sql += " (";
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (i) sql += ", ";
    appendQuotedIdentifier(sql, columns[i]);
  }
  sql += ") VALUES ";
  for (std::size_t r = 0; r < rows; ++r) {
    if (r) sql += ", ";
    sql += tuple;
  }
  return sql;
}

void Grammar::compileMutationFilter(std::string& sql, std::vector<Value>& b, const QuerySpec& q) const {
  if (!q.limit && !q.offset) {
    compileWheres(sql, b, q);
    return;
  }
  sql += " WHERE rowid IN (SELECT rowid FROM ";
  appendQuotedIdentifier(sql, q.table);
  compileWheres(sql, b, q);
  compileOrders(sql, q);
  compileLimit(sql, b, q);
  sql += ')';
}

CompiledSql Grammar::update(const QuerySpec& q, std::span<const std::string> columns, std::span<const Value> values) const {
  if (columns.empty()) throw UsageError("update() needs at least one column to set");
  if (columns.size() != values.size()) throw UsageError("update(): column and value counts differ");
  return fitted([&] { return compileUpdate(q, columns, values); });
}

CompiledSql Grammar::compileUpdate(const QuerySpec& q, std::span<const std::string> columns,
                                   std::span<const Value> values) const {
  CompiledSql out;
  out.sql = "UPDATE ";
  appendQuotedIdentifier(out.sql, q.table);
  out.sql += " SET ";
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (i) out.sql += ", ";
    appendQuotedIdentifier(out.sql, columns[i]);
    out.sql += " = ?";
  }
  out.bindings.assign(values.begin(), values.end());
  compileMutationFilter(out.sql, out.bindings, q);
  return out;
}

CompiledSql Grammar::remove(const QuerySpec& q) const {
  return fitted([&] { return compileRemove(q); });
}

CompiledSql Grammar::compileRemove(const QuerySpec& q) const {
  CompiledSql out;
  out.sql = "DELETE FROM ";
  appendQuotedIdentifier(out.sql, q.table);
  compileMutationFilter(out.sql, out.bindings, q);
  return out;
}

// WHERE <scope> AND <scope> AND (<user conditions>): the user's OR can never escape a scope.
void Grammar::compileWheres(std::string& sql, std::vector<Value>& b, const QuerySpec& q) const {
  if (q.scopes.empty() && q.wheres.empty()) return;
  sql += " WHERE ";
  bool first = true;
  for (const Condition& scope : q.scopes) {
    if (!first) sql += " AND ";
    first = false;
    compileCondition(sql, b, scope);
  }
  if (q.wheres.empty()) return;
  if (first) {
    compileConditions(sql, b, q.wheres);
    return;
  }
  sql += " AND (";
  compileConditions(sql, b, q.wheres);
  sql += ')';
}

void Grammar::compileConditions(std::string& sql, std::vector<Value>& b, const std::vector<Condition>& list) const {
  bool first = true;
  for (const Condition& c : list) {
    if (c.kind == Condition::Kind::Group && c.children.empty()) continue;
    if (!first) sql += c.orJoin ? " OR " : " AND ";
    first = false;
    compileCondition(sql, b, c);
  }
  if (first) sql += "1 = 1";  // only empty groups: no restriction
}

void Grammar::compileCondition(std::string& sql, std::vector<Value>& b, const Condition& c) const {
  using K = Condition::Kind;
  switch (c.kind) {
    case K::Group:
      sql += '(';
      compileConditions(sql, b, c.children);
      sql += ')';
      return;
    case K::Null:
    case K::NotNull:
      appendQuotedIdentifier(sql, c.column);
      sql += c.kind == K::Null ? " IS NULL" : " IS NOT NULL";
      return;
    case K::In:
    case K::NotIn:
      if (c.values.empty()) {  // x IN () matches nothing; x NOT IN () matches everything
        requireIdentifier(c.column);
        sql += c.kind == K::In ? "0 = 1" : "1 = 1";
        return;
      }
      appendQuotedIdentifier(sql, c.column);
      sql += c.kind == K::In ? " IN (" : " NOT IN (";
      if (detail::JsonListScope::listsAsJson()) {
        // +value: an expression has no affinity, so the column's own affinity converts each
        // element exactly as it converts a bound value (json_each's value column would not).
        sql += "SELECT +value FROM json_each(?))";
        b.emplace_back(toJsonArray(c.values));
        return;
      }
      for (std::size_t i = 0; i < c.values.size(); ++i) sql += i ? ", ?" : "?";
      sql += ')';
      b.insert(b.end(), c.values.begin(), c.values.end());
      return;
    case K::Between:
    case K::NotBetween:
      appendQuotedIdentifier(sql, c.column);
      sql += c.kind == K::Between ? " BETWEEN ? AND ?" : " NOT BETWEEN ? AND ?";
      b.insert(b.end(), c.values.begin(), c.values.end());
      return;
    case K::Compare:
      appendQuotedIdentifier(sql, c.column);
      if (c.value.isNull()) {  // where(col, null) means IS NULL, as in Laravel
        if (c.op == CompareOp::Eq) sql += " IS NULL";
        else if (c.op == CompareOp::Ne) sql += " IS NOT NULL";
        else throw UsageError("cannot compare \"" + c.column + "\" with NULL using" + compareOpSql(c.op));
        return;
      }
      sql += compareOpSql(c.op);
      sql += '?';
      b.push_back(c.value);
      return;
  }
}

void Grammar::compileOrders(std::string& sql, const QuerySpec& q) const {
  for (std::size_t i = 0; i < q.orders.size(); ++i) {
    sql += i ? ", " : " ORDER BY ";
    appendQuotedIdentifier(sql, q.orders[i].column);
    if (q.orders[i].descending) sql += " DESC";
  }
}

void Grammar::compileLimit(std::string& sql, std::vector<Value>& b, const QuerySpec& q) const {
  if (q.limit) {
    sql += " LIMIT ?";
    b.emplace_back(static_cast<long long>(*q.limit));
  } else if (q.offset) {
    sql += " LIMIT -1";
  }
  if (q.offset) {
    sql += " OFFSET ?";
    b.emplace_back(static_cast<long long>(*q.offset));
  }
}

}  // namespace roost
