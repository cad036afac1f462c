#include "roost_orm.hpp"

#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "roost/orm/orm.hpp"
#include "timer.hpp"

namespace bench {
namespace {

struct User : roost::Model<User> {
  static constexpr const char* table = "users";
};
// Soft-deleting, as a real blog's posts would be; the workload's SQL has no deleted_at
// filter, so every query goes through withTrashed() (WORKLOAD.md note 2).
struct Post : roost::Model<Post> {
  static constexpr const char* table = "posts";
  static constexpr bool softDeletes = true;
};

// The same table as a row-level tenant model (org_id): a post's org is derived from its
// author, so scoping W2/W6 to the author's org returns exactly the same rows.
struct ScopedPost : roost::Model<ScopedPost> {
  static constexpr const char* table = "posts";
  static constexpr bool softDeletes = true;
  static constexpr const char* tenantColumn = "org_id";
};

std::int64_t len(const roost::Value& v) { return static_cast<std::int64_t>(v.asText().size()); }

std::string orgOf(std::int64_t author) { return "org-" + std::to_string(author % 10); }

template <class P>
Measurement runW2(const std::function<void(std::int64_t, const std::function<void()>&)>& inTenant) {
  Measurement m;
  Timer t;
  for (int q = 0; q < 2000; ++q) {
    inTenant(authorFor(q), [&] {
      auto posts = P::withTrashed()
                       .where("status", "published")
                       .where("author_id", authorFor(q))
                       .orderBy("created_at", "desc")
                       .limit(10)
                       .all();
      for (auto& p : posts) m.check += p.key().asInt() + len(p.attributes["title"]);
    });
  }
  m.seconds = t.seconds();
  m.ops = 2000;
  return m;
}

template <class P>
Measurement runW6(const std::function<void(std::int64_t, const std::function<void()>&)>& inTenant) {
  Measurement m;
  Timer t;
  for (int q = 0; q < 2000; ++q)
    inTenant(authorFor(q), [&] {
      m.check += P::withTrashed().where("status", q < 1000 ? "published" : "draft").where("author_id", authorFor(q)).count();
    });
  m.seconds = t.seconds();
  m.ops = 2000;
  return m;
}

}  // namespace

std::array<Measurement, 6> runRoost(const std::string& path, TenantCost* tenantCost) {
  auto db = std::make_shared<roost::SqliteConnection>(path);
  db->executeScript(kSetup);
  User::setConnection(db);
  Post::setConnection(db);
  std::array<Measurement, 6> m;

  {  // W1: the ORM's own create, timestamps given explicitly (WORKLOAD.md note 3)
    Timer t;
    std::int64_t ids = 0;
    db->transaction([&] {
      for (int i = 1; i <= kUsers; ++i) {
        UserRow u = makeUser(i);
        User user = User::create({{"name", std::move(u.name)},
                                  {"email", std::move(u.email)},
                                  {"org_id", std::move(u.orgId)},
                                  {"created_at", u.createdAt},
                                  {"updated_at", std::move(u.createdAt)}});
        ids += user.key().asInt();
      }
      Xorshift32 rng;
      for (int i = 1; i <= kPosts; ++i) {
        PostRow p = makePost(rng, i);
        Post post = Post::create({{"author_id", p.authorId},
                                  {"title", std::move(p.title)},
                                  {"slug", std::move(p.slug)},
                                  {"body", std::move(p.body)},
                                  {"status", std::move(p.status)},
                                  {"org_id", std::move(p.orgId)},
                                  {"published_at", p.published ? roost::Value(p.createdAt) : roost::Value()},
                                  {"created_at", p.createdAt},
                                  {"updated_at", std::move(p.createdAt)}});
        ids += post.key().asInt();
      }
    });
    m[0].seconds = t.seconds();
    m[0].ops = kUsers + kPosts;
    m[0].check = ids + db->execute(kPostSum).rows[0][0].asInt() + db->execute(kUserSum).rows[0][0].asInt();
  }
  db->executeScript("ANALYZE");

  auto unscoped = [](std::int64_t, const std::function<void()>& fn) { fn(); };
  m[1] = runW2<Post>(unscoped);
  {  // W3
    Timer t;
    auto posts = Post::withTrashed().where("status", "published").all();
    for (auto& p : posts) m[2].check += len(p.attributes["title"]);
    m[2].seconds = t.seconds();
    m[2].ops = static_cast<std::int64_t>(posts.size());
  }
  {  // W4
    Timer t;
    auto users = User::all();
    std::unordered_map<std::int64_t, std::vector<Post>> byUser;
    std::int64_t posts = 0;
    for (std::size_t start = 0; start < users.size(); start += 100) {
      std::vector<roost::Value> ids;
      for (std::size_t i = start; i < start + 100 && i < users.size(); ++i) ids.push_back(users[i].key());
      for (auto& p : Post::withTrashed().whereIn("author_id", std::move(ids)).all()) {
        byUser[p.attributes["author_id"].asInt()].push_back(std::move(p));
        ++posts;
      }
    }
    for (auto& u : users)
      for (auto& p : byUser[u.key().asInt()]) m[3].check += u.key().asInt() + len(p.attributes["title"]);
    m[3].seconds = t.seconds();
    m[3].ops = static_cast<std::int64_t>(users.size()) + posts;
  }
  {  // W5
    Timer t;
    for (int page = 1; page <= 50; ++page) {
      auto p = Post::withTrashed().where("status", "published").orderBy("created_at", "desc").paginate(page, 20);
      m[4].check += p.total;
      for (auto& post : p.data) m[4].check += post.key().asInt();
    }
    m[4].seconds = t.seconds();
    m[4].ops = 50;
  }
  m[5] = runW6<Post>(unscoped);

  if (tenantCost) {  // W2 and W6 again, unscoped and tenant-scoped, alternating; best of 3 each
    ScopedPost::setConnection(db);
    roost::TenantContext ctx;
    auto scoped = [&](std::int64_t author, const std::function<void()>& fn) {
      ctx.set(orgOf(author));
      roost::TenantScope bound(ctx);
      fn();
    };
    for (int round = 0; round < 3; ++round) {
      auto keep = [&](Measurement& best, Measurement got) {
        if (round == 0 || got.seconds < best.seconds) best = got;
      };
      keep(tenantCost->w2Unscoped, runW2<Post>(unscoped));
      keep(tenantCost->w2Scoped, runW2<ScopedPost>(scoped));
      keep(tenantCost->w6Unscoped, runW6<Post>(unscoped));
      keep(tenantCost->w6Scoped, runW6<ScopedPost>(scoped));
    }
    ScopedPost::setConnection(nullptr);
  }
  User::setConnection(nullptr);
  Post::setConnection(nullptr);
  return m;
}

}  // namespace bench
