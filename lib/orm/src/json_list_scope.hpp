#pragma once
// Private to lib/orm: the second compile of Grammar's fitting step (grammar.hpp). While a
// JsonListScope is alive on this thread, the Grammar writes every IN list as one JSON array
// value, and toJsonArray writes integers as reals (3 -> 3.0) when the backend binds every
// number as a REAL (BackendLimits::numbersBindAsReals: a bound 3 is stored in a TEXT column
// as '3.0' on D1), refusing integers a double cannot hold exactly, as binding them would.
namespace roost::detail {

class JsonListScope {
 public:
  explicit JsonListScope(bool integersAsReals) noexcept;
  ~JsonListScope();
  JsonListScope(const JsonListScope&) = delete;
  JsonListScope& operator=(const JsonListScope&) = delete;
  static bool listsAsJson() noexcept;
  static bool integersAsReals() noexcept;

 private:
  bool savedLists_, savedReals_;
};

}  // namespace roost::detail
