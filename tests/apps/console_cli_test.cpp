// `roost query` (= tinker) as a user runs it: one-shot expressions, lines piped on stdin,
// the four formats, errors with a caret, exit codes, dot commands, models.jsonc — and the
// interactive prompt driven through a pseudo-terminal.
#include <doctest/doctest.h>
#include <poll.h>
#include <pty.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "console/text_width.hpp"
#include "console_project.hpp"
#include "roost/orm/sqlite_connection.hpp"

using namespace roost::test;

namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE d1_migrations (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT UNIQUE, applied_at TIMESTAMP, batch INTEGER);
CREATE TABLE users (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, email TEXT UNIQUE,
                    created_at TEXT, updated_at TEXT);
CREATE TABLE posts (id INTEGER PRIMARY KEY AUTOINCREMENT, author_id INTEGER REFERENCES users(id),
                    title TEXT, body TEXT, status TEXT, published_at TEXT,
                    created_at TEXT, updated_at TEXT, deleted_at TEXT);
INSERT INTO users (name, email) VALUES ('Ada', 'ada@x.io'), ('Bob', 'bob@x.io');
INSERT INTO posts (author_id, title, body, status, published_at, deleted_at) VALUES
  (1, 'Hello', 'NULL', 'published', '2024-02-01', NULL),
  (1, 'Draft', NULL, 'draft', NULL, NULL),
  (2, 'A title that is much longer than any table cell should ever show in full', '', 'published', '2024-03-01', NULL),
  (2, 'Gone', 'x', 'published', '2024-01-01', '2024-05-01');
)sql";

struct Project : ConsoleProject {
  Project() : ConsoleProject(kSchema) {}
};

bool has(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

std::size_t lines(const std::string& s) { return static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n')); }

}  // namespace

TEST_CASE("roost query runs one expression and exits 0") {
  Project p;
  auto r = p.query({"Post.count()"});
  CHECK(r.status == 0);
  CHECK(r.out == "3\n");
  CHECK(r.err.empty());

  r = p.query({"await Post.where('status', 'published').orderBy('created_at', 'desc').limit(10).all()"});
  CHECK(r.status == 0);
  CHECK(has(r.out, " id | author_id | title"));
  CHECK(has(r.out, "(2 rows)"));
  CHECK_FALSE(has(r.out, "Gone"));  // soft-deleted

  auto tinker = runRoost(p.dir.path(), {"tinker", "--db", "app.sqlite", "Post.withTrashed().count()"});
  CHECK(tinker.status == 0);
  CHECK(tinker.out == "4\n");
}

TEST_CASE("roost query: a bad expression exits 1 with the message and a caret under the column") {
  Project p;
  auto r = p.query({"Post.wher('x')"});
  CHECK(r.status == 1);
  CHECK(r.out.empty());
  CHECK(r.err == "error: unknown method 'wher' on Post; did you mean 'where'?\n  Post.wher('x')\n       ^\n");

  r = p.query({"Pst.count()"});
  CHECK(r.status == 1);
  CHECK(has(r.err, "Known models: Post, User"));

  r = p.query({"Post.where('title', 'x'"});
  CHECK(r.status == 1);
  CHECK(has(r.err, "missing ')'\n  Post.where('title', 'x'\n                         ^"));

  r = p.query({".sql SELECT nope FROM posts"});
  CHECK(r.status == 1);
  CHECK(has(r.err, "no such column: nope"));

  r = p.query({"Post.create({nope: 1})"});
  CHECK(r.status == 1);
  CHECK(has(r.err, "has no column named nope"));
}

TEST_CASE("roost query: table output cuts long cells and tells NULL from the text 'NULL'") {
  Project p;
  auto r = p.query({"Post.orderBy('id').all()"});
  REQUIRE(r.status == 0);
  CHECK(has(r.out, "| 'NULL' |"));                 // the text
  CHECK(has(r.out, "| NULL   |"));                 // SQL NULL
  CHECK(has(r.out, "A title that is much longer than any table cell…"));
  CHECK_FALSE(has(r.out, "\x1b["));                // no colour off a terminal
  auto one = p.query({"Post.find(2)"});
  CHECK(has(one.out, "body         | NULL\n"));
  CHECK(has(one.out, "title        | Draft\n"));
}

TEST_CASE("roost query: --format json, ndjson and csv (and --json)") {
  Project p;
  auto json = p.query({"--format", "json", "Post.orderBy('id').select('id', 'body').all()"});
  CHECK(json.out == "[{\"id\":1,\"body\":\"NULL\"},{\"id\":2,\"body\":null},{\"id\":3,\"body\":\"\"}]\n");
  auto shortJson = p.query({"--json", "Post.find(1).title"});
  CHECK(shortJson.out == "\"Hello\"\n");
  auto globalJson = runRoost(p.dir.path(), {"--json", "query", "--db", "app.sqlite", "Post.count()"});
  CHECK(globalJson.out == "3\n");
  auto nd = p.query({"--format", "ndjson", "Post.select('id').all()"});
  CHECK(nd.out == "{\"id\":1}\n{\"id\":2}\n{\"id\":3}\n");
  auto csv = p.query({"--format", "csv", "Post.orderBy('id').select('id', 'body').all()"});
  CHECK(csv.out == "id,body\r\n1,NULL\r\n2,\r\n3,\"\"\r\n");
  auto page = p.query({"--json", "Post.orderBy('id').paginate(2, 2)"});
  CHECK(has(page.out, "\"total\":3,\"perPage\":2,\"currentPage\":2,\"lastPage\":2}"));
  auto pageTable = p.query({"Post.paginate(1, 2)"});
  CHECK(has(pageTable.out, "total: 3  perPage: 2  currentPage: 1  lastPage: 2"));
  auto rel = p.query({"--json", "User.with('posts').first()"});
  CHECK(has(rel.out, "\"posts\":[{\"id\":1,"));
  auto bad = p.query({"--format", "xml", "Post.count()"});
  CHECK(bad.status == 2);
}

TEST_CASE("roost query: lines piped on stdin run one by one; a bad line does not stop the rest") {
  Project p;
  auto r = p.piped("let u = User.find(1)\n"
                   "u.attributes.name = 'Ada L'\n"
                   "u.save()\n"
                   "Post.wher('x')\n"
                   "\n"
                   "// a comment\n"
                   "User.find(1).name\n"
                   "User.posts.load(u).length\n");
  CHECK(r.status == 1);  // one line failed
  CHECK(r.out == "Ada L\ntrue\nAda L\n2\n");
  CHECK(has(r.err, "error: line 4: unknown method 'wher'"));

  auto bail = p.piped("Post.wher('x')\nPost.count()\n", {"--bail"});
  CHECK(bail.status == 1);
  CHECK(bail.out.empty());

  auto ok = p.piped("Post.count()\n.exit\nPost.nope()\n");
  CHECK(ok.status == 0);
  CHECK(ok.out == "3\n");
}

TEST_CASE("roost query: .tables, .schema, .models, .help and unknown commands") {
  Project p;
  auto tables = p.query({".tables"});
  CHECK(tables.out == " table\n-------\n posts\n users\n(2 rows)\n");  // d1_migrations left out
  auto schema = p.query({".schema", "posts"});
  CHECK(has(schema.out, "CREATE TABLE posts ("));
  auto missing = p.query({".schema nope"});
  CHECK(missing.status == 1);
  CHECK(has(missing.err, "no table 'nope'; tables: posts, users"));
  auto models = p.query({"--json", ".models"});
  CHECK(has(models.out, "{\"model\":\"Post\",\"table\":\"posts\",\"primaryKey\":\"id\",\"timestamps\":1,\"softDeletes\":1"));
  CHECK(has(models.out, "author (belongsTo User)"));
  CHECK(has(models.out, "posts (hasMany Post)"));
  auto help = p.query({".help"});
  CHECK(has(help.out, ".schema"));
  auto unknown = p.query({".tabels"});
  CHECK(unknown.status == 1);
  CHECK(has(unknown.err, "did you mean '.tables'?"));
  auto raw = p.query({".sql", "SELECT 1 AS one, NULL AS n, 'NULL' AS t"});
  CHECK(raw.out == " one | n    | t\n-----+------+--------\n   1 | NULL | 'NULL'\n(1 row)\n");
}

TEST_CASE("roost query: relations declared in database/models.jsonc") {
  Project p;
  writeFile(p.dir.path() / "database/models.jsonc", R"({
    "Article": {"table": "posts", "relations": {"writer": {"belongsTo": "User", "foreignKey": "author_id"}}},
    "User": {"relations": {"articles": {"hasMany": "Article", "foreignKey": "author_id"}}},
  })");
  auto r = p.query({"--json", "Article.writer.load(Article.find(3)).name"});
  CHECK(r.status == 0);
  CHECK(r.out == "\"Bob\"\n");
  auto with = p.query({"User.with('articles').find(1).articles.length"});
  CHECK(with.out == "2\n");
  auto models = p.query({".models"});
  CHECK(has(models.out, "models.jsonc"));
  writeFile(p.dir.path() / "database/models.jsonc", "{\n  \"Post\": {\"relations\": {\"x\": {\"hasMany\": \"Nope\"}}}\n}");
  auto bad = p.query({"Post.count()"});
  CHECK(bad.status == 1);
  CHECK(has(bad.err, "models.jsonc:2:"));
  CHECK(has(bad.err, "unknown model 'Nope'"));
}

TEST_CASE("roost query: streaming a large ndjson export") {
  Project p;
  {
    roost::SqliteConnection db((p.dir.path() / "app.sqlite").string());
    db.executeScript(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10000) "
        "INSERT INTO posts (author_id, title, status) SELECT 1, 'T' || i, 'draft' FROM n");
  }
  auto r = p.query({"--format", "ndjson", "Post.all()"});
  CHECK(r.status == 0);
  CHECK(lines(r.out) == 10003);
}

namespace {

// Reads from the pty until `marker` appears after `from` (or the time runs out).
bool readUntil(int fd, std::string& seen, const std::string& marker, std::size_t from) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (seen.find(marker, from) == std::string::npos) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    pollfd pfd{fd, POLLIN, 0};
    if (::poll(&pfd, 1, 200) <= 0) continue;
    char buf[4096];
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n <= 0) return false;
    seen.append(buf, static_cast<std::size_t>(n));
  }
  return true;
}

}  // namespace

TEST_CASE("roost query on a terminal: the prompt survives a bad line, keeps history and exits on .exit") {
  Project p;
  std::vector<std::string> argvStore{ROOST_EXE, "query", "--db", "app.sqlite"};
  int master = -1;
  const pid_t pid = ::forkpty(&master, nullptr, nullptr, nullptr);
  REQUIRE(pid >= 0);
  if (pid == 0) {
    if (::chdir(p.dir.path().c_str()) != 0) ::_exit(127);
    ::setenv("HOME", p.dir.path().c_str(), 1);
    ::setenv("TERM", "dumb", 1);
    ::setenv("NO_COLOR", "1", 1);
    std::vector<char*> argv;
    for (auto& a : argvStore) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  std::string seen;
  auto send = [&](const std::string& line) {
    const std::string text = line + "\r";
    CHECK(::write(master, text.data(), text.size()) == static_cast<ssize_t>(text.size()));
  };
  REQUIRE(readUntil(master, seen, "roost> ", 0));
  std::size_t mark = seen.size();
  send("Post.wher('x')");
  REQUIRE(readUntil(master, seen, "roost> ", mark));
  CHECK(seen.find("did you mean 'where'?", mark) != std::string::npos);
  CHECK(seen.find("^", mark) != std::string::npos);
  mark = seen.size();
  send("Post.count()");
  REQUIRE(readUntil(master, seen, "roost> ", mark));
  CHECK(seen.find("3", mark) != std::string::npos);
  mark = seen.size();
  send("((((");
  REQUIRE(readUntil(master, seen, "roost> ", mark));
  CHECK(seen.find("incomplete expression", mark) != std::string::npos);
  send(".exit");
  CHECK(waitStatus(pid) == 0);
  ::close(master);
  const std::string history = readFile(p.dir.path() / ".roost_history");
  CHECK(has(history, "Post.count()"));
}

TEST_CASE("a create with 100,000 keys, or a 3 MiB line, is refused at once and writes nothing") {
  Project p;
  auto posts = [&] {
    roost::SqliteConnection db((p.dir.path() / "app.sqlite").string());
    return db.execute("SELECT count(*) FROM posts").rows.at(0).at(0).asInt();
  };
  const auto before = posts();
  std::string keys;
  for (int i = 0; i < 100'000; ++i) keys += "k" + std::to_string(i) + ":1,";
  const std::string script = "Post.create({" + keys + "})\n'" + std::string(3u << 20, 'x') + "'\nUser.count()\n";
  const auto start = std::chrono::steady_clock::now();
  const RunResult r = p.piped(script);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  CAPTURE(r.err);
  CHECK(r.status == 1);
  CHECK(has(r.err, "more than 2000 keys in one object (the console's limit)"));
  CHECK(has(r.err, "the statement is longer than 1048576 bytes (1 MiB), the console's limit"));
  CHECK(lines(r.out) == 1);  // the next line still ran: User.count()
  CHECK(seconds < 5.0);
  CHECK(posts() == before);
}

TEST_CASE("roost query: a hostile database/models.jsonc is refused with file:line:col and the limit") {
  using namespace std::string_literals;
  Project p;
  const auto models = p.dir.path() / "database/models.jsonc";
  writeFile(models, "{\"User\": " + std::string(50'000, '[') + std::string(50'000, ']') + "}");
  auto deep = p.query({"User.count()"});
  CAPTURE(deep.err);
  CHECK(deep.status == 1);
  CHECK(has(deep.err, "models.jsonc:1:265: nested deeper than 256 levels"));
  writeFile(models, "{\n  \"User\": {\"table\": \"users\"} \0 }"s);
  auto nul = p.query({"User.count()"});
  CHECK(nul.status == 1);
  CHECK(has(nul.err, "models.jsonc:2:30: a NUL byte"));

  // 1999 models and a bad one last: its position is looked up, not scanned for from the start.
  auto modelsFile = [](int n) {
    std::string many = "{\n";
    for (int i = 0; i < n; ++i) many += "\"M" + std::to_string(i) + "\": {\"table\": \"users\", \"timestamps\": true},\n";
    return many + "\"Zlast\": {\"table\": \"users\", \"softDeletes\": 1}}";
  };
  writeFile(models, modelsFile(1999));
  const auto start = std::chrono::steady_clock::now();
  auto wide = p.query({"User.count()"});
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  CHECK(wide.status == 1);
  CHECK(has(wide.err, "models.jsonc:2001:"));
  CHECK(has(wide.err, "Zlast.softDeletes must be true or false"));
  // 100,000 models: refused at the first one past the limit, before the catalog's per-model work.
  writeFile(models, modelsFile(100'000));
  auto tooMany = p.query({"User.count()"});
  CHECK(tooMany.status == 1);
  CHECK(has(tooMany.err, "models.jsonc:2002:1: more than 2000 keys in one object (the limit for database/models.jsonc)"));
  CHECK(seconds < 10.0);
}

namespace {

// Display columns of one line of output: CJK and emoji two, combining marks none.
std::size_t columnsOf(const std::string& line) { return roost::console::displayWidth(line); }

std::vector<std::string> splitLines(const std::string& s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (std::size_t nl = s.find('\n'); nl != std::string::npos; nl = s.find('\n', start)) {
    out.push_back(s.substr(start, nl - start));
    start = nl + 1;
  }
  return out;
}

}  // namespace

TEST_CASE("roost query: table columns line up by display width (CJK, combining marks, emoji)") {
  Project p;
  {
    roost::SqliteConnection db((p.dir.path() / "app.sqlite").string());
    db.executeScript("CREATE TABLE words (id INTEGER PRIMARY KEY, word TEXT, note TEXT);"
                     "INSERT INTO words (word, note) VALUES ('日本語', 'x'), ('e\xCC\x81te\xCC\x81', 'y'),"
                     "('\xF0\x9F\x8E\x89\xF0\x9F\x8E\x89', 'z'), ('plain', 'w');");
  }
  const std::string expected = " id | word   | note\n"
                               "----+--------+------\n"
                               "  1 | 日本語 | x\n"
                               "  2 | e\xCC\x81te\xCC\x81    | y\n"
                               "  3 | \xF0\x9F\x8E\x89\xF0\x9F\x8E\x89   | z\n"
                               "  4 | plain  | w\n"
                               "(4 rows)\n";
  auto piped = p.query({"Word.all()"});  // no terminal, no COLUMNS: measured, never fitted
  REQUIRE(piped.status == 0);
  CHECK(piped.out == expected);
  auto wide = p.query({"Word.all()"}, {{"COLUMNS", "80"}});  // fits as it is
  CHECK(wide.out == expected);

  // A long CJK cell cut to the screen: never inside a character, the ellipsis one column.
  {
    roost::SqliteConnection db((p.dir.path() / "app.sqlite").string());
    db.executeScript("INSERT INTO words (word, note) VALUES ('漢字漢字漢字漢字漢字', 'v');");
  }
  auto narrow = p.query({"Word.all()"}, {{"COLUMNS", "24"}});
  REQUIRE(narrow.status == 0);
  CHECK(has(narrow.out, "  5 | 漢字漢字…  | v\n"));
  CHECK(has(narrow.out, "  1 | 日本語     | x\n"));
  for (const auto& line : splitLines(narrow.out)) CHECK_MESSAGE(columnsOf(line) <= 24, line);
  auto whole = p.query({"Word.all()"});
  CHECK(has(whole.out, "  5 | 漢字漢字漢字漢字漢字 | v\n"));
}

TEST_CASE("roost query: with COLUMNS a wide table cuts its widest column, and turns vertical when it cannot fit") {
  Project p;
  const std::string line = "Post.select('id', 'title', 'status').orderBy('id').all()";
  auto full = p.query({line});
  CHECK(has(full.out, "A title that is much longer than any table cell…"));  // a pipe keeps the cut at 48

  auto cut = p.query({line}, {{"COLUMNS", "40"}});
  REQUIRE(cut.status == 0);
  CHECK(has(cut.out, "  3 | A title that is much… | published\n"));
  CHECK(has(cut.out, " id | title                 | status\n"));
  for (const auto& l : splitLines(cut.out)) CHECK_MESSAGE(columnsOf(l) <= 40, l);

  auto vertical = p.query({line}, {{"COLUMNS", "20"}});  // three columns cannot fit in 20
  REQUIRE(vertical.status == 0);
  CHECK(has(vertical.out, "-[ RECORD 1 ]-------\nid     | 1\ntitle  | Hello\nstatus | published\n"));
  CHECK(has(vertical.out, "-[ RECORD 3 ]-------\nid     | 3\ntitle  | A title th…\nstatus | published\n"));
  CHECK(has(vertical.out, "(3 rows)\n"));
  for (const auto& l : splitLines(vertical.out)) CHECK_MESSAGE(columnsOf(l) <= 20, l);

  // One record prints vertically already; its values are cut to the screen too.
  auto one = p.query({"Post.find(3)"}, {{"COLUMNS", "30"}});
  CHECK(has(one.out, "title        | A title that i…\n"));
  // COLUMNS that is no number is no width.
  auto bad = p.query({line}, {{"COLUMNS", "wide"}});
  CHECK(bad.out == full.out);
}

TEST_CASE("roost query: whereBetween / whereNotBetween, from the method table like every where-method") {
  Project p;
  auto r = p.query({"Post.whereBetween('id', [2, 3]).pluck('id')"});
  CHECK(r.status == 0);
  CHECK(has(r.out, "2"));
  CHECK(has(r.out, "3"));
  CHECK(p.query({"Post.whereBetween('id', [2, 3]).count()"}).out == "2\n");
  CHECK(p.query({"Post.withTrashed().whereNotBetween('id', [2, 3]).count()"}).out == "2\n");
  CHECK(p.query({"Post.where('id', 1).orWhereBetween('id', [3, 4]).count()"}).out == "2\n");  // 4 is trashed
  CHECK(p.query({"Post.where(q => q.whereBetween('id', [1, 2]).orWhereNotBetween('id', [1, 3])).count()"}).out == "2\n");
  CHECK(p.query({"Post.whereBetween('id', [2, 3]).toSql()"}).out.find("\"id\" BETWEEN ? AND ?") != std::string::npos);

  auto bad = p.query({"Post.whereBetween('id', [1, 2, 3]).count()"});
  CHECK(bad.status == 1);
  CHECK(has(bad.err, "exactly two values, [low, high]; got 3"));
  auto typo = p.query({"Post.whereBetwen('id', [1, 2])"});
  CHECK(typo.status == 1);
  CHECK(has(typo.err, "whereBetween"));  // did you mean
  auto help = p.piped(".help\n");
  CHECK(has(help.out, "whereNotBetween"));
}
