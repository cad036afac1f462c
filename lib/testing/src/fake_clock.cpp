#include "roost/testing/fake_clock.hpp"

#include <utility>

#include "roost/orm/fake.hpp"

namespace roost::testing {

FakeClock::FakeClock(TimePoint t) : now_(std::make_shared<TimePoint>(t)) {}
FakeClock::FakeClock(std::string_view iso) : FakeClock(parseIsoTimestamp(iso)) {}
FakeClock::~FakeClock() { uninstall(); }

void FakeClock::set(std::string_view iso) { *now_ = parseIsoTimestamp(iso); }

Clock FakeClock::clock() const {
  return [now = now_] { return *now; };
}

void FakeClock::install() {
  if (installed_) return;
  previous_ = defaultClock();
  setDefaultClock(clock());
  installed_ = true;
}

void FakeClock::uninstall() {
  if (!installed_) return;
  setDefaultClock(std::exchange(previous_, nullptr));
  installed_ = false;
}

}  // namespace roost::testing
