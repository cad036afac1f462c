#pragma once
// How migrations look on the terminal: one line per migration with its duration
// ("  DONE  0001_create_users.sql ........ 3.1 ms") on stderr, --pretend SQL on stdout,
// and --json reports on stdout.
#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "output.hpp"
#include "roost/migrate/migrator.hpp"

namespace roost::cli {

class MigrationProgress final : public migrate::MigratorObserver {
 public:
  // json: print nothing per migration (the JSON report says it all), keep the pretend SQL.
  MigrationProgress(Output& out, bool json) : out_(out), json_(json) {}

  void starting(const migrate::MigrationFile& file, migrate::Direction direction) override;
  void finished(const migrate::MigrationFile& file, migrate::Direction direction, std::chrono::nanoseconds took) override;
  void failed(const migrate::MigrationFile& file, migrate::Direction direction, std::chrono::nanoseconds took) override;
  void pretending(const migrate::MigrationFile& file, migrate::Direction direction, std::string_view sql) override;
  void dropped(std::string_view type, std::string_view name) override;
  // "warning: FILE:LINE: STATEMENT — MESSAGE. Fix: ...", even with --json and -q.
  void warning(const migrate::Finding& finding) override;

  // name -> SQL of every --pretend migration, for the JSON report
  const std::vector<std::pair<std::string, std::string>>& pretendSql() const noexcept { return pretend_; }

 private:
  void line(Style style, std::string_view tag, std::string_view name, std::string_view right);

  Output& out_;
  bool json_;
  bool pendingLine_ = false;  // a "RUN" line waits on a terminal to be replaced
  std::vector<std::pair<std::string, std::string>> pretend_;
};

double toMilliseconds(std::chrono::nanoseconds d);
// "1 migration", "3 migrations"
std::string countOf(std::size_t n, std::string_view noun);
// The --json form of a report.
std::string reportJson(const migrate::MigrationReport& report, const MigrationProgress& progress,
                       std::string_view target);

}  // namespace roost::cli
