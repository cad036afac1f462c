// The console's lexer and parser: table-driven cases (input line -> tree) and the errors,
// each with the byte offset the caret points at.
#include <doctest/doctest.h>

#include <string>

#include "console/lexer.hpp"
#include "console/parser.hpp"

using namespace roost::console;

namespace {

// A compact S-expression of the tree, so each case fits on one line.
std::string dump(const Node& n) {
  auto list = [&](const std::vector<NodePtr>& items) {
    std::string s;
    for (const auto& i : items) s += " " + dump(*i);
    return s;
  };
  switch (n.kind) {
    case Node::Kind::Null: return "null";
    case Node::Kind::Bool: return n.boolean ? "true" : "false";
    case Node::Kind::Integer: return std::to_string(n.integer);
    case Node::Kind::Real: return "r" + std::to_string(n.real).substr(0, 6);
    case Node::Kind::String: return "'" + n.text + "'";
    case Node::Kind::Array: return "[" + list(n.items) + " ]";
    case Node::Kind::Object: {
      std::string s = "{";
      for (std::size_t i = 0; i < n.items.size(); ++i) s += " " + n.keys[i] + ":" + dump(*n.items[i]);
      return s + " }";
    }
    case Node::Kind::Identifier: return n.text;
    case Node::Kind::Member: return "(. " + dump(*n.target) + " " + n.text + ")";
    case Node::Kind::Index: return "(index " + dump(*n.target) + list(n.items) + ")";
    case Node::Kind::Call: return "(call " + dump(*n.target) + list(n.items) + ")";
    case Node::Kind::Lambda: return "(=> " + n.text + " " + dump(*n.target) + ")";
    case Node::Kind::Assign: return "(= " + dump(*n.target) + list(n.items) + ")";
    case Node::Kind::Let: return "(let " + n.text + " " + dump(*n.target) + ")";
  }
  return "?";
}

}  // namespace

TEST_CASE("parser: the documented expressions become the expected trees") {
  struct Case {
    const char* input;
    const char* tree;
  };
  const Case cases[] = {
      {"Post.find(1)", "(call (. Post find) 1)"},
      {"await Post.find(1)", "(call (. Post find) 1)"},
      {"Post.where('status', 'published').all()", "(call (. (call (. Post where) 'status' 'published') all))"},
      {"Post.where('created_at', '>', \"2024-01-01\").count();",
       "(call (. (call (. Post where) 'created_at' '>' '2024-01-01') count))"},
      {"Post.whereIn('status', ['archived', 'deleted',]).count()",
       "(call (. (call (. Post whereIn) 'status' [ 'archived' 'deleted' ]) count))"},
      {"Post.paginate(2, 20)", "(call (. Post paginate) 2 20)"},
      {"User.posts.load(User.find(1))", "(call (. (. User posts) load) (call (. User find) 1))"},
      {"let u = User.find(1)", "(let u (call (. User find) 1))"},
      {"const u = await User.first()", "(let u (call (. User first)))"},
      {"u.attributes.name = 'x'", "(= (. (. u attributes) name) 'x')"},
      {"u.attributes['name'] = null", "(= (index (. u attributes) 'name') null)"},
      {"Post.create({title: 'x', 'status': \"draft\", n: -2, r: 1.5, ok: true})",
       "(call (. Post create) { title:'x' status:'draft' n:-2 r:r1.5000 ok:true })"},
      {"Post.create({title})", "(call (. Post create) { title:title })"},
      {"Post.where(q => q.where('a', 1).orWhere('b', 2))",
       "(call (. Post where) (=> q (call (. (call (. q where) 'a' 1) orWhere) 'b' 2)))"},
      {"Post.where((q) => q.whereNull('x'))", "(call (. Post where) (=> q (call (. q whereNull) 'x')))"},
      {"Post.all()[0]", "(index (call (. Post all)) 0)"},
      {"(Post).count()", "(call (. Post count))"},
      {"'it\\'s \\u00e9 \\x41\\n'", "'it's \xc3\xa9 A\n'"},
      {"`tpl`", "'tpl'"},
      {"1_000", "1000"},
      {"undefined", "null"},
      {"Post.count() // a comment", "(call (. Post count))"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.input);
    CHECK(dump(*parse(c.input)) == c.tree);
  }
}

TEST_CASE("parser: errors carry the offset of the failing column") {
  struct Case {
    const char* input;
    std::size_t offset;
    const char* message;
  };
  const Case cases[] = {
      {"Post.where('x'", 14, "missing ')'"},
      {"Post.where('x)", 11, "unterminated string"},
      {"Post.", 5, "expected a name after '.'"},
      {"Post..where()", 5, "expected a name after '.'"},
      {"Post.find(1) 2", 13, "after the expression"},
      {"let = 3", 4, "expected a variable name"},
      {"let x 3", 6, "expected '='"},
      {"Post.find(1) = 2", 13, "cannot assign"},
      {"Post # 1", 5, "unexpected character '#'"},
      {"Post.find(12abc)", 12, "after a number"},
      {"99999999999999999999", 0, "out of range"},
      {"'\\u12'", 1, "bad \\u escape"},
      {"", 0, "incomplete expression"},
      {"-'x'", 0, "'-' is only allowed before a number"},
      {"{a: 1", 5, "expected ',' or '}'"},
      {"[1 2]", 3, "expected ',' or ']'"},
      {"f(let)", 2, "starts a statement"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.input);
    try {
      parse(c.input);
      FAIL("no error");
    } catch (const SyntaxError& e) {
      CHECK(e.offset() == c.offset);
      CHECK(std::string(e.what()).find(c.message) != std::string::npos);
    }
  }
}

TEST_CASE("parser: deep nesting is an error, not a stack overflow") {
  std::string deep(100000, '[');
  CHECK_THROWS_AS(parse(deep), SyntaxError);
  std::string chain = "Post";
  for (int i = 0; i < 5000; ++i) chain += ".a()";
  CHECK_THROWS_AS(parse(chain), SyntaxError);
  std::string parens(5000, '(');
  CHECK_THROWS_AS(parse(parens + "1"), SyntaxError);
}

TEST_CASE("lexer: columns count characters, not bytes") {
  CHECK(columnAt("abc", 0) == 1);
  CHECK(columnAt("abc", 2) == 3);
  CHECK(columnAt("'é'.x", 4) == 4);  // é is two bytes
}

TEST_CASE("lexer: tokenizePrefix stops quietly inside an unterminated string") {
  bool inside = false;
  auto tokens = tokenizePrefix("Post.where('sta", inside);
  CHECK(inside);
  REQUIRE(tokens.size() == 4);
  CHECK(tokens[2].text == "where");
  tokens = tokenizePrefix("Post.wh", inside);
  CHECK_FALSE(inside);
  CHECK(tokens.back().text == "wh");
}

TEST_CASE("parser: at most 2000 keys in one object, and a statement of at most 1 MiB") {
  std::string keys;
  for (std::size_t i = 0; i < kMaxObjectKeys; ++i) keys += "k" + std::to_string(i) + ": 1, ";
  CHECK(parse("Post.create({" + keys + "})")->items.at(0)->keys.size() == kMaxObjectKeys);
  try {
    parse("Post.create({" + keys + "extra: 1})");
    FAIL("2001 keys were accepted");
  } catch (const SyntaxError& e) {
    CHECK(std::string(e.what()) == "more than 2000 keys in one object (the console's limit)");
    CHECK(e.offset() == 13 + keys.size());  // the caret at the first key too many
  }
  CHECK_THROWS_WITH_AS(parse("'" + std::string(kMaxLineBytes, 'x') + "'"),
                       "the statement is longer than 1048576 bytes (1 MiB), the console's limit", SyntaxError);
}
