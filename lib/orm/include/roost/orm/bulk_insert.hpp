#pragma once
// Bulk inserts: many rows in few statements. Rows are stamped like create() would stamp them
// (created_at/updated_at when the model has timestamps, the tenant column under a tenant)
// but no hooks run. Rows go in multi-row INSERTs planned by RowBatcher (within the
// connection's limits(): bound values, and SQL plus values), all sent through one Connection::batch:
// one transaction on SQLite, one atomic request on D1 — all rows or none.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "roost/orm/attributes.hpp"

namespace roost {

class Connection;
struct ModelMeta;

struct BulkInsertStats {
  std::int64_t rows = 0;
  std::size_t statements = 0;
};

// Every row must end up with the same columns (throws UsageError naming the first that differs).
BulkInsertStats insertMany(const ModelMeta& meta, Connection& connection, std::vector<Attributes> rows);

}  // namespace roost
