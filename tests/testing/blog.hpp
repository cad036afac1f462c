#pragma once
// The blog sample's models and factories, and the options of a TestDatabase on its migrations.
#include <filesystem>

#include <roost/testing.hpp>

#include "testing/blog_models.hpp"

namespace blog {

inline roost::testing::Migrations migrations() {
  return {std::filesystem::path(ROOST_SOURCE_DIR) / "wrangler-samples/blog/database/migrations"};
}

inline roost::testing::TestDatabaseOptions options(roost::testing::Isolation isolation = roost::testing::Isolation::Rollback) {
  return {.migrations = migrations(), .isolation = isolation};
}

}  // namespace blog
