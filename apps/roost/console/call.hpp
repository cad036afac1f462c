#pragma once
// One console method call as its handler sees it: the arguments (Args, whose readers name
// the method and point the caret at the offending argument) and the receiver. The
// evaluator builds a Call, checks its arity against the method's table entry
// (console/methods.hpp), then runs the entry's handler.
#include <cstddef>
#include <functional>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "console/parser.hpp"
#include "console/value.hpp"

namespace roost::console {

using Fields = std::vector<std::pair<std::string, Value>>;

inline constexpr std::size_t kAnyCount = std::numeric_limits<std::size_t>::max();  // a variadic method's most

struct Args {
  const Node& call;
  const std::string& method;
  std::vector<CValue>& values;
  std::function<void(const std::string&, std::size_t)> checkColumn = {};  // throws on a column the table lacks
  std::string_view usage = {};  // the entry's, for arity() without one

  std::size_t size() const { return values.size(); }
  std::size_t offsetOf(std::size_t i) const { return i < call.items.size() ? call.items[i]->offset : call.offset; }

  void arity(std::size_t min, std::size_t max, std::string_view usageText) const;
  void arity(std::size_t min, std::size_t max) const { arity(min, max, usage); }
  // A value (string, number, true/false, null); a record stands for its key.
  Value scalar(std::size_t i) const;
  std::string text(std::size_t i, const char* what) const;
  // A column name argument, checked against the model's table when the schema knows it.
  std::string column(std::size_t i) const;
  std::int64_t integer(std::size_t i, const char* what) const;
  std::vector<Value> list(std::size_t i) const;
  Fields fields(std::size_t i) const;
  // Names given either as several strings or as one array of strings (at least one).
  std::vector<std::string> names(const char* what) const;
};

struct Call {
  Call(const Args& args, std::size_t offset, Connection& conn) : a(args), at(offset), connection(conn) {}

  const Args& a;
  std::size_t at;  // the method name's offset, for errors about the call as a whole
  Connection& connection;

  // The receiver: one of these is set.
  const ModelMeta* model = nullptr;     // Post.create(…)
  Query* query = nullptr;               // Post.where(…), q.limit(…)
  WhereGroup* group = nullptr;          // the q of where(q => q.where(…))
  std::shared_ptr<Record> record;       // u.save()
  const RelationRef* relation = nullptr;  // User.posts.load(u)

  bool fromModel = false;  // query: started by the model itself (Post.delete() would remove every row)
  // Runs a where(q => …) callback on the group the ORM hands in.
  std::function<void(WhereGroup&, const CValue&)> runGroup = {};

  // The where-family's builder: the query or the group; f is called with either.
  template <class F>
  void where(F&& f) const {
    if (query) f(*query);
    else f(*group);
  }
  // What a builder method yields: the changed query (or the group, inside a callback).
  CValue chained() const {
    if (group) return GroupRef{group, nullptr};
    return QueryRef{std::make_shared<const Query>(std::move(*query))};
  }
};

// A record's relation as a value: a list for hasMany/belongsToMany, else the record or null
// (loaded on first use; errors point at offset).
CValue relatedValue(const std::shared_ptr<Record>& record, const RelationDef& def, std::size_t offset);

}  // namespace roost::console
