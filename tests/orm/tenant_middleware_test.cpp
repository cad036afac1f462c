#include <doctest/doctest.h>

#include "roost/orm/orm.hpp"

using namespace roost;

TEST_CASE("OrgResolver tries subdomain, path and header in the order given") {
  RequestView r{"acme.example.com:8080", "/org/globex/posts", {{"x-org-slug", "Initech"}}};
  CHECK(OrgResolver({"subdomain", "path", "header"}).resolve(r) == "acme");
  CHECK(OrgResolver({"path", "subdomain"}).resolve(r) == "globex");
  CHECK(OrgResolver({"header"}).resolve(r) == "initech");
  CHECK(OrgResolver({"subdomain"}).resolve({"acme.localhost", "/", {}}) == "acme");
  CHECK_FALSE(OrgResolver({"subdomain"}).resolve({"example.com", "/", {}}));
  CHECK_FALSE(OrgResolver({"subdomain"}).resolve({"www.example.com", "/", {}}));
  CHECK_FALSE(OrgResolver({"path"}).resolve({"h", "/posts", {}}));
  // an invalid slug from one strategy is skipped, the next one is tried
  RequestView bad{"evil_slug.example.com", "/org/ok-slug/x", {}};
  CHECK(OrgResolver({"subdomain", "path"}).resolve(bad) == "ok-slug");
  CHECK_FALSE(OrgResolver({"header"}).resolve({"h", "/", {{"X-Org-Slug", "a'; DROP"}}}));
  CHECK_THROWS_AS(OrgResolver({"cookie"}), UsageError);
}

TEST_CASE("slug rules") {
  CHECK(OrgResolver::isValidSlug("acme"));
  CHECK(OrgResolver::isValidSlug("acme-2"));
  CHECK_FALSE(OrgResolver::isValidSlug("-acme"));
  CHECK_FALSE(OrgResolver::isValidSlug("acme-"));
  CHECK_FALSE(OrgResolver::isValidSlug("Acme"));
  CHECK_FALSE(OrgResolver::isValidSlug(""));
  CHECK_FALSE(OrgResolver::isValidSlug(std::string(64, 'a')));
}

namespace {
struct Item : Model<Item> {
  static constexpr const char* table = "items";
  static constexpr bool timestamps = false;
  static constexpr const char* tenantColumn = "org_id";
};
struct Organization : Model<Organization> {
  static constexpr const char* table = "organizations";
  static constexpr bool timestamps = false;
  static constexpr const char* tenantColumn = "id";  // even a scoped lookup model works: lookups run unscoped
};
}  // namespace

TEST_CASE("TenantScopeMiddleware scopes the handler to the request's tenant, and only the handler") {
  auto db = std::make_shared<SqliteConnection>(":memory:");
  db->executeScript(R"sql(
    CREATE TABLE organizations (id INTEGER PRIMARY KEY, slug TEXT);
    CREATE TABLE items (id INTEGER PRIMARY KEY, org_id INTEGER, name TEXT);
    INSERT INTO organizations VALUES (1, 'acme'), (2, 'globex');
    INSERT INTO items (org_id, name) VALUES (1, 'a1'), (1, 'a2'), (2, 'g1');
  )sql");
  Item::setConnection(db);
  Organization::setConnection(db);
  OrgResolver resolver({"subdomain"});
  TenantScopeMiddleware middleware(resolver, [](std::string_view slug) -> std::optional<Value> {
    auto org = Organization::where("slug", std::string(slug)).first();
    return org ? std::optional<Value>(org->key()) : std::nullopt;
  });
  auto handle = [&](const char* host) {
    return middleware.handle(
        RequestView{host, "/items", {}},
        [](const TenantContext& t) { return t.slug() + ":" + std::to_string(Item::count()); },
        [](TenantMiss miss) { return std::string(miss == TenantMiss::NoSlug ? "400" : "404"); });
  };
  CHECK(handle("acme.example.com") == "acme:2");
  CHECK(handle("globex.example.com") == "globex:1");
  CHECK(handle("nope.example.com") == "404");
  CHECK(handle("example.com") == "400");
  CHECK(currentTenantContext() == nullptr);  // nothing leaks past the handler
  CHECK_THROWS_AS(Item::count(), TenantError);
  CHECK_THROWS_AS(middleware.handle(
                      RequestView{"acme.example.com", "/", {}}, [](const TenantContext&) -> int { throw std::runtime_error("x"); },
                      [](TenantMiss) { return 0; }),
                  std::runtime_error);
  CHECK(currentTenantContext() == nullptr);
  Item::setConnection(nullptr);
  Organization::setConnection(nullptr);
}
