#include <doctest/doctest.h>

#include <set>
#include <string>
#include <vector>

#include "blog_fixture.hpp"
#include "roost/orm/factory.hpp"
#include "support/forwarding_connection.hpp"

using namespace roost;
using blog::Post;
using blog::Tag;
using blog::User;

namespace {

// The C++ way to write a factory: a subclass with definition() and named states.
struct UserFactory : Factory<User, UserFactory> {
  Attributes definition(Fake& f) const {
    std::string name = f.name();
    return {{"name", name}, {"email", f.unique().email()}};
  }
};

struct PostFactory : Factory<Post, PostFactory> {
  Attributes definition(Fake& f) const {
    return {{"title", f.sentence(4)},
            {"slug", f.unique().slug()},
            {"body", f.paragraph(2)},
            {"status", "published"},
            {"published_at", f.dateTime("2023-01-01", "2023-12-31")}};
  }
  PostFactory draft() const { return state({{"status", "draft"}, {"published_at", nullptr}}); }
};

std::int64_t rows(blog::Fixture& f, const char* table) {
  return f.db->execute(std::string("SELECT count(*) AS n FROM ") + table).row(0)["n"].asInt();
}

// A connection without transactions, as D1's REST API is: forwards to SQLite and says no.
class NoTransactions : public test::ForwardingConnection {
 public:
  using ForwardingConnection::ForwardingConnection;
  bool supportsTransactions() const noexcept override { return false; }
  void begin() override { throw UsageError("no transactions here"); }
  void commit() override { throw UsageError("no transactions here"); }
  void rollback() override { throw UsageError("no transactions here"); }
  int transactionDepth() const noexcept override { return 0; }
  const Grammar& grammar() const noexcept override {
    static const Grammar limited(BackendLimits{.maxBoundParams = 100});
    return limited;
  }
  std::string_view backendName() const noexcept override { return "no-transactions"; }
};

}  // namespace

TEST_CASE("make builds models from the definition without saving them") {
  blog::Fixture f;
  PostFactory posts;
  std::vector<Post> made = posts.count(3).make();
  REQUIRE(made.size() == 3);
  for (const Post& p : made) {
    CHECK_FALSE(p.exists());
    CHECK(p.key().isNull());
    CHECK(p.attributes["status"] == "published");
    CHECK(p.attributes["title"].asText().back() == '.');
    CHECK_FALSE(p.attributes.isDirty());
  }
  CHECK(rows(f, "posts") == 0);
  Post one = posts.makeOne({{"title", "Given"}});
  CHECK(one.attributes["title"] == "Given");
  CHECK(rows(f, "posts") == 0);
}

TEST_CASE("create saves through the model: hooks run, timestamps are stamped, ids assigned") {
  blog::Fixture f;
  std::vector<std::string> log;
  Post::on("creating", [&](Post& p) {
    log.push_back("creating " + p.attributes["slug"].asText());
    p.attributes["body"] = "set by the hook";
  });
  std::vector<Post> created = PostFactory{}.count(2).create();
  REQUIRE(created.size() == 2);
  CHECK(log.size() == 2);
  for (const Post& p : created) {
    CHECK(p.exists());
    CHECK(p.attributes["created_at"] == "2024-01-02T03:04:05.678Z");
    CHECK(Post::findOrFail(p.key()).attributes["body"] == "set by the hook");
  }
  CHECK(created[0].key() == 1);
  CHECK(created[1].key() == 2);
  Post p = PostFactory{}.createOne({{"title", "Exact"}});
  CHECK(Post::findOrFail(p.key()).attributes["title"] == "Exact");
}

TEST_CASE("calls do not leak into later calls: count, state and sequence apply to one chain only") {
  blog::Fixture f;
  PostFactory posts;
  CHECK(posts.count(3).create().size() == 3);
  CHECK(posts.create().size() == 1);  // the original kept count(3) here
  CHECK(posts.draft().createOne().attributes["status"] == "draft");
  CHECK(posts.createOne().attributes["status"] == "published");  // ... and the draft state
  auto three = posts.count(3);
  CHECK(three.draft().create().size() == 3);
  CHECK(three.createOne().attributes["status"] == "published");
  CHECK(three.amount() == 3);
  CHECK(posts.amount() == 1);
  CHECK(Post::count() == 10);
  CHECK(Post::where("status", "draft").count() == 4);
}

TEST_CASE("states: attributes, partial or whole results of a function, in-place edits; later ones win") {
  blog::Fixture f;
  PostFactory posts;
  Attributes archived{{"status", "archived"}};
  CHECK(posts.state(archived).makeOne().attributes["status"] == "archived");
  // returns only the columns it changes
  auto shout = posts.state([](const Attributes& a) -> Attributes { return {{"title", a["title"].asText() + "!"}}; });
  Post p = shout.makeOne({{"title", "Hi"}});  // overrides are a state too: added after, so they win
  CHECK(p.attributes["title"] == "Hi");
  p = shout.state({{"slug", "s"}}).makeOne();
  CHECK(p.attributes["title"].asText().back() == '!');
  CHECK(p.attributes["slug"] == "s");
  CHECK(p.attributes["status"] == "published");  // untouched columns stay
  // returns everything
  p = posts.state([](const Attributes& a) {
             Attributes all = a;
             all["status"] = "review";
             return all;
           })
          .makeOne();
  CHECK(p.attributes["status"] == "review");
  // edits in place, with the Fake at hand
  p = posts.state([](Attributes& a, Fake& fake) { a["body"] = "by " + fake.name(); }).makeOne();
  CHECK(p.attributes["body"].asText().rfind("by ", 0) == 0);
  p = posts.state([](Attributes& a) { a["status"] = "a"; }).state({{"status", "b"}}).makeOne();
  CHECK(p.attributes["status"] == "b");
  CHECK(posts.draft().state({{"status", "c"}}).makeOne().attributes["status"] == "c");
}

TEST_CASE("sequence cycles per model and starts over in every call") {
  blog::Fixture f;
  auto alternating = PostFactory{}.sequence({{{"status", "draft"}}, {{"status", "published"}}});
  std::vector<std::string> statuses;
  for (const Post& p : alternating.count(5).create()) statuses.push_back(p.attributes["status"].asText());
  CHECK(statuses == std::vector<std::string>{"draft", "published", "draft", "published", "draft"});
  CHECK(alternating.createOne().attributes["status"] == "draft");  // index restarts at 0 (Laravel's does not)
  CHECK(alternating.count(1).create()[0].attributes["status"] == "draft");

  auto numbered = PostFactory{}.sequence([](std::size_t i) -> Attributes {
    return {{"title", "Post " + std::to_string(i + 1)}};
  });
  auto made = numbered.count(3).make();
  CHECK(made[2].attributes["title"] == "Post 3");
  CHECK(numbered.count(2).make()[0].attributes["title"] == "Post 1");
  auto withFake = PostFactory{}.sequence([](std::size_t i, Fake& fake) -> Attributes {
    return {{"body", std::to_string(i) + ":" + fake.word()}};
  });
  CHECK(withFake.makeOne().attributes["body"].asText().rfind("0:", 0) == 0);
  CHECK_THROWS_WITH_AS(PostFactory{}.sequence(std::vector<Attributes>{}), doctest::Contains("at least one"), UsageError);
}

TEST_CASE("a factory from a lambda, without a subclass") {
  blog::Fixture f;
  Factory<Tag> tags([](Fake& fake) -> Attributes { return {{"name", fake.unique().word()}}; });
  auto created = tags.count(4).create();
  CHECK(created.size() == 4);
  CHECK(Tag::count() == 4);
  std::set<std::string> names;
  for (const Tag& t : created) names.insert(t.attributes["name"].asText());
  CHECK(names.size() == 4);
  CHECK_FALSE(created[0].attributes.has("created_at"));  // Tag has no timestamps
}

TEST_CASE("the same seed makes the same rows; factories of one table share a stream") {
  auto emails = [](const std::vector<User>& users) {
    std::vector<std::string> out;
    for (const User& u : users) out.push_back(u.attributes["email"].asText());
    return out;
  };
  std::vector<std::string> first, second, pinned;
  {
    blog::Fixture f;
    seedFactories(7);  // what `roost db:seed --seed 7` does: every table's stream restarts
    first = emails(UserFactory{}.count(3).create());
    pinned = emails(UserFactory{}.seed(42).count(3).create());  // a private stream
  }
  {
    blog::Fixture f;
    seedFactories(7);
    second = emails(UserFactory{}.count(3).create());
    CHECK(emails(UserFactory{}.seed(42).count(3).create()) == pinned);
  }
  CHECK(first == second);
  // pinned once (regression): a private stream is independent of everything else the test does
  CHECK(pinned == std::vector<std::string>{"gabriel.silva@example.com", "jeremymorris55@example.net",
                                           "treynolds@example.org"});

  blog::Fixture f;
  UserFactory users;
  User a = users.createOne(), b = users.createOne();  // the stream continues: no repeat
  CHECK(a.attributes["email"] != b.attributes["email"]);
  User c = UserFactory{}.createOne();  // a second factory continues the same stream
  CHECK(c.attributes["email"] != a.attributes["email"]);
  CHECK(&UserFactory{}.fake() == &users.fake());
  CHECK(&UserFactory{}.fake() == &factoryStream("users"));
  CHECK(&users.seed(1).fake() != &users.fake());
  // unique() holds across calls and factories of the table
  std::set<std::string> all;
  for (int i = 0; i < 20; ++i) all.insert((i % 2 ? users : UserFactory{}).createOne().attributes["email"].asText());
  CHECK(all.size() == 20);
  CHECK(User::count() == 23);
}

TEST_CASE("forParent creates one author per call and sets the foreign key") {
  blog::Fixture f;
  UserFactory users;
  auto postsWithAuthor = PostFactory{}.count(3).forParent(users, "author_id");
  std::vector<Post> posts = postsWithAuthor.create();
  REQUIRE(User::count() == 1);
  User author = User::first().value();
  for (const Post& p : posts) CHECK(p.attributes["author_id"] == author.key());
  postsWithAuthor.create();  // a new call, a new author
  CHECK(User::count() == 2);
  CHECK(Post::where("author_id", 2).count() == 3);

  // make() leaves the posts unsaved, but the author must exist for its key
  Post unsaved = PostFactory{}.forParent(users, "author_id").makeOne();
  CHECK_FALSE(unsaved.exists());
  CHECK(unsaved.attributes["author_id"] == 3);
  CHECK(User::count() == 3);
  CHECK(Post::count() == 6);
}

TEST_CASE("forEachParent gives every model its own parent; forParent takes an existing row") {
  blog::Fixture f;
  UserFactory users;
  auto posts = PostFactory{}.count(3).forEachParent(users.state({{"name", "Writer"}}), "author_id").create();
  CHECK(User::where("name", "Writer").count() == 3);
  std::set<std::int64_t> authors;
  for (const Post& p : posts) authors.insert(p.attributes["author_id"].asInt());
  CHECK(authors.size() == 3);

  User ada = User::create({{"name", "Ada"}});
  auto hers = PostFactory{}.count(2).forParent(ada, "author_id").create();
  CHECK(hers[1].attributes["author_id"] == ada.key());
  CHECK(User::count() == 4);  // nobody new
  // ownerKey: another column of the parent
  CHECK(PostFactory{}.forParent(ada, "title", "name").makeOne().attributes["title"] == "Ada");
  CHECK_THROWS_WITH_AS(PostFactory{}.forParent(User{}, "author_id"), doctest::Contains("has no id (save it first)"),
                       UsageError);
}

TEST_CASE("has creates three posts for each user and attaches them") {
  blog::Fixture f;
  PostFactory posts;
  std::vector<User> users = UserFactory{}.count(2).has(posts.count(3), "author_id", "posts").create();
  REQUIRE(users.size() == 2);
  CHECK(Post::count() == 6);
  for (const User& u : users) {
    CHECK(Post::where("author_id", u.key()).count() == 3);
    REQUIRE(u.relationLoaded("posts"));
    REQUIRE(u.related("posts").size() == 3);
    for (const Record& p : u.related("posts")) {
      CHECK(p.exists());
      CHECK(p.attributes["author_id"] == u.key());
    }
  }
  // without a relation name they are created but not attached
  User plain = UserFactory{}.has(posts.count(1), "author_id").createOne();
  CHECK_FALSE(plain.relationLoaded("posts"));
  CHECK(Post::where("author_id", plain.key()).count() == 1);
  // the child's own forParent on the same key is dropped: no stray authors
  auto postsWithAuthors = posts.forParent(UserFactory{}.seed(5), "author_id");
  UserFactory{}.seed(6).has(postsWithAuthors.count(2), "author_id").createOne();
  CHECK(User::count() == 4);
  // make() does not make children
  UserFactory{}.seed(7).has(posts.count(2), "author_id").makeOne();
  CHECK(Post::count() == 9);
}

TEST_CASE("a bad column fails with the database's error and a batched create writes nothing") {
  blog::Fixture f;
  auto broken = PostFactory{}
                    .count(3)
                    .forParent(UserFactory{}, "author_id")
                    .sequence({{}, {}, {{"no_such_column", 1}}});  // the third model fails
  try {
    broken.create();
    FAIL("expected a QueryError");
  } catch (const QueryError& e) {
    CHECK(std::string(e.databaseMessage()).find("no_such_column") != std::string::npos);
  }
  CHECK(Post::count() == 0);  // the two before it were rolled back
  CHECK(User::count() == 0);  // and so was their author
  CHECK(f.db->transactionDepth() == 0);

  // children too: a user whose second post fails leaves no user behind
  auto badPosts = PostFactory{}.count(2).sequence({{}, {{"no_such_column", 1}}});
  CHECK_THROWS_AS(UserFactory{}.has(badPosts, "author_id").createOne(), QueryError);
  CHECK(User::count() == 0);
  CHECK(Post::count() == 0);
  // inside a transaction of the caller's, a savepoint: the caller decides
  f.db->transaction([&] {
    CHECK_THROWS_AS(broken.create(), QueryError);
    UserFactory{}.createOne();
  });
  CHECK(User::count() == 1);
  CHECK(Post::count() == 0);
}

TEST_CASE("a creating hook that aborts rolls the whole call back") {
  blog::Fixture f;
  Post::on("creating", [](Post& p) { return p.attributes["title"] != "stop"; });
  CHECK_THROWS_AS(PostFactory{}.count(3).sequence({{}, {{"title", "stop"}}}).create(), HookAbortedError);
  CHECK(Post::count() == 0);
}

TEST_CASE("without transactions (D1's REST API) models are saved one by one") {
  blog::Fixture f;
  NoTransactions plain(*f.db);
  std::vector<std::string> statements;
  f.db->setListener([&](std::string_view sql, std::span<const Value>) { statements.emplace_back(sql); });
  auto users = UserFactory{}.onConnection(plain).count(2).has(PostFactory{}.count(2), "author_id").create();
  f.db->setListener(nullptr);
  CHECK(User::count() == 2);
  CHECK(Post::count() == 4);
  for (const auto& s : statements) CHECK(s.rfind("INSERT", 0) == 0);
  CHECK(statements.size() == 6);
  CHECK(&users[0].connection() == &plain);
}

TEST_CASE("onConnection writes to another database, parents and children included") {
  blog::Fixture f;
  SqliteConnection other(":memory:");
  other.executeScript(blog::kSchema);
  auto posts = PostFactory{}.count(2).forParent(UserFactory{}, "author_id");
  UserFactory{}.onConnection(other).has(posts, "author_id").createOne();
  CHECK(other.execute("SELECT count(*) AS n FROM posts").row(0)["n"] == 2);
  CHECK(other.execute("SELECT count(*) AS n FROM users").row(0)["n"] == 1);
  CHECK(Post::count() == 0);
  CHECK(User::count() == 0);
}

TEST_CASE("afterMaking and afterCreating see each model") {
  blog::Fixture f;
  std::vector<std::string> log;
  auto posts = PostFactory{}
                   .afterMaking([&](Post& p) { log.push_back("made " + std::string(p.exists() ? "saved" : "new")); })
                   .afterCreating([&](Record& r) { log.push_back("created " + r.key().toString()); });
  posts.count(2).create();
  CHECK(log == std::vector<std::string>{"made new", "made new", "created 1", "created 2"});
  log.clear();
  posts.makeOne();
  CHECK(log == std::vector<std::string>{"made new"});
}

TEST_CASE("raw gives attributes only; count(0) makes nothing; makeOne and createOne ignore count") {
  blog::Fixture f;
  PostFactory posts;
  std::vector<Attributes> raw = posts.count(2).raw();
  REQUIRE(raw.size() == 2);
  CHECK(raw[0]["status"] == "published");
  CHECK(posts.draft().rawOne()["status"] == "draft");
  CHECK(posts.count(0).create().empty());
  CHECK(posts.count(0).createOne().exists());
  CHECK(posts.count(5).makeOne().attributes["status"] == "published");
  CHECK(Post::count() == 1);
}

TEST_CASE("Factory<Record> drives a model known only at run time") {
  blog::Fixture f;
  ModelMeta tags;
  tags.name = "Tag";
  tags.table = "tags";
  tags.timestamps = false;
  tags.connection = f.db;
  // what a JSONC factory will do: generators by name
  Factory<Record> factory(tags, [](Fake& fake) -> Attributes {
    return {{"name", fake.unique().call("word")}, {"data", fake.call("uuid")}};
  });
  std::vector<Record> created = factory.count(3).sequence({{}, {{"name", "fixed"}}}).create();
  REQUIRE(created.size() == 3);
  CHECK(created[1].attributes["name"] == "fixed");
  CHECK(Tag::count() == 3);
  CHECK(created[0].exists());
  CHECK(&created[0].meta() == &tags);
  Record made = factory.seed(1).makeOne();
  CHECK_FALSE(made.exists());

  // make() needs no database at all
  ModelMeta detached;
  detached.table = "nowhere";
  CHECK(Factory<Record>(detached, [](Fake& fake) -> Attributes { return {{"n", fake.integer(1, 3)}}; })
            .count(2)
            .make()
            .size() == 2);

  Factory<Record> empty(tags, nullptr);
  CHECK_THROWS_WITH_AS(empty.make(), doctest::Contains("the factory for Tag has no definition"), UsageError);
  CHECK(Tag::count() == 3);
}

TEST_CASE("fluent calls return the subclass, so named states chain anywhere") {
  blog::Fixture f;
  PostFactory posts;
  PostFactory chained = posts.count(2).seed(3).state({{"title", "t"}}).draft();
  auto made = chained.make();
  CHECK(made.size() == 2);
  CHECK(made[0].attributes["status"] == "draft");
  CHECK(made[0].attributes["title"] == "t");
  static_assert(std::is_same_v<decltype(posts.count(1)), PostFactory>);
  static_assert(std::is_same_v<decltype(Factory<Tag>([](Fake&) { return Attributes{}; }).count(1)), Factory<Tag>>);
}
