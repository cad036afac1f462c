#include "roost/orm/session.hpp"

#include <atomic>

#include "roost/orm/connection.hpp"
#include "roost/orm/log.hpp"

namespace roost {

namespace {
std::atomic<bool> warnedLocal{false};
}

D1SessionHandle::D1SessionHandle(Connection& connection, WarningSink warn) : conn_(connection) {
  const std::string_view backend = connection.backendName();
  if (backend == "d1") {
    consistency_ = "D1 REST API: every request is executed by the primary instance (no replicas, no bookmarks)";
    return;
  }
  consistency_ = std::string(backend) + ": a single local database, no replicas";
  if (!warnedLocal.exchange(true)) {
    const std::string message =
        "useSession: " + std::string(backend) +
        " has no read replicas, so D1 sessions do not apply; using the plain connection (reads always see writes)";
    if (warn) warn(message);
    else log::warn(log::kOrm, message);
  }
}

}  // namespace roost
