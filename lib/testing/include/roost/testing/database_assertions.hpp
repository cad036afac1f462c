#pragma once
// Laravel's assertDatabaseHas / assertDatabaseMissing / assertDatabaseCount over any
// Connection. Table and column names are validated and double-quoted (an invalid one is an
// InvalidIdentifierError, not a failed assertion); values are bound. A null value matches NULL.
// Failures go through roost::testing::fail and show what the table does hold.
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "roost/orm/connection.hpp"
#include "roost/orm/value.hpp"

namespace roost::testing {

using ColumnValues = std::vector<std::pair<std::string, Value>>;

// At least one row of table has every one of these column values.
void assertDatabaseHas(Connection& connection, std::string_view table, const ColumnValues& values);
// No row of table has all of them.
void assertDatabaseMissing(Connection& connection, std::string_view table, const ColumnValues& values);
// table holds exactly `expected` rows.
void assertDatabaseCount(Connection& connection, std::string_view table, std::int64_t expected);

// How many rows of table have these column values (all rows for none).
std::int64_t countMatching(Connection& connection, std::string_view table, const ColumnValues& values);

}  // namespace roost::testing
