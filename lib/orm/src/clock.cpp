#include "roost/orm/clock.hpp"

#include <cstdio>
#include <ctime>
#include <utility>

namespace roost {

std::string formatTimestamp(TimePoint t) {
  using namespace std::chrono;
  const auto ms = time_point_cast<milliseconds>(t).time_since_epoch().count();
  std::time_t secs = static_cast<std::time_t>(ms / 1000);
  long millis = static_cast<long>(ms % 1000);
  if (millis < 0) {
    millis += 1000;
    --secs;
  }
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec, millis);
  return buf;
}

Clock fixedClock(TimePoint t) {
  return [t] { return t; };
}

static Clock& defaultClockSlot() {
  static Clock slot;
  return slot;
}

void setDefaultClock(Clock clock) { defaultClockSlot() = std::move(clock); }
const Clock& defaultClock() noexcept { return defaultClockSlot(); }
TimePoint defaultNow() {
  const Clock& c = defaultClockSlot();
  return c ? c() : std::chrono::system_clock::now();
}

}  // namespace roost
