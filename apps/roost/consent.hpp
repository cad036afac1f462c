#pragma once
// Consent for commands that destroy data: rollback, migrate:reset, migrate:refresh and
// migrate:fresh on --remote, and d1:restore everywhere. On a terminal (stdin and stderr) the
// command asks "... Ok to proceed? (y/N)" naming the database; anywhere else it refuses
// (roost::UsageError, exit 2) unless --force was given. CI=true is no consent.
#include <string>
#include <string_view>

#include <CLI/CLI.hpp>

#include "context.hpp"

namespace roost::cli {

enum class Consent { Granted, Ask, Refused };

// The decision, without any I/O: --force grants, a terminal asks, anything else refuses.
Consent decideConsent(bool force, bool interactive) noexcept;
// A typed answer: "y" or "yes" (any case, surrounding blanks ignored); anything else is no.
bool isYes(std::string_view answer) noexcept;

// "remote D1 database blog (binding DB, id 0f3c...)" or "local database .wrangler/.../x.sqlite".
std::string describeDatabase(Context& ctx);

// Returns when the user consented; throws UsageError (refused: not a terminal, no --force)
// or Error (answered no). `action` says what happens: "drop every table of".
void requireConsent(Context& ctx, std::string_view command, std::string_view action, bool force);

// Adds the --force flag with its help text.
void addForceFlag(CLI::App* cmd, bool& force);

}  // namespace roost::cli
