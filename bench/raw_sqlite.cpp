#include "raw_sqlite.hpp"

#include <sqlite3.h>

#include <optional>
#include <stdexcept>
#include <unordered_map>
#include <vector>

#include "timer.hpp"

namespace bench {
namespace {

struct Post {
  std::int64_t id, authorId;
  std::string title, slug, body, status, orgId;
  std::optional<std::string> publishedAt;
  std::string createdAt, updatedAt;
  std::optional<std::string> deletedAt;
};
struct User {
  std::int64_t id;
  std::string name, email, orgId, createdAt, updatedAt;
};

void check(int rc, sqlite3* db) {
  if (rc != SQLITE_OK && rc != SQLITE_ROW && rc != SQLITE_DONE) throw std::runtime_error(sqlite3_errmsg(db));
}

class Stmt {
 public:
  Stmt(sqlite3* db, const char* sql) : db_(db) { check(sqlite3_prepare_v2(db, sql, -1, &s_, nullptr), db); }
  ~Stmt() { sqlite3_finalize(s_); }
  sqlite3_stmt* get() const { return s_; }
  void text(int i, const std::string& v) { sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC); }
  void integer(int i, std::int64_t v) { sqlite3_bind_int64(s_, i, v); }
  bool step() {
    int rc = sqlite3_step(s_);
    check(rc, db_);
    return rc == SQLITE_ROW;
  }
  void reset() { sqlite3_reset(s_); }

 private:
  sqlite3* db_;
  sqlite3_stmt* s_ = nullptr;
};

std::string colText(sqlite3_stmt* s, int i) {
  return std::string(reinterpret_cast<const char*>(sqlite3_column_text(s, i)), static_cast<std::size_t>(sqlite3_column_bytes(s, i)));
}
std::optional<std::string> colOptText(sqlite3_stmt* s, int i) {
  if (sqlite3_column_type(s, i) == SQLITE_NULL) return std::nullopt;
  return colText(s, i);
}

constexpr const char* kPostCols =
    "SELECT id, author_id, title, slug, body, status, org_id, published_at, created_at, updated_at, deleted_at FROM posts ";

Post readPost(sqlite3_stmt* s) {
  return Post{sqlite3_column_int64(s, 0), sqlite3_column_int64(s, 1), colText(s, 2), colText(s, 3), colText(s, 4),
              colText(s, 5), colText(s, 6), colOptText(s, 7), colText(s, 8), colText(s, 9), colOptText(s, 10)};
}

std::int64_t scalar(sqlite3* db, const char* sql) {
  Stmt s(db, sql);
  s.step();
  return sqlite3_column_int64(s.get(), 0);
}

}  // namespace

std::array<Measurement, 6> runRaw(const std::string& path) {
  sqlite3* db = nullptr;
  check(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr), db);
  check(sqlite3_exec(db, kSetup, nullptr, nullptr, nullptr), db);
  std::array<Measurement, 6> m;

  {  // W1
    Timer t;
    std::int64_t ids = 0;
    check(sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr), db);
    {
      Stmt ins(db, "INSERT INTO users (name,email,org_id,created_at,updated_at) VALUES (?,?,?,?,?)");
      for (int i = 1; i <= kUsers; ++i) {
        UserRow u = makeUser(i);
        ins.text(1, u.name);
        ins.text(2, u.email);
        ins.text(3, u.orgId);
        ins.text(4, u.createdAt);
        ins.text(5, u.createdAt);
        ins.step();
        ins.reset();
        ids += sqlite3_last_insert_rowid(db);
      }
    }
    {
      Stmt ins(db,
               "INSERT INTO posts (author_id,title,slug,body,status,org_id,published_at,created_at,updated_at) "
               "VALUES (?,?,?,?,?,?,?,?,?)");
      Xorshift32 rng;
      for (int i = 1; i <= kPosts; ++i) {
        PostRow p = makePost(rng, i);
        ins.integer(1, p.authorId);
        ins.text(2, p.title);
        ins.text(3, p.slug);
        ins.text(4, p.body);
        ins.text(5, p.status);
        ins.text(6, p.orgId);
        if (p.published) ins.text(7, p.createdAt);
        else sqlite3_bind_null(ins.get(), 7);
        ins.text(8, p.createdAt);
        ins.text(9, p.createdAt);
        ins.step();
        ins.reset();
        ids += sqlite3_last_insert_rowid(db);
      }
    }
    check(sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr), db);
    m[0].seconds = t.seconds();
    m[0].ops = kUsers + kPosts;
    m[0].check = ids + scalar(db, kPostSum) + scalar(db, kUserSum);
  }
  check(sqlite3_exec(db, "ANALYZE", nullptr, nullptr, nullptr), db);

  {  // W2
    Timer t;
    Stmt s(db, (std::string(kPostCols) + "WHERE status = ? AND author_id = ? ORDER BY created_at DESC LIMIT 10").c_str());
    const std::string published = "published";
    for (int q = 0; q < 2000; ++q) {
      s.text(1, published);
      s.integer(2, authorFor(q));
      std::vector<Post> rows;
      while (s.step()) rows.push_back(readPost(s.get()));
      s.reset();
      for (auto& p : rows) m[1].check += p.id + static_cast<std::int64_t>(p.title.size());
    }
    m[1].seconds = t.seconds();
    m[1].ops = 2000;
  }
  {  // W3
    Timer t;
    Stmt s(db, (std::string(kPostCols) + "WHERE status = ?").c_str());
    const std::string published = "published";
    s.text(1, published);
    std::vector<Post> rows;
    while (s.step()) rows.push_back(readPost(s.get()));
    for (auto& p : rows) m[2].check += static_cast<std::int64_t>(p.title.size());
    m[2].seconds = t.seconds();
    m[2].ops = static_cast<std::int64_t>(rows.size());
  }
  {  // W4
    Timer t;
    std::vector<User> users;
    {
      Stmt s(db, "SELECT id, name, email, org_id, created_at, updated_at FROM users");
      while (s.step()) {
        auto* st = s.get();
        users.push_back(User{sqlite3_column_int64(st, 0), colText(st, 1), colText(st, 2), colText(st, 3), colText(st, 4), colText(st, 5)});
      }
    }
    std::unordered_map<std::int64_t, std::vector<Post>> byUser;
    std::string sql = std::string(kPostCols) + "WHERE author_id IN (";
    for (int i = 0; i < 100; ++i) sql += i ? ",?" : "?";
    sql += ")";
    Stmt s(db, sql.c_str());
    std::int64_t posts = 0;
    for (std::size_t start = 0; start < users.size(); start += 100) {
      for (int i = 0; i < 100; ++i) s.integer(i + 1, users[start + static_cast<std::size_t>(i)].id);
      while (s.step()) {
        Post p = readPost(s.get());
        byUser[p.authorId].push_back(std::move(p));
        ++posts;
      }
      s.reset();
    }
    for (auto& u : users)
      for (auto& p : byUser[u.id]) m[3].check += u.id + static_cast<std::int64_t>(p.title.size());
    m[3].seconds = t.seconds();
    m[3].ops = static_cast<std::int64_t>(users.size()) + posts;
  }
  {  // W5
    Timer t;
    Stmt count(db, "SELECT COUNT(*) FROM posts WHERE status = ?");
    Stmt page(db, (std::string(kPostCols) + "WHERE status = ? ORDER BY created_at DESC LIMIT 20 OFFSET ?").c_str());
    const std::string published = "published";
    for (int p = 1; p <= 50; ++p) {
      count.text(1, published);
      count.step();
      std::int64_t total = sqlite3_column_int64(count.get(), 0);
      count.reset();
      page.text(1, published);
      page.integer(2, (p - 1) * 20);
      std::vector<Post> rows;
      while (page.step()) rows.push_back(readPost(page.get()));
      page.reset();
      m[4].check += total;
      for (auto& r : rows) m[4].check += r.id;
    }
    m[4].seconds = t.seconds();
    m[4].ops = 50;
  }
  {  // W6
    Timer t;
    Stmt s(db, "SELECT COUNT(*) FROM posts WHERE status = ? AND author_id = ?");
    const std::string published = "published", draft = "draft";
    for (int q = 0; q < 2000; ++q) {
      s.text(1, q < 1000 ? published : draft);
      s.integer(2, authorFor(q));
      s.step();
      m[5].check += sqlite3_column_int64(s.get(), 0);
      s.reset();
    }
    m[5].seconds = t.seconds();
    m[5].ops = 2000;
  }
  sqlite3_close(db);
  return m;
}

}  // namespace bench
