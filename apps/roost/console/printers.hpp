#pragma once
// The four printers behind Printer (console/format.hpp), one class per format. Each writes
// only through the locked cli::Output: data to stdout, a CSV page's counts to stderr.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "console/format.hpp"
#include "roost/orm/connection.hpp"

namespace roost::cli {
class Output;
}

namespace roost::console {

// Rows of a raw SELECT written as they arrive (json, ndjson, csv).
class SqlRowSink : public RowSink {
 public:
  virtual void finish() = 0;
};

class FormatPrinter {
 public:
  FormatPrinter(const PrintOptions& options, cli::Output& out) : o_(options), out_(out) {}
  virtual ~FormatPrinter() = default;

  virtual void print(const CValue& value) = 0;
  virtual void printRows(const std::vector<std::string>& columns, const std::vector<std::vector<Value>>& rows) = 0;
  // A sink that streams a SELECT's rows; nullptr when the format needs them all first (table).
  virtual std::unique_ptr<SqlRowSink> sqlSink() { return nullptr; }
  // A statement without rows: "N rows changed".
  virtual void changes(std::int64_t n);

 protected:
  void write(std::string_view text);
  PrintOptions o_;
  cli::Output& out_;
};

std::unique_ptr<FormatPrinter> makeTablePrinter(const PrintOptions& options, cli::Output& out);
std::unique_ptr<FormatPrinter> makeJsonPrinter(const PrintOptions& options, cli::Output& out);  // json and ndjson
std::unique_ptr<FormatPrinter> makeCsvPrinter(const PrintOptions& options, cli::Output& out);

}  // namespace roost::console
