// The json and ndjson printers.
#include "console/json_text.hpp"
#include "console/printers.hpp"
#include "output.hpp"

namespace roost::console {

namespace {

constexpr std::size_t kFlushBytes = 60000;  // a stream is written in pieces of about this size

// Raw rows as objects: one document (json) or one line each (ndjson).
class JsonRowSink final : public SqlRowSink {
 public:
  JsonRowSink(bool lines, cli::Output& out) : lines_(lines), out_(out) {}
  void columns(const ColumnsPtr& c) override { cols_ = c; }
  bool row(std::vector<Value>&& values) override {
    if (!lines_) buf_ += first_ ? "[" : ",";
    buf_ += '{';
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (i) buf_ += ',';
      appendJsonString(buf_, (*cols_)[i]);
      buf_ += ':';
      appendJsonValue(buf_, values[i]);
    }
    buf_ += '}';
    if (lines_) buf_ += '\n';
    first_ = false;
    if (buf_.size() > kFlushBytes) flush();
    return true;
  }
  void finish() override {
    if (!lines_) buf_ += first_ ? "[]\n" : "]\n";
    flush();
  }

 private:
  void flush() {
    out_.data(buf_);
    buf_.clear();
  }
  bool lines_;
  cli::Output& out_;
  std::string buf_;
  ColumnsPtr cols_;
  bool first_ = true;
};

std::string rowsJson(const std::vector<std::string>& columns, const std::vector<std::vector<Value>>& rows, bool lines) {
  std::string out = lines ? "" : "[";
  for (std::size_t k = 0; k < rows.size(); ++k) {
    if (k && !lines) out += ',';
    out += '{';
    for (std::size_t i = 0; i < columns.size() && i < rows[k].size(); ++i) {
      if (i) out += ',';
      appendJsonString(out, columns[i]);
      out += ':';
      appendJsonValue(out, rows[k][i]);
    }
    out += '}';
    if (lines) out += '\n';
  }
  if (!lines) out += "]\n";
  return out;
}

// A Stream's records, read and written piece by piece.
template <class Each>
void streamRecords(const Query& q, cli::Output& out, Each&& each) {
  std::string buf;
  q.each([&](const Record& r) {
    each(buf, r);
    if (buf.size() >= kFlushBytes) {
      out.data(buf);
      buf.clear();
    }
  });
  out.data(buf);
}

class JsonPrinter final : public FormatPrinter {
 public:
  using FormatPrinter::FormatPrinter;

  void print(const CValue& value) override {
    if (auto* s = value.as<Stream>()) {
      bool first = true;
      write("[");
      streamRecords(*s->query, out_, [&](std::string& buf, const Record& r) {
        if (!first) buf += ',';
        first = false;
        appendRecordJson(buf, r);
      });
      write("]\n");
      return;
    }
    std::string out;
    appendJson(out, value);
    write(out + "\n");
  }
  void printRows(const std::vector<std::string>& columns, const std::vector<std::vector<Value>>& rows) override {
    write(rowsJson(columns, rows, false));
  }
  std::unique_ptr<SqlRowSink> sqlSink() override { return std::make_unique<JsonRowSink>(false, out_); }
  void changes(std::int64_t n) override { write("{\"changes\":" + std::to_string(n) + "}\n"); }
};

class NdjsonPrinter final : public FormatPrinter {
 public:
  using FormatPrinter::FormatPrinter;

  void print(const CValue& value) override {
    if (auto* s = value.as<Stream>()) {
      streamRecords(*s->query, out_, [](std::string& buf, const Record& r) {
        appendRecordJson(buf, r);
        buf += '\n';
      });
      return;
    }
    std::string out;
    if (const List* l = value.as<List>()) {
      for (const CValue& item : *l->items) {
        appendJson(out, item);
        out += '\n';
      }
    } else {
      appendJson(out, value);
      out += '\n';
    }
    write(out);
  }
  void printRows(const std::vector<std::string>& columns, const std::vector<std::vector<Value>>& rows) override {
    write(rowsJson(columns, rows, true));
  }
  std::unique_ptr<SqlRowSink> sqlSink() override { return std::make_unique<JsonRowSink>(true, out_); }
  void changes(std::int64_t n) override { write("{\"changes\":" + std::to_string(n) + "}\n"); }
};

}  // namespace

std::unique_ptr<FormatPrinter> makeJsonPrinter(const PrintOptions& options, cli::Output& out) {
  if (options.format == Format::Ndjson) return std::make_unique<NdjsonPrinter>(options, out);
  return std::make_unique<JsonPrinter>(options, out);
}

}  // namespace roost::console
