#pragma once
// The console's method tables: one per receiver (model, query, record, relation). An entry
// names the method, its arity and usage, its argument and result kinds, and the handler
// that runs it. The evaluator dispatches through them, tab completion follows their result
// kinds, .help lists them and "did you mean" suggests from them, so a new method is one
// entry in methods.cpp, e.g.
//
//   {"whereBetween", 2, 2, "(column, [low, high])", {Arg::Column, Arg::Values}, Result::Query, true,
//    [](Call& c) { c.where([&](auto& b) { b.whereBetween(c.a.column(0), c.a.list(1)); }); return c.chained(); }},
//
// A query entry marked inGroup runs inside where(q => …) callbacks too; its handler must
// reach the builder only through Call::where().
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "console/call.hpp"

namespace roost::console {

enum class Receiver { Model, Query, Record, Relation };

enum class Arg {
  Column,     // a column name of the model's table
  Operator,   // '=', '>', 'like', …
  Value,      // a string, number, true/false, null or a record (its key)
  Values,     // an array of values
  Key,        // a key or an array of keys
  Where,      // a column name, a function q => … (a nested where-group) or an object of column: value
  Attributes, // an object of column: value
  Columns,    // column names: several strings or one array
  Relations,  // relation names (or dotted paths): several strings or one array
  Text,       // a string ('asc' | 'desc')
  Integer,
  Bool,
  Record,     // a record of the relation's parent model
  Records,    // a list of such records
};

enum class Result {
  Query,     // the changed query (builders); completion goes on with query methods
  Record,    // one record or null
  Records,   // a list (or a stream) of records
  List,      // a list of values
  Value,     // a number, string or boolean
  Object,    // an object (keyed pluck, getDirty)
  Page,      // a page of records with its counts
};

using Handler = CValue (*)(Call&);

struct Method {
  std::string_view name;
  std::size_t minArgs = 0;
  std::size_t maxArgs = 0;  // kAnyCount: variadic (the handler checks)
  std::string_view usage;   // "(column, [values])": "where() takes <usage>; got 4 arguments"
  std::vector<Arg> args;
  Result result = Result::Value;
  bool inGroup = false;  // query methods only: also on the q of where(q => …)
  Handler handler = nullptr;
};

const std::vector<Method>& methodsOf(Receiver receiver);
// The entry, or nullptr.
const Method* findMethod(Receiver receiver, std::string_view name);
// Entry names in table order; `inGroupOnly` keeps the where-family.
std::vector<std::string> methodNames(Receiver receiver, bool inGroupOnly = false);
// What completion and "did you mean" offer on a value of this kind: its methods and its
// properties (a model's tableName, a record's attributes), in the order suggestions prefer.
std::vector<std::string> memberNames(Receiver receiver);
// Whether some method of the receiver takes a function argument (where, orWhere), and a
// text naming them: "where() or orWhere()".
bool takesFunction(Receiver receiver, std::string_view name);
std::string functionTakers();
// The .help lines listing the query methods, builders then terminals.
std::string methodsHelp();

}  // namespace roost::console
