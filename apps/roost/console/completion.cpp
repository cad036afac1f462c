#include "console/completion.hpp"

#include <algorithm>
#include <cctype>

#include "console/evaluator.hpp"
#include "console/lexer.hpp"

namespace roost::console {

namespace {

const std::vector<std::string> kDotCommands = {".sql", ".tables", ".schema", ".models", ".format", ".help", ".exit", ".quit"};

bool isWordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$'; }

bool contains(const std::vector<std::string>& v, std::string_view s) { return std::find(v.begin(), v.end(), s) != v.end(); }

void keep(Completion& c, std::string_view prefix, const std::vector<std::string>& words) {
  for (const auto& w : words)
    if (w.size() >= prefix.size() && std::string_view(w).substr(0, prefix.size()) == prefix && !contains(c.candidates, w))
      c.candidates.push_back(w);
}

// What the chain left of the cursor evaluates to, as far as completion can tell without running it.
struct Receiver {
  enum class Kind { Unknown, Model, Query, Record, Attributes, Relation, List };
  Kind kind = Kind::Unknown;
  std::string model;  // the model it concerns
};

// The chain's names (root first) ending just before token index `end`, with whether each is called.
struct Link {
  std::string name;
  bool called = false;
};

std::vector<Link> chainBefore(const std::vector<Token>& tokens, std::size_t end) {
  std::vector<Link> links;
  std::size_t i = end;
  bool called = false;
  while (i > 0) {
    const Token& t = tokens[i - 1];
    if (t.is(")") || t.is("]")) {  // skip a balanced group backwards
      const bool call = t.is(")");
      int depth = 0;
      std::size_t j = i;
      while (j > 0) {
        const Token& u = tokens[j - 1];
        if (u.is(")") || u.is("]")) ++depth;
        if (u.is("(") || u.is("[")) --depth;
        --j;
        if (depth == 0) break;
      }
      if (depth != 0) return {};
      i = j;
      called = call || called;
      continue;
    }
    if (t.kind != Token::Kind::Identifier) break;
    links.push_back(Link{t.text, called});
    called = false;
    --i;
    if (i > 0 && tokens[i - 1].is(".")) {
      --i;
      continue;
    }
    break;
  }
  std::reverse(links.begin(), links.end());
  return links;
}

Receiver resolve(const std::vector<Link>& links, const CompletionSource& src) {
  Receiver r;
  if (links.empty()) return r;
  const std::string& root = links.front().name;
  if (src.models && contains(src.models(), root)) {
    r.kind = Receiver::Kind::Model;
    r.model = root;
  } else if (src.variableModel) {
    r.model = src.variableModel(root);
    if (!r.model.empty()) r.kind = Receiver::Kind::Record;
  }
  static const std::vector<std::string> kToRecord = {"first", "firstOrFail", "find", "findOrFail", "create", "refresh", "fill", "load"};
  for (std::size_t i = 1; i < links.size() && r.kind != Receiver::Kind::Unknown; ++i) {
    const Link& l = links[i];
    const auto relations = src.relations ? src.relations(r.model) : std::vector<std::string>{};
    switch (r.kind) {
      case Receiver::Kind::Model:
      case Receiver::Kind::Query:
        if (r.kind == Receiver::Kind::Model && !l.called && contains(relations, l.name)) {
          r.kind = Receiver::Kind::Relation;
          r.model = src.relatedModel ? src.relatedModel(r.model, l.name) : std::string();
        } else if (contains(kToRecord, l.name)) {
          r.kind = Receiver::Kind::Record;
        } else if (l.name == "all" || l.name == "get" || l.name == "pluck") {
          r.kind = Receiver::Kind::List;
        } else {
          r.kind = Receiver::Kind::Query;
        }
        break;
      case Receiver::Kind::Record:
        if (l.name == "attributes") r.kind = Receiver::Kind::Attributes;
        else if (contains(relations, l.name)) r.model = src.relatedModel ? src.relatedModel(r.model, l.name) : std::string();
        else if (!contains(kToRecord, l.name)) r.kind = Receiver::Kind::Unknown;
        break;
      case Receiver::Kind::Relation:
        r.kind = l.name == "load" ? Receiver::Kind::Record : Receiver::Kind::List;
        break;
      default: r.kind = Receiver::Kind::Unknown;
    }
  }
  return r;
}

}  // namespace

Completion complete(std::string_view line, const CompletionSource& src) {
  Completion c;
  std::size_t lead = 0;
  while (lead < line.size() && (line[lead] == ' ' || line[lead] == '\t')) ++lead;

  // Dot commands, and .schema's table argument.
  if (lead < line.size() && line[lead] == '.') {
    const std::size_t space = line.find(' ', lead);
    if (space == std::string_view::npos) {
      c.start = lead;
      keep(c, line.substr(lead), kDotCommands);
      return c;
    }
    const std::string_view cmd = line.substr(lead, space - lead);
    std::size_t start = line.size();
    while (start > space + 1 && isWordChar(line[start - 1])) --start;
    c.start = start;
    if (cmd == ".schema" && src.tables) keep(c, line.substr(start), src.tables());
    if (cmd == ".format") keep(c, line.substr(start), {"table", "json", "ndjson", "csv"});
    return c;
  }

  bool insideString = false;
  std::vector<Token> tokens = tokenizePrefix(line, insideString);

  if (insideString) {  // a column name (or a relation name inside with()/load())
    std::size_t quote = std::string_view::npos;
    char open = 0;
    for (std::size_t i = 0; i < line.size(); ++i) {
      const char ch = line[i];
      if (open) {
        if (ch == '\\') ++i;
        else if (ch == open) open = 0, quote = std::string_view::npos;
      } else if (ch == '\'' || ch == '"' || ch == '`') {
        open = ch;
        quote = i;
      }
    }
    if (quote == std::string_view::npos) return c;
    c.start = quote + 1;
    // The call the string is an argument of: the last '(' whose callee is a name.
    std::size_t paren = tokens.size();
    int depth = 0;
    for (std::size_t i = tokens.size(); i > 0; --i) {
      if (tokens[i - 1].is(")")) ++depth;
      if (tokens[i - 1].is("(")) {
        if (depth == 0) {
          paren = i - 1;
          break;
        }
        --depth;
      }
    }
    if (paren == tokens.size() || paren == 0) return c;
    const std::string method = tokens[paren - 1].kind == Token::Kind::Identifier ? tokens[paren - 1].text : "";
    std::vector<Link> links = chainBefore(tokens, paren);
    if (!links.empty()) links.pop_back();  // the method itself
    Receiver r = resolve(links, src);
    if (r.model.empty()) return c;
    const std::string_view prefix = line.substr(c.start);
    if (method == "with" || method == "load") {
      if (src.relations) keep(c, prefix, src.relations(r.model));
    } else if (src.columns) {
      keep(c, prefix, src.columns(r.model));
    }
    return c;
  }

  std::size_t start = line.size();
  while (start > 0 && isWordChar(line[start - 1])) --start;
  c.start = start;
  const std::string_view prefix = line.substr(start);

  if (start > 0 && line[start - 1] == '.') {
    // Tokens of the chain before the dot (the partial word, if any, is the last token).
    std::size_t end = tokens.size();
    if (!prefix.empty() && end > 0 && tokens[end - 1].kind == Token::Kind::Identifier) --end;
    if (end == 0 || !tokens[end - 1].is(".")) return c;
    Receiver r = resolve(chainBefore(tokens, end - 1), src);
    const auto relations = src.relations && !r.model.empty() ? src.relations(r.model) : std::vector<std::string>{};
    const auto columns = src.columns && !r.model.empty() ? src.columns(r.model) : std::vector<std::string>{};
    switch (r.kind) {
      case Receiver::Kind::Model:
        keep(c, prefix, Evaluator::modelMembers());
        keep(c, prefix, relations);
        break;
      case Receiver::Kind::Query: keep(c, prefix, Evaluator::queryMethods()); break;
      case Receiver::Kind::Record:
        keep(c, prefix, Evaluator::recordMethods());
        keep(c, prefix, relations);
        keep(c, prefix, columns);
        break;
      case Receiver::Kind::Attributes: keep(c, prefix, columns); break;
      case Receiver::Kind::Relation: keep(c, prefix, {"load", "loadMany"}); break;
      case Receiver::Kind::List: keep(c, prefix, {"length"}); break;
      case Receiver::Kind::Unknown: break;
    }
    return c;
  }

  if (src.models) keep(c, prefix, src.models());
  if (src.variables) keep(c, prefix, src.variables());
  if (start == lead || (tokens.size() == 2 && tokens[0].isWord("await"))) keep(c, prefix, {"let", "await"});
  return c;
}

}  // namespace roost::console
