#pragma once
// GlobalState: what the ORM keeps outside any one test — the default connection, the default
// clock, and for every typed model its hooks, relations, connection and clock. A snapshot taken
// before a test and restored after it means that hooks, connections and clocks a test sets do
// not leak into the next one. Models first used during the test go back to a clean state (no
// hooks, no connection, no clock of their own); the relations they declared stay.
// The factories' fake-data streams restart from seed 0, so a test makes the same data whatever
// ran before it.
#include <memory>
#include <vector>

#include "roost/orm/clock.hpp"
#include "roost/orm/model_meta.hpp"

namespace roost::testing {

class GlobalState {
 public:
  // Saves the current state.
  static GlobalState capture();
  // Puts the saved state back (and cleans models built since capture()).
  void restore() const;

 private:
  struct ModelState {
    ModelMeta* meta;
    HookRegistry hooks;
    RelationRegistry relations;
    std::shared_ptr<Connection> connection;
    Clock clock;
  };
  std::vector<ModelState> models_;
  std::shared_ptr<Connection> defaultConnection_;
  Clock defaultClock_;
};

// Captures on construction, restores on destruction.
class GlobalStateGuard {
 public:
  GlobalStateGuard() : saved_(GlobalState::capture()) {}
  ~GlobalStateGuard() { saved_.restore(); }
  GlobalStateGuard(const GlobalStateGuard&) = delete;
  GlobalStateGuard& operator=(const GlobalStateGuard&) = delete;

 private:
  GlobalState saved_;
};

}  // namespace roost::testing
