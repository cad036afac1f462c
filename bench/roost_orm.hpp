#pragma once
// W1-W6 through roost's ORM: models, the query builder, hydration into model objects.
#include <array>
#include <string>

#include "workload.hpp"

namespace bench {
// W2 and W6 on the posts table as a row-level tenant model versus the plain model.
struct TenantCost {
  Measurement w2Unscoped, w2Scoped, w6Unscoped, w6Scoped;
};

// tenantCost, when given, is filled by extra runs after W6 (not part of the workload's lines).
std::array<Measurement, 6> runRoost(const std::string& path, TenantCost* tenantCost = nullptr);
}
