#pragma once
// FakeClock: time that moves only when the test moves it. install() makes it every model's
// clock (roost::setDefaultClock) until the FakeClock is destroyed or uninstall() runs; a model
// given its own clock (Model::setClock) keeps that one.
//
//   roost::testing::FakeClock clock("2026-01-01T00:00:00.000Z");
//   clock.install();
//   auto post = Post::create({...});       // created_at = "2026-01-01T00:00:00.000Z"
//   clock.advance(std::chrono::hours(1));
//   post.save();                           // updated_at = "2026-01-01T01:00:00.000Z"
#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "roost/orm/clock.hpp"

namespace roost::testing {

class FakeClock {
 public:
  // Starts at t, or at ISO-8601 text ("2026-01-01", "2026-01-01T12:00:00.000Z").
  explicit FakeClock(TimePoint t);
  explicit FakeClock(std::string_view iso = "2026-01-01T00:00:00.000Z");
  ~FakeClock();
  FakeClock(const FakeClock&) = delete;
  FakeClock& operator=(const FakeClock&) = delete;

  TimePoint now() const noexcept { return *now_; }
  // now() as the ORM stamps it: "YYYY-MM-DDTHH:MM:SS.sssZ".
  std::string timestamp() const { return formatTimestamp(*now_); }
  void set(TimePoint t) noexcept { *now_ = t; }
  void set(std::string_view iso);
  template <class Rep, class Period>
  void advance(std::chrono::duration<Rep, Period> d) noexcept {
    *now_ += std::chrono::duration_cast<TimePoint::duration>(d);
  }

  // A roost::Clock that reads this FakeClock's time (for Model::setClock); safe to keep.
  Clock clock() const;
  // Makes it the default clock of all models, remembering the one before; uninstall() (or the
  // destructor) puts that one back.
  void install();
  void uninstall();

 private:
  std::shared_ptr<TimePoint> now_;  // shared with the clocks handed out, so they never dangle
  bool installed_ = false;
  Clock previous_;
};

}  // namespace roost::testing
