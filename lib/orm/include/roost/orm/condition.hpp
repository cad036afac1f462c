#pragma once
// Conditions form a small tree — comparisons, IN lists, ranges, NULL tests and parenthesised
// groups — recorded by the query builder and turned into SQL only by the Grammar.
// Because groups are nodes rather than text, a scope ANDed around the user's conditions
// can never be widened by an orWhere inside them.
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <ranges>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "roost/orm/value.hpp"

namespace roost {

enum class CompareOp : std::uint8_t { Eq, Ne, Lt, Le, Gt, Ge, Like, NotLike };

// Parses "=", "!=", "<>", "<", "<=", ">", ">=", "like", "not like" (any case);
// throws UsageError listing these for anything else.
CompareOp parseCompareOp(std::string_view op);
const char* compareOpSql(CompareOp op) noexcept;

struct Condition {
  enum class Kind : std::uint8_t { Compare, In, NotIn, Between, NotBetween, Null, NotNull, Group };
  Kind kind = Kind::Compare;
  bool orJoin = false;  // joined to the previous sibling with OR (ignored on the first)
  CompareOp op = CompareOp::Eq;
  std::string column;
  Value value;                      // Compare
  std::vector<Value> values;        // In / NotIn; Between / NotBetween: {low, high}
  std::vector<Condition> children;  // Group
};

class WhereGroup;

// A container whose elements each make one Value — std::vector<std::string>, std::array,
// std::set, std::vector<std::int64_t>, ... — for whereIn and friends. Not text itself (a
// std::string is a range of chars, not a list), and not std::vector<Value> (taken as is).
template <class R>
concept ValueRange = std::ranges::input_range<R> && std::constructible_from<Value, std::ranges::range_reference_t<R>> &&
                     !std::convertible_to<R, std::string_view> && !std::same_as<std::remove_cvref_t<R>, std::vector<Value>>;

template <ValueRange R>
std::vector<Value> toValues(R&& range) {
  std::vector<Value> out;
  if constexpr (std::ranges::sized_range<R>) out.reserve(static_cast<std::size_t>(std::ranges::size(range)));
  for (auto&& v : range) out.emplace_back(v);
  return out;
}

// UsageError for a whereBetween / whereNotBetween range that is not exactly {low, high}.
[[noreturn]] void throwBetweenArity(bool between, std::string_view column, std::size_t count);
[[noreturn]] void throwBetweenNull(bool between, std::string_view column);

// The where-family of builder methods, shared by queries and nested groups (CRTP so each
// returns its own type for chaining).
template <class Derived>
class ConditionBuilder {
 public:
  Derived& where(std::string_view column, Value value) { return compare(false, column, CompareOp::Eq, std::move(value)); }
  Derived& where(std::string_view column, std::string_view op, Value value) {
    return compare(false, column, parseCompareOp(op), std::move(value));
  }
  template <std::invocable<WhereGroup&> F>
  Derived& where(F&& fn) { return group(false, std::forward<F>(fn)); }

  Derived& orWhere(std::string_view column, Value value) { return compare(true, column, CompareOp::Eq, std::move(value)); }
  Derived& orWhere(std::string_view column, std::string_view op, Value value) {
    return compare(true, column, parseCompareOp(op), std::move(value));
  }
  template <std::invocable<WhereGroup&> F>
  Derived& orWhere(F&& fn) { return group(true, std::forward<F>(fn)); }
  // Laravel's array form: where({{"name", "Taylor"}, {"age", 40}}) ANDs the equalities in a
  // group; orWhere({...}) ORs them: `... OR ("name" = ? OR "age" = ?)`.
  using ColumnValues = std::vector<std::pair<std::string, Value>>;
  Derived& where(const ColumnValues& equalities) { return equalityGroup(false, false, equalities); }
  Derived& orWhere(const ColumnValues& equalities) { return equalityGroup(true, true, equalities); }

  Derived& whereIn(std::string_view column, std::vector<Value> values) { return in(false, Condition::Kind::In, column, std::move(values)); }
  Derived& orWhereIn(std::string_view column, std::vector<Value> values) { return in(true, Condition::Kind::In, column, std::move(values)); }
  Derived& whereNotIn(std::string_view column, std::vector<Value> values) { return in(false, Condition::Kind::NotIn, column, std::move(values)); }
  Derived& orWhereNotIn(std::string_view column, std::vector<Value> values) { return in(true, Condition::Kind::NotIn, column, std::move(values)); }
  template <ValueRange R>
  Derived& whereIn(std::string_view column, R&& values) { return whereIn(column, toValues(values)); }
  template <ValueRange R>
  Derived& orWhereIn(std::string_view column, R&& values) { return orWhereIn(column, toValues(values)); }
  template <ValueRange R>
  Derived& whereNotIn(std::string_view column, R&& values) { return whereNotIn(column, toValues(values)); }
  template <ValueRange R>
  Derived& orWhereNotIn(std::string_view column, R&& values) { return orWhereNotIn(column, toValues(values)); }
  // Laravel's whereBetween("votes", {1, 100}): low <= column <= high, both ends included.
  // Exactly two values, neither NULL; anything else is refused (Laravel silently uses the
  // first two, and a NULL end silently matches nothing).
  Derived& whereBetween(std::string_view column, std::vector<Value> range) { return between(false, Condition::Kind::Between, column, std::move(range)); }
  Derived& orWhereBetween(std::string_view column, std::vector<Value> range) { return between(true, Condition::Kind::Between, column, std::move(range)); }
  Derived& whereNotBetween(std::string_view column, std::vector<Value> range) { return between(false, Condition::Kind::NotBetween, column, std::move(range)); }
  Derived& orWhereNotBetween(std::string_view column, std::vector<Value> range) { return between(true, Condition::Kind::NotBetween, column, std::move(range)); }
  Derived& whereNull(std::string_view column) { return nullTest(false, Condition::Kind::Null, column); }
  Derived& orWhereNull(std::string_view column) { return nullTest(true, Condition::Kind::Null, column); }
  Derived& whereNotNull(std::string_view column) { return nullTest(false, Condition::Kind::NotNull, column); }
  Derived& orWhereNotNull(std::string_view column) { return nullTest(true, Condition::Kind::NotNull, column); }

 private:
  Derived& self() { return static_cast<Derived&>(*this); }
  std::vector<Condition>& list() { return self().conditionList(); }

  Derived& compare(bool orJoin, std::string_view column, CompareOp op, Value value) {
    Condition c;
    c.kind = Condition::Kind::Compare;
    c.orJoin = orJoin;
    c.op = op;
    c.column = column;
    c.value = std::move(value);
    list().push_back(std::move(c));
    return self();
  }
  Derived& in(bool orJoin, Condition::Kind kind, std::string_view column, std::vector<Value> values) {
    Condition c;
    c.kind = kind;
    c.orJoin = orJoin;
    c.column = column;
    c.values = std::move(values);
    list().push_back(std::move(c));
    return self();
  }
  Derived& between(bool orJoin, Condition::Kind kind, std::string_view column, std::vector<Value> range) {
    const bool isBetween = kind == Condition::Kind::Between;
    if (range.size() != 2) throwBetweenArity(isBetween, column, range.size());
    if (range[0].isNull() || range[1].isNull()) throwBetweenNull(isBetween, column);
    return in(orJoin, kind, column, std::move(range));
  }
  Derived& nullTest(bool orJoin, Condition::Kind kind, std::string_view column) {
    Condition c;
    c.kind = kind;
    c.orJoin = orJoin;
    c.column = column;
    list().push_back(std::move(c));
    return self();
  }
  template <class F>
  Derived& group(bool orJoin, F&& fn);
  Derived& equalityGroup(bool orJoin, bool membersOr, const ColumnValues& equalities) {
    Condition g;
    g.kind = Condition::Kind::Group;
    g.orJoin = orJoin;
    for (const auto& [column, value] : equalities) {
      Condition c;
      c.orJoin = membersOr;
      c.column = column;
      c.value = value;
      g.children.push_back(std::move(c));
    }
    list().push_back(std::move(g));
    return self();
  }
};

// The builder handed to a nested-group callback: where(fn) / orWhere(fn) produce "( ... )".
class WhereGroup : public ConditionBuilder<WhereGroup> {
 public:
  std::vector<Condition>& conditionList() { return conditions_; }
  std::vector<Condition> take() { return std::move(conditions_); }

 private:
  std::vector<Condition> conditions_;
};

template <class Derived>
template <class F>
Derived& ConditionBuilder<Derived>::group(bool orJoin, F&& fn) {
  WhereGroup g;
  std::forward<F>(fn)(g);
  Condition c;
  c.kind = Condition::Kind::Group;
  c.orJoin = orJoin;
  c.children = g.take();
  list().push_back(std::move(c));
  return self();
}

}  // namespace roost
