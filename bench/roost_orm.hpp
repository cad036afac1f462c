#pragma once
// W1-W6 through roost's ORM: models, the query builder, hydration into model objects.
#include <array>
#include <string>

#include "workload.hpp"

namespace bench {
std::array<Measurement, 6> runRoost(const std::string& path);
}
