#include "roost/orm/condition.hpp"

#include <string>

#include "roost/orm/error.hpp"
#include "ascii_case.hpp"

namespace roost {

CompareOp parseCompareOp(std::string_view op) {
  const std::string lower = detail::asciiLower(op);
  if (lower == "=" || lower == "==") return CompareOp::Eq;
  if (lower == "!=" || lower == "<>") return CompareOp::Ne;
  if (lower == "<") return CompareOp::Lt;
  if (lower == "<=") return CompareOp::Le;
  if (lower == ">") return CompareOp::Gt;
  if (lower == ">=") return CompareOp::Ge;
  if (lower == "like") return CompareOp::Like;
  if (lower == "not like") return CompareOp::NotLike;
  throw UsageError("unknown operator '" + std::string(op) + "'; use one of = != <> < <= > >= like, not like");
}

void throwBetweenArity(bool between, std::string_view column, std::size_t count) {
  throw UsageError(std::string(between ? "whereBetween" : "whereNotBetween") + "(\"" + std::string(column) +
                   "\"): the range takes exactly two values, [low, high]; got " + std::to_string(count));
}

void throwBetweenNull(bool between, std::string_view column) {
  throw UsageError(std::string(between ? "whereBetween" : "whereNotBetween") + "(\"" + std::string(column) +
                   "\"): a NULL end matches no row in SQL; use whereNull, or where(column, \">=\", low) for one end");
}

const char* compareOpSql(CompareOp op) noexcept {
  switch (op) {
    case CompareOp::Eq: return " = ";
    case CompareOp::Ne: return " <> ";
    case CompareOp::Lt: return " < ";
    case CompareOp::Le: return " <= ";
    case CompareOp::Gt: return " > ";
    case CompareOp::Ge: return " >= ";
    case CompareOp::Like: return " LIKE ";
    case CompareOp::NotLike: return " NOT LIKE ";
  }
  return " = ";
}

}  // namespace roost
