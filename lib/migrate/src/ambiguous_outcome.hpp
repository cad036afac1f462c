#pragma once
// Internal to roost::migrate: the truth after a migration's request may or may not have
// reached the database (RemoteError::mayHaveBeenApplied(): the connection died, or the time ran
// out, after it was sent). A migration and its tracking row are one atomic unit, so the
// tracking table tells whether the whole migration took effect.
#include <string>

#include "roost/migrate/migration_repository.hpp"
#include "roost/migrate/errors.hpp"
#include "roost/orm/error.hpp"

namespace roost::migrate::detail {

// Reads the tracking table and throws MigrationError saying whether `name` was applied
// (up) or rolled back (down), or, when even that read fails, that it is unknown.
// `file` is the file as the error names it ("0002_x.sql" or "down/0002_x.sql").
[[noreturn]] void throwAmbiguousOutcome(MigrationRepository& repo, const std::string& file, const std::string& name,
                                        bool up, const RemoteError& cause);

}  // namespace roost::migrate::detail
