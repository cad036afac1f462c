#pragma once
// Model lifecycle events. An "-ing" hook that returns false aborts the operation before
// anything is written; attributes a hook changes are the ones written.
#include <array>
#include <cstddef>
#include <functional>
#include <string_view>
#include <vector>

namespace roost {

class Record;

enum class HookEvent : std::size_t {
  Creating, Created, Updating, Updated, Saving, Saved, Deleting, Deleted, Restoring, Restored
};
inline constexpr std::size_t kHookEventCount = 10;

std::string_view hookEventName(HookEvent e) noexcept;
// "creating" -> HookEvent::Creating; throws UsageError listing the ten names otherwise.
HookEvent parseHookEvent(std::string_view name);

// Returns false to abort (only meaningful for "-ing" events).
using Hook = std::function<bool(Record&)>;

class HookRegistry {
 public:
  void add(HookEvent e, Hook h) { hooks_[static_cast<std::size_t>(e)].push_back(std::move(h)); }
  void clear(HookEvent e) { hooks_[static_cast<std::size_t>(e)].clear(); }
  void clearAll() {
    for (auto& list : hooks_) list.clear();
  }
  // Runs every hook for e in registration order; false as soon as one returns false.
  bool fire(HookEvent e, Record& r) const {
    for (const Hook& h : hooks_[static_cast<std::size_t>(e)])
      if (!h(r)) return false;
    return true;
  }
  bool any(HookEvent e) const noexcept { return !hooks_[static_cast<std::size_t>(e)].empty(); }

 private:
  std::array<std::vector<Hook>, kHookEventCount> hooks_;
};

}  // namespace roost
