#pragma once
// --all-tenants: run one command on every tenant database (tenantStrategy "database")
// concurrently. Each tenant gets its own Context (--tenant SLUG), its own connection and its
// own lines, prefixed "[slug] "; a failing tenant stops no other. After all have finished:
// a result line per tenant, a summary, and exit status 1 if any failed.
#include <functional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "context.hpp"
#include "roost/project/tenant_routing.hpp"

namespace roost::cli {

struct FanOutOptions {
  bool allTenants = false;
  unsigned concurrency = 0;  // 0 = default: min(8, tenants)
};

// Adds --all-tenants and --concurrency N to a command.
void addFanOutOptions(CLI::App* command, FanOutOptions& options);

// The tenant databases the wrangler config declares (by tenantBindingPattern). Throws a
// ConfigError when the strategy is not "database" or no tenant bindings exist.
std::vector<project::TenantBinding> tenantDatabases(Context& ctx);

// Runs body for ctx itself, or for every tenant with --all-tenants. `what` names the command
// in the summary ("migrate"). Throws CLI::RuntimeError(1) after reporting when any tenant failed.
void forEachTarget(Context& ctx, const FanOutOptions& options, const std::string& what,
                   const std::function<void(Context&)>& body);

}  // namespace roost::cli
