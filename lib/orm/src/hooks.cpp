#include "roost/orm/hooks.hpp"

#include <string>

#include "roost/orm/error.hpp"

namespace roost {

static constexpr std::string_view kNames[kHookEventCount] = {
    "creating", "created", "updating", "updated", "saving", "saved", "deleting", "deleted", "restoring", "restored"};

std::string_view hookEventName(HookEvent e) noexcept { return kNames[static_cast<std::size_t>(e)]; }

HookEvent parseHookEvent(std::string_view name) {
  for (std::size_t i = 0; i < kHookEventCount; ++i)
    if (kNames[i] == name) return static_cast<HookEvent>(i);
  std::string known;
  for (auto n : kNames) known += (known.empty() ? "" : ", ") + std::string(n);
  throw UsageError("unknown hook event '" + std::string(name) + "'; known events: " + known);
}

}  // namespace roost
