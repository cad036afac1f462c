// The footguns a new user hit porting the guides to C++ (issue 16): each one a test.
#include <doctest/doctest.h>

#include <array>
#include <cstdint>
#include <set>
#include <string>
#include <type_traits>
#include <vector>

#include "blog_fixture.hpp"

using namespace roost;
using blog::Post;
using blog::User;

namespace {
// A model of its own, so the relations this file declares reach no other test.
struct Writer : Model<Writer> {
  static constexpr const char* table = "users";
  static constexpr const char* modelName = "Writer";
};
}  // namespace

TEST_CASE("reading a missing attribute on a non-const model adds nothing, and save() still works") {
  blog::Fixture f;
  Post p = Post::create({{"title", "Hello"}});
  CHECK(p.attributes["no_such_column"].isNull());  // a read: the model is not const
  CHECK_FALSE(p.attributes.has("no_such_column"));
  CHECK_FALSE(p.attributes.isDirty());  // reads never start dirty tracking either
  p.attributes["title"] = "Changed";
  CHECK_NOTHROW(p.save());
  CHECK(f.db->execute("SELECT title FROM posts").rows[0][0] == "Changed");

  // Only assignment adds, and an added column is dirty.
  Post fresh;
  fresh.attributes["title"] = "New";
  CHECK(fresh.attributes.has("title"));
  CHECK(fresh.attributes.isDirty("title"));
  CHECK(fresh.attributes["title"] == "New");
  CHECK(fresh.attributes["title"] != "Old");
  // Assigning one attribute from another copies the value, not the reference.
  fresh.attributes["slug"] = fresh.attributes["title"];
  fresh.attributes["title"] = "Other";
  CHECK(fresh.attributes["slug"] == "New");
}

// A pointer other than a C string used to bind integer 1 through Value(bool).
template <class P>
constexpr bool whereAccepts = requires(BasicQuery<Post>& q, P p) { q.where("slug", p); };

TEST_CASE("a pointer that is not a C string is no Value (it used to bind 1 through bool)") {
  CHECK_FALSE(std::is_constructible_v<Value, std::string*>);
  CHECK_FALSE(std::is_constructible_v<Value, const std::string*>);
  CHECK_FALSE(std::is_constructible_v<Value, int*>);
  CHECK_FALSE(std::is_constructible_v<Value, void*>);
  CHECK_FALSE(whereAccepts<std::string*>);
  CHECK_FALSE(std::is_convertible_v<std::string*, Value>);
  // C strings, nullptr and bool stay what they were.
  CHECK(whereAccepts<const char*>);
  CHECK(Value(static_cast<const char*>("a")) == "a");
  char buffer[] = "buf";
  CHECK(Value(buffer) == "buf");
  CHECK(Value(nullptr).isNull());
  CHECK(Value(true) == 1);
}
static_assert(!std::is_constructible_v<Value, std::string*>, "Post::where(\"slug\", ptr) must not compile");
static_assert(!whereAccepts<std::string*>);

TEST_CASE("limit(5).paginate(2, 3): the page, total and lastPage all stay inside the limit") {
  blog::Fixture f;
  for (int i = 1; i <= 9; ++i) Post::create({{"title", "p" + std::to_string(i)}});
  auto page = Post::orderBy("id").limit(5).paginate(2, 3);
  CHECK(page.total == 5);
  CHECK(page.lastPage == 2);
  REQUIRE(page.data.size() == 2);  // rows 4 and 5; row 6 is past the limit
  CHECK(page.data[0].attributes["title"] == "p4");
  CHECK(page.data[1].attributes["title"] == "p5");
  CHECK(Post::orderBy("id").limit(5).paginate(3, 3).data.empty());
}

// whereIn with the containers a C++ caller already has: each element bound as one value.
template <class C>
constexpr bool whereInAccepts = requires(BasicQuery<Post>& q, const C& c) {
  q.whereIn("status", c);
  q.orWhereIn("status", c);
  q.whereNotIn("status", c);
  q.orWhereNotIn("status", c);
};

TEST_CASE("whereIn takes any range of values: vector<string>, array, set, initializer_list, vector<int64_t>") {
  CHECK(whereInAccepts<std::vector<std::string>>);
  CHECK(whereInAccepts<std::array<const char*, 2>>);
  CHECK(whereInAccepts<std::set<std::string>>);
  CHECK(whereInAccepts<std::initializer_list<std::string_view>>);
  CHECK(whereInAccepts<std::vector<std::int64_t>>);
  CHECK_FALSE(whereInAccepts<std::vector<std::string*>>);  // pointers stay refused

  blog::Fixture f;
  for (const char* s : {"draft", "published", "archived", "review"}) Post::create({{"title", s}, {"status", s}});
  const std::vector<std::string> statuses{"draft", "review"};
  auto q = Post::whereIn("status", statuses);
  CHECK(q.toSql().bindings == std::vector<Value>{"draft", "review"});
  CHECK(q.count() == 2);
  CHECK(Post::query().whereNotIn("status", std::array<const char*, 2>{"draft", "review"}).count() == 2);
  CHECK(Post::query().whereIn("status", std::set<std::string>{"archived"}).count() == 1);
  std::initializer_list<std::string_view> some{"published"};
  CHECK(Post::whereNotIn("status", some).count() == 3);
  CHECK(Post::query().where("status", "none").orWhereIn("id", std::vector<std::int64_t>{1, 2}).count() == 2);
  CHECK(Post::whereIn("id", {1, 3}).count() == 2);  // the braced list still works
}

TEST_CASE("textOr reads text safely: the README's abort hook aborts on a missing title instead of throwing") {
  CHECK(Value("t").textOr("none") == "t");
  CHECK(Value().textOr("none") == "none");
  CHECK(Value(5).textOr("") == "");  // not text: the fallback, never a conversion
  CHECK(Value(std::string("a\0b", 3)).textOr("").size() == 3);

  blog::Fixture f;
  Post::on("creating", [](Post& post) { return !post.attributes["title"].textOr("").empty(); });
  CHECK_THROWS_AS(Post::create({{"slug", "no-title"}}), HookAbortedError);
  CHECK_THROWS_AS(Post::create({{"title", ""}}), HookAbortedError);
  CHECK(Post::count() == 0);
  CHECK(Post::create({{"title", "fine"}}).attributes["title"] == "fine");
}

TEST_CASE("two relations with one name on a model are refused at registration, naming the model and the relation") {
  HasMany<Writer, Post> posts{"writings", "author_id"};
  CHECK_THROWS_WITH_AS((HasOne<Writer, Post>{"writings", "author_id"}),
                       doctest::Contains("Writer declares relation 'writings' twice (hasMany posts, then hasOne posts)"),
                       UsageError);
  // The first declaration stands.
  REQUIRE(Writer::meta().relations.find("writings"));
  CHECK(Writer::meta().relations.find("writings")->kind == RelationDef::Kind::HasMany);
  // addOrReplace is the explicit override (the console's models.jsonc over inferred relations).
  RelationDef replacement = posts.def();
  replacement.kind = RelationDef::Kind::HasOne;
  Writer::meta().relations.addOrReplace(replacement);
  CHECK(Writer::meta().relations.find("writings")->kind == RelationDef::Kind::HasOne);
}

namespace {
struct Org : Model<Org> {
  static constexpr const char* table = "orgs";
  static constexpr bool timestamps = false;
};

TenantScopeMiddleware::Lookup orgLookup() {
  return [](std::string_view slug) -> std::optional<Value> {
    auto org = Org::where("slug", std::string(slug)).first();
    return org ? std::optional<Value>(org->key()) : std::nullopt;
  };
}

// The guide's shape: a function that builds the middleware from a local resolver.
TenantScopeMiddleware makeMiddleware() {
  OrgResolver resolver({"subdomain"});
  return TenantScopeMiddleware(resolver, orgLookup());
}
}  // namespace

TEST_CASE("TenantScopeMiddleware owns its resolver: built from a local or a temporary, it outlives them") {
  auto db = std::make_shared<SqliteConnection>(":memory:");
  db->executeScript("CREATE TABLE orgs (id INTEGER PRIMARY KEY, slug TEXT); INSERT INTO orgs VALUES (7, 'acme');");
  Org::setConnection(db);
  auto slugOf = [](const TenantScopeMiddleware& m, const char* host, const char* header) {
    return m.handle(
        RequestView{host, "/", {{"X-Org-Slug", header}}},
        [](const TenantContext& t) { return t.slug() + "=" + t.id().toString(); },
        [](TenantMiss miss) { return std::string(miss == TenantMiss::NoSlug ? "no slug" : "unknown"); });
  };
  TenantScopeMiddleware fromFunction = makeMiddleware();  // its resolver died with the function
  CHECK(slugOf(fromFunction, "acme.example.com", "") == "acme=7");
  TenantScopeMiddleware fromTemporary(OrgResolver({"header"}), orgLookup());
  CHECK(slugOf(fromTemporary, "h", "acme") == "acme=7");

  // A copy, not a view: changing the resolver it was built from changes nothing.
  OrgResolver resolver({"subdomain"});
  TenantScopeMiddleware fromLocal(resolver, orgLookup());
  resolver = OrgResolver({"header"});
  CHECK(slugOf(fromLocal, "acme.example.com", "nobody") == "acme=7");
  Org::setConnection(nullptr);
}

TEST_CASE("a column typo through the query builder says \"did you mean\", as the console does") {
  blog::Fixture f;
  Post::create({{"title", "Hello"}});
  auto messageOf = [](auto&& run) {
    try {
      run();
    } catch (const QueryError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  const std::string typo = messageOf([] { Post::where("titel", "Hello").all(); });
  CHECK(typo.find("no such column: titel") != std::string::npos);
  CHECK(typo.find("did you mean 'title'?") != std::string::npos);
  CHECK(typo.find("SELECT") != std::string::npos);  // the statement is still named
  CHECK(messageOf([] { Post::where("titel", "x").count(); }).find("did you mean 'title'?") != std::string::npos);
  CHECK(messageOf([] { Post::where("sttaus", "x").update({{"body", "b"}}); }).find("did you mean 'status'?") != std::string::npos);
  // Nothing close: no suggestion, only the database's message.
  const std::string far = messageOf([] { Post::where("zzzzzzzz", 1).all(); });
  CHECK(far.find("no such column") != std::string::npos);
  CHECK(far.find("did you mean") == std::string::npos);
}

TEST_CASE("closestMatch: the one edit-distance suggestion the ORM and the console share") {
  CHECK(editDistance("titel", "title") == 2);
  CHECK(editDistance("Title", "title") == 0);  // ASCII case does not count
  CHECK(closestMatch("titel", {"id", "title", "body"}) == "title");
  CHECK(closestMatch("wher", {"where", "orWhere"}) == "where");
  CHECK(closestMatch("zzzzzzzz", {"id", "title"}).empty());
  CHECK(closestMatch("x", {}).empty());
}

TEST_CASE("a D1SessionHandle built from a shared connection keeps it alive") {
  std::vector<std::string> warnings;
  D1SessionHandle session(std::make_shared<SqliteConnection>(":memory:"), [&](std::string_view w) { warnings.emplace_back(w); });
  session.connection().executeScript("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (42);");
  CHECK(session.connection().execute("SELECT x FROM t").rows[0][0] == 42);
  CHECK_THROWS_AS(D1SessionHandle(std::shared_ptr<Connection>()), UsageError);
}
