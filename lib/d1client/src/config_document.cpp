#include "config_document.hpp"

#include <sstream>
#include <algorithm>
#include <utility>

#include <toml++/toml.h>

#include "roost/orm/error.hpp"

namespace roost::d1::detail {
namespace {

using nlohmann::json;

// Walks JSON text that nlohmann has already accepted and notes where each value starts.
// It only locates values; parsing and validation stay nlohmann's job.
class JsonValueLocator {
 public:
  explicit JsonValueLocator(std::string_view text) : text_(text) {}

  std::vector<std::pair<std::string, std::size_t>> run() {
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;  // nlohmann skips a UTF-8 BOM too
    skipSpace();
    value("");
    return std::move(found_);
  }

 private:
  char peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }

  void skipSpace() {
    while (peek() == ' ' || peek() == '\t' || peek() == '\n' || peek() == '\r') ++pos_;
  }

  void value(const std::string& path) {
    found_.emplace_back(path, pos_);
    switch (peek()) {
      case '{': members(path); break;
      case '[': elements(path); break;
      case '"': (void)stringToken(); break;
      default: skipScalar();
    }
  }

  void members(const std::string& path) {
    ++pos_;
    skipSpace();
    while (peek() == '"') {
      const std::string key = decodeKey(stringToken());
      skipSpace();
      if (peek() == ':') ++pos_;
      skipSpace();
      value(childPath(path, key));
      if (!nextItem()) break;
    }
    ++pos_;  // '}'
  }

  void elements(const std::string& path) {
    ++pos_;
    skipSpace();
    for (std::size_t i = 0; peek() != ']' && peek() != '\0'; ++i) {
      value(indexPath(path, i));
      if (!nextItem()) break;
    }
    ++pos_;  // ']'
  }

  bool nextItem() {
    skipSpace();
    if (peek() != ',') return false;
    ++pos_;
    skipSpace();
    return true;
  }

  std::string_view stringToken() {
    const std::size_t start = pos_++;
    while (pos_ < text_.size() && text_[pos_] != '"') pos_ += text_[pos_] == '\\' ? 2 : 1;
    pos_ = std::min(pos_ + 1, text_.size());
    return text_.substr(start, pos_ - start);
  }

  void skipScalar() {
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (c == ',' || c == '}' || c == ']' || c == ' ' || c == '\t' || c == '\n' || c == '\r') break;
      ++pos_;
    }
  }

  static std::string decodeKey(std::string_view token) {
    if (token.find('\\') == std::string_view::npos) return std::string(token.substr(1, token.size() - 2));
    return json::parse(token).get<std::string>();
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  std::vector<std::pair<std::string, std::size_t>> found_;
};

// Offsets arrive in document order, so one forward pass turns them all into line:col.
std::map<std::string, TextPosition> toPositions(std::string_view text,
                                                const std::vector<std::pair<std::string, std::size_t>>& offsets) {
  std::map<std::string, TextPosition> positions;
  TextPosition at{1, 1};
  std::size_t done = 0;
  for (const auto& [path, offset] : offsets) {
    const TextPosition step = textPositionAt(text.substr(done), offset - done);  // relative to `at`
    at = step.line == 1 ? TextPosition{at.line, at.column + step.column - 1}
                        : TextPosition{at.line + step.line - 1, step.column};
    done = offset;
    positions[path] = at;
  }
  return positions;
}

json tomlToJson(const toml::node& node, const std::string& path, std::map<std::string, TextPosition>& positions) {
  const toml::source_position begin = node.source().begin;
  if (begin.line > 0) positions[path] = {static_cast<int>(begin.line), static_cast<int>(begin.column)};
  if (const toml::table* table = node.as_table()) {
    json object = json::object();
    for (auto&& [key, child] : *table) object[std::string(key.str())] = tomlToJson(child, childPath(path, key.str()), positions);
    return object;
  }
  if (const toml::array* array = node.as_array()) {
    json list = json::array();
    for (std::size_t i = 0; i < array->size(); ++i) list.push_back(tomlToJson((*array)[i], indexPath(path, i), positions));
    return list;
  }
  if (const auto* text = node.as_string()) return text->get();
  if (const auto* integer = node.as_integer()) return integer->get();
  if (const auto* number = node.as_floating_point()) return number->get();
  if (const auto* flag = node.as_boolean()) return flag->get();
  std::ostringstream printed;  // dates and times: kept as their TOML text
  node.visit([&](const auto& v) { printed << v; });
  return printed.str();
}

}  // namespace

std::string childPath(const std::string& parent, std::string_view key) {
  return parent.empty() ? std::string(key) : parent + "." + std::string(key);
}

std::string indexPath(const std::string& parent, std::size_t index) {
  return parent + "[" + std::to_string(index) + "]";
}

std::string joinNames(const std::vector<std::string>& names) {
  std::string joined;
  for (const std::string& name : names) joined += (joined.empty() ? "" : ", ") + name;
  return joined;
}

void ConfigDocument::fail(const std::string& path, const std::string& message) const {
  const auto found = positions.find(path);
  const TextPosition at = found == positions.end() ? TextPosition{} : found->second;
  throw ConfigError(fileName, at.line, at.column, path.empty() ? message : path + ": " + message);
}

std::string ConfigDocument::describe(json::value_t type) const {
  switch (type) {
    case json::value_t::object: return isToml ? "a table" : "an object";
    case json::value_t::array: return "an array";
    case json::value_t::string: return "a string";
    case json::value_t::boolean: return "a boolean";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float: return "a number";
    case json::value_t::null: return "null";
    default: return "a value";
  }
}

const json* ConfigDocument::member(const json& object, const std::string& objectPath, std::string_view key,
                                   json::value_t expected) const {
  const auto found = object.find(key);
  if (found == object.end()) return nullptr;
  if (found->type() != expected)
    fail(childPath(objectPath, key), "expected " + describe(expected) + ", found " + describe(found->type()));
  return &*found;
}

std::string ConfigDocument::optionalString(const json& object, const std::string& objectPath, std::string_view key) const {
  const json* value = member(object, objectPath, key, json::value_t::string);
  return value ? value->get<std::string>() : std::string();
}

void ConfigDocument::requireObject(const json& value, const std::string& path) const {
  if (!value.is_object()) fail(path, "expected " + describe(json::value_t::object) + ", found " + describe(value.type()));
}

ConfigDocument parseJsoncDocument(std::string_view text, const std::string& fileName) {
  ConfigDocument doc;
  doc.fileName = fileName;
  doc.root = parseJsonc(text, fileName);
  doc.positions = toPositions(text, JsonValueLocator(blankJsoncExtras(text, fileName)).run());
  return doc;
}

ConfigDocument parseTomlDocument(std::string_view text, const std::string& fileName) {
  ConfigDocument doc;
  doc.fileName = fileName;
  doc.isToml = true;
  try {
    const toml::table table = toml::parse(text, fileName);
    doc.root = tomlToJson(table, "", doc.positions);
  } catch (const toml::parse_error& e) {
    const toml::source_position begin = e.source().begin;
    throw ConfigError(fileName, static_cast<int>(begin.line), static_cast<int>(begin.column), std::string(e.description()));
  }
  return doc;
}

ConfigDocument readConfigDocument(const std::filesystem::path& file) {
  const std::string text = readConfigText(file);
  if (file.extension() == ".toml") return parseTomlDocument(text, file.string());
  return parseJsoncDocument(text, file.string());
}

}  // namespace roost::d1::detail
