#pragma once
// SQLite's "no such column: titel" names the typo but not the fix. When a statement of the
// query builder fails so, the table's columns are read (only then, after the failure) and
// the error gains the console's "; did you mean 'title'?".
#include <string>
#include <string_view>
#include <utility>

#include "roost/orm/connection.hpp"
#include "roost/orm/error.hpp"
#include "roost/orm/grammar.hpp"

namespace roost::detail {

// "; did you mean 'title'?" when `e` is a missing column of `table` and one of its columns is
// close to it; "" otherwise (and when the columns cannot be read).
std::string columnHint(const QueryError& e, Connection& connection, std::string_view table);

// Runs `run` (which executes `q`); a QueryError of `q` naming a missing column is rethrown
// with the hint. Errors of other statements (a callback's own queries) pass untouched.
template <class F>
decltype(auto) withColumnHint(Connection& connection, std::string_view table, const CompiledSql& q, F&& run) {
  try {
    return std::forward<F>(run)();
  } catch (const QueryError& e) {
    if (e.sql() != q.sql) throw;
    std::string hint = columnHint(e, connection, table);
    if (hint.empty()) throw;
    throw QueryError(e.sql(), e.databaseMessage() + hint, e.code());
  }
}

}  // namespace roost::detail
