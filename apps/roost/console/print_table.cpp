// The table printer: aligned columns for people, fitted to the terminal when its width is
// known (see format.hpp).
#include <algorithm>

#include "console/json_text.hpp"
#include "console/printers.hpp"
#include "console/text_width.hpp"
#include "output.hpp"
#include "roost/orm/relation.hpp"

namespace roost::console {

namespace {

const char* kDim = "\x1b[2m";
const char* kBold = "\x1b[1m";
const char* kReset = "\x1b[0m";

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

std::string styled(bool color, const char* style, const std::string& text) { return color ? style + text + kReset : text; }

void trimLine(std::string& out) {
  while (!out.empty() && out.back() == ' ') out.pop_back();
  out += '\n';
}

// Column names with one (key | value) line each; values cut to fit `screen` when known.
class RecordLines {
 public:
  RecordLines(bool color, std::size_t screen) : color_(color), screen_(screen) {}
  void add(std::string key, Cell value) { lines_.emplace_back(std::move(key), std::move(value)); }
  std::size_t keyWidth() const {
    std::size_t w = 0;
    for (const auto& [k, v] : lines_) w = std::max(w, displayWidth(k));
    return w;
  }
  void render(std::string& out, std::size_t keyWidth) const {
    const std::size_t valueWidth = screen_ > keyWidth + 3 ? screen_ - keyWidth - 3 : 0;
    for (const auto& [key, value] : lines_) {
      out += styled(color_, kBold, key);
      out.append(keyWidth - displayWidth(key), ' ');
      out += " | ";
      const std::string text = screen_ ? cutToWidth(value.text, std::max<std::size_t>(valueWidth, 1)) : value.text;
      out += value.dim ? styled(color_, kDim, text) : text;
      out += '\n';
    }
  }

 private:
  bool color_;
  std::size_t screen_;
  std::vector<std::pair<std::string, Cell>> lines_;
};

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

  // Aligned rows; with a known screen width the widest columns are cut to fit it, and rows
  // that still would not fit print as records one under the other.
  std::string render(bool color, std::size_t screen) const {
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
    if (screen && !fit(width, screen)) return vertical(color, screen);

    std::string out;
    auto pad = [&](const std::string& whole, std::size_t w, bool right, const char* style) {
      const std::string text = cutToWidth(whole, w);
      const std::size_t n = w - std::min(w, displayWidth(text));
      if (style) out += style;
      if (right) out.append(n, ' ');
      out += text;
      if (!right) out.append(n, ' ');
      if (style) out += kReset;
    };
    for (std::size_t i = 0; i < header_.size(); ++i) {
      out += i ? " | " : " ";
      pad(header_[i], width[i], false, color ? kBold : nullptr);
    }
    trimLine(out);
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
        pad(c.text, width[i], numeric[i] && any[i], color && c.dim ? kDim : nullptr);
      }
      trimLine(out);  // no trailing blanks at the end of a line
    }
    return out;
  }

 private:
  // The widest line (the rule under the header): " a | b " plus one column each side.
  static std::size_t lineWidth(const std::vector<std::size_t>& width) {
    std::size_t n = width.empty() ? 0 : 3 * width.size() - 1;
    for (std::size_t w : width) n += w;
    return n;
  }

  // Narrows the widest columns, one column at a time, down to a floor each (the header up
  // to 10 columns, at least 4); false when even that is wider than the screen.
  bool fit(std::vector<std::size_t>& width, std::size_t screen) const {
    std::vector<std::size_t> floor(width.size());
    for (std::size_t i = 0; i < width.size(); ++i)
      floor[i] = std::min(width[i], std::max<std::size_t>(4, std::min<std::size_t>(displayWidth(header_[i]), 10)));
    std::size_t total = lineWidth(width);
    while (total > screen) {
      std::size_t widest = width.size();
      for (std::size_t i = 0; i < width.size(); ++i)
        if (width[i] > floor[i] && (widest == width.size() || width[i] > width[widest])) widest = i;
      if (widest == width.size()) return false;
      --width[widest];
      --total;
    }
    return true;
  }

  // psql's expanded view: "-[ RECORD n ]" and one column | value line per column.
  std::string vertical(bool color, std::size_t screen) const {
    std::string out;
    std::size_t keyWidth = 0;
    for (const auto& h : header_) keyWidth = std::max(keyWidth, displayWidth(h));
    std::size_t valueWidth = 0;
    for (const auto& row : rows_)
      for (const Cell& c : row) valueWidth = std::max(valueWidth, displayWidth(c.text));
    const std::size_t rule = std::min(keyWidth + 3 + valueWidth, screen);  // the widest line
    for (std::size_t r = 0; r < rows_.size(); ++r) {
      RecordLines lines(color, screen);
      for (std::size_t i = 0; i < header_.size(); ++i) lines.add(header_[i], i < rows_[r].size() ? rows_[r][i] : Cell{});
      std::string title = "-[ RECORD " + std::to_string(r + 1) + " ]";
      if (rule > title.size()) title.append(rule - title.size(), '-');
      out += styled(color, kDim, title) + "\n";
      lines.render(out, keyWidth);
    }
    return out;
  }

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
  return styled(color, kDim, "(" + std::to_string(n) + (n == 1 ? " row)" : " rows)")) + "\n";
}

std::string describeModel(const ModelMeta& m) {
  std::string s = m.displayName() + "  table " + m.table + ", key " + m.primaryKey;
  if (m.timestamps) s += ", timestamps";
  if (m.softDeletes) s += ", soft deletes";
  if (m.tenantColumn) s += ", tenant column " + *m.tenantColumn;
  for (const auto& name : m.relations.names()) {
    const RelationDef& d = *m.relations.find(name);
    s += "\n  ." + name + "  " + relationKindName(d.kind) + " " + d.related->displayName();
  }
  return s + "\n";
}

class TablePrinter final : public FormatPrinter {
 public:
  using FormatPrinter::FormatPrinter;

  void print(const CValue& value) override {
    const bool color = o_.color;
    if (auto* s = value.as<Stream>()) {
      Table t;
      s->query->each([&](const Record& r) { addRecordRow(t, r, o_.maxCellWidth); });
      return write(rendered(t) + countLine(t.rowCount(), color));
    }
    if (auto* b = value.as<Bool>()) return write(std::string(b->value ? "true" : "false") + "\n");
    if (auto* x = value.as<Value>()) {
      if (x->isNull()) return write("null\n");
      return write((x->isBlob() ? cellOf(*x, 0) : x->toString()) + "\n");
    }
    if (auto* r = value.as<RecordRef>()) return write(recordView(*r->record));
    if (auto* p = value.as<PageRef>()) {
      Table t;
      for (const Record& r : p->page->data) addRecordRow(t, r, o_.maxCellWidth);
      const auto& pg = *p->page;
      const std::string meta = "total: " + std::to_string(pg.total) + "  perPage: " + std::to_string(pg.perPage) +
                               "  currentPage: " + std::to_string(pg.currentPage) +
                               "  lastPage: " + std::to_string(pg.lastPage);
      return write(rendered(t) + styled(color, kDim, meta) + "\n");
    }
    if (auto* l = value.as<List>()) return printList(*l, value);
    if (auto* m = value.as<ModelRef>()) return write(describeModel(*m->meta));
    if (auto* q = value.as<QueryRef>()) {
      const CompiledSql sql = q->query->toSql();
      std::string text = "query: " + sql.sql;
      if (!sql.bindings.empty()) {
        text += "  -- bindings: ";
        for (std::size_t i = 0; i < sql.bindings.size(); ++i) text += (i ? ", " : "") + sql.bindings[i].toSqlLiteral();
      }
      return write(text + "\n(run it with .all(), .first(), .count(), …)\n");
    }
    if (auto* rel = value.as<RelationRef>()) {
      const RelationDef& d = *rel->def;
      return write(rel->parent->displayName() + "." + d.name + ": " + relationKindName(d.kind) + " " +
                   d.related->displayName() + " (load it with ." + d.name + ".load(record) or with('" + d.name + "'))\n");
    }
    std::string out;
    appendJson(out, value);  // objects, attributes
    write(out + "\n");
  }

  void printRows(const std::vector<std::string>& columns, const std::vector<std::vector<Value>>& rows) override {
    Table t;
    for (const auto& c : columns) t.column(c);
    for (const auto& r : rows) {
      auto& row = t.newRow();
      for (std::size_t i = 0; i < r.size(); ++i) t.put(row, i, cell(r[i], o_.maxCellWidth));
    }
    write(t.render(o_.color, o_.terminalWidth) + countLine(rows.size(), o_.color));
  }

 private:
  std::string rendered(const Table& t) const { return t.rowCount() ? t.render(o_.color, o_.terminalWidth) : std::string(); }

  // One record, vertically: column | value.
  std::string recordView(const Record& rec) const {
    // Values get more room than table cells, as they have a line each.
    const std::size_t wide = std::max<std::size_t>(o_.maxCellWidth * 2, 80);
    RecordLines lines(o_.color, o_.terminalWidth);
    for (std::size_t i = 0; i < rec.attributes.size(); ++i) lines.add(rec.attributes.name(i), cell(rec.attributes.value(i), wide));
    for (const auto& name : rec.loadedRelations()) lines.add(name, Cell{relationCell(rec, name), false, false});
    std::string out;
    lines.render(out, lines.keyWidth());
    return out;
  }

  void printList(const List& l, const CValue& value) {
    bool records = true, scalars = true;
    for (const CValue& item : *l.items) {
      records = records && item.is<RecordRef>();
      scalars = scalars && (item.is<Value>() || item.is<Bool>());
    }
    Table t;
    if (!l.items->empty() && records) {
      for (const CValue& item : *l.items) addRecordRow(t, *item.as<RecordRef>()->record, o_.maxCellWidth);
    } else if (!l.items->empty() && scalars) {
      const std::size_t col = t.column(l.column.empty() ? "value" : l.column);
      for (const CValue& item : *l.items) {
        auto& row = t.newRow();
        if (auto* b = item.as<Bool>()) t.put(row, col, Cell{b->value ? "true" : "false", false, false});
        else t.put(row, col, cell(*item.as<Value>(), o_.maxCellWidth));
      }
    } else if (!l.items->empty()) {
      std::string out;
      appendJson(out, value);
      return write(out + "\n");
    }
    write(rendered(t) + countLine(t.rowCount(), o_.color));
  }
};

}  // namespace

std::unique_ptr<FormatPrinter> makeTablePrinter(const PrintOptions& options, cli::Output& out) {
  return std::make_unique<TablePrinter>(options, out);
}

}  // namespace roost::console
