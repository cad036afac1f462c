#pragma once
// The console's expression language: the subset of JavaScript/TypeScript that the ORM's
// documented usage is written in —
//
//   [await] Post.where('status', 'published').orderBy('created_at', 'desc').limit(10).all()
//   let u = User.find(1)          u.attributes.name = 'x'          u.save()
//   Post.create({title: 'x', status: 'draft'})      Post.whereIn('id', [1, 2, 3]).count()
//   Post.where(q => q.where('a', 1).orWhere('b', 2)).all()
//
// parse() turns one line into a tree of Nodes, each carrying the byte offset it came from.
// It knows nothing of models or the database (the Evaluator gives meaning to names), and
// depends on the standard library only, so the fuzz target builds it alone.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "console/lexer.hpp"

namespace roost::console {

struct Node;
using NodePtr = std::unique_ptr<Node>;

struct Node {
  enum class Kind {
    Null,       // null / undefined
    Bool,       // true / false
    Integer,    // 42
    Real,       // 4.2
    String,     // 'text'
    Array,      // [a, b]            items
    Object,     // {k: v}            keys + items
    Identifier, // Post, u           text
    Member,     // obj.name          target + text (offset: the name)
    Index,      // obj[expr]         target + items[0]
    Call,       // callee(args)      target (the callee) + items (offset: the '(')
    Lambda,     // q => body         text (the parameter) + target (the body)
    Assign,     // target = value    target + items[0]
    Let,        // let name = value  text + target (the value)
  };
  Kind kind = Kind::Null;
  std::size_t offset = 0;  // where the caret goes for an error about this node
  std::string text;
  std::int64_t integer = 0;
  double real = 0;
  bool boolean = false;
  NodePtr target;
  std::vector<NodePtr> items;
  std::vector<std::string> keys;  // Object: the key of each item
};

// Parses one statement (an optional trailing ';' is allowed). Throws SyntaxError.
NodePtr parse(std::string_view line);

// A short text of the node for messages: "Post.where(…)", "u.attributes.name".
std::string describe(const Node& n);

// The console's limits; beyond them parse() throws a SyntaxError at the place, never a stack
// overflow nor time or memory out of proportion to the line.
inline constexpr int kMaxDepth = 256;                   // nesting of calls, members, lambdas, [..] and {..}
inline constexpr std::size_t kMaxLineBytes = 1u << 20;  // one statement: 1 MiB
inline constexpr std::size_t kMaxObjectKeys = 2000;     // keys of one {..}: SQLite's most columns per table

}  // namespace roost::console
