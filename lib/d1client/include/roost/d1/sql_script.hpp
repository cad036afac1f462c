#pragma once
// The SQL text helpers D1 needs (splitting scripts into the statements of a batch, telling
// reads from writes for the retry policy) live in roost/orm/sql_text.hpp, the one classifier
// shared with migrations and seeds; these are its names in roost::d1.
#include "roost/orm/sql_text.hpp"

namespace roost::d1 {

using roost::firstKeyword;
using roost::isReadOnlyStatement;
using roost::isTransactionControl;
using roost::splitSqlScript;

}  // namespace roost::d1
