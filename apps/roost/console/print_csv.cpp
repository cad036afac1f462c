// The csv printer: RFC 4180 with a header row; a page's counts go to stderr, as they have no
// place among the rows.
#include "console/json_text.hpp"
#include "console/printers.hpp"
#include "output.hpp"

namespace roost::console {

namespace {

std::string csvField(const Value& v) {
  if (v.isNull()) return {};
  std::string text = v.isBlob() ? hexOf(v.blobIf()->bytes) : v.toString();
  if (v.isText() && text.empty()) return "\"\"";
  const bool quote = text.find_first_of(",\"\r\n") != std::string::npos ||
                     (!text.empty() && (text.front() == ' ' || text.back() == ' '));
  if (!quote) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// Rows into CSV text; the first row (or header()) fixes the header.
class CsvWriter {
 public:
  explicit CsvWriter(std::string& out) : out_(out) {}
  void record(const Record& r) {
    if (!started_) {
      for (std::size_t i = 0; i < r.attributes.size(); ++i) header_.push_back(r.attributes.name(i));
      for (const auto& name : r.loadedRelations()) header_.push_back(name);
      writeHeader();
    }
    for (std::size_t i = 0; i < header_.size(); ++i) {
      if (i) out_ += ',';
      if (r.attributes.has(header_[i])) {
        out_ += csvField(r.attributes[header_[i]]);
      } else if (r.relationLoaded(header_[i])) {
        const std::string json = relationJson(r, header_[i]);
        out_ += csvField(json.empty() ? Value() : Value(json));
      }
    }
    out_ += "\r\n";
  }
  void row(const std::vector<std::string>& columns, const std::vector<Value>& values) {
    header(columns);
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (i) out_ += ',';
      out_ += csvField(values[i]);
    }
    out_ += "\r\n";
  }
  void header(const std::vector<std::string>& columns) {
    if (started_) return;
    header_ = columns;
    writeHeader();
  }

 private:
  void writeHeader() {
    started_ = true;
    for (std::size_t i = 0; i < header_.size(); ++i) {
      if (i) out_ += ',';
      out_ += csvField(Value(header_[i]));
    }
    out_ += "\r\n";
  }
  std::string& out_;
  std::vector<std::string> header_;
  bool started_ = false;
};

class CsvRowSink final : public SqlRowSink {
 public:
  explicit CsvRowSink(cli::Output& out) : out_(out), csv_(buf_) {}
  void columns(const ColumnsPtr& c) override {
    cols_ = c;
    csv_.header(c->names());
  }
  bool row(std::vector<Value>&& values) override {
    csv_.row(cols_->names(), values);
    if (buf_.size() > 60000) flush();
    return true;
  }
  void finish() override { flush(); }

 private:
  void flush() {
    out_.data(buf_);
    buf_.clear();
  }
  cli::Output& out_;
  std::string buf_;
  CsvWriter csv_;
  ColumnsPtr cols_;
};

class CsvPrinter final : public FormatPrinter {
 public:
  using FormatPrinter::FormatPrinter;

  void print(const CValue& value) override {
    std::string out;
    CsvWriter csv(out);
    if (auto* s = value.as<Stream>()) {
      s->query->each([&](const Record& r) {
        csv.record(r);
        if (out.size() >= 60000) {
          write(out);
          out.clear();
        }
      });
      write(out);
      return;
    }
    if (auto* b = value.as<Bool>()) return write(std::string(b->value ? "true" : "false") + "\n");
    if (auto* x = value.as<Value>()) return write(csvField(*x) + "\n");
    if (auto* r = value.as<RecordRef>()) {
      csv.record(*r->record);
    } else if (auto* p = value.as<PageRef>()) {
      for (const Record& row : p->page->data) csv.record(row);
    } else if (auto* l = value.as<List>()) {
      const std::string column = l->column.empty() ? "value" : l->column;
      for (const CValue& item : *l->items) {
        if (auto* rec = item.as<RecordRef>()) csv.record(*rec->record);
        else if (auto* v = item.as<Value>()) csv.row({column}, {*v});
        else if (auto* flag = item.as<Bool>()) csv.row({column}, {Value(flag->value)});
        else {
          std::string json;
          appendJson(json, item);
          csv.row({"value"}, {Value(json)});
        }
      }
    } else {
      appendJson(out, value);
      out += "\n";
    }
    write(out);
    if (auto* p = value.as<PageRef>()) {
      const auto& pg = *p->page;
      out_.note("total: " + std::to_string(pg.total) + "  perPage: " + std::to_string(pg.perPage) +
                "  currentPage: " + std::to_string(pg.currentPage) + "  lastPage: " + std::to_string(pg.lastPage));
    }
  }
  void printRows(const std::vector<std::string>& columns, const std::vector<std::vector<Value>>& rows) override {
    std::string out;
    CsvWriter csv(out);
    csv.header(columns);
    for (const auto& r : rows) csv.row(columns, r);
    write(out);
  }
  std::unique_ptr<SqlRowSink> sqlSink() override { return std::make_unique<CsvRowSink>(out_); }
};

}  // namespace

std::unique_ptr<FormatPrinter> makeCsvPrinter(const PrintOptions& options, cli::Output& out) {
  return std::make_unique<CsvPrinter>(options, out);
}

}  // namespace roost::console
