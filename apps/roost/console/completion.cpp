#include "console/completion.hpp"

#include <algorithm>
#include <cctype>

#include "console/lexer.hpp"
#include "console/methods.hpp"

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
struct Target {
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

// Where completion goes after a call with this result.
Target::Kind kindOf(Result result) {
  switch (result) {
    case Result::Query: return Target::Kind::Query;
    case Result::Record: return Target::Kind::Record;
    case Result::Records:
    case Result::List: return Target::Kind::List;
    default: return Target::Kind::Unknown;
  }
}

// Whether a method's string arguments name relations (with, load) rather than columns.
bool takesRelations(std::string_view method) {
  for (auto receiver : {console::Receiver::Query, console::Receiver::Record})
    if (const Method* m = findMethod(receiver, method))
      for (Arg a : m->args)
        if (a == Arg::Relations) return true;
  return false;
}

Target resolve(const std::vector<Link>& links, const CompletionSource& src) {
  Target r;
  if (links.empty()) return r;
  const std::string& root = links.front().name;
  if (src.models && contains(src.models(), root)) {
    r.kind = Target::Kind::Model;
    r.model = root;
  } else if (src.variableModel) {
    r.model = src.variableModel(root);
    if (!r.model.empty()) r.kind = Target::Kind::Record;
  }
  for (std::size_t i = 1; i < links.size() && r.kind != Target::Kind::Unknown; ++i) {
    const Link& l = links[i];
    const auto relations = src.relations ? src.relations(r.model) : std::vector<std::string>{};
    switch (r.kind) {
      case Target::Kind::Model:
      case Target::Kind::Query: {
        if (r.kind == Target::Kind::Model && !l.called && contains(relations, l.name)) {
          r.kind = Target::Kind::Relation;
          r.model = src.relatedModel ? src.relatedModel(r.model, l.name) : std::string();
          break;
        }
        const Method* m = r.kind == Target::Kind::Model ? findMethod(console::Receiver::Model, l.name) : nullptr;
        if (!m) m = findMethod(console::Receiver::Query, l.name);
        r.kind = m ? kindOf(m->result) : Target::Kind::Query;
        break;
      }
      case Target::Kind::Record:
        if (l.name == "attributes") r.kind = Target::Kind::Attributes;
        else if (contains(relations, l.name)) r.model = src.relatedModel ? src.relatedModel(r.model, l.name) : std::string();
        else if (const Method* m = findMethod(console::Receiver::Record, l.name); !m || m->result != Result::Record)
          r.kind = Target::Kind::Unknown;
        break;
      case Target::Kind::Relation: {
        const Method* m = findMethod(console::Receiver::Relation, l.name);
        r.kind = m && m->result == Result::Record ? Target::Kind::Record : Target::Kind::List;
        break;
      }
      default: r.kind = Target::Kind::Unknown;
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
    Target r = resolve(links, src);
    if (r.model.empty()) return c;
    const std::string_view prefix = line.substr(c.start);
    if (takesRelations(method)) {
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
    Target r = resolve(chainBefore(tokens, end - 1), src);
    const auto relations = src.relations && !r.model.empty() ? src.relations(r.model) : std::vector<std::string>{};
    const auto columns = src.columns && !r.model.empty() ? src.columns(r.model) : std::vector<std::string>{};
    switch (r.kind) {
      case Target::Kind::Model:
        keep(c, prefix, memberNames(console::Receiver::Model));
        keep(c, prefix, relations);
        break;
      case Target::Kind::Query: keep(c, prefix, memberNames(console::Receiver::Query)); break;
      case Target::Kind::Record:
        keep(c, prefix, memberNames(console::Receiver::Record));
        keep(c, prefix, relations);
        keep(c, prefix, columns);
        break;
      case Target::Kind::Attributes: keep(c, prefix, columns); break;
      case Target::Kind::Relation: keep(c, prefix, memberNames(console::Receiver::Relation)); break;
      case Target::Kind::List: keep(c, prefix, {"length"}); break;
      case Target::Kind::Unknown: break;
    }
    return c;
  }

  if (src.models) keep(c, prefix, src.models());
  if (src.variables) keep(c, prefix, src.variables());
  if (start == lead || (tokens.size() == 2 && tokens[0].isWord("await"))) keep(c, prefix, {"let", "await"});
  return c;
}

}  // namespace roost::console
