#pragma once
// Planning a seed: every name a seeder reaches (factories, models, columns, states, relations,
// nested seeders) resolved against the catalog, and each factory step compiled into a Recipe,
// before anything is written. Errors name file:line:col and list the known names.
#include <string>

#include "seed/seed_plan.hpp"

namespace roost::seed {

class SeedRunner;

// Plans `seederClass` and what it reaches into runner's plans; tenantBound: --tenant was given.
const SeederPlan& planSeeder(SeedRunner& runner, const std::string& seederClass, bool tenantBound);

}  // namespace roost::seed
