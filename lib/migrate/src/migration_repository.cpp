#include "roost/migrate/migration_repository.hpp"

#include <array>

#include "roost/orm/error.hpp"

namespace roost::migrate {

namespace {

bool isPlainName(std::string_view s) {
  if (s.empty()) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    const bool digit = c >= '0' && c <= '9';
    if (!(alpha || (digit && i > 0))) return false;
  }
  return true;
}

MigrationRecord toRecord(const std::vector<Value>& v) {
  MigrationRecord r;
  r.id = v.at(0).asInt();
  r.name = v.at(1).isNull() ? std::string() : v.at(1).toString();
  r.appliedAt = v.at(2).isNull() ? std::string() : v.at(2).toString();
  if (!v.at(3).isNull()) r.batch = v.at(3).asInt();
  return r;
}

}  // namespace

MigrationRepository::MigrationRepository(Connection& connection, std::string table)
    : conn_(&connection), table_(std::move(table)) {
  if (!isPlainName(table_)) throw InvalidIdentifierError(table_);
  quoted_ = "\"" + table_ + "\"";
}

bool MigrationRepository::exists() {
  const std::array<Value, 1> args{Value(table_)};
  return !conn_->execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", args).rows.empty();
}

bool MigrationRepository::hasBatchColumn() {
  const std::array<Value, 1> args{Value(table_)};
  return !conn_->execute("SELECT 1 FROM pragma_table_info(?) WHERE name = 'batch'", args).rows.empty();
}

void MigrationRepository::ensureExists() {
  // A QueryError names its statement already; anything else (D1 not answering) gets it named.
  const auto run = [&](const std::string& sql) {
    try {
      conn_->execute(sql);
    } catch (const D1Error& e) {
      throw TrackingTableError(table_, sql, e.what());
    }
  };
  run("CREATE TABLE IF NOT EXISTS " + quoted_ +
      " (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT UNIQUE,"
      " applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL, batch INTEGER)");
  if (hasBatchColumn()) return;
  try {
    run("ALTER TABLE " + quoted_ + " ADD COLUMN batch INTEGER");
  } catch (const QueryError&) {
    if (!hasBatchColumn()) throw;  // another process added it meanwhile: fine
  }
}

std::vector<MigrationRecord> MigrationRepository::getRan() {
  std::vector<MigrationRecord> out;
  if (!exists()) return out;
  const std::string batch = hasBatchColumn() ? "batch" : "NULL";
  Result r = conn_->execute("SELECT id, name, applied_at, " + batch + " FROM " + quoted_ + " ORDER BY id");
  out.reserve(r.rows.size());
  for (const auto& row : r.rows) out.push_back(toRecord(row));
  return out;
}

std::vector<MigrationRecord> MigrationRepository::getLast() {
  std::vector<MigrationRecord> ran = getRan();
  std::vector<MigrationRecord> out;
  if (ran.empty()) return out;
  const std::optional<std::int64_t> last = ran.back().batch;
  for (auto it = ran.rbegin(); it != ran.rend() && it->batch == last; ++it) out.push_back(std::move(*it));
  return out;
}

std::vector<MigrationRecord> MigrationRepository::getLastSteps(std::size_t steps) {
  std::vector<MigrationRecord> ran = getRan();
  std::vector<MigrationRecord> out;
  for (auto it = ran.rbegin(); it != ran.rend() && out.size() < steps; ++it) out.push_back(std::move(*it));
  return out;
}

std::int64_t MigrationRepository::lastBatchNumber() {
  if (!exists() || !hasBatchColumn()) return 0;
  Result r = conn_->execute("SELECT COALESCE(MAX(batch), 0) FROM " + quoted_);
  return r.rows.empty() ? 0 : r.rows[0].at(0).asInt();
}

Statement MigrationRepository::logStatement(std::string_view name, std::int64_t batch) const {
  return Statement{"INSERT INTO " + quoted_ + " (name, batch) VALUES (?, ?)",
                   {Value(name), Value(static_cast<long long>(batch))}};
}

Statement MigrationRepository::deleteStatement(std::string_view name) const {
  return Statement{"DELETE FROM " + quoted_ + " WHERE name = ?", {Value(name)}};
}

void MigrationRepository::log(std::string_view name, std::int64_t batch) { conn_->execute(logStatement(name, batch)); }

void MigrationRepository::remove(std::string_view name) { conn_->execute(deleteStatement(name)); }

}  // namespace roost::migrate
