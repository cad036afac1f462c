#include "project/naming.hpp"

#include <algorithm>
#include <cctype>
#include <utility>
#include <vector>

namespace roost::project {

namespace {

constexpr std::pair<std::string_view, std::string_view> kIrregular[] = {
    {"person", "people"}, {"child", "children"}, {"man", "men"},     {"woman", "women"},
    {"mouse", "mice"},    {"goose", "geese"},    {"foot", "feet"},   {"tooth", "teeth"},
    {"datum", "data"},    {"medium", "media"},   {"index", "indices"}, {"criterion", "criteria"},
};
constexpr std::string_view kUncountable[] = {"data", "media", "series", "species", "news", "sheep", "fish",
                                             "equipment", "information", "metadata"};

bool endsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Inflects the last word of a snake_case name, keeping the prefix ("blog_posts" -> "blog_post").
template <class F>
std::string lastWord(std::string_view name, F&& inflect) {
  const std::size_t cut = name.rfind('_');
  if (cut == std::string_view::npos || cut + 1 == name.size()) return inflect(name);
  return std::string(name.substr(0, cut + 1)) + inflect(name.substr(cut + 1));
}

std::string singularWord(std::string_view w) {
  std::string lower;
  for (char c : w) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (auto u : kUncountable)
    if (lower == u) return std::string(w);
  for (auto [one, many] : kIrregular)
    if (lower == many) return std::string(w.substr(0, 1)) + std::string(one.substr(1));
  if (w.size() > 3 && endsWith(lower, "ies")) return std::string(w.substr(0, w.size() - 3)) + "y";
  if (w.size() > 4 && (endsWith(lower, "sses") || endsWith(lower, "shes") || endsWith(lower, "ches") ||
                       endsWith(lower, "xes") || endsWith(lower, "zzes")))
    return std::string(w.substr(0, w.size() - 2));
  if (w.size() > 3 && endsWith(lower, "uses")) return std::string(w.substr(0, w.size() - 2));  // statuses, buses
  if (w.size() > 1 && endsWith(lower, "s") && !endsWith(lower, "ss") && !endsWith(lower, "us") && !endsWith(lower, "is"))
    return std::string(w.substr(0, w.size() - 1));
  return std::string(w);
}

std::string pluralWord(std::string_view w) {
  std::string lower;
  for (char c : w) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (auto u : kUncountable)
    if (lower == u) return std::string(w);
  for (auto [one, many] : kIrregular)
    if (lower == one) return std::string(w.substr(0, 1)) + std::string(many.substr(1));
  if (w.size() > 1 && endsWith(lower, "y") && std::string_view("aeiou").find(lower[lower.size() - 2]) == std::string_view::npos)
    return std::string(w.substr(0, w.size() - 1)) + "ies";
  if (endsWith(lower, "s") || endsWith(lower, "x") || endsWith(lower, "z") || endsWith(lower, "ch") || endsWith(lower, "sh"))
    return std::string(w) + "es";
  return std::string(w) + "s";
}

}  // namespace

std::string singular(std::string_view word) { return lastWord(word, singularWord); }
std::string plural(std::string_view word) { return lastWord(word, pluralWord); }

std::string pascalCase(std::string_view snake) {
  std::string out;
  bool upper = true;
  for (char c : snake) {
    if (c == '_' || c == '-' || c == ' ') {
      upper = true;
      continue;
    }
    out += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  return out;
}

std::string camelCase(std::string_view snake) {
  std::string out = pascalCase(snake);
  if (!out.empty()) out[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(out[0])));
  return out;
}

std::string snakeCase(std::string_view camel) {
  std::string out;
  for (std::size_t i = 0; i < camel.size(); ++i) {
    const auto c = static_cast<unsigned char>(camel[i]);
    if (std::isupper(c)) {
      if (i > 0 && camel[i - 1] != '_') out += '_';
      out += static_cast<char>(std::tolower(c));
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::string modelNameForTable(std::string_view table) { return pascalCase(singular(table)); }
std::string tableNameForModel(std::string_view model) { return plural(snakeCase(model)); }

}  // namespace roost::project
