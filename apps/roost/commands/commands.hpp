#pragma once
// Command groups. Each file under commands/ registers its commands on the app; a command
// parses its own options into a plain struct and calls the libraries through the Context.
#include <string>

#include <CLI/CLI.hpp>

#include "context.hpp"

namespace roost::cli {

void addMakeCommands(CLI::App& app, Context& ctx);     // make:migration
void addMigrateCommands(CLI::App& app, Context& ctx);  // migrate, rollback, migrate:status|reset|refresh|fresh
void addQueryCommands(CLI::App& app, Context& ctx);    // query (= tinker)
void addTenantCommands(CLI::App& app, Context& ctx);   // tenants (= tenants:list)
void addSeedCommands(CLI::App& app, Context& ctx);     // db:seed (= seed)
void addCheckCommands(CLI::App& app, Context& ctx);    // migrate:check
void addRestoreCommands(CLI::App& app, Context& ctx);  // d1:restore

// A subcommand whose name may contain ':' (CLI11 refuses it in add_subcommand, not in name()).
// `summary` is the one line of `roost --help`; `roost NAME --help` adds `details` and the example.
CLI::App* addCommand(CLI::App& app, const std::string& name, const std::string& summary, const std::string& details,
                     const std::string& example);

}  // namespace roost::cli
