// 1,000 rows through the ORM on D1's REST API (the local D1 server): one create() per row
// versus insertMany(); HTTP requests and wall time of each.
//   roost_remote_rows BASE_URL   (e.g. http://127.0.0.1:PORT/client/v4)
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>

#include "roost/d1/client.hpp"
#include "roost/d1/d1_connection.hpp"
#include "roost/orm/orm.hpp"

namespace {
struct Post : roost::Model<Post> {
  static constexpr const char* table = "posts";
};

double secondsSince(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}
}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s BASE_URL\n", argv[0]);
    return 2;
  }
  const std::string stamp = std::to_string(std::chrono::steady_clock::now().time_since_epoch().count());
  roost::d1::ClientOptions options;
  options.baseUrl = argv[1];
  auto client = std::make_unique<roost::d1::Client>(roost::d1::Credentials{"bench", "rows-" + stamp, "bench-token"}, options);
  roost::d1::Client& c = *client;
  auto db = std::make_shared<roost::d1::D1Connection>(std::move(client));
  db->executeScript(
      "CREATE TABLE posts (id INTEGER PRIMARY KEY, author_id INTEGER, title TEXT, status TEXT, created_at TEXT, updated_at TEXT)");
  Post::setConnection(db);

  auto row = [](int i) {
    return roost::Attributes{{"author_id", i % 50}, {"title", "post " + std::to_string(i)}, {"status", i % 2 ? "draft" : "published"}};
  };
  auto before = c.requestCount();
  auto t = std::chrono::steady_clock::now();
  for (int i = 0; i < 1000; ++i) {
    Post p;
    p.attributes = row(i);
    p.save();
  }
  const double oneByOne = secondsSince(t);
  const auto oneByOneRequests = c.requestCount() - before;

  std::vector<roost::Attributes> rows;
  for (int i = 0; i < 1000; ++i) rows.push_back(row(i));
  before = c.requestCount();
  t = std::chrono::steady_clock::now();
  auto stats = Post::insertMany(std::move(rows));
  const double bulk = secondsSince(t);
  const auto bulkRequests = c.requestCount() - before;

  const auto total = Post::count();
  std::printf("{\"what\":\"1000 rows, create() each\",\"requests\":%llu,\"seconds\":%.3f}\n",
              static_cast<unsigned long long>(oneByOneRequests), oneByOne);
  std::printf("{\"what\":\"1000 rows, insertMany()\",\"requests\":%llu,\"statements\":%zu,\"bound_params\":5000,\"seconds\":%.3f}\n",
              static_cast<unsigned long long>(bulkRequests), stats.statements, bulk);
  return total == 2000 ? 0 : 1;
}
