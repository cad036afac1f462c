#include "roost/project/config_document.hpp"

#include <algorithm>
#include <memory>
#include <sstream>
#include <utility>

#include <toml++/toml.h>

#include "roost/orm/error.hpp"
#include "json_scan.hpp"
#include "toml_nesting.hpp"

namespace roost::project {
using namespace detail;
namespace {

using nlohmann::json;

// The same walk over a parsed TOML tree (every node knows where it starts).
const toml::node* findTomlNode(const toml::node& node, std::string_view target, std::size_t matched) {
  if (matched == target.size()) return &node;
  if (const toml::table* table = node.as_table()) {
    for (auto&& [key, child] : *table) {
      const std::string segment = keySegment(matched, key.str());
      if (continuesPath(target, matched, segment))
        if (const toml::node* found = findTomlNode(child, target, matched + segment.size())) return found;
    }
  } else if (const toml::array* array = node.as_array()) {
    for (std::size_t i = 0; i < array->size(); ++i) {
      const std::string segment = "[" + std::to_string(i) + "]";
      if (continuesPath(target, matched, segment))
        if (const toml::node* found = findTomlNode((*array)[i], target, matched + segment.size())) return found;
    }
  }
  return nullptr;
}

json tomlToJson(const toml::node& node) {
  if (const toml::table* table = node.as_table()) {
    json object = json::object();
    for (auto&& [key, child] : *table) object[std::string(key.str())] = tomlToJson(child);
    return object;
  }
  if (const toml::array* array = node.as_array()) {
    json list = json::array();
    for (const toml::node& item : *array) list.push_back(tomlToJson(item));
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
  const TextPosition at = locate ? locate(path).value_or(TextPosition{}) : TextPosition{};
  throw ConfigError(fileName, at.line, at.column, path.empty() ? message : path + ": " + message);
}

void ConfigDocument::failAtMember(std::string_view path, const std::string& message) const {
  const TextPosition at = locateMember ? locateMember(path).value_or(TextPosition{}) : TextPosition{};
  throw ConfigError(fileName, at.line, at.column, message);
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
  auto texts = std::make_shared<const std::pair<std::string, std::string>>(std::string(text), blankJsoncExtras(text, fileName));
  doc.locate = [texts](std::string_view path) {
    const std::optional<std::size_t> offset = findJsonValue(texts->second, path);
    return offset ? std::optional<TextPosition>(textPositionAt(texts->first, *offset)) : std::nullopt;
  };
  doc.locateMember = [texts](std::string_view path) {
    const std::optional<std::size_t> offset = findJsonMember(texts->second, path);
    return offset ? std::optional<TextPosition>(textPositionAt(texts->first, *offset)) : std::nullopt;
  };
  doc.positions = [texts, fileName] { return std::make_shared<const JsonPositions>(texts->first, fileName); };
  return doc;
}

ConfigDocument parseTomlDocument(std::string_view text, const std::string& fileName) {
  ConfigDocument doc;
  doc.fileName = fileName;
  doc.isToml = true;
  checkConfigText(text, fileName);
  checkTomlNesting(text, fileName);
  try {
    auto table = std::make_shared<const toml::table>(toml::parse(text, fileName));
    doc.root = tomlToJson(*table);
    doc.locate = [table](std::string_view path) -> std::optional<TextPosition> {
      const toml::node* node = findTomlNode(*table, path, 0);
      if (!node || node->source().begin.line == 0) return std::nullopt;
      return TextPosition{static_cast<int>(node->source().begin.line), static_cast<int>(node->source().begin.column)};
    };
    doc.locateMember = doc.locate;
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

}  // namespace roost::project
