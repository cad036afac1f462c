#include "toml_nesting.hpp"

#include <algorithm>
#include <cstddef>
#include <string>
#include <vector>

#include "roost/project/config_limits.hpp"
#include "roost/project/jsonc.hpp"
#include "roost/orm/error.hpp"

namespace roost::project::detail {
namespace {

// A lexical pass, not a parser: it knows strings, comments, keys from values and brackets, and
// counts an upper bound of the depth at every point. Malformed text is toml++'s to report.
class TomlNestingScanner {
 public:
  TomlNestingScanner(std::string_view text, const std::string& fileName) : text_(text), fileName_(fileName) {}

  void run() {
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (c == '"' || c == '\'') {
        skipString();
        continue;
      }
      if (c == '#') {
        while (pos_ < text_.size() && text_[pos_] != '\n') ++pos_;
        continue;
      }
      if (c == '\n') {
        ++pos_;
        if (open_.empty()) lineStart();
        continue;
      }
      if (atLineStart_ && c == '[') {
        header();
        continue;
      }
      if (c != ' ' && c != '\t' && c != '\r') atLineStart_ = false;
      onChar(c);
      ++pos_;
    }
  }

 private:
  struct Open {
    char bracket;  // '[' array, '{' inline table
    int inner;     // the depth of what it holds
  };

  void lineStart() {
    atLineStart_ = true;
    inKey_ = true;
    depth_ = headerDepth_ + 1;  // a key's value lies inside the current table
    deeper(0);
  }

  // [a.b."c.d"] or [[a.b]]: one level per segment (and one for an array of tables).
  void header() {
    atLineStart_ = false;
    ++pos_;
    int depth = 1;
    if (pos_ < text_.size() && text_[pos_] == '[') {
      ++depth;
      ++pos_;
    }
    while (pos_ < text_.size() && text_[pos_] != ']' && text_[pos_] != '\n') {
      const char c = text_[pos_];
      if (c == '"' || c == '\'') {
        skipString();
        continue;
      }
      if (c == '.') {
        ++depth;
        depth_ = depth;
        deeper(0);
      }
      ++pos_;
    }
    headerDepth_ = depth;
    depth_ = depth;
    deeper(0);
    inKey_ = false;  // the rest of the line: "]", "]]", a comment
    while (pos_ < text_.size() && text_[pos_] == ']') ++pos_;
  }

  void onChar(char c) {
    if (inKey_) {
      if (c == '.') deeper(1);
      else if (c == '=') inKey_ = false;
      else if (c == '}' || c == ',') close(c);
      return;
    }
    if (c == '[' || c == '{') {
      deeper(1);
      open_.push_back({c, depth_});
      inKey_ = c == '{';
    } else if (c == ']' || c == '}' || c == ',') {
      close(c);
    }
  }

  void close(char c) {
    if (open_.empty()) return;
    if (c == ',') {
      depth_ = open_.back().inner;
      inKey_ = open_.back().bracket == '{';
      return;
    }
    open_.pop_back();
    depth_ = open_.empty() ? headerDepth_ + 1 : open_.back().inner;
    inKey_ = false;
  }

  void deeper(int levels) {
    depth_ += levels;
    if (depth_ <= kMaxConfigNesting) return;
    const TextPosition at = textPositionAt(text_, pos_);
    throw ConfigError(fileName_, at.line, at.column,
                      "nested deeper than " + std::to_string(kMaxConfigNesting) +
                          " levels of tables, arrays and dotted-key segments (the limit for project files)");
  }

  void skipString() { pos_ = tomlStringEnd(text_, pos_); }

  std::string_view text_;
  const std::string& fileName_;
  std::size_t pos_ = 0;
  std::vector<Open> open_;
  int headerDepth_ = 0;
  int depth_ = 1;
  bool inKey_ = true;
  bool atLineStart_ = true;
};

}  // namespace

void checkTomlNesting(std::string_view text, const std::string& fileName) {
  TomlNestingScanner(text, fileName).run();
}

std::size_t tomlStringEnd(std::string_view text, std::size_t pos) {
  const char quote = text[pos];
  const bool multiLine = text.substr(pos, 3) == std::string(3, quote);
  pos += multiLine ? 3 : 1;
  while (pos < text.size()) {
    const char c = text[pos];
    if (c == '\\' && quote == '"') {
      pos += 2;
      continue;
    }
    if (!multiLine && c == '\n') return pos;
    if (c == quote && (!multiLine || text.substr(pos, 3) == std::string(3, quote))) {
      pos += multiLine ? 3 : 1;
      while (multiLine && pos < text.size() && text[pos] == quote) ++pos;  // """a"""" ends with a quote
      return pos;
    }
    ++pos;
  }
  return std::min(pos, text.size());
}

}  // namespace roost::project::detail
