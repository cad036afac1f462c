#include "context.hpp"

#include <system_error>

#include "roost/d1/d1_connection.hpp"
#include "roost/project/settings.hpp"
#include "roost/project/wrangler_config.hpp"
#include "roost/orm/error.hpp"
#include "roost/orm/sqlite_connection.hpp"

namespace fs = std::filesystem;

namespace roost::cli {

const project::Target& Context::target() {
  if (target_) return *target_;
  project::TargetOptions t;
  if (!options.config.empty()) t.configFile = options.config;
  if (!options.env.empty()) t.env = options.env;
  if (!options.database.empty()) t.database = options.database;
  t.remote = options.remote;
  if (!options.persistTo.empty()) t.persistTo = options.persistTo;
  if (!options.db.empty()) t.dbFile = options.db;
  if (!options.tenant.empty()) t.tenant = options.tenant;
  target_ = project::resolveTarget(t);
  out.log(1, "target: " + target_->describe());
  return *target_;
}

fs::path Context::migrationsDir() {
  if (options.config.empty() && options.db.empty() && !project::findWranglerConfig(fs::current_path())) {
    const project::RoostSettings settings = project::loadRoostSettings(fs::current_path());
    return fs::current_path() / (settings.migrationsDir.empty() ? fs::path("migrations")  // wrangler's default
                                                                : fs::path(project::normalizeRelativePath(settings.migrationsDir)));
  }
  return target().migrationsDir;
}

std::string Context::migrationsGlob() {
  if (options.config.empty() && options.db.empty() && !project::findWranglerConfig(fs::current_path())) return "*.sql";
  return project::migrationsPattern(target()).relative;
}

std::unique_ptr<Connection> Context::connect(Access access) {
  const project::Target& t = target();
  std::unique_ptr<Connection> conn;
  if (t.kind == project::Target::Kind::Remote) {
    // ConfigError naming account_id/CLOUDFLARE_ACCOUNT_ID, database_id or CLOUDFLARE_API_TOKEN.
    // Its retries and request log reach stderr through the "roost.d1" logger (log_sink.hpp).
    conn = d1::openRemote(t);
  } else {
    conn = openLocal(t, access);
  }
  if (out.verbosity() >= 2)
    conn->setListener([this](std::string_view sql, std::span<const Value>) {
      while (!sql.empty() && (sql.back() == '\n' || sql.back() == ' ' || sql.back() == '\r')) sql.remove_suffix(1);
      out.log(2, "sql: " + std::string(sql));
    });
  return conn;
}

std::unique_ptr<Connection> Context::openLocal(const project::Target& t, Access access) {
  std::error_code ec;
  const bool exists = fs::exists(t.sqlitePath, ec);
  if (!exists && access == Access::NoCreate) {
    // Reading a database that was never created: show it as empty, create nothing.
    out.log(1, "no database file yet at " + displayPath(t.sqlitePath) + "; reading it as empty");
    return std::make_unique<SqliteConnection>(":memory:");
  }
  if (!exists) {
    fs::create_directories(t.sqlitePath.parent_path(), ec);
    if (ec) throw Error("cannot create " + t.sqlitePath.parent_path().string() + ": " + ec.message());
  }
  SqliteOptions o;
  // A plain --db file uses WAL. wrangler's own local file keeps the journal mode it has; a
  // new one starts in WAL, which is what workerd uses anyway (with the rollback journal each
  // migration would pay four fsyncs). Local dev state also takes synchronous=NORMAL.
  o.wal = t.fromDbFlag || !exists;
  o.relaxedSync = !t.fromDbFlag;
  return std::make_unique<SqliteConnection>(t.sqlitePath.string(), o);
}

std::string Context::displayPath(const fs::path& path) const {
  std::error_code ec;
  const fs::path cwd = fs::current_path(ec);
  if (ec) return path.string();
  const fs::path rel = path.lexically_relative(cwd);
  if (rel.empty() || *rel.begin() == "..") return path.string();
  return rel.string();
}

}  // namespace roost::cli
