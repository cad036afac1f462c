#include "toml_edit.hpp"

#include <algorithm>
#include <cstddef>
#include <optional>
#include <vector>

#include <toml++/toml.h>

#include "roost/orm/error.hpp"
#include "toml_nesting.hpp"

namespace roost::project::detail {
namespace {

constexpr std::size_t npos = std::string_view::npos;

bool isBareKeyChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

std::string tomlString(std::string_view value) {
  std::string out = "\"";
  for (const char ch : value) {
    const auto c = static_cast<unsigned char>(ch);
    if (ch == '"' || ch == '\\') {
      out += '\\';
      out += ch;
    } else if (ch == '\n') {
      out += "\\n";
    } else if (ch == '\t') {
      out += "\\t";
    } else if (c < 0x20 || c == 0x7f) {
      static const char* hex = "0123456789ABCDEF";
      out += "\\u00";
      out += hex[c >> 4];
      out += hex[c & 15];
    } else {
      out += ch;
    }
  }
  return out + "\"";
}

// One [table] or [[array-of-tables]] header line, found by a lexical pass over the whole text.
struct TomlHeader {
  std::size_t start = 0;  // its '['
  std::size_t line = 0;   // 1-based
  bool arrayOfTables = false;
  std::optional<std::vector<std::string>> keys;  // nullopt when a segment is beyond this reader
  std::size_t contentBefore = npos;             // the last significant byte before the header
};

struct TomlLayout {
  std::vector<TomlHeader> headers;
  std::size_t lastContent = npos;  // the last significant byte of the text
};

// Knows strings, comments and brackets (so a '[' inside a value or string is never a header).
// Malformed text never gets here: toml++ has accepted it.
class TomlLayoutScanner {
 public:
  explicit TomlLayoutScanner(std::string_view text) : text_(text) {}

  TomlLayout run() {
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (c == '\n') {
        ++line_;
        ++pos_;
        atLineStart_ = depth_ == 0;
      } else if (c == ' ' || c == '\t' || c == '\r') {
        ++pos_;
      } else if (c == '#') {
        while (pos_ < text_.size() && text_[pos_] != '\n') ++pos_;
      } else if (atLineStart_ && c == '[') {
        header();
      } else {
        atLineStart_ = false;
        if (c == '"' || c == '\'') {
          skipString();
          layout_.lastContent = pos_ - 1;
          continue;
        }
        if (c == '[' || c == '{') ++depth_;
        else if ((c == ']' || c == '}') && depth_ > 0) --depth_;
        layout_.lastContent = pos_++;
      }
    }
    return std::move(layout_);
  }

 private:
  void header() {
    TomlHeader h;
    h.start = pos_;
    h.line = line_;
    h.contentBefore = layout_.lastContent;
    ++pos_;
    if (pos_ < text_.size() && text_[pos_] == '[') {
      h.arrayOfTables = true;
      ++pos_;
    }
    std::vector<std::string> keys;
    bool readable = true;
    for (;;) {
      skipSpaces();
      std::optional<std::string> key = keySegment();
      if (!key) {
        readable = false;
        break;
      }
      keys.push_back(std::move(*key));
      skipSpaces();
      if (pos_ < text_.size() && text_[pos_] == '.') {
        ++pos_;
        continue;
      }
      break;
    }
    while (pos_ < text_.size() && text_[pos_] != '\n') {  // the closing brackets, perhaps a comment
      if (text_[pos_] == '"' || text_[pos_] == '\'') {
        skipString();
        continue;
      }
      if (text_[pos_] == '#') break;
      ++pos_;
    }
    if (readable) h.keys = std::move(keys);
    layout_.headers.push_back(std::move(h));
    atLineStart_ = false;
  }

  std::optional<std::string> keySegment() {
    if (pos_ >= text_.size()) return std::nullopt;
    const char c = text_[pos_];
    if (c == '\'') {
      const std::size_t end = text_.find('\'', pos_ + 1);
      if (end == npos) return std::nullopt;
      std::string key(text_.substr(pos_ + 1, end - pos_ - 1));
      pos_ = end + 1;
      return key;
    }
    if (c == '"') {
      std::string key;
      for (++pos_; pos_ < text_.size() && text_[pos_] != '"'; ++pos_) {
        if (text_[pos_] == '\\') {
          const char next = pos_ + 1 < text_.size() ? text_[pos_ + 1] : '\0';
          if (next != '"' && next != '\\') return std::nullopt;  // \u and friends: not a binding path anyway
          ++pos_;
        }
        key += text_[pos_];
      }
      ++pos_;
      return key;
    }
    const std::size_t start = pos_;
    while (pos_ < text_.size() && isBareKeyChar(text_[pos_])) ++pos_;
    if (pos_ == start) return std::nullopt;
    return std::string(text_.substr(start, pos_ - start));
  }

  void skipSpaces() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t')) ++pos_;
  }

  void skipString() {
    const std::size_t end = tomlStringEnd(text_, pos_);
    line_ += static_cast<std::size_t>(std::count(text_.begin() + static_cast<std::ptrdiff_t>(pos_),
                                                 text_.begin() + static_cast<std::ptrdiff_t>(end), '\n'));
    pos_ = end;
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
  int depth_ = 0;
  bool atLineStart_ = true;
  TomlLayout layout_;
};

std::vector<std::size_t> lineStarts(std::string_view text) {
  std::vector<std::size_t> starts{0};
  for (std::size_t i = 0; i < text.size(); ++i)
    if (text[i] == '\n') starts.push_back(i + 1);
  return starts;
}

std::string leadingSpace(std::string_view text, std::size_t from) {
  std::size_t end = from;
  while (end < text.size() && (text[end] == ' ' || text[end] == '\t')) ++end;
  return std::string(text.substr(from, end - from));
}

[[noreturn]] void refuse(const std::string& fileName, const toml::source_region& at, const std::string& why,
                         const BindingKeyEdit& edit, const std::string& where) {
  throw ConfigEditRefused(fileName, static_cast<int>(at.begin.line), static_cast<int>(at.begin.column),
                          "the D1 binding " + edit.binding + " " + why + "; add this by hand " + where + ":\n    " +
                              tomlKeyValue(edit.key, edit.value));
}

// `key = "old"` on one line, at line `line`: the new text with the value replaced, or nullopt
// when the line is not that simple (a multi-line string, a dotted key, another type).
std::optional<std::string> replaceSimpleValue(std::string_view text, std::size_t lineStart, const BindingKeyEdit& edit) {
  std::size_t p = lineStart;
  auto skip = [&] {
    while (p < text.size() && (text[p] == ' ' || text[p] == '\t')) ++p;
  };
  skip();
  const std::size_t keyStart = p;
  while (p < text.size() && isBareKeyChar(text[p])) ++p;
  std::string key(text.substr(keyStart, p - keyStart));
  if (key.empty() && p < text.size() && (text[p] == '"' || text[p] == '\'')) {
    const std::size_t end = text.find(text[p], p + 1);
    if (end == npos) return std::nullopt;
    key = std::string(text.substr(p + 1, end - p - 1));
    if (text[p] == '"' && key.find('\\') != npos) return std::nullopt;
    p = end + 1;
  }
  if (key != edit.key) return std::nullopt;
  skip();
  if (p >= text.size() || text[p] != '=') return std::nullopt;
  ++p;
  skip();
  if (p >= text.size() || (text[p] != '"' && text[p] != '\'') || text.substr(p, 3) == std::string(3, text[p]))
    return std::nullopt;
  const char quote = text[p];
  std::size_t end = p + 1;
  while (end < text.size() && text[end] != quote && text[end] != '\n') end += (quote == '"' && text[end] == '\\') ? 2 : 1;
  if (end >= text.size() || text[end] != quote) return std::nullopt;
  return std::string(text.substr(0, p)) + tomlString(edit.value) + std::string(text.substr(end + 1));
}

}  // namespace

std::string tomlKeyValue(std::string_view key, std::string_view value) {
  bool bare = !key.empty();
  for (const char c : key) bare = bare && isBareKeyChar(c);
  return (bare ? std::string(key) : tomlString(key)) + " = " + tomlString(value);
}

std::string setTomlTableKey(std::string_view text, const std::string& fileName, const std::string& sectionPath,
                            std::size_t index, const BindingKeyEdit& edit) {
  const toml::table root = toml::parse(text, fileName);
  const toml::node* section = sectionPath.empty() ? static_cast<const toml::node*>(&root) : root["env"][edit.env].node();
  const toml::table* sectionTable = section ? section->as_table() : nullptr;
  const toml::array* list = sectionTable ? sectionTable->get_as<toml::array>("d1_databases") : nullptr;
  const toml::table* entry = list && index < list->size() ? (*list)[index].as_table() : nullptr;
  const toml::node* binding = entry ? entry->get("binding") : nullptr;
  if (!entry || !binding) throw ConfigError(fileName, 0, 0, "cannot find the D1 binding " + edit.binding + " to edit");
  const std::string listName = sectionPath.empty() ? "d1_databases" : "env." + edit.env + ".d1_databases";
  if (entry->is_inline())
    refuse(fileName, entry->source(), "is written as an inline table, which roost does not rewrite", edit, "inside its { ... }");

  const TomlLayout layout = TomlLayoutScanner(text).run();
  const std::size_t bindingLine = binding->source().begin.line;
  std::size_t block = npos;
  for (std::size_t i = 0; i < layout.headers.size() && layout.headers[i].line < bindingLine; ++i) block = i;
  const std::vector<std::string> expected =
      sectionPath.empty() ? std::vector<std::string>{"d1_databases"} : std::vector<std::string>{"env", edit.env, "d1_databases"};
  if (block == npos || !layout.headers[block].arrayOfTables || layout.headers[block].keys != expected)
    refuse(fileName, binding->source(), "is not written as a [[" + listName + "]] block, which roost does not rewrite", edit,
           "to its table in " + listName);

  const std::vector<std::size_t> starts = lineStarts(text);
  if (const toml::node* existing = entry->get(edit.key)) {
    const std::size_t line = existing->source().begin.line;
    std::optional<std::string> replaced;
    if (line > 0 && line <= starts.size()) replaced = replaceSimpleValue(text, starts[line - 1], edit);
    if (!replaced) refuse(fileName, existing->source(), "has " + edit.key + " in a form roost does not rewrite (not a one-line string)", edit, "in its place");
    return *replaced;
  }

  std::size_t last = block + 1 < layout.headers.size() ? layout.headers[block + 1].contentBefore : layout.lastContent;
  if (last == npos || last < layout.headers[block].start) last = layout.headers[block].start;
  const std::string indent = leadingSpace(text, starts[bindingLine - 1]);
  const std::string line = indent + tomlKeyValue(edit.key, edit.value);
  std::string out(text);
  const std::size_t newline = text.find('\n', last);
  if (newline == npos) return out + (text.find("\r\n") != npos ? "\r\n" : "\n") + line;
  const std::string eol = newline > 0 && text[newline - 1] == '\r' ? "\r\n" : "\n";
  return out.insert(newline + 1, line + eol);
}

}  // namespace roost::project::detail
