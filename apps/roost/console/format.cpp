#include "console/format.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>

#include "roost/orm/relation.hpp"

namespace roost::console {

namespace {

const char* kDim = "\x1b[2m";
const char* kBold = "\x1b[1m";
const char* kReset = "\x1b[0m";

std::size_t displayWidth(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

// Replaces bytes that are not valid UTF-8 with U+FFFD, so JSON output is always valid.
void appendUtf8Checked(std::string& out, std::string_view s, bool json) {
  static const char* hex = "0123456789abcdef";
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if (json) {
        switch (c) {
          case '"': out += "\\\""; break;
          case '\\': out += "\\\\"; break;
          case '\n': out += "\\n"; break;
          case '\r': out += "\\r"; break;
          case '\t': out += "\\t"; break;
          case '\b': out += "\\b"; break;
          case '\f': out += "\\f"; break;
          default:
            if (c < 0x20 || c == 0x7F) {
              out += "\\u00";
              out += hex[c >> 4];
              out += hex[c & 15];
            } else {
              out += static_cast<char>(c);
            }
        }
      } else {
        out += static_cast<char>(c);
      }
      ++i;
      continue;
    }
    std::size_t len = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c < 0xE0 ? 2 : 0;
    bool ok = len > 0 && i + len <= s.size();
    for (std::size_t k = 1; ok && k < len; ++k) ok = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
    if (ok && len == 3) {
      const auto c1 = static_cast<unsigned char>(s[i + 1]);
      ok = !(c == 0xE0 && c1 < 0xA0) && !(c == 0xED && c1 >= 0xA0);  // overlong, surrogates
    }
    if (ok && len == 4) {
      const auto c1 = static_cast<unsigned char>(s[i + 1]);
      ok = !(c == 0xF0 && c1 < 0x90) && !(c == 0xF4 && c1 >= 0x90);
    }
    if (ok) {
      out.append(s.substr(i, len));
      i += len;
    } else {
      out += "\xEF\xBF\xBD";
      ++i;
    }
  }
}

void appendJsonString(std::string& out, std::string_view s) {
  out += '"';
  appendUtf8Checked(out, s, true);
  out += '"';
}

std::string hexOf(const std::string& bytes) {
  static const char* hex = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out += hex[c >> 4];
    out += hex[c & 15];
  }
  return out;
}

void appendJsonValue(std::string& out, const Value& v) {
  switch (v.type()) {
    case Value::Type::Null: out += "null"; break;
    case Value::Type::Integer: out += std::to_string(*v.intIf()); break;
    case Value::Type::Real:
      if (std::isfinite(*v.doubleIf())) out += v.toString();
      else out += "null";
      break;
    case Value::Type::Text: appendJsonString(out, *v.textIf()); break;
    case Value::Type::Blob: appendJsonString(out, hexOf(v.blobIf()->bytes)); break;
  }
}

bool manyRelation(const Record& r, const std::string& name) {
  const RelationDef* d = r.meta().relations.find(name);
  return !d || d->kind == RelationDef::Kind::HasMany || d->kind == RelationDef::Kind::BelongsToMany;
}

void appendRecordJson(std::string& out, const Record& r, int depth = 0) {
  out += '{';
  const Attributes& a = r.attributes;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (i) out += ',';
    appendJsonString(out, a.name(i));
    out += ':';
    appendJsonValue(out, a.value(i));
  }
  bool first = a.size() == 0;
  for (const std::string& name : r.loadedRelations()) {
    if (!first) out += ',';
    first = false;
    appendJsonString(out, name);
    out += ':';
    const auto& related = r.related(name);
    if (depth > 32) {
      out += "null";
    } else if (manyRelation(r, name)) {
      out += '[';
      for (std::size_t i = 0; i < related.size(); ++i) {
        if (i) out += ',';
        appendRecordJson(out, related[i], depth + 1);
      }
      out += ']';
    } else if (related.empty()) {
      out += "null";
    } else {
      appendRecordJson(out, related.front(), depth + 1);
    }
  }
  out += '}';
}

void appendJson(std::string& out, const CValue& v) {
  if (auto* x = v.as<Value>()) return appendJsonValue(out, *x);
  if (auto* b = v.as<Bool>()) {
    out += b->value ? "true" : "false";
    return;
  }
  if (auto* l = v.as<List>()) {
    out += '[';
    for (std::size_t i = 0; i < l->items->size(); ++i) {
      if (i) out += ',';
      appendJson(out, (*l->items)[i]);
    }
    out += ']';
    return;
  }
  if (auto* o = v.as<Object>()) {
    out += '{';
    bool first = true;
    for (auto& [k, x] : *o->fields) {
      if (x.is<Undefined>()) continue;
      if (!first) out += ',';
      first = false;
      appendJsonString(out, k);
      out += ':';
      appendJson(out, x);
    }
    out += '}';
    return;
  }
  if (auto* r = v.as<RecordRef>()) return appendRecordJson(out, *r->record);
  if (auto* a = v.as<AttributesRef>()) {
    Record copy(*a->record);
    for (auto& name : copy.loadedRelations()) copy.setRelation(name, {});
    out += '{';
    for (std::size_t i = 0; i < copy.attributes.size(); ++i) {
      if (i) out += ',';
      appendJsonString(out, copy.attributes.name(i));
      out += ':';
      appendJsonValue(out, copy.attributes.value(i));
    }
    out += '}';
    return;
  }
  if (auto* p = v.as<PageRef>()) {
    out += "{\"data\":[";
    for (std::size_t i = 0; i < p->page->data.size(); ++i) {
      if (i) out += ',';
      appendRecordJson(out, p->page->data[i]);
    }
    out += "],\"total\":" + std::to_string(p->page->total) + ",\"perPage\":" + std::to_string(p->page->perPage) +
           ",\"currentPage\":" + std::to_string(p->page->currentPage) + ",\"lastPage\":" +
           std::to_string(p->page->lastPage) + "}";
    return;
  }
  if (auto* m = v.as<ModelRef>()) {
    out += "{\"model\":";
    appendJsonString(out, m->meta->displayName());
    out += ",\"table\":";
    appendJsonString(out, m->meta->table);
    out += "}";
    return;
  }
  if (auto* q = v.as<QueryRef>()) {
    appendJsonString(out, q->query->toSql().sql);
    return;
  }
  out += "null";
}

// ---- table ----

struct Cell {
  std::string text;
  bool dim = false;      // NULL marker
  bool numeric = false;  // right-aligned
};

Cell cell(const Value& v, std::size_t width) {
  Cell c;
  c.text = cellOf(v, width);
  c.dim = v.isNull();
  c.numeric = v.isInteger() || v.isReal();
  return c;
}

class Table {
 public:
  std::size_t column(const std::string& name) {
    for (std::size_t i = 0; i < header_.size(); ++i)
      if (header_[i] == name) return i;
    header_.push_back(name);
    return header_.size() - 1;
  }
  std::vector<Cell>& newRow() { return rows_.emplace_back(); }
  void put(std::vector<Cell>& row, std::size_t col, Cell c) {
    if (row.size() <= col) row.resize(col + 1);
    row[col] = std::move(c);
  }
  std::size_t rowCount() const noexcept { return rows_.size(); }

  std::string render(bool color) const {
    std::vector<std::size_t> width(header_.size(), 0);
    std::vector<bool> numeric(header_.size(), true);
    std::vector<bool> any(header_.size(), false);
    for (std::size_t i = 0; i < header_.size(); ++i) width[i] = displayWidth(header_[i]);
    for (const auto& row : rows_)
      for (std::size_t i = 0; i < row.size(); ++i) {
        width[i] = std::max(width[i], displayWidth(row[i].text));
        if (!row[i].dim) {
          any[i] = true;
          numeric[i] = numeric[i] && row[i].numeric;
        }
      }
    std::string out;
    auto pad = [&](std::string_view text, std::size_t w, bool right) {
      const std::size_t n = w > displayWidth(text) ? w - displayWidth(text) : 0;
      if (right) out.append(n, ' ');
      out += text;
      if (!right) out.append(n, ' ');
    };
    for (std::size_t i = 0; i < header_.size(); ++i) {
      out += i ? " | " : " ";
      if (color) out += kBold;
      pad(header_[i], width[i], false);
      if (color) out += kReset;
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    out += '\n';
    for (std::size_t i = 0; i < header_.size(); ++i) {
      out += i ? "-+-" : "-";
      out.append(width[i], '-');
    }
    out += "-\n";
    for (const auto& row : rows_) {
      for (std::size_t i = 0; i < header_.size(); ++i) {
        out += i ? " | " : " ";
        const Cell empty;
        const Cell& c = i < row.size() ? row[i] : empty;
        if (color && c.dim) out += kDim;
        pad(c.text, width[i], numeric[i] && any[i]);
        if (color && c.dim) out += kReset;
      }
      // No trailing blanks at the end of a line.
      while (!out.empty() && out.back() == ' ') out.pop_back();
      out += '\n';
    }
    return out;
  }

 private:
  std::vector<std::string> header_;
  std::vector<std::vector<Cell>> rows_;
};

std::string relationCell(const Record& r, const std::string& name) {
  const auto& related = r.related(name);
  const RelationDef* d = r.meta().relations.find(name);
  const std::string model = d && d->related ? d->related->displayName() : "record";
  if (manyRelation(r, name)) return "[" + std::to_string(related.size()) + " " + model + "]";
  if (related.empty()) return "NULL";
  return model + " #" + related.front().key().toString();
}

void addRecordRow(Table& t, const Record& r, std::size_t width) {
  auto& row = t.newRow();
  for (std::size_t i = 0; i < r.attributes.size(); ++i) t.put(row, t.column(r.attributes.name(i)), cell(r.attributes.value(i), width));
  for (const std::string& name : r.loadedRelations()) {
    Cell c;
    c.text = relationCell(r, name);
    c.dim = c.text == "NULL";
    t.put(row, t.column(name), std::move(c));
  }
}

std::string countLine(std::size_t n, bool color) {
  std::string s = "(" + std::to_string(n) + (n == 1 ? " row)" : " rows)");
  return color ? kDim + s + kReset + "\n" : s + "\n";
}

// ---- csv ----

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
        std::string json;
        const auto& related = r.related(header_[i]);
        if (manyRelation(r, header_[i])) {
          json += '[';
          for (std::size_t k = 0; k < related.size(); ++k) {
            if (k) json += ',';
            appendRecordJson(json, related[k]);
          }
          json += ']';
        } else if (!related.empty()) {
          appendRecordJson(json, related.front());
        }
        out_ += csvField(json.empty() ? Value() : Value(json));
      }
    }
    out_ += "\r\n";
  }
  void row(const std::vector<std::string>& columns, const std::vector<Value>& values) {
    if (!started_) {
      header_ = columns;
      writeHeader();
    }
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

std::string describeModel(const ModelMeta& m) {
  std::string s = m.displayName() + "  table " + m.table + ", key " + m.primaryKey;
  if (m.timestamps) s += ", timestamps";
  if (m.softDeletes) s += ", soft deletes";
  if (m.tenantColumn) s += ", tenant column " + *m.tenantColumn;
  for (const auto& name : m.relations.names()) {
    const RelationDef& d = *m.relations.find(name);
    const char* kind = d.kind == RelationDef::Kind::HasMany     ? "hasMany"
                       : d.kind == RelationDef::Kind::HasOne    ? "hasOne"
                       : d.kind == RelationDef::Kind::BelongsTo ? "belongsTo"
                                                                : "belongsToMany";
    s += "\n  ." + name + "  " + kind + " " + d.related->displayName();
  }
  return s + "\n";
}

}  // namespace

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
  if (maxWidth == 0 || displayWidth(raw) <= maxWidth) return raw;
  // Cut to maxWidth - 1 characters (never inside a UTF-8 sequence), then the ellipsis.
  std::size_t chars = 0, i = 0;
  for (; i < raw.size(); ++i) {
    if ((static_cast<unsigned char>(raw[i]) & 0xC0) != 0x80) {
      if (chars == maxWidth - 1) break;
      ++chars;
    }
  }
  return raw.substr(0, i) + "…";
}

void Printer::print(const CValue& value) {
  const Format f = o_.format;
  std::string out;
  if (value.is<Undefined>()) return;

  if (auto* s = value.as<Stream>()) {
    const Query& q = *s->query;
    if (f == Format::Table) {
      Table t;
      q.each([&](const Record& r) { addRecordRow(t, r, o_.maxCellWidth); });
      if (t.rowCount()) write(t.render(o_.color));
      write(countLine(t.rowCount(), o_.color));
      return;
    }
    std::string buf;
    buf.reserve(1 << 16);
    bool first = true;
    CsvWriter csv(buf);
    if (f == Format::Json) buf += '[';
    q.each([&](const Record& r) {
      if (f == Format::Csv) {
        csv.record(r);
      } else {
        if (f == Format::Json && !first) buf += ',';
        appendRecordJson(buf, r);
        if (f == Format::Ndjson) buf += '\n';
      }
      first = false;
      if (buf.size() >= (1 << 16) - 4096) {
        write(buf);
        buf.clear();
      }
    });
    if (f == Format::Json) buf += "]\n";
    write(buf);
    return;
  }

  if (f == Format::Json || f == Format::Ndjson) {
    const List* l = value.as<List>();
    if (f == Format::Ndjson && l) {
      for (const CValue& item : *l->items) {
        appendJson(out, item);
        out += '\n';
      }
    } else {
      appendJson(out, value);
      out += '\n';
    }
    write(out);
    return;
  }

  auto scalarText = [&](const CValue& v) -> std::optional<std::string> {
    if (auto* b = v.as<Bool>()) return std::string(b->value ? "true" : "false");
    if (auto* x = v.as<Value>()) {
      if (x->isNull()) return std::string(f == Format::Csv ? "" : "null");
      if (f == Format::Csv) return csvField(*x);
      if (x->isBlob()) return cellOf(*x, 0);
      return x->toString();
    }
    return std::nullopt;
  };
  if (auto s = scalarText(value)) {
    write(*s + "\n");
    return;
  }

  if (f == Format::Csv) {
    CsvWriter csv(out);
    if (auto* r = value.as<RecordRef>()) csv.record(*r->record);
    else if (auto* p = value.as<PageRef>()) {
      for (const Record& row : p->page->data) csv.record(row);
    } else if (auto* l = value.as<List>()) {
      for (const CValue& item : *l->items) {
        if (auto* rec = item.as<RecordRef>()) csv.record(*rec->record);
        else if (auto* x = item.as<Value>()) csv.row({l->column.empty() ? "value" : l->column}, {*x});
        else if (auto* b = item.as<Bool>()) csv.row({l->column.empty() ? "value" : l->column}, {Value(b->value)});
        else {
          std::string json;
          appendJson(json, item);
          csv.row({"value"}, {Value(json)});
        }
      }
    } else {
      std::string json;
      appendJson(json, value);
      out += json + "\n";
    }
    write(out);
    if (auto* p = value.as<PageRef>())  // the meta has no place in CSV rows: stderr
      std::fprintf(stderr, "total: %lld  perPage: %lld  currentPage: %lld  lastPage: %lld\n",
                   static_cast<long long>(p->page->total), static_cast<long long>(p->page->perPage),
                   static_cast<long long>(p->page->currentPage), static_cast<long long>(p->page->lastPage));
    return;
  }

  // Table.
  if (auto* r = value.as<RecordRef>()) {
    const Record& rec = *r->record;
    std::size_t keyWidth = 0;
    for (std::size_t i = 0; i < rec.attributes.size(); ++i) keyWidth = std::max(keyWidth, displayWidth(rec.attributes.name(i)));
    for (const auto& name : rec.loadedRelations()) keyWidth = std::max(keyWidth, displayWidth(name));
    auto line = [&](const std::string& key, const std::string& text, bool dim) {
      out += (o_.color ? std::string(kBold) : "") + key + (o_.color ? kReset : "");
      out.append(keyWidth - displayWidth(key), ' ');
      out += " | ";
      out += dim && o_.color ? kDim + text + kReset : text;
      out += '\n';
    };
    const std::size_t wide = std::max<std::size_t>(o_.maxCellWidth * 2, 80);
    for (std::size_t i = 0; i < rec.attributes.size(); ++i)
      line(rec.attributes.name(i), cellOf(rec.attributes.value(i), wide), rec.attributes.value(i).isNull());
    for (const auto& name : rec.loadedRelations()) line(name, relationCell(rec, name), false);
    write(out);
    return;
  }
  if (auto* p = value.as<PageRef>()) {
    Table t;
    for (const Record& r : p->page->data) addRecordRow(t, r, o_.maxCellWidth);
    if (t.rowCount()) out += t.render(o_.color);
    const auto& pg = *p->page;
    std::string meta = "total: " + std::to_string(pg.total) + "  perPage: " + std::to_string(pg.perPage) +
                       "  currentPage: " + std::to_string(pg.currentPage) + "  lastPage: " + std::to_string(pg.lastPage);
    out += (o_.color ? kDim + meta + kReset : meta) + "\n";
    write(out);
    return;
  }
  if (auto* l = value.as<List>()) {
    bool records = true, scalars = true;
    for (const CValue& item : *l->items) {
      records = records && item.is<RecordRef>();
      scalars = scalars && (item.is<Value>() || item.is<Bool>());
    }
    Table t;
    if (!l->items->empty() && records) {
      for (const CValue& item : *l->items) addRecordRow(t, *item.as<RecordRef>()->record, o_.maxCellWidth);
    } else if (!l->items->empty() && scalars) {
      const std::size_t col = t.column(l->column.empty() ? "value" : l->column);
      for (const CValue& item : *l->items) {
        auto& row = t.newRow();
        if (auto* b = item.as<Bool>()) t.put(row, col, Cell{b->value ? "true" : "false", false, false});
        else t.put(row, col, cell(*item.as<Value>(), o_.maxCellWidth));
      }
    } else if (!l->items->empty()) {
      appendJson(out, value);
      write(out + "\n");
      return;
    }
    if (t.rowCount()) out += t.render(o_.color);
    out += countLine(t.rowCount(), o_.color);
    write(out);
    return;
  }
  if (auto* m = value.as<ModelRef>()) {
    write(describeModel(*m->meta));
    return;
  }
  if (auto* q = value.as<QueryRef>()) {
    const CompiledSql sql = q->query->toSql();
    std::string text = "query: " + sql.sql;
    if (!sql.bindings.empty()) {
      text += "  -- bindings: ";
      for (std::size_t i = 0; i < sql.bindings.size(); ++i) text += (i ? ", " : "") + sql.bindings[i].toSqlLiteral();
    }
    write(text + "\n(run it with .all(), .first(), .count(), …)\n");
    return;
  }
  if (auto* rel = value.as<RelationRef>()) {
    const RelationDef& d = *rel->def;
    const char* kind = d.kind == RelationDef::Kind::HasMany     ? "hasMany"
                       : d.kind == RelationDef::Kind::HasOne    ? "hasOne"
                       : d.kind == RelationDef::Kind::BelongsTo ? "belongsTo"
                                                                : "belongsToMany";
    write(rel->parent->displayName() + "." + d.name + ": " + kind + " " + d.related->displayName() +
          " (load it with ." + d.name + ".load(record) or with('" + d.name + "'))\n");
    return;
  }
  appendJson(out, value);  // objects, attributes
  write(out + "\n");
}

void Printer::printRows(const std::vector<std::string>& columns, const std::vector<std::vector<Value>>& rows) {
  std::string out;
  if (o_.format == Format::Table) {
    Table t;
    for (const auto& c : columns) t.column(c);
    for (const auto& r : rows) {
      auto& row = t.newRow();
      for (std::size_t i = 0; i < r.size(); ++i) t.put(row, i, cell(r[i], o_.maxCellWidth));
    }
    out = t.render(o_.color);
    out += countLine(rows.size(), o_.color);
  } else if (o_.format == Format::Csv) {
    CsvWriter csv(out);
    csv.header(columns);
    for (const auto& r : rows) csv.row(columns, r);
  } else {
    if (o_.format == Format::Json) out += '[';
    for (std::size_t k = 0; k < rows.size(); ++k) {
      if (k && o_.format == Format::Json) out += ',';
      out += '{';
      for (std::size_t i = 0; i < columns.size() && i < rows[k].size(); ++i) {
        if (i) out += ',';
        appendJsonString(out, columns[i]);
        out += ':';
        appendJsonValue(out, rows[k][i]);
      }
      out += '}';
      if (o_.format == Format::Ndjson) out += '\n';
    }
    if (o_.format == Format::Json) out += "]\n";
  }
  write(out);
}

namespace {

bool returnsRows(std::string_view sql) {
  std::size_t i = 0;
  while (i < sql.size() && (std::isspace(static_cast<unsigned char>(sql[i])) || sql[i] == '(')) ++i;
  std::string word;
  while (i < sql.size() && std::isalpha(static_cast<unsigned char>(sql[i])))
    word += static_cast<char>(std::tolower(static_cast<unsigned char>(sql[i++])));
  return word == "select" || word == "with" || word == "pragma" || word == "values" || word == "explain";
}

// Streams raw rows into json, ndjson or csv text, flushing as it goes.
class StreamingSink final : public RowSink {
 public:
  StreamingSink(Format f, std::FILE* out) : f_(f), out_(out), csv_(buf_) {}
  void columns(const ColumnsPtr& c) override {
    cols_ = c;
    if (f_ == Format::Csv) csv_.header(c->names());
  }
  bool row(std::vector<Value>&& values) override {
    if (f_ == Format::Csv) {
      csv_.row(cols_->names(), values);
    } else {
      if (f_ == Format::Json) buf_ += first_ ? "[" : ",";
      buf_ += '{';
      for (std::size_t i = 0; i < values.size(); ++i) {
        if (i) buf_ += ',';
        appendJsonString(buf_, (*cols_)[i]);
        buf_ += ':';
        appendJsonValue(buf_, values[i]);
      }
      buf_ += '}';
      if (f_ == Format::Ndjson) buf_ += '\n';
    }
    first_ = false;
    if (buf_.size() > 60000) flush();
    return true;
  }
  void finish() {
    if (f_ == Format::Json) buf_ += first_ ? "[]\n" : "]\n";
    flush();
  }

 private:
  void flush() {
    std::fwrite(buf_.data(), 1, buf_.size(), out_);
    buf_.clear();
  }
  Format f_;
  std::FILE* out_;
  std::string buf_;
  CsvWriter csv_;
  ColumnsPtr cols_;
  bool first_ = true;
};

}  // namespace

void Printer::printSql(Connection& connection, std::string_view sql) {
  if (returnsRows(sql) && o_.format != Format::Table) {
    StreamingSink sink(o_.format, out_);
    connection.stream(sql, {}, sink);
    sink.finish();
    return;
  }
  Result r = connection.execute(sql);
  if (!r.columns || r.columns->size() == 0) {
    const std::string n = std::to_string(r.changes);
    if (o_.format == Format::Table || o_.format == Format::Csv) write(n + (r.changes == 1 ? " row changed\n" : " rows changed\n"));
    else write("{\"changes\":" + n + "}\n");
    return;
  }
  printRows(r.columns->names(), r.rows);
}

}  // namespace roost::console
