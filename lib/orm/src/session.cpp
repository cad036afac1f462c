#include "roost/orm/session.hpp"

#include <atomic>

#include "roost/orm/connection.hpp"
#include "roost/orm/error.hpp"
#include "roost/orm/log.hpp"

namespace roost {

namespace {
std::atomic<bool> warnedLocal{false};
}

namespace {
Connection& requireConnection(const std::shared_ptr<Connection>& connection) {
  if (!connection) throw UsageError("D1SessionHandle needs a connection, got a null shared_ptr");
  return *connection;
}
}  // namespace

D1SessionHandle::D1SessionHandle(std::shared_ptr<Connection> connection, WarningSink warn)
    : D1SessionHandle(requireConnection(connection), std::move(warn)) {
  owner_ = std::move(connection);
}

D1SessionHandle::D1SessionHandle(Connection& connection, WarningSink warn) : conn_(connection) {
  if (const std::string_view consistency = connection.sessionConsistency(); !consistency.empty()) {
    consistency_ = consistency;
    return;
  }
  const std::string_view backend = connection.backendName();
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
