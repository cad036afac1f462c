#pragma once
// SQL text helpers: splitting a script into its statements (with the line each starts on),
// telling reads from writes (D1's retry policy) and finding transaction control, which no
// script roost wraps in its own transaction or batch may hold (migrations, seed SQL).
// One classifier for every caller. Pure functions on text; thread-safe.
#include <string>
#include <string_view>
#include <vector>

namespace roost {

struct SqlStatement {
  std::string text;  // without leading whitespace and comments, without the final ';'
  int line = 1;      // 1-based line of the script on which the statement's first word stands
};

// Splits a script into its statements, exactly where SQLite itself would end them
// (sqlite3_complete): a ';' inside a string, a quoted name or a comment does not end a
// statement, nor does one inside a CREATE TRIGGER ... BEGIN ... END body. Empty statements
// (";;", comment-only tails) are dropped.
std::vector<SqlStatement> splitSqlStatements(std::string_view script);
// The same, just the texts.
std::vector<std::string> splitSqlScript(std::string_view script);

// The first keyword of a statement, upper-cased, after whitespace and comments ("" if none).
std::string firstKeyword(std::string_view sql);

// True only for statements that cannot change the database, classified conservatively:
// SELECT, VALUES, EXPLAIN ..., and PRAGMA reads of a fixed list of read-only pragmas
// (table_info, index_list, foreign_key_check, ...; "PRAGMA x = v" or "PRAGMA x(v)" of a
// setting is a write). WITH is a write (WITH ... INSERT exists); so is anything unknown.
// Text holding several statements is read-only only if every one of them is.
bool isReadOnlyStatement(std::string_view sql);

// A statement that begins with BEGIN, COMMIT, END, ROLLBACK, SAVEPOINT or RELEASE: it would
// end, undo or nest inside the transaction of whoever runs it (and D1 refuses all of them over
// its REST API). Only the first keyword counts: CASE ... END, a trigger's BEGIN ... END body,
// INSERT OR ROLLBACK and ON CONFLICT ROLLBACK are not transaction control.
bool isTransactionControl(std::string_view sql);

// The statements of a script that are transaction control, in script order (empty: none).
std::vector<SqlStatement> transactionControlIn(std::string_view script);

// A PRAGMA statement's name, upper-cased and without its schema ("FOREIGN_KEYS" for
// "PRAGMA main.foreign_keys = OFF"), and its form: Plain (PRAGMA x), Call (PRAGMA x(v)) or
// Assign (PRAGMA x = v). name is empty when the statement is not a PRAGMA or names its
// pragma in an odd way (quoted).
struct PragmaStatement {
  enum class Form { Plain, Call, Assign, Other };
  std::string name;
  Form form = Form::Other;
};
PragmaStatement pragmaOf(std::string_view sql);

// One token of a statement: a word (keyword, bare name or number), a quoted name ("x", `x`,
// [x]) or a string literal ('x'), both unquoted (a doubled quote stands for one), or one other
// character. Whitespace and comments are skipped. At most `limit` tokens, from the start.
struct SqlToken {
  enum class Kind { Word, QuotedName, String, Other } kind;
  std::string text;
};
std::vector<SqlToken> sqlTokens(std::string_view sql, std::size_t limit = static_cast<std::size_t>(-1));

// The names (unquoted, as written) of the tables, indexes, views and triggers one statement
// creates, alters, renames to, drops or writes: after TABLE/INDEX/VIEW/TRIGGER [IF [NOT]
// EXISTS], INTO, UPDATE [OR ...], DELETE FROM, RENAME TO, and the table of CREATE INDEX/TRIGGER
// ... ON (trigger bodies included). Strings, comments and other identifiers are not names:
// INSERT INTO notes VALUES ('_cf_x') names only notes.
std::vector<std::string> objectNamesWritten(std::string_view sql);

}  // namespace roost
