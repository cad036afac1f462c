#pragma once
// FirstWriteObserver: forwards the Migrator's progress to another observer and runs a
// callback once, just before the first migration runs or migrate:fresh drops the tables (after the Migrator's own checks,
// which refuse a bad run before it writes). The restore point is taken there, so a refused
// run or a run with nothing to do takes none. A throwing callback stops the run before the
// migration starts (starting() is called outside the Migrator's per-migration try).
#include <functional>
#include <utility>

#include "roost/migrate/migrator.hpp"

namespace roost::cli {

class FirstWriteObserver final : public migrate::MigratorObserver {
 public:
  FirstWriteObserver(migrate::MigratorObserver& inner, std::function<void()> beforeFirst)
      : inner_(inner), beforeFirst_(std::move(beforeFirst)) {}

  void starting(const migrate::MigrationFile& f, migrate::Direction d) override {
    if (beforeFirst_) std::exchange(beforeFirst_, nullptr)();
    inner_.starting(f, d);
  }
  void finished(const migrate::MigrationFile& f, migrate::Direction d, std::chrono::nanoseconds t) override {
    inner_.finished(f, d, t);
  }
  void failed(const migrate::MigrationFile& f, migrate::Direction d, std::chrono::nanoseconds t) override {
    inner_.failed(f, d, t);
  }
  void pretending(const migrate::MigrationFile& f, migrate::Direction d, std::string_view sql) override {
    inner_.pretending(f, d, sql);
  }
  void droppingAll() override {
    if (beforeFirst_) std::exchange(beforeFirst_, nullptr)();
    inner_.droppingAll();
  }
  void dropped(std::string_view type, std::string_view name) override { inner_.dropped(type, name); }
  void warning(const migrate::Finding& f) override { inner_.warning(f); }

 private:
  migrate::MigratorObserver& inner_;
  std::function<void()> beforeFirst_;
};

}  // namespace roost::cli
