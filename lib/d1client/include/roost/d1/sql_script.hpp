#pragma once
// SQL text helpers for D1, which takes statements one by one (a batch is a list of them):
// splitting a migration script into statements, and telling reads from writes for the
// retry policy. Pure functions on text; thread-safe.
#include <string>
#include <string_view>
#include <vector>

namespace roost::d1 {

// Splits a script into its statements, exactly where SQLite itself would end them
// (sqlite3_complete): a ';' inside a string, a quoted name or a comment does not end a
// statement, nor does one inside a CREATE TRIGGER ... BEGIN ... END body. Each statement
// comes back without its leading whitespace and comments and without its final ';';
// empty statements (";;", comment-only tails) are dropped.
std::vector<std::string> splitSqlScript(std::string_view script);

// The first keyword of a statement, upper-cased, after whitespace and comments ("" if none).
std::string firstKeyword(std::string_view sql);

// True only for statements that cannot change the database, classified conservatively:
// SELECT, VALUES, EXPLAIN ..., and PRAGMA reads of a fixed list of read-only pragmas
// (table_info, index_list, foreign_key_check, ...; "PRAGMA x = v" or "PRAGMA x(v)" of a
// setting is a write). WITH is a write (WITH ... INSERT exists); so is anything unknown.
// Text holding several statements is read-only only if every one of them is.
bool isReadOnlyStatement(std::string_view sql);

// BEGIN, COMMIT, END, ROLLBACK, SAVEPOINT, RELEASE: what D1 refuses over its REST API.
bool isTransactionControl(std::string_view sql);

}  // namespace roost::d1
