#include "console/parser.hpp"

namespace roost::console {

namespace {

class Parser {
 public:
  explicit Parser(std::string_view line) : tokens_(tokenize(line)) {}

  NodePtr statement() {
    if (peek().isWord("await")) advance();
    NodePtr result;
    if (peek().isWord("let") || peek().isWord("const") || peek().isWord("var")) {
      advance();
      const Token& name = peek();
      if (name.kind != Token::Kind::Identifier || isReserved(name.text))
        throw SyntaxError("expected a variable name after 'let'", name.offset);
      result = node(Node::Kind::Let, name.offset);
      result->text = name.text;
      advance();
      expect("=", "expected '=' after the variable name");
      result->target = expression(0);
    } else {
      NodePtr lhs = expression(0);
      if (peek().is("=")) {
        const std::size_t at = peek().offset;
        if (lhs->kind != Node::Kind::Identifier && lhs->kind != Node::Kind::Member && lhs->kind != Node::Kind::Index)
          throw SyntaxError("cannot assign to this: only a variable, an attribute or an element", at);
        advance();
        result = node(Node::Kind::Assign, at);
        result->target = std::move(lhs);
        result->items.push_back(expression(0));
      } else {
        result = std::move(lhs);
      }
    }
    if (peek().is(";")) advance();
    if (peek().kind != Token::Kind::End) throw SyntaxError("unexpected " + shown(peek()) + " after the expression", peek().offset);
    return result;
  }

 private:
  static bool isReserved(const std::string& w) {
    for (const char* r : {"let", "const", "var", "await", "true", "false", "null", "undefined", "new"})
      if (w == r) return true;
    return false;
  }

  static std::string shown(const Token& t) {
    switch (t.kind) {
      case Token::Kind::End: return "end of input";
      case Token::Kind::String: return "string";
      case Token::Kind::Integer:
      case Token::Kind::Real: return "number " + t.text;
      default: return "'" + t.text + "'";
    }
  }

  const Token& peek(std::size_t ahead = 0) const {
    const std::size_t i = pos_ + ahead;
    return i < tokens_.size() ? tokens_[i] : tokens_.back();
  }
  void advance() {
    if (pos_ + 1 < tokens_.size()) ++pos_;
  }
  void expect(std::string_view punct, const std::string& message) {
    if (!peek().is(punct)) throw SyntaxError(message + ", found " + shown(peek()), peek().offset);
    advance();
  }
  static NodePtr node(Node::Kind k, std::size_t offset) {
    auto n = std::make_unique<Node>();
    n->kind = k;
    n->offset = offset;
    return n;
  }

  // A function `q => body` whose parameter is the next token; `tokens` of them (the parameter
  // up to and including "=>") are consumed before the body.
  NodePtr lambda(std::size_t tokens, int depth) {
    const Token param = peek();
    for (std::size_t i = 0; i < tokens; ++i) advance();
    NodePtr n = node(Node::Kind::Lambda, param.offset);
    n->text = param.text;
    n->target = expression(depth + 1);
    return n;
  }

  NodePtr expression(int depth) {
    if (depth > kMaxDepth) throw SyntaxError("expression nested too deeply", peek().offset);
    if (peek().isWord("await")) advance();
    NodePtr n = primary(depth + 1);
    while (true) {
      const Token& t = peek();
      if (t.is(".")) {
        advance();
        const Token& name = peek();
        if (name.kind != Token::Kind::Identifier)
          throw SyntaxError("expected a name after '.', found " + shown(name), name.offset);
        NodePtr m = node(Node::Kind::Member, name.offset);
        m->text = name.text;
        m->target = std::move(n);
        n = std::move(m);
        advance();
      } else if (t.is("(")) {
        NodePtr c = node(Node::Kind::Call, t.offset);
        advance();
        c->target = std::move(n);
        list(")", c->items, depth);
        n = std::move(c);
      } else if (t.is("[")) {
        NodePtr ix = node(Node::Kind::Index, t.offset);
        advance();
        ix->target = std::move(n);
        ix->items.push_back(expression(depth + 1));
        expect("]", "expected ']'");
        n = std::move(ix);
      } else {
        return n;
      }
      if (++depth > kMaxDepth) throw SyntaxError("expression nested too deeply", peek().offset);
    }
  }

  // Comma-separated expressions up to `close` (a trailing comma is allowed).
  void list(std::string_view close, std::vector<NodePtr>& out, int depth) {
    while (!peek().is(close)) {
      if (peek().kind == Token::Kind::End)
        throw SyntaxError("missing '" + std::string(close) + "'", peek().offset);
      out.push_back(expression(depth + 1));
      if (peek().is(",")) {
        advance();
        continue;
      }
      if (peek().kind == Token::Kind::End) throw SyntaxError("missing '" + std::string(close) + "'", peek().offset);
      if (!peek().is(close))
        throw SyntaxError("expected ',' or '" + std::string(close) + "', found " + shown(peek()), peek().offset);
    }
    advance();
  }

  NodePtr primary(int depth) {
    const Token t = peek();
    switch (t.kind) {
      case Token::Kind::Integer: {
        if (t.onlyNegated) throw SyntaxError("integer out of range (64-bit)", t.offset);
        advance();
        NodePtr n = node(Node::Kind::Integer, t.offset);
        n->integer = t.integer;
        return n;
      }
      case Token::Kind::Real: {
        advance();
        NodePtr n = node(Node::Kind::Real, t.offset);
        n->real = t.real;
        return n;
      }
      case Token::Kind::String: {
        advance();
        NodePtr n = node(Node::Kind::String, t.offset);
        n->text = t.text;
        return n;
      }
      case Token::Kind::Identifier: {
        if (t.text == "true" || t.text == "false") {
          advance();
          NodePtr n = node(Node::Kind::Bool, t.offset);
          n->boolean = t.text == "true";
          return n;
        }
        if (t.text == "null" || t.text == "undefined") {
          advance();
          return node(Node::Kind::Null, t.offset);
        }
        if (t.text == "let" || t.text == "const" || t.text == "var")
          throw SyntaxError("'" + t.text + "' starts a statement; it cannot appear inside an expression", t.offset);
        if (peek(1).is("=>")) return lambda(2, depth);  // q => body
        advance();
        NodePtr n = node(Node::Kind::Identifier, t.offset);
        n->text = t.text;
        return n;
      }
      case Token::Kind::Punct:
        if (t.is("-")) {  // a negative number literal
          advance();
          const Token& num = peek();
          if (num.kind == Token::Kind::Integer) {
            advance();
            NodePtr n = node(Node::Kind::Integer, t.offset);
            n->integer = num.onlyNegated ? INT64_MIN : -num.integer;  // -9223372036854775808 is INT64_MIN
            return n;
          }
          if (num.kind == Token::Kind::Real) {
            advance();
            NodePtr n = node(Node::Kind::Real, t.offset);
            n->real = -num.real;
            return n;
          }
          throw SyntaxError("'-' is only allowed before a number", t.offset);
        }
        if (t.is("(")) {
          // (q) => body, or a parenthesised expression
          if (peek(1).kind == Token::Kind::Identifier && peek(2).is(")") && peek(3).is("=>")) {
            advance();
            return lambda(3, depth);
          }
          advance();
          NodePtr inner = expression(depth + 1);
          expect(")", "expected ')'");
          return inner;
        }
        if (t.is("[")) {
          advance();
          NodePtr n = node(Node::Kind::Array, t.offset);
          list("]", n->items, depth);
          return n;
        }
        if (t.is("{")) {
          advance();
          NodePtr n = node(Node::Kind::Object, t.offset);
          object(*n, depth);
          return n;
        }
        break;
      default: break;
    }
    throw SyntaxError(t.kind == Token::Kind::End ? "incomplete expression" : "unexpected " + shown(t), t.offset);
  }

  void object(Node& n, int depth) {
    while (!peek().is("}")) {
      const Token key = peek();
      if (key.kind == Token::Kind::Identifier || key.kind == Token::Kind::String) {
        n.keys.push_back(key.text);
      } else if (key.kind == Token::Kind::Integer) {
        n.keys.push_back(key.text);
      } else if (key.kind == Token::Kind::End) {
        throw SyntaxError("missing '}'", key.offset);
      } else {
        throw SyntaxError("expected a key (name or string), found " + shown(key), key.offset);
      }
      if (n.keys.size() > kMaxObjectKeys)
        throw SyntaxError("more than " + std::to_string(kMaxObjectKeys) + " keys in one object (the console's limit)",
                          key.offset);
      advance();
      if (peek().is(",") || peek().is("}")) {  // {title} shorthand: the variable of that name
        if (key.kind != Token::Kind::Identifier) throw SyntaxError("expected ':' after the key", peek().offset);
        NodePtr ref = node(Node::Kind::Identifier, key.offset);
        ref->text = key.text;
        n.items.push_back(std::move(ref));
      } else {
        expect(":", "expected ':' after the key");
        n.items.push_back(expression(depth + 1));
      }
      if (peek().is(",")) {
        advance();
        continue;
      }
      if (!peek().is("}")) throw SyntaxError("expected ',' or '}', found " + shown(peek()), peek().offset);
    }
    advance();
  }

  std::vector<Token> tokens_;
  std::size_t pos_ = 0;
};

}  // namespace

NodePtr parse(std::string_view line) {
  if (line.size() > kMaxLineBytes)
    throw SyntaxError("the statement is longer than " + std::to_string(kMaxLineBytes) +
                          " bytes (1 MiB), the console's limit",
                      0);
  return Parser(line).statement();
}

std::string describe(const Node& n) {
  switch (n.kind) {
    case Node::Kind::Identifier: return n.text;
    case Node::Kind::Member: return describe(*n.target) + "." + n.text;
    case Node::Kind::Call: return describe(*n.target) + (n.items.empty() ? "()" : "(…)");
    case Node::Kind::Index: return describe(*n.target) + "[…]";
    case Node::Kind::String: return "'" + n.text + "'";
    case Node::Kind::Integer: return std::to_string(n.integer);
    case Node::Kind::Array: return "[…]";
    case Node::Kind::Object: return "{…}";
    case Node::Kind::Lambda: return n.text + " => …";
    default: return "value";
  }
}

}  // namespace roost::console
