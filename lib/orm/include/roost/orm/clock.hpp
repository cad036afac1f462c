#pragma once
// The clock models stamp created_at / updated_at / deleted_at with, injectable for tests
// and for loading data whose times are given. Timestamps are ISO-8601 UTC text with
// milliseconds: YYYY-MM-DDTHH:MM:SS.sssZ.
#include <chrono>
#include <functional>
#include <string>

namespace roost {

using TimePoint = std::chrono::system_clock::time_point;
using Clock = std::function<TimePoint()>;

std::string formatTimestamp(TimePoint t);
// A clock that always answers t (tests, reproducible seeds).
Clock fixedClock(TimePoint t);

// The clock of every model that has none of its own (ModelMeta::clock); null = the system
// clock. A test kit sets it to freeze time for all models at once (roost/testing.hpp).
// Set it between operations, not while another thread writes models.
void setDefaultClock(Clock clock);
const Clock& defaultClock() noexcept;
// The default clock's time, else the system clock's.
TimePoint defaultNow();

}  // namespace roost
