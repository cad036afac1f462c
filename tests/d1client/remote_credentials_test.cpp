#include <doctest/doctest.h>

#include <string>

#include "support/scoped_env.hpp"
#include "roost/d1/d1_connection.hpp"
#include "roost/orm/error.hpp"

using roost::ConfigError;
using roost::d1::openRemote;
using roost::d1::remoteCredentials;
using roost::project::Target;
using roost::test::ScopedEnv;

namespace {

const char* const kToken = "cf-token-7f3a9c1e5d";

Target remoteTarget() {
  Target t;
  t.kind = Target::Kind::Remote;
  t.binding.binding = "DB";
  t.binding.databaseId = "db-uuid";
  t.accountId = "acct-from-config";
  roost::project::WranglerConfig config;
  config.file = "/project/wrangler.jsonc";
  t.wrangler = config;
  return t;
}

std::string configErrorOf(const Target& t) {
  try {
    remoteCredentials(t);
  } catch (const ConfigError& e) {
    return e.what();
  }
  FAIL("no ConfigError");
  return "";
}

}  // namespace

TEST_CASE("remote credentials come from the target and the environment") {
  ScopedEnv token("CLOUDFLARE_API_TOKEN", kToken);
  ScopedEnv account("CLOUDFLARE_ACCOUNT_ID", "acct-from-env");
  const auto c = remoteCredentials(remoteTarget());
  CHECK(c.accountId == "acct-from-config");
  CHECK(c.databaseId == "db-uuid");
  CHECK(c.apiToken == kToken);

  Target noAccount = remoteTarget();
  noAccount.accountId.clear();
  CHECK(remoteCredentials(noAccount).accountId == "acct-from-env");
}

TEST_CASE("each missing piece of --remote is named with the key or variable that supplies it") {
  ScopedEnv token("CLOUDFLARE_API_TOKEN", std::nullopt);
  ScopedEnv account("CLOUDFLARE_ACCOUNT_ID", std::nullopt);

  const std::string onlyToken = configErrorOf(remoteTarget());
  CHECK(onlyToken.find("CLOUDFLARE_API_TOKEN") != std::string::npos);
  CHECK(onlyToken.find("account") == std::string::npos);

  Target bare = remoteTarget();
  bare.accountId.clear();
  bare.binding.databaseId.clear();
  const std::string all = configErrorOf(bare);
  CHECK(all.find("account_id in /project/wrangler.jsonc") != std::string::npos);
  CHECK(all.find("CLOUDFLARE_ACCOUNT_ID") != std::string::npos);
  CHECK(all.find("database_id on the D1 binding DB") != std::string::npos);
  CHECK(all.find("CLOUDFLARE_API_TOKEN") != std::string::npos);

  ScopedEnv withToken("CLOUDFLARE_API_TOKEN", kToken);
  const std::string noDatabase = configErrorOf(bare);
  CHECK(noDatabase.find(kToken) == std::string::npos);
  CHECK(noDatabase.find("database_id") != std::string::npos);
}

TEST_CASE("openRemote builds a client for the target's database without sending anything") {
  ScopedEnv token("CLOUDFLARE_API_TOKEN", kToken);
  ScopedEnv base("CLOUDFLARE_API_BASE_URL", std::nullopt);
  auto conn = openRemote(remoteTarget());
  CHECK(conn->backendName() == "d1");
  CHECK(conn->client().url(roost::d1::Endpoint::Raw) ==
        "https://api.cloudflare.com/client/v4/accounts/acct-from-config/d1/database/db-uuid/raw");
  CHECK(conn->client().requestCount() == 0);

  ScopedEnv local("CLOUDFLARE_API_BASE_URL", "http://127.0.0.1:8787/client/v4/");
  CHECK(openRemote(remoteTarget())->client().url(roost::d1::Endpoint::Query) ==
        "http://127.0.0.1:8787/client/v4/accounts/acct-from-config/d1/database/db-uuid/query");

  ScopedEnv plain("CLOUDFLARE_API_BASE_URL", "http://api.example.com/client/v4");
  CHECK_THROWS_WITH_AS(openRemote(remoteTarget()), doctest::Contains("unencrypted"), ConfigError);
}

TEST_CASE("a token that cannot go in a header is refused without being shown") {
  ScopedEnv token("CLOUDFLARE_API_TOKEN", "abc\r\nX-Injected: 1");
  try {
    openRemote(remoteTarget());
    FAIL("accepted");
  } catch (const ConfigError& e) {
    CHECK(std::string(e.what()).find("X-Injected") == std::string::npos);
  }
}
