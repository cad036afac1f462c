#pragma once
// The deterministic data of ../shared/bench/WORKLOAD.md (v1): PRNG, timestamps, rows.
#include <cstdint>
#include <ctime>
#include <string>
#include <string_view>

namespace bench {

inline constexpr int kUsers = 1000;
inline constexpr int kPosts = 100000;

struct Xorshift32 {
  std::uint32_t s = 0x2545F491u;
  std::uint32_t next() {
    s ^= s << 13;
    s ^= s >> 17;
    s ^= s << 5;
    return s;
  }
};

inline std::string iso(std::int64_t t) {
  std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

inline const std::string& lorem() {
  static const std::string s = [] {
    std::string out;
    for (int i = 0; i < 10; ++i) out += "Lorem ipsum dolor sit amet, consectetur adipiscing elit. ";
    return out;
  }();
  return s;
}

inline constexpr std::string_view kWords[16] = {"alpha", "bravo", "charlie", "delta", "echo", "foxtrot",
                                                "golf", "hotel", "india", "juliet", "kilo", "lima",
                                                "mike", "november", "oscar", "papa"};

struct UserRow {
  std::string name, email, orgId, createdAt;
};
inline UserRow makeUser(int i) {
  return {"User " + std::to_string(i), "user" + std::to_string(i) + "@example.com", "org-" + std::to_string(i % 10),
          iso(1672531200LL + 60LL * i)};
}

struct PostRow {
  std::int64_t authorId;
  std::string title, slug, body, status, orgId, createdAt;
  bool published;
};
inline PostRow makePost(Xorshift32& rng, int i) {
  const std::uint32_t a = rng.next(), b = rng.next(), c = rng.next(), d = rng.next(), e = rng.next(), f = rng.next();
  PostRow p;
  p.authorId = 1 + a % 1000;
  p.title = std::string(kWords[b % 16]) + " " + std::string(kWords[c % 16]) + " " + std::to_string(i);
  p.slug = "post-" + std::to_string(i);
  p.body = lorem().substr(0, 100 + d % 401);
  p.published = e % 2 == 0;
  p.status = p.published ? "published" : "draft";
  p.orgId = "org-" + std::to_string(p.authorId % 10);
  p.createdAt = iso(1704067200LL + 60LL * i + f % 60);
  return p;
}

inline constexpr const char* kSetup = R"sql(
PRAGMA journal_mode=WAL;
PRAGMA synchronous=NORMAL;
PRAGMA cache_size=-16000;
CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, email TEXT, org_id TEXT, created_at TEXT, updated_at TEXT);
CREATE TABLE posts (id INTEGER PRIMARY KEY, author_id INTEGER, title TEXT, slug TEXT, body TEXT, status TEXT,
                    org_id TEXT, published_at TEXT NULL, created_at TEXT, updated_at TEXT, deleted_at TEXT NULL);
CREATE INDEX posts_author_id ON posts(author_id);
CREATE INDEX posts_status_created_at ON posts(status, created_at);
)sql";

inline constexpr const char* kPostSum =
    "SELECT SUM(id*length(title) + author_id*length(body) + (status='published') + "
    "CAST(strftime('%s',created_at) AS INTEGER) - 1704067200 + length(coalesce(published_at,''))) FROM posts";
inline constexpr const char* kUserSum =
    "SELECT SUM(id*length(email) + length(name) + CAST(strftime('%s',created_at) AS INTEGER) - 1672531200) FROM users";

inline std::int64_t authorFor(int q) { return 1 + (static_cast<std::int64_t>(q) * 389) % 1000; }

struct Expected {
  const char* id;
  std::int64_t ops;
  std::int64_t check;
};
inline constexpr Expected kExpected[6] = {{"W1", 101000, 406414463571LL}, {"W2", 2000, 1777530766LL},
                                          {"W3", 49985, 857498LL},        {"W4", 101000, 51847183LL},
                                          {"W5", 50, 101463435LL},        {"W6", 2000, 100000LL}};

struct Measurement {
  std::int64_t ops = 0;
  double seconds = 0;
  std::int64_t check = 0;
};

}  // namespace bench
