// db:seed (= seed): runs a declarative seeder from database/seeders (JSONC or .sql) with the
// factories of database/factories — see seed/seed_files.hpp for the formats and
// seed/seed_runner.hpp for what a run guarantees (one transaction on SQLite, atomic batches on D1).
#include <chrono>
#include <cstdio>
#include <random>
#include <set>

#include <nlohmann/json.hpp>

#include "commands/commands.hpp"
#include "restore_point.hpp"
#include "commands/migration_progress.hpp"
#include "project/model_catalog.hpp"
#include "roost/orm/error.hpp"
#include "roost/orm/fake.hpp"
#include "roost/orm/schema.hpp"
#include "roost/orm/tenancy.hpp"
#include "row_tenant.hpp"
#include "seed/resume_file.hpp"
#include "seed/seed_files.hpp"
#include "seed/seed_runner.hpp"
#include "tenant_fanout.hpp"

namespace roost::cli {

namespace {

struct SeedArgs {
  std::string seederClass = "DatabaseSeeder";
  std::uint64_t seed = 0;
  CLI::Option* seedOption = nullptr;
  std::string now;
  std::string resume;  // --resume FILE
  bool noRestorePoint = false;
  FanOutOptions fanOut;
};

// "12,345"
std::string grouped(std::int64_t n) {
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

// Seeder lines on stderr ("  DONE  DatabaseSeeder ..... 130 rows, 12.3 ms") and, on a terminal,
// a progress bar redrawn at most every 50 ms. Nothing with --json; only errors with -q.
class SeedProgress final : public seed::SeedObserver {
 public:
  SeedProgress(Output& out, bool lines, bool bar) : out_(out), lines_(lines), bar_(bar) {}
  ~SeedProgress() override { clearBar(); }

  void seederFinished(const std::string& name, int depth, std::int64_t rows, double ms) override {
    if (!lines_) return;
    clearBar();
    const std::string tag = "DONE";
    const std::string label = std::string(static_cast<std::size_t>(2 * depth), ' ') + name;
    const std::string right =
        (rows < 0 ? std::string("SQL, ") : grouped(rows) + (rows == 1 ? " row, " : " rows, ")) + formatDuration(ms);
    const std::size_t used = 2 + tag.size() + 2 + label.size() + 1 + right.size() + 1;
    const std::size_t dots = used + 3 <= 78 ? 78 - used : 3;
    out_.progress("  " + out_.paint(Style::Green, tag, true) + "  " + label + " " +
                  out_.paint(Style::Dim, std::string(dots, '.'), true) + " " + right);
  }

  void progress(std::int64_t done, std::int64_t total) override {
    if (!bar_ || total <= 0) return;
    const auto now = std::chrono::steady_clock::now();
    if (drawn_ && done < total && now - last_ < std::chrono::milliseconds(50)) return;
    last_ = now;
    constexpr int kWidth = 30;
    const double f = std::min(1.0, static_cast<double>(done) / static_cast<double>(total));
    const int filled = static_cast<int>(f * kWidth);
    std::string line = "\r\x1b[2K  Seeding  [" + std::string(static_cast<std::size_t>(filled), '#') +
                       std::string(static_cast<std::size_t>(kWidth - filled), '-') + "] " +
                       std::to_string(static_cast<int>(f * 100)) + "%  " + grouped(done) + "/" + grouped(total) + " rows";
    std::fputs(line.c_str(), stderr);
    std::fflush(stderr);
    drawn_ = true;
  }

 private:
  void clearBar() {
    if (!drawn_) return;
    std::fputs("\r\x1b[2K", stderr);
    std::fflush(stderr);
    drawn_ = false;
  }

  Output& out_;
  bool lines_, bar_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point last_{};
};

// Where the seeder and the seeders it calls run SQL ("database/seeders/x.jsonc:4:9"); walked
// without recursion (plan() has already refused loops).
std::vector<std::string> sqlStepsOf(const seed::SeedFiles& files, const std::string& root) {
  std::vector<std::string> found, stack{root};
  std::set<std::string> seen;
  while (!stack.empty()) {
    const std::string name = std::move(stack.back());
    stack.pop_back();
    const seed::SeederSpec* spec = files.seeder(name);
    if (!spec || !seen.insert(name).second) continue;
    if (spec->sqlFile) found.push_back(spec->where.str());
    for (auto it = spec->steps.rbegin(); it != spec->steps.rend(); ++it) {
      if (it->kind == seed::StepSpec::Kind::Sql) found.push_back(it->where.str());
      else if (it->kind == seed::StepSpec::Kind::Seeder) stack.push_back(it->seeder);
    }
  }
  return found;
}

std::string plural(std::int64_t n, const std::string& one, const std::string& many) {
  return grouped(n) + " " + (n == 1 ? one : many);
}

// The tenant a row-strategy seed writes for ("" for none, or for a tenant's own database).
std::string rowTenant(const project::Target& t) { return t.tenantSlug && !t.tenantDatabase ? *t.tenantSlug : std::string(); }

// A write request's answer never came: where the seed stands, the resume file, how to go on.
[[noreturn]] void reportAmbiguous(Context& ctx, const seed::AmbiguousWriteError& e, const seed::ResumePoint& point,
                                  const std::string& seederClass) {
  const project::Target& target = ctx.target();
  const std::filesystem::path file = seed::resumeFilePath(target.projectDir, target.binding.databaseId, rowTenant(target));
  seed::writeResumeFile(file, {target.describe(), target.binding.databaseId, rowTenant(target), seederClass, point});
  const std::size_t confirmed = point.ambiguous - 1;
  const std::int64_t confirmedRows = point.confirmedRows - (point.landed == true ? e.rows() : 0);
  std::string fate;
  if (point.landed == true) fate = "was applied: its first row is in the database, and a batch is atomic";
  else if (point.landed == false) fate = "was not applied: its first row is not in the database, and a batch is atomic";
  else fate = "may have been applied; roost cannot tell (a SQL step): check its changes before resuming";
  const std::string what = e.rows() < 0 ? "SQL step" : "batch (" + plural(e.rows(), "row", "rows") + ")";
  std::string message = std::string(e.what()) + "\n  D1 confirmed " +
                        plural(static_cast<std::int64_t>(confirmed), "batch", "batches") + " (" +
                        plural(confirmedRows, "row", "rows") + ") before it; request " +
                        std::to_string(point.ambiguous) + ", a " + what + ", " + fate + ".\n  To go on without " +
                        "duplicates: roost db:seed" + (ctx.options.remote ? " --remote" : "") + " --resume " +
                        ctx.displayPath(file) + " (it skips the first " + std::to_string(point.skip) +
                        " write requests and makes the same rows with the same keys";
  if (!point.landed) message += "; if the SQL step's changes are there, set \"skip\" to " + std::to_string(point.ambiguous) + " in it first";
  message += ").";
  throw Error(message);
}

void seedCommand(Context& ctx, const SeedArgs& args, std::uint64_t seed, bool allowBar) {
  const project::Target& target = ctx.target();
  std::optional<seed::ResumeFile> resume;
  if (!args.resume.empty()) {
    resume = seed::readResumeFile(std::filesystem::path(args.resume));
    if (resume->databaseId != target.binding.databaseId || resume->tenant != rowTenant(target))
      throw UsageError("--resume " + args.resume + " belongs to database " + resume->databaseId + " (" + resume->target +
                       "), not to " + target.describe());
    seed = resume->point.seed;
  }
  const std::string seederClass = resume ? resume->seeder : args.seederClass;
  // The files first: a typo in them needs no database.
  const seed::SeedFiles files = seed::loadSeedFiles(target.projectDir);
  if (target.kind == project::Target::Kind::LocalFile) {
    std::error_code ec;
    if (!std::filesystem::exists(target.sqlitePath, ec))
      throw Error("no database yet at " + ctx.displayPath(target.sqlitePath) + ": run `roost migrate` first");
  }
  std::unique_ptr<Connection> conn = ctx.connect(Access::NoCreate);
  const std::optional<project::ModelsFile> models = project::loadModelsFile(target.projectDir);
  project::ModelCatalog catalog =
      project::ModelCatalog::build(readSchema(*conn), models ? &*models : nullptr, target.migrationsTable,
                                   target.settings.tenantStrategy == "row" ? target.settings.tenantModel : "");
  // --tenant under the row strategy: tenant models get the tenant's id in their tenant column.
  const std::optional<TenantContext> tenant = resolveRowTenant(ctx, *conn, catalog);
  std::optional<TenantScope> bound;
  if (tenant) bound.emplace(*tenant);

  seed::SeedRunner runner(*conn, catalog, files);
  runner.plan(seederClass);
  if (tenant) {
    const std::vector<std::string> sql = sqlStepsOf(files, seederClass);
    if (!sql.empty())
      ctx.out.warning("SQL seed steps are never tenant-scoped: " + sql.front() +
                      (sql.size() > 1 ? " (and " + std::to_string(sql.size() - 1) + " more)" : std::string()) +
                      " runs as written, for every tenant's rows, not only --tenant " + tenant->slug() + "'s");
  }
  seed::SeedOptions options;
  options.seed = seed;
  if (!args.now.empty()) options.now = parseIsoTimestamp(args.now);
  if (resume) options.resume = &resume->point;

  const bool json = ctx.options.json;
  const bool lines = !json && !ctx.out.quiet();
  SeedProgress progress(ctx.out, lines, allowBar && lines && ctx.out.stderrIsTerminal());
  if (lines)
    ctx.out.progress("Seeding " + target.describe() + " with " + seederClass + " (seed " + std::to_string(seed) +
                     ", " + grouped(runner.plannedRows()) + " rows planned" +
                     (resume ? ", resuming after " + std::to_string(resume->point.skip) + " write requests" : "") + ")");
  takeRestorePoint(ctx, "db:seed", {}, args.noRestorePoint);  // planned and valid: about to write
  seed::SeedReport report;
  try {
    report = runner.run(options, &progress);
  } catch (const seed::AmbiguousWriteError& e) {
    if (!runner.resumePoint()) throw;
    reportAmbiguous(ctx, e, *runner.resumePoint(), seederClass);
  }
  if (resume) std::filesystem::remove(std::filesystem::path(args.resume));  // done: nothing left to resume

  if (json) {
    nlohmann::ordered_json j;
    j["target"] = target.describe();
    j["seeder"] = report.seeder;
    j["seed"] = report.seed;
    j["rows"] = report.rows;
    j["tables"] = nlohmann::ordered_json::object();
    for (const auto& [table, n] : report.rowsByTable) j["tables"][table] = n;
    j["statements"] = report.writes.statements;
    j["batches"] = report.writes.batches;
    j["maxParamsPerStatement"] = report.writes.maxParams;
    j["maxBytesPerStatement"] = report.writes.maxBytes;
    j["sqlScripts"] = report.sqlScripts;
    j["atomic"] = report.transactional ? "transaction" : "per-batch";
    j["ms"] = report.milliseconds;
    ctx.out.jsonLine(j);
    return;
  }
  std::string tables;
  for (const auto& [table, n] : report.rowsByTable) tables += (tables.empty() ? "" : ", ") + table + " " + grouped(n);
  ctx.out.progress("Seeded " + grouped(report.rows) + (report.rows == 1 ? " row" : " rows") +
                   (tables.empty() ? std::string() : " (" + tables + ")") + " in " +
                   formatDuration(report.milliseconds) + "; `roost db:seed --seed " + std::to_string(seed) +
                   "` makes the same rows on the same database state.");
  if (!report.transactional)
    ctx.out.progress("D1 has no transactions: the rows went in " + std::to_string(report.writes.batches) +
                     (report.writes.batches == 1 ? " batch, which is atomic" : " batches, each atomic") +
                     (report.sqlScripts ? " (and each SQL seeder in its own)" : "") +
                     "; a failure keeps the batches sent before it.");
}

}  // namespace

void addSeedCommands(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<SeedArgs>();
  CLI::App* cmd = addCommand(
      app, "db:seed", "Fill the database from database/seeders and database/factories (alias: seed)",
      "Runs a seeder (default DatabaseSeeder) from database/seeders/*.jsonc or NAME.sql, making rows\n"
      "with the factories in database/factories/*.jsonc. Rows go in multi-row INSERTs within D1's\n"
      "limits (100 bound values on D1, about 100 KB per statement); no model hooks run; created_at\n"
      "and updated_at are filled. On SQLite the whole run is one transaction: a failing or\n"
      "interrupted seed writes nothing. D1 has no transactions: there, each batch of statements is\n"
      "atomic and a failure keeps the batches before it. --seed N makes the same rows again on the\n"
      "same database state (without it a random seed is picked and printed).",
      "  roost db:seed\n  roost seed --class TagSeeder --seed 42\n  roost db:seed --tenant acme\n"
      "  roost db:seed --all-tenants --concurrency 4\n  roost db:seed --remote --json");
  cmd->alias("seed");
  cmd->add_option("--class", args->seederClass, "the seeder to run (default: DatabaseSeeder)");
  args->seedOption = cmd->add_option("--seed", args->seed, "fake-data seed: the same N makes the same rows (default: random)");
  cmd->add_option("--now", args->now, "the time created_at/updated_at get (ISO-8601, UTC; default: now)");
  cmd->add_option("--resume", args->resume,
                  "go on with a D1 seed whose write was left unanswered, from the resume file it wrote "
                  "(.roost/seed-resume-*.json): same seeder, seed and time; confirmed batches are not sent again");
  addRestorePointFlag(cmd, args->noRestorePoint);
  addFanOutOptions(cmd, args->fanOut);
  cmd->callback([&ctx, args] {
    std::uint64_t seed = args->seed;
    if (!args->seedOption->count()) seed = std::random_device{}() % 1000000;
    if (!args->now.empty()) parseIsoTimestamp(args->now);  // a bad --now is a usage error before anything runs
    const bool allowBar = !args->fanOut.allTenants;
    forEachTarget(ctx, args->fanOut, "db:seed", [&](Context& c) { seedCommand(c, *args, seed, allowBar); });
  });
}

}  // namespace roost::cli
