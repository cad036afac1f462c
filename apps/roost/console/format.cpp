#include "console/format.hpp"

#include <cctype>

#include "console/json_text.hpp"
#include "console/printers.hpp"
#include "console/text_width.hpp"
#include "output.hpp"

namespace roost::console {

std::optional<Format> parseFormat(std::string_view name) {
  if (name == "table") return Format::Table;
  if (name == "json") return Format::Json;
  if (name == "ndjson" || name == "jsonl") return Format::Ndjson;
  if (name == "csv") return Format::Csv;
  return std::nullopt;
}

std::string jsonOf(const Value& v) {
  std::string out;
  appendJsonValue(out, v);
  return out;
}

std::string cellOf(const Value& v, std::size_t maxWidth) {
  std::string raw;
  switch (v.type()) {
    case Value::Type::Null: return "NULL";
    case Value::Type::Blob: return "<blob " + std::to_string(v.blobIf()->bytes.size()) + " bytes>";
    case Value::Type::Text: {
      const std::string& t = *v.textIf();
      if (t.size() == 4 && (t == "NULL" || t == "null" || t == "Null")) return "'" + t + "'";
      std::string clean;
      appendUtf8Checked(clean, t, false);
      for (char c : clean) {
        if (c == '\n') raw += "\\n";
        else if (c == '\t') raw += "\\t";
        else if (c == '\r') raw += "\\r";
        else if (static_cast<unsigned char>(c) < 0x20) raw += '?';
        else raw += c;
      }
      break;
    }
    default: raw = v.toString();
  }
  return maxWidth == 0 ? raw : cutToWidth(raw, maxWidth);
}

void FormatPrinter::write(std::string_view text) { out_.data(text); }

void FormatPrinter::changes(std::int64_t n) { write(std::to_string(n) + (n == 1 ? " row changed\n" : " rows changed\n")); }

namespace {

std::unique_ptr<FormatPrinter> makePrinter(const PrintOptions& o, cli::Output& out) {
  switch (o.format) {
    case Format::Table: return makeTablePrinter(o, out);
    case Format::Csv: return makeCsvPrinter(o, out);
    case Format::Json:
    case Format::Ndjson: break;
  }
  return makeJsonPrinter(o, out);
}

bool returnsRows(std::string_view sql) {
  std::size_t i = 0;
  while (i < sql.size() && (std::isspace(static_cast<unsigned char>(sql[i])) || sql[i] == '(')) ++i;
  std::string word;
  while (i < sql.size() && std::isalpha(static_cast<unsigned char>(sql[i])))
    word += static_cast<char>(std::tolower(static_cast<unsigned char>(sql[i++])));
  return word == "select" || word == "with" || word == "pragma" || word == "values" || word == "explain";
}

}  // namespace

Printer::Printer(PrintOptions options, cli::Output& out) : o_(options), impl_(makePrinter(o_, out)) {}
Printer::~Printer() = default;
Printer::Printer(Printer&&) noexcept = default;
Printer& Printer::operator=(Printer&&) noexcept = default;

void Printer::print(const CValue& value) {
  if (!value.is<Undefined>()) impl_->print(value);
}

void Printer::printRows(const std::vector<std::string>& columns, const std::vector<std::vector<Value>>& rows) {
  impl_->printRows(columns, rows);
}

void Printer::printSql(Connection& connection, std::string_view sql) {
  if (returnsRows(sql)) {
    if (std::unique_ptr<SqlRowSink> sink = impl_->sqlSink()) {
      connection.stream(sql, {}, *sink);
      sink->finish();
      return;
    }
  }
  Result r = connection.execute(sql);
  if (!r.columns || r.columns->size() == 0) return impl_->changes(r.changes);
  printRows(r.columns->names(), r.rows);
}

}  // namespace roost::console
