#pragma once
// Private to lib/orm: how toJsonArray writes integers while a long IN list is compiled for a
// backend that binds every number as a REAL (D1: workerd turns bound numbers into JavaScript
// doubles, so a bound 3 is stored in a TEXT column as '3.0'). The list must mean what binding
// each value would, so on such a backend its integers travel as reals too.
namespace roost::detail {

// While alive on this thread, toJsonArray writes integers as reals (3 -> 3.0) and refuses
// integers a double cannot hold exactly, as binding them would.
class IntegersAsRealsInJsonLists {
 public:
  explicit IntegersAsRealsInJsonLists(bool on) noexcept;
  ~IntegersAsRealsInJsonLists();
  IntegersAsRealsInJsonLists(const IntegersAsRealsInJsonLists&) = delete;
  IntegersAsRealsInJsonLists& operator=(const IntegersAsRealsInJsonLists&) = delete;
  static bool active() noexcept;

 private:
  bool saved_;
};

}  // namespace roost::detail
