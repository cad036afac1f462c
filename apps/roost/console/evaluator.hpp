#pragma once
// Evaluator: gives meaning to a parsed console line. Names are variables (`let u = …`) or
// models from the ModelCatalog; member calls run the entries of the method tables
// (console/methods.hpp) for models, queries, where-groups, records and relations. Every
// error is an EvalError carrying the byte offset of the part that failed, and nothing
// thrown by the ORM or the database escapes any other way.
//
// The catalog is asked for only when a line names a model, so `.tables` or a line of plain
// values never reads the schema. Not thread-safe.
#include <cstddef>
#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "console/methods.hpp"
#include "console/parser.hpp"
#include "console/value.hpp"
#include "project/model_catalog.hpp"
#include "roost/orm/suggest.hpp"

namespace roost::console {

class EvalError : public std::runtime_error {
 public:
  EvalError(std::string message, std::size_t offset) : std::runtime_error(std::move(message)), offset_(offset) {}
  std::size_t offset() const noexcept { return offset_; }

 private:
  std::size_t offset_;
};

// An error's text as the console shows it: a tenant model used with no tenant bound gets a
// hint on how to bind one.
std::string consoleErrorText(const std::exception& e);

class Evaluator {
 public:
  using CatalogSource = std::function<project::ModelCatalog&()>;
  Evaluator(Connection& connection, CatalogSource catalog);

  // Evaluates one statement. `let` yields Undefined (nothing to print), as in JavaScript.
  CValue evaluate(const Node& statement);

  const std::map<std::string, CValue>& variables() const noexcept { return vars_; }
  Connection& connection() const noexcept { return conn_; }
  project::ModelCatalog& catalog() { return catalog_(); }

  // Reads a Stream into a List of records (anything else is returned as is).
  CValue materialize(CValue v) const;

 private:
  CValue eval(const Node& n);
  CValue evalIdentifier(const Node& n);
  CValue evalMember(const Node& n);
  CValue evalIndex(const Node& n);
  CValue evalCall(const Node& n);
  CValue assign(const Node& n);

  // Method calls go through the tables of console/methods.hpp.
  CValue callQuery(const Node& call, const std::string& method, Query q, std::vector<CValue>& args, bool fromModel);
  void callGroup(const Node& call, const std::string& method, const GroupRef& group, std::vector<CValue>& args);
  CValue callOn(Receiver receiver, const Node& call, const std::string& method, std::vector<CValue>& args,
                const std::function<void(Call&)>& bind);
  void runCallback(WhereGroup& group, const CValue& fn, const ModelMeta& meta);
  std::function<void(const std::string&, std::size_t)> columnChecker(const ModelMeta& meta);

  Connection& conn_;
  CatalogSource catalog_;
  std::map<std::string, CValue> vars_;
  int lambdaDepth_ = 0;
};

// The closest candidate within a small edit distance, or "" (shared with the ORM's errors).
using roost::closestMatch;

}  // namespace roost::console
