#pragma once
// roost::testing — the kit for testing code that uses roost's models (link roost::testing).
// Works with any test framework: a failed assertion throws roost::testing::AssertionError, or
// calls the handler given to roost::testing::setFailureHandler.
//
//   TestDatabase      a fresh migrated database per test case, with the pieces below
//   FakeClock         frozen, movable time for created_at / updated_at
//   QueryLog          count, SQL text and no-N+1 assertions on what ran
//   assertDatabaseHas / assertDatabaseMissing / assertDatabaseCount
//   createOne / createMany over roost::Factory (forRelation makes the parent)
//   GlobalState       hooks, connections and clocks of one test never reach the next
#include "roost/testing/assertion.hpp"
#include "roost/testing/database_assertions.hpp"
#include "roost/testing/factories.hpp"
#include "roost/testing/fake_clock.hpp"
#include "roost/testing/global_state.hpp"
#include "roost/testing/query_log.hpp"
#include "roost/testing/schema_template.hpp"
#include "roost/testing/test_database.hpp"
