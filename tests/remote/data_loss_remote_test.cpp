// Rows lost through foreign keys in a table rebuild (workers-sdk#5438) on Cloudflare's own
// local D1, which keeps foreign keys on as D1 does: refused before any write, and the guard in
// the migration's batch makes D1 itself roll the batch back when the check is skipped.
#include <doctest/doctest.h>

#include "remote/remote_support.hpp"
#include "support/cascade_rebuild_case.hpp"

namespace fs = std::filesystem;
using namespace roost::test;
using namespace roost::test::remote;

TEST_CASE("--remote: the workers-sdk#5438 rebuild is refused, and D1 rolls it back by the guard when forced") {
  TempDir dir;
  const std::string id = freshId();
  const fs::path app = blogProject(dir, id);
  const cascade_rebuild::Run roost = [&](std::vector<std::string> args, const Env& env) {
    args.push_back("--remote");
    Env all = remoteEnv();
    all.insert(all.end(), env.begin(), env.end());
    RunResult r = runRoost(app, args, all);
    checkNoToken(r);
    return r;
  };
  REQUIRE(roost({"migrate"}, {}).status == 0);
  cascade_rebuild::run(app, roost);
}
