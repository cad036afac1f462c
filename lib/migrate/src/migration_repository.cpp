#include "roost/migrate/migration_repository.hpp"

#include <array>
#include <utility>

#include "roost/orm/error.hpp"
#include "roost/orm/identifier.hpp"

namespace roost::migrate {

namespace {

const std::string& quotedBatches() {
  static const std::string q = quoteAnyName(kBatchesTable);
  return q;
}

std::string createBatchesSql() {
  return "CREATE TABLE IF NOT EXISTS " + quotedBatches() +
         " (migrations_table TEXT NOT NULL, name TEXT NOT NULL, batch INTEGER NOT NULL,"
         " PRIMARY KEY (migrations_table, name))";
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

std::string MigrationRepository::createTableSql(std::string_view table) {
  // Tabs and newlines as in wrangler's template literal: sqlite_schema keeps the text, and
  // `sqlite3 .schema` then shows the same table whichever tool made it.
  return "CREATE TABLE IF NOT EXISTS " + quoteAnyName(table) +
         "(\n"
         "\t\tid         INTEGER PRIMARY KEY AUTOINCREMENT,\n"
         "\t\tname       TEXT UNIQUE,\n"
         "\t\tapplied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL\n"
         ");";
}

MigrationRepository::MigrationRepository(Connection& connection, std::string table)
    : conn_(&connection), table_(std::move(table)) {
  if (table_.empty() || table_.find('\0') != std::string::npos) throw InvalidIdentifierError(table_);
  quoted_ = quoteAnyName(table_);
}

MigrationRepository::State MigrationRepository::state() {
  // One query (one request on D1) for all three facts.
  const std::array<Value, 3> args{Value(table_), Value(kBatchesTable), Value(table_)};
  Result r = conn_->execute(
      "SELECT (SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table' AND name = ? COLLATE NOCASE),"
      " (SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table' AND name = ? COLLATE NOCASE),"
      " (SELECT COUNT(*) FROM pragma_table_info(?) WHERE name = 'batch' COLLATE NOCASE)",
      args);
  State s;
  if (r.rows.empty()) return s;
  s.tracking = r.rows[0].at(0).asInt() > 0;
  s.batches = r.rows[0].at(1).asInt() > 0;
  s.batchColumn = s.tracking && r.rows[0].at(2).asInt() > 0;
  return s;
}

bool MigrationRepository::exists() { return state().tracking; }

void MigrationRepository::ensureExists() {
  const std::string sql = createTableSql(table_);
  try {
    conn_->execute(sql);
  } catch (const RemoteError& e) {  // a QueryError names its statement already
    throw TrackingTableError(table_, sql, e.what());
  }
  upgradeBatchColumn();
}

bool MigrationRepository::upgradeBatchColumn() {
  const State s = state();
  if (!s.batchColumn) return false;
  // Rebuilt rather than ALTER TABLE DROP COLUMN: that would leave roost 0.1's column list
  // in sqlite_schema, not wrangler's text, and SQLite refuses it (as RENAME) while any view
  // or trigger of the database is broken. DROP TABLE checks nothing of the kind.
  const std::string rows = quoteAnyName("roost_upgrade_" + table_ + "_rows");
  const std::string seq = quoteAnyName("roost_upgrade_" + table_ + "_seq");
  const std::vector<Statement> statements{
      {createBatchesSql(), {}},
      {"INSERT OR REPLACE INTO " + quotedBatches() + " (migrations_table, name, batch) SELECT ?, name, batch FROM " +
           quoted_ + " WHERE batch IS NOT NULL AND name IS NOT NULL",
       {Value(table_)}},
      {"CREATE TABLE " + rows + " AS SELECT id, name, applied_at FROM " + quoted_, {}},
      {"CREATE TABLE " + seq + " AS SELECT seq FROM sqlite_sequence WHERE name = ?", {Value(table_)}},
      {"DROP TABLE " + quoted_, {}},
      {createTableSql(table_), {}},
      {"INSERT INTO " + quoted_ + " (id, name, applied_at) SELECT id, name, applied_at FROM " + rows + " ORDER BY id",
       {}},
      // The AUTOINCREMENT counter as it was, so ids never repeat rolled-back ones.
      {"DELETE FROM sqlite_sequence WHERE name = ?", {Value(table_)}},
      {"INSERT INTO sqlite_sequence (name, seq) SELECT ?, seq FROM " + seq, {Value(table_)}},
      {"DROP TABLE " + rows, {}},
      {"DROP TABLE " + seq, {}},
  };
  try {
    conn_->batch(statements);
  } catch (const RemoteError& e) {
    throw TrackingTableError(table_, "(moving its batch column to " + std::string(kBatchesTable) + ")", e.what());
  }
  return true;
}

std::vector<MigrationRecord> MigrationRepository::getRan() {
  std::vector<MigrationRecord> out;
  const State s = state();
  if (!s.tracking) return out;
  std::string batch = s.batches && s.batchColumn ? "COALESCE(b.batch, t.batch)"
                      : s.batches                ? "b.batch"
                      : s.batchColumn            ? "t.batch"
                                                 : "NULL";
  std::string sql = "SELECT t.id, t.name, t.applied_at, " + batch + " FROM " + quoted_ + " AS t";
  std::vector<Value> args;
  if (s.batches) {
    sql += " LEFT JOIN " + quotedBatches() + " AS b ON b.migrations_table = ? AND b.name = t.name";
    args.emplace_back(table_);
  }
  Result r = conn_->execute(sql + " ORDER BY t.id", args);
  out.reserve(r.rows.size());
  for (const auto& row : r.rows) out.push_back(toRecord(row));
  return out;
}

std::vector<MigrationRecord> lastBatchOf(std::vector<MigrationRecord> ran) {
  std::vector<MigrationRecord> out;
  if (ran.empty()) return out;
  const std::optional<std::int64_t> last = ran.back().batch;
  for (auto it = ran.rbegin(); it != ran.rend() && it->batch == last; ++it) out.push_back(std::move(*it));
  return out;
}

std::vector<MigrationRecord> lastStepsOf(std::vector<MigrationRecord> ran, std::size_t steps) {
  std::vector<MigrationRecord> out;
  for (auto it = ran.rbegin(); it != ran.rend() && out.size() < steps; ++it) out.push_back(std::move(*it));
  return out;
}

std::int64_t lastBatchNumberOf(const std::vector<MigrationRecord>& ran) {
  std::int64_t last = 0;
  for (const MigrationRecord& r : ran)
    if (r.batch && *r.batch > last) last = *r.batch;
  return last;
}

std::vector<Statement> MigrationRepository::logStatements(std::string_view name, std::int64_t batch) const {
  return {
      {"INSERT INTO " + quoted_ + " (name) VALUES (?)", {Value(name)}},
      {createBatchesSql(), {}},
      {"INSERT OR REPLACE INTO " + quotedBatches() + " (migrations_table, name, batch) VALUES (?, ?, ?)",
       {Value(table_), Value(name), Value(static_cast<long long>(batch))}},
  };
}

std::vector<Statement> MigrationRepository::deleteStatements(std::string_view name) {
  std::vector<Statement> out{{"DELETE FROM " + quoted_ + " WHERE name = ?", {Value(name)}}};
  if (state().batches)
    out.push_back({"DELETE FROM " + quotedBatches() + " WHERE migrations_table = ? AND name = ?",
                   {Value(table_), Value(name)}});
  return out;
}

void MigrationRepository::log(std::string_view name, std::int64_t batch) { conn_->batch(logStatements(name, batch)); }

void MigrationRepository::remove(std::string_view name) { conn_->batch(deleteStatements(name)); }

}  // namespace roost::migrate
