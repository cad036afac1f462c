#include <doctest/doctest.h>

#include "roost/orm/orm.hpp"
#include "support/forwarding_connection.hpp"
#include "test_connection.hpp"

using namespace roost;

namespace rel {

struct User;
struct Profile;
struct Post;
struct Comment;
struct Tag;

struct User : Model<User> {
  static constexpr const char* table = "users";
  static inline const HasMany<User, Post> posts{"posts", "author_id"};
  static inline const HasOne<User, Profile> profile{"profile", "user_id"};
};
struct Profile : Model<Profile> {
  static constexpr const char* table = "profiles";
  static constexpr bool timestamps = false;
};
struct Post : Model<Post> {
  static constexpr const char* table = "posts";
  static constexpr bool softDeletes = true;
  static inline const BelongsTo<Post, User> author{"author", "author_id"};
  static inline const HasMany<Post, Comment> comments{"comments", "post_id"};
  static inline const BelongsToMany<Post, Tag> tags{"tags", "post_tag", "post_id", "tag_id"};
};
struct Comment : Model<Comment> {
  static constexpr const char* table = "comments";
  static constexpr bool timestamps = false;
  static inline const BelongsTo<Comment, User> author{"author", "user_id"};
};
struct Tag : Model<Tag> {
  static constexpr const char* table = "tags";
  static constexpr bool timestamps = false;
};

struct Fixture {
  std::shared_ptr<Connection> db = roost::test::makeTestConnection();
  std::vector<std::string> statements;

  Fixture() {
    db->executeScript(R"sql(
      CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, created_at TEXT, updated_at TEXT);
      CREATE TABLE profiles (id INTEGER PRIMARY KEY, user_id INTEGER, bio TEXT);
      CREATE TABLE posts (id INTEGER PRIMARY KEY, author_id INTEGER, title TEXT, created_at TEXT, updated_at TEXT, deleted_at TEXT);
      CREATE TABLE comments (id INTEGER PRIMARY KEY, post_id INTEGER, user_id INTEGER, body TEXT);
      CREATE TABLE tags (id INTEGER PRIMARY KEY, name TEXT);
      CREATE TABLE post_tag (post_id INTEGER, tag_id INTEGER);
    )sql");
    for (ModelMeta* m : {&User::meta(), &Profile::meta(), &Post::meta(), &Comment::meta(), &Tag::meta()}) m->connection = db;
    // 3 users; user u has u posts (one more, trashed); every post has 2 comments by user 1.
    for (int u = 1; u <= 3; ++u) {
      User::create({{"name", "user" + std::to_string(u)}});
      if (u != 2) Profile::create({{"user_id", u}, {"bio", "bio" + std::to_string(u)}});
      for (int p = 0; p < u; ++p) {
        Post post = Post::create({{"author_id", u}, {"title", "p" + std::to_string(u) + std::to_string(p)}});
        for (int c = 0; c < 2; ++c) Comment::create({{"post_id", post.key()}, {"user_id", 1}, {"body", "c"}});
      }
      Post::create({{"author_id", u}, {"title", "trashed"}}).remove();
    }
    Tag::create({{"name", "red"}});
    Tag::create({{"name", "blue"}});
    db->executeScript("INSERT INTO post_tag VALUES (1, 1), (1, 2), (3, 2)");
    db->setListener([this](std::string_view sql, std::span<const Value>) { statements.emplace_back(sql); });
  }
  ~Fixture() {
    for (ModelMeta* m : {&User::meta(), &Profile::meta(), &Post::meta(), &Comment::meta(), &Tag::meta()})
      m->connection.reset();
  }
  std::size_t queries() {
    std::size_t n = statements.size();
    statements.clear();
    return n;
  }
};

}  // namespace rel

using namespace rel;

TEST_CASE("HasMany.load fetches one parent's children in one query and attaches them") {
  Fixture f;
  User u = User::findOrFail(3);
  f.queries();
  auto posts = User::posts.load(u);
  CHECK(f.queries() == 1);
  CHECK(posts.size() == 3);  // the trashed post is not among them
  CHECK(u.related("posts").size() == 3);
  CHECK(User::posts.of(u).size() == 3);
  CHECK(User::posts.query(u).where("title", "p30").count() == 1);
}

TEST_CASE("BelongsTo and HasOne load a single related model or nothing") {
  Fixture f;
  Post p = Post::findOrFail(3);  // ids: user1 has 1 (2 trashed), user2 has 3, 4 (5 trashed), ...
  CHECK_FALSE(Post::find(2).has_value());
  auto author = Post::author.load(p);
  REQUIRE(author.has_value());
  CHECK(author->attributes["name"] == "user2");
  User two = User::findOrFail(2);
  CHECK_FALSE(User::profile.load(two).has_value());
  User one = User::findOrFail(1);
  CHECK(User::profile.load(one)->attributes["bio"] == "bio1");
  Post orphan = Post::create({{"author_id", 99}, {"title", "x"}});
  CHECK_FALSE(Post::author.load(orphan).has_value());
}

TEST_CASE("loadMany issues one query for all parents, no N+1") {
  Fixture f;
  auto users = User::all();
  f.queries();
  User::posts.loadMany(users);
  CHECK(f.queries() == 1);
  CHECK(User::posts.of(users[0]).size() == 1);
  CHECK(User::posts.of(users[1]).size() == 2);
  CHECK(User::posts.of(users[2]).size() == 3);
  for (auto& p : User::posts.of(users[2])) CHECK(p.attributes["author_id"] == 3);

  auto posts = Post::all();
  f.queries();
  Post::author.loadMany(posts);
  CHECK(f.queries() == 1);
  for (auto& p : posts) CHECK(Post::author.of(p)->key() == p.attributes["author_id"]);
}

TEST_CASE("loadMany chunks keys by the connection's bound-parameter limit") {
  Fixture f;
  for (int i = 0; i < 250; ++i) User::create({{"name", "bulk"}});
  auto users = User::all();
  REQUIRE(users.size() == 253);
  // Pretend the backend binds at most 100 values (D1): 253 keys need 3 queries.
  struct Limited final : test::ForwardingConnection {
    int* count;
    Limited(Connection& c, int* n) : ForwardingConnection(c), count(n) {}
    void stream(std::string_view s, std::span<const Value> b, RowSink& sink) override {
      ++*count;
      CHECK(b.size() <= 100);
      inner_.stream(s, b, sink);
    }
    const Grammar& grammar() const noexcept override {
      static const Grammar limited(BackendLimits{.maxBoundParams = 100});
      return limited;
    }
  };
  int streams = 0;
  Limited limited(*f.db, &streams);
  for (auto& u : users) u.useConnection(&limited);
  User::posts.loadMany(users);
  CHECK(streams == 3);
  CHECK(User::posts.of(users[2]).size() == 3);
}

TEST_CASE("with() eager-loads on queries, nested paths included, with a fixed number of queries") {
  Fixture f;
  f.queries();
  auto users = User::query().with("posts.comments").with("profile").orderBy("id").all();
  CHECK(f.queries() == 4);  // users, posts, comments, profiles
  REQUIRE(users.size() == 3);
  CHECK(users[2].related("posts").size() == 3);
  for (auto& post : users[2].related("posts")) CHECK(post.related("comments").size() == 2);
  CHECK(users[1].related("profile").empty());
  CHECK(users[0].related("profile").size() == 1);

  auto first = Post::query().with({"author", "tags"}).orderBy("id").first();
  REQUIRE(first.has_value());
  CHECK(first->related("author")[0].attributes["name"] == "user1");
  CHECK(first->related("tags").size() == 2);

  auto page = Post::query().with("comments.author").paginate(1, 2);
  CHECK(page.data.size() == 2);
  CHECK(page.data[0].related("comments")[0].related("author")[0].attributes["name"] == "user1");

  int seen = 0;
  f.queries();
  Post::query().with("author").each([&](Post& p) { seen += p.related("author").size() == 1; });
  CHECK(seen == 6);
  CHECK(f.queries() == 2);
}

TEST_CASE("BelongsToMany loads through the pivot and attach/detach edit it") {
  Fixture f;
  auto posts = Post::query().orderBy("id").all();
  f.queries();
  Post::tags.loadMany(posts);
  CHECK(f.queries() == 2);  // pivot rows, then tags
  CHECK(Post::tags.of(posts[0]).size() == 2);
  CHECK(Post::tags.of(posts[1]).size() == 1);  // post 3
  CHECK(Post::tags.of(posts[2]).empty());      // post 4
  Tag red = Tag::findOrFail(1);
  Post::tags.attach(posts[2], red);
  CHECK(Post::tags.load(posts[2]).size() == 1);
  Post::tags.detach(posts[0], red);
  CHECK(Post::tags.load(posts[0]).size() == 1);
}

TEST_CASE("relations that are unknown or not loaded give clear errors") {
  Fixture f;
  CHECK_THROWS_WITH_AS(User::query().with("postz"), doctest::Contains("known relations: posts, profile"), UsageError);
  auto u = User::findOrFail(1);
  CHECK_THROWS_WITH_AS(u.related("posts"), doctest::Contains("not loaded"), UsageError);
  CHECK_THROWS_WITH_AS(User::query().with("posts.nope").all(), doctest::Contains("unknown relation 'nope' on posts"), UsageError);
}

TEST_CASE("a copied model keeps its own relations") {
  Fixture f;
  User u = User::findOrFail(3);
  User::posts.load(u);
  User copy = u;
  copy.related("posts").clear();
  CHECK(u.related("posts").size() == 3);
}
