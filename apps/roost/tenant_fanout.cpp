#include "tenant_fanout.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <exception>
#include <thread>

#include <nlohmann/json.hpp>

#include "roost/project/settings.hpp"
#include "roost/project/wrangler_config.hpp"
#include "log_sink.hpp"
#include "roost/orm/error.hpp"

namespace roost::cli {

namespace {

struct TenantRun {
  std::string slug;
  bool ok = false;
  std::string error;
  std::string data;  // the tenant's stdout (captured, printed or merged at the end)
  double milliseconds = 0;
};

void runOne(const Context& parent, TenantRun& run, const std::function<void(Context&)>& body) {
  Context child;
  child.options = parent.options;
  child.options.tenant = run.slug;
  child.options.database.clear();
  child.out = parent.out;
  child.out.setLinePrefix(parent.out.paint(Style::Dim, "[" + run.slug + "] ", true));
  child.out.captureData(&run.data);
  LogScope logs(child.out);  // the libraries' lines of this tenant carry its prefix
  const auto start = std::chrono::steady_clock::now();
  try {
    body(child);
    run.ok = true;
  } catch (const CLI::RuntimeError&) {  // the command already reported its failure
    run.error = "failed";
  } catch (const std::exception& e) {
    run.error = e.what();
    child.out.error(e.what());
  }
  run.milliseconds = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

void addFanOutOptions(CLI::App* command, FanOutOptions& options) {
  command->add_flag("--all-tenants", options.allTenants,
                    "run on every tenant database (tenantStrategy \"database\"), concurrently");
  command->add_option("--concurrency", options.concurrency, "tenants at a time with --all-tenants (default: up to 8)")
      ->check(CLI::PositiveNumber);
}

std::vector<project::TenantBinding> tenantDatabases(Context& ctx) {
  Context shared;
  shared.options = ctx.options;
  shared.options.tenant.clear();
  const project::Target& t = shared.target();
  if (t.settings.tenantStrategy != "database")
    throw ConfigError("tenant databases need tenantStrategy \"database\" in config/database.jsonc; with \"" +
                      t.settings.tenantStrategy + "\" every tenant shares the database " + t.binding.binding);
  if (!t.wrangler) throw ConfigError("tenant databases are listed in the wrangler config; none was found");
  auto tenants = project::tenantBindings(*t.wrangler, t.settings);
  if (tenants.empty())
    throw ConfigError("no D1 binding in " + t.wrangler->file.string() + " matches tenantBindingPattern " +
                      t.settings.tenantBindingPattern);
  return tenants;
}

void forEachTarget(Context& ctx, const FanOutOptions& options, const std::string& what,
                   const std::function<void(Context&)>& body) {
  if (!options.allTenants) {
    body(ctx);
    return;
  }
  if (!ctx.options.tenant.empty()) throw UsageError("--all-tenants and --tenant exclude each other");
  if (!ctx.options.database.empty()) throw UsageError("--all-tenants picks each tenant's binding; drop --database");
  if (!ctx.options.db.empty()) throw UsageError("--all-tenants works on the wrangler config's tenant bindings, not --db");

  std::vector<TenantRun> runs;
  for (auto& t : tenantDatabases(ctx)) runs.push_back({t.slug, false, {}, {}, 0});
  const unsigned workers = std::clamp<unsigned>(options.concurrency ? options.concurrency : 8u, 1u,
                                                static_cast<unsigned>(runs.size()));
  ctx.out.progress(what + " on " + std::to_string(runs.size()) + " tenant databases, " + std::to_string(workers) +
                   " at a time");
  const auto start = std::chrono::steady_clock::now();
  std::atomic<std::size_t> next{0};
  std::vector<std::thread> pool;
  for (unsigned w = 0; w < workers; ++w)
    pool.emplace_back([&] {
      for (std::size_t i; (i = next.fetch_add(1)) < runs.size();) runOne(ctx, runs[i], body);
    });
  for (auto& t : pool) t.join();
  const double total = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();

  std::size_t failed = 0;
  if (ctx.options.json) {
    nlohmann::json list = nlohmann::json::array();
    for (auto& r : runs) {
      nlohmann::json one{{"tenant", r.slug}, {"ok", r.ok}, {"ms", r.milliseconds}};
      one["error"] = r.ok ? nlohmann::json(nullptr) : nlohmann::json(r.error);
      one["output"] = nlohmann::json::parse(r.data, nullptr, false);
      if (one["output"].is_discarded()) one["output"] = r.data;
      list.push_back(std::move(one));
      failed += !r.ok;
    }
    ctx.out.jsonLine(nlohmann::json{{"command", what}, {"tenants", list}, {"failed", failed}, {"ms", total}});
  } else {
    for (auto& r : runs) {
      if (!r.data.empty()) {  // a tenant's data (tables, pretend SQL), each line prefixed
        std::size_t pos = 0;
        while (pos < r.data.size()) {
          std::size_t end = r.data.find('\n', pos);
          if (end == std::string::npos) end = r.data.size();
          ctx.out.dataLine("[" + r.slug + "] " + r.data.substr(pos, end - pos));
          pos = end + 1;
        }
      }
    }
    std::size_t width = 0;
    for (auto& r : runs) width = std::max(width, r.slug.size());
    for (auto& r : runs) {
      failed += !r.ok;
      const std::string name = r.slug + std::string(width - r.slug.size(), ' ');
      ctx.out.progress("  " + name + "  " +
                       (r.ok ? ctx.out.paint(Style::Green, "ok    ", true) : ctx.out.paint(Style::Red, "FAILED", true)) +
                       "  " + formatDuration(r.milliseconds) + (r.ok ? "" : "  " + r.error.substr(0, r.error.find('\n'))));
    }
    ctx.out.progress(what + ": " + std::to_string(runs.size() - failed) + " of " + std::to_string(runs.size()) +
                     " tenants succeeded" + (failed ? ", " + std::to_string(failed) + " failed" : "") + " in " +
                     formatDuration(total));
  }
  if (failed) throw CLI::RuntimeError(1);
}

}  // namespace roost::cli
