#include "ambiguous_outcome.hpp"

#include <optional>

namespace roost::migrate::detail {

void throwAmbiguousOutcome(MigrationRepository& repo, const std::string& file, const std::string& name, bool up,
                           const RemoteError& cause) {
  std::optional<bool> recorded;
  std::string readError;
  try {
    recorded = false;
    for (const MigrationRecord& r : repo.getRan()) recorded = *recorded || r.name == name;
  } catch (const Error& e) {
    recorded.reset();
    readError = e.what();
  }
  const std::string table = repo.table();
  std::string message = std::string(cause.what()) + "\n  ";
  if (!recorded) {
    message += "Whether it was " + std::string(up ? "applied" : "rolled back") + " is unknown: reading " + table +
               " failed too (" + readError + "). It is atomic with its row in " + table +
               ": run `roost migrate:status` to see which.";
  } else if (*recorded == up) {
    message += std::string("It ") + (up ? "was applied" : "was rolled back") + ": " + table +
               (up ? " records it" : " no longer records it") + ", and the migration and its row there are one " +
               "atomic batch, so all of its SQL took effect. Nothing was sent twice; run the command again for " +
               "the rest.";
  } else {
    message += std::string("It ") + (up ? "was not applied" : "was not rolled back") + ": " + table +
               (up ? " does not record it" : " still records it") + ", and the migration and its row there are " +
               "one atomic batch, so none of its SQL has taken effect (had D1 still been running it, it would " +
               "apply whole or not at all: `roost migrate:status` shows which). Nothing was sent twice.";
  }
  throw MigrationError(file, "", message);
}

}  // namespace roost::migrate::detail
