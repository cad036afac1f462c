#pragma once
// The blog schema and models every ORM test uses, on a fresh in-memory SQLite database.
#include <memory>

#include "roost/orm/orm.hpp"
#include "test_connection.hpp"

namespace blog {

struct User : roost::Model<User> {
  static constexpr const char* table = "users";
};

struct Post : roost::Model<Post> {
  static constexpr const char* table = "posts";
  static constexpr bool softDeletes = true;
};

// No timestamps, no soft deletes: the plainest model.
struct Tag : roost::Model<Tag> {
  static constexpr const char* table = "tags";
  static constexpr bool timestamps = false;
};

inline constexpr const char* kSchema = R"sql(
CREATE TABLE users (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, email TEXT UNIQUE,
                    created_at TEXT, updated_at TEXT);
CREATE TABLE posts (id INTEGER PRIMARY KEY AUTOINCREMENT, author_id INTEGER REFERENCES users(id),
                    title TEXT, slug TEXT, body TEXT, status TEXT, published_at TEXT,
                    created_at TEXT, updated_at TEXT, deleted_at TEXT);
CREATE TABLE tags (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT, data BLOB);
)sql";

// 2024-01-02T03:04:05.678Z
inline roost::TimePoint fixedNow() {
  return roost::TimePoint(std::chrono::milliseconds(1704164645678LL));
}

struct Fixture {
  std::shared_ptr<roost::Connection> db = roost::test::makeTestConnection();

  Fixture() {
    db->executeScript(kSchema);
    for (auto* m : {&User::meta(), &Post::meta(), &Tag::meta()}) {
      m->connection = db;
      m->clock = roost::fixedClock(fixedNow());
      m->hooks.clearAll();
    }
  }
  ~Fixture() {
    for (auto* m : {&User::meta(), &Post::meta(), &Tag::meta()}) {
      m->connection.reset();
      m->hooks.clearAll();
    }
  }

  // n users and, for each, three posts: published, draft, and a trashed published one.
  void seed(int users = 2) {
    for (int u = 1; u <= users; ++u) {
      auto user = User::create({{"name", "User " + std::to_string(u)}, {"email", "u" + std::to_string(u) + "@example.com"}});
      for (const char* status : {"published", "draft", "published"}) {
        Post::create({{"author_id", user.key()}, {"title", std::string(status) + " by " + std::to_string(u)},
                      {"status", status}});
      }
      Post::where("author_id", user.key()).orderBy("id", "desc").limit(1).remove();
    }
  }
};

}  // namespace blog
