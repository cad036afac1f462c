#include "json_scan.hpp"

#include <algorithm>
#include <unordered_map>

#include <nlohmann/json.hpp>

namespace roost::project::detail {

// Whether `segment` continues the `matched` bytes of `target` as a whole path segment.
bool continuesPath(std::string_view target, std::size_t matched, std::string_view segment) {
  if (target.compare(matched, segment.size(), segment) != 0) return false;
  const std::size_t next = matched + segment.size();
  return next == target.size() || target[next] == '.' || target[next] == '[';
}

std::string keySegment(std::size_t matched, std::string_view key) {
  return matched == 0 ? std::string(key) : "." + std::string(key);
}

namespace {

// A position in accepted JSON text and the moves every walk needs.
class JsonCursor {
 public:
  explicit JsonCursor(std::string_view text, std::size_t pos = 0) : text_(text), pos_(pos) {}

 protected:
  char peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }

  void skipSpace() {
    while (peek() == ' ' || peek() == '\t' || peek() == '\n' || peek() == '\r') ++pos_;
  }

  bool nextItem() {
    skipSpace();
    if (peek() != ',') return false;
    ++pos_;
    skipSpace();
    return true;
  }

  // Past one value of any depth, counting brackets instead of recursing.
  void skipValue() {
    int depth = 0;
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (c == '"') {
        (void)stringToken();
        if (depth == 0) return;
        continue;
      }
      if (c == '{' || c == '[') ++depth;
      else if (c == '}' || c == ']') {
        if (depth == 0) return;
        if (--depth == 0) {
          ++pos_;
          return;
        }
      } else if (depth == 0 && (c == ',' || c == ' ' || c == '\t' || c == '\n' || c == '\r')) {
        return;
      }
      ++pos_;
    }
  }

  std::string_view stringToken() {
    const std::size_t start = pos_++;
    while (pos_ < text_.size() && text_[pos_] != '"') pos_ += text_[pos_] == '\\' ? 2 : 1;
    pos_ = std::min(pos_ + 1, text_.size());
    return text_.substr(start, pos_ - start);
  }

  static std::string decodeKey(std::string_view token) {
    if (token.find('\\') == std::string_view::npos) return std::string(token.substr(1, token.size() - 2));
    return nlohmann::json::parse(token).get<std::string>();
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

// Only members on the way to the target are entered (the rest are skipped), so it is one pass.
class JsonPathFinder : JsonCursor {
 public:
  JsonPathFinder(std::string_view text, std::string_view target) : JsonCursor(text), target_(target) {}

  // Where the value starts, and where its member is written (the key, else the value itself).
  struct Found {
    std::size_t value = 0, member = 0;
  };

  std::optional<Found> run() {
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;  // nlohmann skips a UTF-8 BOM too
    skipSpace();
    value(0, pos_);
    return found_;
  }

 private:
  // The value at pos_ (its member written at memberStart), whose path matches the first
  // `matched` bytes of the target.
  void value(std::size_t matched, std::size_t memberStart) {
    if (matched == target_.size()) found_ = Found{pos_, memberStart};
    if (peek() == '{') members(matched);
    else if (peek() == '[') elements(matched);
    else skipValue();
  }

  void members(std::size_t matched) {
    ++pos_;
    skipSpace();
    while (peek() == '"') {
      const std::size_t keyStart = pos_;
      const std::string segment = keySegment(matched, decodeKey(stringToken()));
      skipSpace();
      if (peek() == ':') ++pos_;
      skipSpace();
      if (continuesPath(target_, matched, segment)) value(matched + segment.size(), keyStart);
      else skipValue();
      if (!nextItem()) break;
    }
    ++pos_;  // '}'
  }

  void elements(std::size_t matched) {
    ++pos_;
    skipSpace();
    for (std::size_t i = 0; peek() != ']' && peek() != '\0'; ++i) {
      const std::string segment = "[" + std::to_string(i) + "]";
      if (continuesPath(target_, matched, segment)) value(matched + segment.size(), pos_);
      else skipValue();
      if (!nextItem()) break;
    }
    ++pos_;  // ']'
  }

  std::string_view target_;
  std::optional<Found> found_;
};

class JsonObjectScanner : JsonCursor {
 public:
  using JsonCursor::JsonCursor;

  JsonObjectSpan run() {
    JsonObjectSpan span;
    span.open = pos_++;
    skipSpace();
    while (peek() == '"') {
      JsonMember member;
      member.keyStart = pos_;
      member.key = decodeKey(stringToken());
      skipSpace();
      if (peek() == ':') ++pos_;
      skipSpace();
      member.valueStart = pos_;
      skipValue();
      member.valueEnd = pos_;
      span.members.push_back(std::move(member));
      if (!nextItem()) break;
    }
    skipSpace();
    span.close = pos_;
    return span;
  }
};

class JsonPositionIndexer : JsonCursor {
 public:
  using JsonCursor::JsonCursor;

  JsonPositionNode run() {
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;  // nlohmann skips a UTF-8 BOM too
    skipSpace();
    return value();
  }

 private:
  JsonPositionNode value() {
    JsonPositionNode node;
    node.offset = pos_;
    if (peek() == '{') members(node);
    else if (peek() == '[') elements(node);
    else skipValue();
    return node;
  }

  void members(JsonPositionNode& node) {
    std::unordered_map<std::string, std::size_t> seen;  // key -> index in node.members
    ++pos_;
    skipSpace();
    while (peek() == '"') {
      const std::size_t keyStart = pos_;
      std::string key = decodeKey(stringToken());
      skipSpace();
      if (peek() == ':') ++pos_;
      skipSpace();
      JsonPositionNode child = value();
      if (const auto [at, fresh] = seen.emplace(key, node.members.size()); !fresh)
        node.members[at->second].value = std::move(child);
      else
        node.members.push_back(JsonPositionMember{std::move(key), keyStart, std::move(child)});
      if (!nextItem()) break;
    }
    ++pos_;  // '}'
  }

  void elements(JsonPositionNode& node) {
    ++pos_;
    skipSpace();
    while (peek() != ']' && peek() != '\0') {
      node.elements.push_back(value());
      if (!nextItem()) break;
    }
    ++pos_;  // ']'
  }
};

}  // namespace

JsonPositionNode indexJsonPositions(std::string_view plain) { return JsonPositionIndexer(plain).run(); }

std::optional<std::size_t> findJsonValue(std::string_view plain, std::string_view path) {
  const auto found = JsonPathFinder(plain, path).run();
  return found ? std::optional<std::size_t>(found->value) : std::nullopt;
}

std::optional<std::size_t> findJsonMember(std::string_view plain, std::string_view path) {
  const auto found = JsonPathFinder(plain, path).run();
  return found ? std::optional<std::size_t>(found->member) : std::nullopt;
}

JsonObjectSpan scanJsonObject(std::string_view plain, std::size_t open) { return JsonObjectScanner(plain, open).run(); }

}  // namespace roost::project::detail
