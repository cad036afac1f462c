#include "roost/testing/global_state.hpp"

#include <algorithm>

#include "roost/orm/factory.hpp"

namespace roost::testing {

GlobalState GlobalState::capture() {
  GlobalState s;
  for (ModelMeta* m : registeredModelMetas())
    s.models_.push_back(ModelState{m, m->hooks, m->relations, m->connection, m->clock});
  s.defaultConnection_ = defaultConnection();
  s.defaultClock_ = defaultClock();
  seedFactories(0);
  return s;
}

void GlobalState::restore() const {
  for (ModelMeta* m : registeredModelMetas()) {
    auto saved = std::find_if(models_.begin(), models_.end(), [&](const ModelState& s) { return s.meta == m; });
    if (saved == models_.end()) {
      m->hooks.clearAll();
      m->connection.reset();
      m->clock = nullptr;
      continue;
    }
    m->hooks = saved->hooks;
    m->relations = saved->relations;
    m->connection = saved->connection;
    m->clock = saved->clock;
  }
  setDefaultConnection(defaultConnection_);
  setDefaultClock(defaultClock_);
  seedFactories(0);
}

}  // namespace roost::testing
