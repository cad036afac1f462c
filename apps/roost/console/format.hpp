#pragma once
// Printer: writes console results to stdout in one of four formats.
//
//   table   aligned columns for people (the default). Long cells are cut with "…"; SQL NULL
//           prints as NULL (dim on a colour terminal) while a text value that reads NULL
//           prints quoted, 'NULL', so the two never look alike; newlines and tabs show as
//           \n and \t; blobs as <blob N bytes>. One record prints vertically (column | value).
//           A page prints its rows, then "total: … perPage: … currentPage: … lastPage: …".
//           With a known terminal width (PrintOptions::terminalWidth) a table is fitted to
//           it: widths count display columns (CJK two, combining marks none), the widest
//           columns are cut with "…", and rows that still do not fit print as records one
//           under the other (psql's \x auto). Without one (a pipe) nothing is fitted.
//   json    one JSON document per result: records are objects (loaded relations nested),
//           lists are arrays, a page is {data, total, perPage, currentPage, lastPage}.
//   ndjson  one JSON value per line: one line per record of a list.
//   csv     RFC 4180 with a header row; NULL is an empty field, an empty string is "".
// Blobs are lowercase hex text in json, ndjson and csv.
//
// A Stream (`Post.all()` not yet read) is written row by row in json, ndjson and csv, so an
// export's memory does not grow with its size; a table needs every row to align them.
// Everything goes through the locked cli::Output; each format is one class (printers.hpp).
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "console/value.hpp"
#include "roost/orm/connection.hpp"

namespace roost::cli {
class Output;
}

namespace roost::console {

enum class Format { Table, Json, Ndjson, Csv };
std::optional<Format> parseFormat(std::string_view name);

struct PrintOptions {
  Format format = Format::Table;
  bool color = false;               // ANSI styles (only on a terminal, never with NO_COLOR)
  std::size_t maxCellWidth = 48;    // table cells are cut to this many display columns
  std::size_t terminalWidth = 0;    // fit tables to this many columns (0: unknown, no fitting)
};

class FormatPrinter;

class Printer {
 public:
  Printer(PrintOptions options, cli::Output& out);
  ~Printer();
  Printer(Printer&&) noexcept;
  Printer& operator=(Printer&&) noexcept;

  void print(const CValue& value);
  // Runs a raw SQL statement and prints its rows (streamed unless in table mode); statements
  // without rows print "N rows changed".
  void printSql(Connection& connection, std::string_view sql);
  // Plain rows (.tables, .models): a table, or records of these columns in the other formats.
  void printRows(const std::vector<std::string>& columns, const std::vector<std::vector<Value>>& rows);

  const PrintOptions& options() const noexcept { return o_; }

 private:
  PrintOptions o_;
  std::unique_ptr<FormatPrinter> impl_;
};

// JSON text of one SQL value (exposed for tests).
std::string jsonOf(const Value& v);
// The table text of one SQL value: NULL, 'NULL' for the text, escapes, cut to maxWidth display
// columns (0: whole; no colour).
std::string cellOf(const Value& v, std::size_t maxWidth);

}  // namespace roost::console
