#include "seed/seed_runner.hpp"

#include <chrono>

#include "roost/orm/error.hpp"
#include "roost/orm/factory.hpp"
#include "roost/orm/tenancy.hpp"
#include "seed/seed_planner.hpp"
#include "seed/seed_producer.hpp"

namespace roost::seed {

SeedRunner::SeedRunner(Connection& connection, project::ModelCatalog& catalog, const SeedFiles& files)
    : conn_(connection), catalog_(catalog), files_(files) {}

SeedRunner::~SeedRunner() = default;

void SeedRunner::plan(const std::string& seederClass) {
  const TenantContext* tenant = currentTenantContext();
  root_ = &planSeeder(*this, seederClass, tenant && tenant->has());
  plannedRows_ = root_->rows;
}

SeedReport SeedRunner::run(const SeedOptions& options, SeedObserver* observer) {
  if (!root_) throw UsageError("SeedRunner::run() before plan()");
  const auto start = std::chrono::steady_clock::now();
  seedFactories(options.seed);
  const TenantContext* tenant = currentTenantContext();
  const bool bound = tenant && tenant->has();
  // Without --tenant, tenant models are written with the tenant column the factories set,
  // and {"existing": ...} picks from every tenant's rows.
  std::optional<WithoutTenantScope> unscoped;
  if (!bound) unscoped.emplace();
  const TimePoint stamp = options.now ? *options.now : std::chrono::system_clock::now();
  const std::string stampText = options.resume ? options.resume->now : formatTimestamp(stamp);
  Producer p(*this, bound ? tenant->id() : Value(), Value(stampText), observer, plannedRows_);
  resume_.reset();
  if (options.resume) {
    p.writer.skipRequests(options.resume->skip);
    p.replay = &options.resume->reads;
  }

  SeedReport report;
  report.transactional = conn_.supportsTransactions();
  if (report.transactional) {
    Transaction tx(conn_);
    p.runSeeder(*root_, 0);
    p.writer.flushBatch();
    tx.commit();
  } else {
    try {
      p.runSeeder(*root_, 0);
      p.writer.flushBatch();
    } catch (const AmbiguousWriteError& e) {
      ResumePoint point;
      point.seed = options.seed;
      point.now = stampText;
      point.ambiguous = e.request();
      point.landed = e.landed();
      point.skip = e.request() - 1 + (e.landed() == true ? 1 : 0);
      point.confirmedRows = p.writer.stats().confirmedRows + (e.landed() == true ? e.rows() : 0);
      point.reads = std::move(p.reads);
      resume_ = std::move(point);
      throw;
    }
  }
  report.seeder = root_->spec->name;
  report.seed = options.seed;
  report.rows = p.writer.stats().rows;
  report.rowsByTable = std::move(p.rowsByTable);
  report.sqlScripts = p.sqlScripts;
  report.writes = p.writer.stats();
  report.milliseconds = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return report;
}

}  // namespace roost::seed
