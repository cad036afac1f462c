// Client::bookmark and Client::restore (D1 Time Travel) against the fault server: the
// requests' shape, the answers' decoding, and the retry rule (a bookmark GET is retried like
// a read; a restore POST that may have reached D1 is never sent again).
#include <doctest/doctest.h>

#include "d1fault/fault_test_support.hpp"

using namespace roost::d1;
using namespace roost::d1::test;

namespace {

FaultServer::Reply answer(nlohmann::json result) {
  return FaultServer::raw(200, nlohmann::json{{"result", std::move(result)}, {"success", true}, {"errors", nlohmann::json::array()},
                                              {"messages", nlohmann::json::array()}}
                                   .dump());
}

const std::string kBookmark = "00000085-0000024c-00004c6d-8e61117bf38d7adb71b934ebbf891683";

}  // namespace

TEST_CASE("bookmark(): GET time_travel/bookmark, the timestamp as a query parameter, retried on a 503") {
  FaultServer server;
  server.script({FaultServer::d1Error(503, 7500, "unavailable"), answer({{"bookmark", kBookmark}}),
                 answer({{"bookmark", kBookmark}})});
  auto client = makeClient(server);
  CHECK(client->bookmark() == kBookmark);
  CHECK(client->bookmark("2026-12-02T10:00:00+01:00") == kBookmark);
  const auto requests = server.requests();
  REQUIRE(requests.size() == 3);
  CHECK(requests[1].path == "/client/v4/accounts/acct-1/d1/database/db-1/time_travel/bookmark");
  CHECK(requests[1].authorization == "Bearer " + kToken);
}

TEST_CASE("bookmark(): an answer without a bookmark, or an auth error, is a clear ApiError") {
  FaultServer server;
  server.script({answer(nlohmann::json::object()), FaultServer::d1Error(403, 10000, "Authentication error")});
  auto client = makeClient(server);
  CHECK(std::string(errorOf([&] { client->bookmark(); }).what()).find("no \"bookmark\"") != std::string::npos);
  const ApiError e = errorOf([&] { client->bookmark(); });
  CHECK(e.httpStatus() == 403);
  CHECK(server.requestCount() == 2);
}

TEST_CASE("restore(): POST time_travel/restore, previous_bookmark decoded; never sent twice once it may have run") {
  FaultServer server;
  server.script({answer({{"bookmark", "b-after"}, {"previous_bookmark", "b-before"}, {"message", "Database restored successfully"}}),
                 FaultServer::dropAfterProcessing()});
  auto client = makeClient(server);
  const RestoreResult r = client->restore(RestoreTo::atBookmark(kBookmark));
  CHECK(r.bookmark == "b-after");
  CHECK(r.previousBookmark == "b-before");
  CHECK(r.message == "Database restored successfully");
  CHECK(server.requests()[0].path == "/client/v4/accounts/acct-1/d1/database/db-1/time_travel/restore");

  const ApiError e = errorOf([&] { client->restore(RestoreTo::atTimestamp("2026-12-02T10:00:00Z")); });
  CHECK(e.mayHaveBeenApplied());
  CHECK(server.requestCount() == 2);  // not resent

  errorOf<roost::UsageError>([&] { client->restore({}); });
  errorOf<roost::UsageError>([&] { client->restore(RestoreTo{"a", "b"}); });
  CHECK(server.requestCount() == 2);
}

TEST_CASE("restore(): a 429 (refused before it ran) is retried") {
  FaultServer server;
  server.script({FaultServer::d1Error(429, 971, "rate limited"), answer({{"bookmark", "b2"}, {"previous_bookmark", "b1"}})});
  auto client = makeClient(server);
  CHECK(client->restore(RestoreTo::atBookmark(kBookmark)).previousBookmark == "b1");
  CHECK(server.requestCount() == 2);
}
