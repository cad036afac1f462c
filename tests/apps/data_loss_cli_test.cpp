// Rows lost through foreign keys in a table rebuild (workers-sdk#5438), on a local database:
// refused, guarded at run time, the suggested rewrite applied, --allow-data-loss.
#include <doctest/doctest.h>

#include "apps/run_roost.hpp"
#include "support/cascade_rebuild_case.hpp"

namespace fs = std::filesystem;
using namespace roost::test;

TEST_CASE("--local: the workers-sdk#5438 rebuild is refused, and the guard rolls it back when forced past the check") {
  TempDir dir;
  const fs::path app = dir.path() / "blog";
  fs::copy(fs::path(ROOST_SOURCE_DIR) / "wrangler-samples" / "blog", app, fs::copy_options::recursive);
  fs::remove_all(app / ".wrangler");
  const cascade_rebuild::Run roost = [&](std::vector<std::string> args, const Env& env) {
    return runRoost(app, args, env);
  };
  REQUIRE(roost({"migrate"}, {}).status == 0);
  cascade_rebuild::run(app, roost);
}
