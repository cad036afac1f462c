#pragma once
// Finding the tenant of an HTTP request and scoping the handler to it, for any C++ server:
// the request is a framework-neutral view (host, path, headers).
//
//   roost::OrgResolver resolver({"subdomain", "header"});
//   roost::TenantScopeMiddleware middleware(resolver, [](std::string_view slug) -> std::optional<roost::Value> {
//     auto org = Organization::where("slug", std::string(slug)).first();  // runs without tenant scope
//     return org ? std::optional(org->key()) : std::nullopt;
//   });
//   auto response = middleware.handle(view, [&](const roost::TenantContext& t) { return listPosts(); },
//                                     [&](roost::TenantMiss miss) { return notFound(); });
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "roost/orm/tenancy.hpp"
#include "roost/orm/value.hpp"

namespace roost {

struct RequestView {
  std::string host;                            // "acme.example.com:8080"
  std::string path;                            // "/org/acme/posts"
  std::map<std::string, std::string> headers;  // names in any case
  std::optional<std::string> header(std::string_view name) const;  // case-insensitive
};

struct OrgResolverOptions {
  std::string header = "X-Org-Slug";  // "header" strategy
  std::string pathPrefix = "/org/";   // "path" strategy: /org/<slug>/...
  std::vector<std::string> ignoredSubdomains = {"www", "api", "app"};
};

// Tries its strategies in the order given: "subdomain" (acme.example.com), "path"
// (/org/acme/...), "header" (X-Org-Slug: acme). A slug must be 1-63 of [a-z0-9-], not
// starting or ending with '-'; anything else is ignored (never looked up).
class OrgResolver {
 public:
  explicit OrgResolver(std::vector<std::string> strategies, OrgResolverOptions options = {});
  std::optional<std::string> resolve(const RequestView& request) const;
  static bool isValidSlug(std::string_view slug) noexcept;

 private:
  std::optional<std::string> bySubdomain(const RequestView& r) const;
  std::optional<std::string> byPath(const RequestView& r) const;
  std::optional<std::string> byHeader(const RequestView& r) const;
  std::vector<std::string> strategies_;
  OrgResolverOptions options_;
};

enum class TenantMiss { NoSlug, UnknownTenant };

// Resolves the slug, looks its id up (without tenant scope), and runs the handler with a
// TenantContext bound to this thread for exactly the handler's duration.
class TenantScopeMiddleware {
 public:
  using Lookup = std::function<std::optional<Value>(std::string_view slug)>;
  // Keeps its own copy of the resolver: build it from a local or a temporary freely.
  TenantScopeMiddleware(OrgResolver resolver, Lookup lookup) : resolver_(std::move(resolver)), lookup_(std::move(lookup)) {}

  template <class Next, class Miss>
  auto handle(const RequestView& request, Next&& next, Miss&& onMiss) const {
    auto slug = resolver_.resolve(request);
    if (!slug) return onMiss(TenantMiss::NoSlug);
    std::optional<Value> id = withoutTenantScope([&] { return lookup_(*slug); });
    if (!id || id->isNull()) return onMiss(TenantMiss::UnknownTenant);
    TenantContext ctx;
    ctx.set(std::move(*id), *slug);
    TenantScope bound(ctx);
    return next(static_cast<const TenantContext&>(ctx));
  }

 private:
  OrgResolver resolver_;
  Lookup lookup_;
};

}  // namespace roost
