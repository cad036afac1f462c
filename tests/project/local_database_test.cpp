#include <doctest/doctest.h>

#include "support/scoped_env.hpp"
#include "support/temp_files.hpp"
#include "roost/project/local_database.hpp"

using roost::project::D1Binding;
using roost::project::localDatabasePath;
using roost::project::miniflareObjectHex;

namespace {

D1Binding binding(std::string name, std::string databaseId = {}, std::string previewId = {}) {
  D1Binding b;
  b.binding = std::move(name);
  b.databaseId = std::move(databaseId);
  b.previewDatabaseId = std::move(previewId);
  return b;
}

const std::filesystem::path kObjects = std::filesystem::path("v3") / "d1" / "miniflare-D1DatabaseObject";

}  // namespace

TEST_CASE("the miniflare object hex of \"DB\" is the file name wrangler uses") {
  CHECK(miniflareObjectHex("DB") == "e7352547963de7050bd7d94658afc4fe78b61811b7815da12d90be8e863abf4d");
}

TEST_CASE("the miniflare object hex of the zero uuid is the file name wrangler uses") {
  CHECK(miniflareObjectHex("00000000-0000-0000-0000-000000000000") ==
        "9ba2b04bf514d9facfd57ed57d849e77241a7adc99d1c1545d06688b43d84248");
}

TEST_CASE("the local database lives under .wrangler/state beside the config") {
  const std::filesystem::path dir = "/srv/app";
  CHECK(localDatabasePath(dir, binding("DB")) ==
        dir / ".wrangler" / "state" / kObjects / (miniflareObjectHex("DB") + ".sqlite"));
}

TEST_CASE("the local file is named after preview_database_id, else database_id, else the binding") {
  const std::filesystem::path dir = "/srv/app";
  const std::string zero = "00000000-0000-0000-0000-000000000000";
  CHECK(localDatabasePath(dir, binding("DB", zero)).filename() == miniflareObjectHex(zero) + ".sqlite");
  CHECK(localDatabasePath(dir, binding("DB", "prod-id", zero)).filename() == miniflareObjectHex(zero) + ".sqlite");
  CHECK(localDatabasePath(dir, binding("DB")).filename() == miniflareObjectHex("DB") + ".sqlite");
}

TEST_CASE("--persist-to replaces .wrangler/state, relative to the working directory") {
  const std::string file = miniflareObjectHex("DB") + ".sqlite";
  CHECK(localDatabasePath("/srv/app", binding("DB"), std::filesystem::path("/var/state")) ==
        std::filesystem::path("/var/state") / kObjects / file);

  roost::test::TempDir tmp;
  const roost::test::ScopedCurrentPath inTmp(tmp.path());
  CHECK(localDatabasePath("/srv/app", binding("DB"), std::filesystem::path("./state")) ==
        tmp.path() / "state" / kObjects / file);
}
