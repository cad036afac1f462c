// tenants (= tenants:list): every tenant database with its binding and pending migrations.
#include <nlohmann/json.hpp>

#include "commands/commands.hpp"
#include "roost/migrate/migration_repository.hpp"
#include "roost/migrate/migrator.hpp"
#include "tenant_fanout.hpp"

namespace roost::cli {

namespace {

struct TenantRow {
  std::string slug, binding, database;
  std::optional<std::size_t> pending;  // unknown when the database could not be read
  std::string error;
};

TenantRow inspect(const Context& parent, const project::TenantBinding& t) {
  TenantRow row{t.slug, t.binding.binding,
                t.binding.databaseName.empty() ? t.binding.databaseId : t.binding.databaseName, std::nullopt, {}};
  Context child;
  child.options = parent.options;
  child.options.tenant = t.slug;
  child.options.database.clear();
  try {
    auto conn = child.connect(Access::NoCreate);
    migrate::MigrationRepository repo(*conn, child.target().migrationsTable);
    migrate::Migrator migrator(repo, migrate::MigrationFiles(child.target().migrationsDir, project::migrationsPattern(child.target()).relative));
    row.pending = migrator.pending().size();
  } catch (const std::exception& e) {
    row.error = e.what();
  }
  return row;
}

void tenantsCommand(Context& ctx) {
  std::vector<TenantRow> rows;
  for (auto& t : tenantDatabases(ctx)) rows.push_back(inspect(ctx, t));
  if (ctx.options.json) {
    nlohmann::json list = nlohmann::json::array();
    for (auto& r : rows) {
      nlohmann::json one{{"slug", r.slug}, {"binding", r.binding}, {"database", r.database}};
      one["pending"] = r.pending ? nlohmann::json(*r.pending) : nlohmann::json(nullptr);
      if (!r.error.empty()) one["error"] = r.error;
      list.push_back(std::move(one));
    }
    ctx.out.jsonLine(list);
    return;
  }
  std::size_t w[3] = {4, 7, 8};
  for (auto& r : rows) {
    w[0] = std::max(w[0], r.slug.size());
    w[1] = std::max(w[1], r.binding.size());
    w[2] = std::max(w[2], r.database.size());
  }
  auto pad = [](const std::string& s, std::size_t n) { return s + std::string(n > s.size() ? n - s.size() : 0, ' '); };
  ctx.out.dataLine(ctx.out.paint(Style::Bold, pad("Slug", w[0]) + "  " + pad("Binding", w[1]) + "  " + pad("Database", w[2]) + "  Pending", false));
  for (auto& r : rows) {
    std::string pending = r.pending ? std::to_string(*r.pending) : "?";
    ctx.out.dataLine(pad(r.slug, w[0]) + "  " + pad(r.binding, w[1]) + "  " + pad(r.database, w[2]) + "  " +
                     ctx.out.paint(r.pending && *r.pending ? Style::Yellow : Style::Plain, pending, false));
    if (!r.error.empty()) ctx.out.warning(r.slug + ": " + r.error);
  }
}

}  // namespace

void addTenantCommands(CLI::App& app, Context& ctx) {
  CLI::App* cmd = addCommand(app, "tenants", "List the tenant databases and their pending migrations",
                             "Lists every D1 binding matching tenantBindingPattern (tenantStrategy \"database\"): its slug,\n"
                             "binding, database and how many migrations are pending there.",
                             "  roost tenants\n  roost tenants --json\n  roost tenants --remote");
  cmd->alias("tenants:list");
  cmd->callback([&ctx] { tenantsCommand(ctx); });
}

}  // namespace roost::cli
