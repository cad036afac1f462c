// The multitenant sample's HTTP server: GET /posts answers, as JSON, the posts of the
// organization named by the request's subdomain (acme.localhost -> "acme"), through roost's
// OrgResolver + TenantScopeMiddleware and a row-level tenant model. Unknown organizations
// get 404 and nothing else.
//
//   multitenant_server --db FILE [--host 127.0.0.1] [--port 0]
// Prints "listening on http://HOST:PORT" on stdout once it accepts connections.
#include <httplib.h>

#include <cstdio>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>

#include <nlohmann/json.hpp>

#include "roost/orm/orm.hpp"

namespace {

struct Organization : roost::Model<Organization> {
  static constexpr const char* table = "organizations";
};
struct Post : roost::Model<Post> {
  static constexpr const char* table = "posts";
  static constexpr bool softDeletes = true;
  static constexpr const char* tenantColumn = "org_id";
};

nlohmann::json toJson(const roost::Value& v) {
  if (auto* i = v.intIf()) return *i;
  if (auto* d = v.doubleIf()) return *d;
  if (auto* s = v.textIf()) return *s;
  return nullptr;
}

nlohmann::json toJson(const roost::Record& r) {
  nlohmann::json out = nlohmann::json::object();
  for (std::size_t i = 0; i < r.attributes.size(); ++i) out[r.attributes.name(i)] = toJson(r.attributes.value(i));
  return out;
}

roost::RequestView viewOf(const httplib::Request& req) {
  roost::RequestView view;
  view.host = req.get_header_value("Host");
  view.path = req.path;
  for (auto& [k, v] : req.headers) view.headers.emplace(k, v);
  return view;
}

void reply(httplib::Response& res, int status, const nlohmann::json& body) {
  res.status = status;
  res.set_content(body.dump(), "application/json");
}

}  // namespace

int main(int argc, char** argv) {
  std::string db, host = "127.0.0.1";
  int port = 0;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--db") && i + 1 < argc) db = argv[++i];
    else if (!std::strcmp(argv[i], "--host") && i + 1 < argc) host = argv[++i];
    else if (!std::strcmp(argv[i], "--port") && i + 1 < argc) port = std::atoi(argv[++i]);
    else {
      std::fprintf(stderr, "usage: %s --db FILE [--host 127.0.0.1] [--port N]\n", argv[0]);
      return 2;
    }
  }
  if (db.empty()) {
    std::fprintf(stderr, "error: --db FILE is required (the shared database, migrated)\n");
    return 2;
  }

  // One SQLite connection shared by the server's threads, one request at a time through it.
  roost::setDefaultConnection(std::make_shared<roost::SqliteConnection>(db));
  std::mutex dbMutex;
  roost::OrgResolver resolver({"subdomain", "header"});
  roost::TenantScopeMiddleware middleware(resolver, [](std::string_view slug) -> std::optional<roost::Value> {
    auto org = Organization::where("slug", std::string(slug)).first();
    if (!org) return std::nullopt;
    return org->key();
  });

  httplib::Server server;
  server.Get("/posts", [&](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard lock(dbMutex);
    try {
      middleware.handle(
          viewOf(req),
          [&](const roost::TenantContext& tenant) {
            nlohmann::json posts = nlohmann::json::array();
            for (auto& p : Post::query().orderBy("id").all()) posts.push_back(toJson(p));
            reply(res, 200, {{"organization", tenant.slug()}, {"posts", posts}});
            return 0;
          },
          [&](roost::TenantMiss miss) {
            if (miss == roost::TenantMiss::NoSlug) reply(res, 400, {{"error", "no organization in the request"}});
            else reply(res, 404, {{"error", "unknown organization"}});
            return 0;
          });
    } catch (const roost::Error& e) {
      reply(res, 500, {{"error", e.what()}});
    }
  });

  const int bound = port == 0 ? server.bind_to_any_port(host) : (server.bind_to_port(host, port) ? port : -1);
  if (bound < 0) {
    std::fprintf(stderr, "error: cannot listen on %s:%d\n", host.c_str(), port);
    return 1;
  }
  std::printf("listening on http://%s:%d\n", host.c_str(), bound);
  std::fflush(stdout);
  return server.listen_after_bind() ? 0 : 1;
}
