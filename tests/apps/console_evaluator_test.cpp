// The console's evaluator and the model catalog against an in-memory blog database:
// models learnt from the schema, models.jsonc merged in, expressions run through the ORM.
#include <doctest/doctest.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <nlohmann/json.hpp>

#include "console/completion.hpp"
#include "console/evaluator.hpp"
#include "console/format.hpp"
#include "console/methods.hpp"
#include "output.hpp"
#include "project/model_catalog.hpp"
#include "project/naming.hpp"
#include "roost/project/jsonc.hpp"
#include "roost/orm/error.hpp"
#include "roost/orm/schema.hpp"
#include "roost/orm/sqlite_connection.hpp"
#include "run_roost.hpp"
#include "support/config_errors.hpp"

using namespace roost;
using namespace roost::console;

namespace {

constexpr const char* kBlog = R"sql(
CREATE TABLE users (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, email TEXT UNIQUE,
                    created_at TEXT, updated_at TEXT);
CREATE TABLE profiles (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL UNIQUE REFERENCES users(id), bio TEXT);
CREATE TABLE posts (id INTEGER PRIMARY KEY AUTOINCREMENT, author_id INTEGER REFERENCES users(id),
                    editor_id INTEGER REFERENCES users, title TEXT, status TEXT, published_at TEXT,
                    created_at TEXT, updated_at TEXT, deleted_at TEXT);
CREATE TABLE categories (id INTEGER PRIMARY KEY, name TEXT);
CREATE TABLE tags (id INTEGER PRIMARY KEY, name TEXT);
CREATE TABLE post_tag (post_id INTEGER REFERENCES posts(id), tag_id INTEGER REFERENCES tags(id));
CREATE TABLE d1_migrations (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT UNIQUE, applied_at TIMESTAMP);
INSERT INTO users (name, email) VALUES ('Ada', 'ada@x.io'), ('Bob', 'bob@x.io');
INSERT INTO profiles (user_id, bio) VALUES (1, 'maths');
INSERT INTO posts (author_id, title, status, published_at, deleted_at) VALUES
  (1, 'Hello', 'published', '2024-02-01', NULL), (1, 'Draft', 'draft', NULL, NULL),
  (2, 'Bob''s', 'published', '2024-03-01', NULL), (2, 'Gone', 'published', '2024-01-01', '2024-05-01');
INSERT INTO tags (name) VALUES ('c++'), ('sql');
INSERT INTO post_tag VALUES (1, 1), (1, 2), (3, 2);
)sql";

struct Console {
  SqliteConnection db{":memory:"};
  std::optional<project::ModelCatalog> catalog;
  std::optional<project::ModelsFile> models;
  Evaluator eval{db, [this]() -> project::ModelCatalog& {
                   if (!catalog) catalog.emplace(project::ModelCatalog::build(readSchema(db), models ? &*models : nullptr));
                   return *catalog;
                 }};
  Console() { db.executeScript(kBlog); }

  CValue run(const std::string& line) { return eval.evaluate(*parse(line)); }
  std::int64_t integer(const std::string& line) {
    CValue v = run(line);
    REQUIRE(v.as<Value>());
    return v.as<Value>()->asInt();
  }
  std::vector<CValue> list(const std::string& line) {
    CValue v = eval.materialize(run(line));
    REQUIRE(v.as<List>());
    return *v.as<List>()->items;
  }
  std::string json(const std::string& line) {
    std::string out;
    cli::Output output;
    output.captureData(&out);
    Printer(PrintOptions{Format::Json, false, 48}, output).print(run(line));
    return out;
  }
  std::string error(const std::string& line, std::size_t* offset = nullptr) {
    try {
      eval.evaluate(*parse(line));
    } catch (const EvalError& e) {
      if (offset) *offset = e.offset();
      return e.what();
    }
    return "(no error)";
  }
};

bool has(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("naming: tables and models, Laravel style") {
  using namespace roost::project;
  CHECK(modelNameForTable("posts") == "Post");
  CHECK(modelNameForTable("categories") == "Category");
  CHECK(modelNameForTable("user_profiles") == "UserProfile");
  CHECK(modelNameForTable("addresses") == "Address");
  CHECK(modelNameForTable("people") == "Person");
  CHECK(modelNameForTable("statuses") == "Status");
  CHECK(modelNameForTable("boxes") == "Box");
  CHECK(tableNameForModel("UserProfile") == "user_profiles");
  CHECK(tableNameForModel("Category") == "categories");
  CHECK(editDistance("wher", "where") == 1);
}

TEST_CASE("schema: one query reads columns, keys, unique columns and foreign keys") {
  Console c;
  Schema s = readSchema(c.db);
  const TableInfo* posts = s.table("posts");
  REQUIRE(posts);
  CHECK(posts->primaryKey() == "id");
  REQUIRE(posts->foreignKeys.size() == 2);
  CHECK(posts->foreignKeys[0].column == "author_id");
  CHECK(posts->foreignKeys[0].referencedTable == "users");
  CHECK(posts->foreignKeys[1].referencedColumn == "id");  // REFERENCES users: its primary key
  CHECK(s.table("profiles")->column("user_id")->unique);
  CHECK_FALSE(posts->column("author_id")->unique);
  CHECK(s.table("post_tag")->primaryKey().empty());
  CHECK(listTables(c.db) == std::vector<std::string>{"categories", "post_tag", "posts", "profiles", "tags", "users"});
}

TEST_CASE("catalog: models, flags and relations from the schema") {
  Console c;
  auto& cat = c.eval.catalog();
  CHECK(cat.names() == std::vector<std::string>{"Category", "Post", "PostTag", "Profile", "Tag", "User"});
  const ModelMeta* post = cat.find("Post");
  REQUIRE(post);
  CHECK(post->table == "posts");
  CHECK(post->timestamps);
  CHECK(post->softDeletes);
  CHECK_FALSE(cat.find("Category")->timestamps);
  REQUIRE(post->relations.find("author"));
  CHECK(post->relations.find("author")->kind == RelationDef::Kind::BelongsTo);
  CHECK(post->relations.find("author")->related == cat.find("User"));
  CHECK(post->relations.find("editor"));
  const ModelMeta* user = cat.find("User");
  CHECK(user->relations.find("posts")->kind == RelationDef::Kind::HasMany);
  CHECK(user->relations.find("posts")->foreignKey == "author_id");
  CHECK(user->relations.find("editorPosts")->foreignKey == "editor_id");
  CHECK(user->relations.find("profile")->kind == RelationDef::Kind::HasOne);  // profiles.user_id is UNIQUE
  CHECK(cat.findByTable("d1_migrations") == nullptr);
}

TEST_CASE("catalog: database/models.jsonc renames, sets flags and declares relations") {
  test::TempDir dir;
  test::writeFile(dir.path() / "database/models.jsonc", R"({
    // posts are Articles here
    "Article": {"table": "posts", "softDeletes": false, "tenantColumn": null,
                "relations": {"writer": {"belongsTo": "User", "foreignKey": "author_id"},
                              "tags": {"belongsToMany": "Tag", "pivot": "post_tag"}}},
    "User": {"relations": {"articles": {"hasMany": "Article", "foreignKey": "author_id"}}},
  })");
  Console c;
  c.models = project::loadModelsFile(dir.path());
  REQUIRE(c.models);
  auto& cat = c.eval.catalog();
  CHECK(cat.find("Post") == nullptr);
  const ModelMeta* article = cat.find("Article");
  REQUIRE(article);
  CHECK_FALSE(article->softDeletes);
  CHECK(article->relations.find("writer"));
  CHECK(article->relations.find("author"));  // the schema's relation stays
  CHECK(c.integer("Article.count()") == 4);  // no soft-delete scope any more
  auto tags = c.list("Article.find(1).tags");
  REQUIRE(tags.size() == 2);
  CHECK(c.json("User.with('articles').find(2).articles.length") == "2\n");
  CHECK(c.json("Article.writer.load(Article.find(3)).name") == "\"Bob\"\n");
}

TEST_CASE("catalog: a broken models.jsonc names the file, line and column") {
  test::TempDir dir;
  test::writeFile(dir.path() / "database/models.jsonc",
                  "{\n  \"Post\": {\"relations\": {\"author\": {\"belongsTo\": \"Usr\"}}}\n}\n");
  Console c;
  c.models = project::loadModelsFile(dir.path());
  try {
    c.eval.catalog();
    FAIL("no error");
  } catch (const ConfigError& e) {
    CHECK(e.line() == 2);
    CHECK(has(e.what(), "unknown model 'Usr'"));
    CHECK(has(e.what(), "known models: "));
  }
  test::writeFile(dir.path() / "database/models.jsonc", "{\"Post\": {\"softdeletes\": true}}");
  Console c2;
  c2.models = project::loadModelsFile(dir.path());
  CHECK_THROWS_WITH_AS(c2.eval.catalog(), doctest::Contains("unknown key 'softdeletes'"), ConfigError);
  test::writeFile(dir.path() / "database/models.jsonc", "{\"Post\": {,}}");
  CHECK_THROWS_AS(project::loadModelsFile(dir.path()), ConfigError);
}

TEST_CASE("catalog: a models.jsonc error is at the member it is about, not at an earlier key of that name") {
  test::TempDir dir;
  // "User" is first written as a relation of Post; the model User, and its bad table, come after.
  test::writeFile(dir.path() / "database/models.jsonc",
                  "{\n  \"Post\": {\"relations\": {\"User\": {\"belongsTo\": \"User\"}}},\n"
                  "  // the model\n  \"User\": {\"table\": \"no such name\"}\n}\n");
  Console c;
  c.models = project::loadModelsFile(dir.path());
  const ConfigError table = test::configErrorOf([&] { c.eval.catalog(); });
  CHECK(has(table.what(), "model 'User': table 'no such name' is not a plain name"));
  CHECK(table.line() == 4);
  CHECK(table.column() == 3);
  // A relation's unknown model is reported where the model is named (its belongsTo).
  test::writeFile(dir.path() / "database/models.jsonc",
                  "{\"Post\": {\"relations\": {\n  \"author\": {\"foreignKey\": \"author_id\",\n    \"belongsTo\": \"Usr\"}}}}\n");
  Console c2;
  c2.models = project::loadModelsFile(dir.path());
  const ConfigError related = test::configErrorOf([&] { c2.eval.catalog(); });
  CHECK(has(related.what(), "unknown model 'Usr'"));
  CHECK(related.line() == 3);
  CHECK(related.column() == 5);
}

TEST_CASE("evaluator: the guide's queries") {
  Console c;
  CHECK(c.integer("Post.count()") == 3);  // the trashed one is scoped out
  CHECK(c.integer("await Post.where('status', 'published').count()") == 2);
  CHECK(c.integer("Post.where('status', 'published').orWhere('author_id', 1).count()") == 3);
  CHECK(c.integer("Post.whereIn('status', ['archived', 'draft']).count()") == 1);
  CHECK(c.integer("Post.whereNull('published_at').count()") == 1);
  CHECK(c.integer("Post.where('published_at', '>', '2024-01-15').count()") == 2);
  CHECK(c.integer("Post.withTrashed().count()") == 4);
  CHECK(c.integer("Post.onlyTrashed().count()") == 1);
  CHECK(c.integer("Post.where(q => q.where('status', 'draft').orWhere('author_id', 2)).count()") == 2);
  CHECK(c.integer("Post.where({status: 'published', author_id: 2}).count()") == 1);
  CHECK(c.json("Post.where('status', 'published').orderBy('id', 'desc').limit(1).pluck('title')") == "[\"Bob's\"]\n");
  CHECK(c.json("Post.find(1).title") == "\"Hello\"\n");
  CHECK(c.json("Post.find(99)") == "null\n");
  CHECK(c.json("Post.where('id', 2).exists()") == "true\n");
  CHECK(c.json("Post.orderBy('id').first().attributes.title") == "\"Hello\"\n");
  CHECK(c.json("Post.paginate(2, 2)").find("\"total\":3,\"perPage\":2,\"currentPage\":2,\"lastPage\":2") != std::string::npos);
  CHECK(c.json("Post.where('status', 'nothing').paginate()").find("\"lastPage\":1") != std::string::npos);
  CHECK(has(c.json("Post.where('status', 'x').toSql()"), "WHERE \\\"deleted_at\\\" IS NULL AND (\\\"status\\\" = ?)"));
}

TEST_CASE("evaluator: relations load with load(), with() and member access") {
  Console c;
  auto posts = c.list("User.posts.load(User.find(1))");
  CHECK(posts.size() == 2);
  CHECK(c.json("User.profile.load(User.find(1)).bio") == "\"maths\"\n");
  CHECK(c.json("User.profile.load(User.find(2))") == "null\n");
  CHECK(has(c.json("User.with('posts').first()"), "\"posts\":[{\"id\":1,"));
  CHECK(c.list("User.posts.loadMany(User.all())").size() == 3);
  CHECK(c.json("Post.find(3).author.name") == "\"Bob\"\n");
  CHECK(has(c.error("User.with('psts').first()"), "did you mean 'posts'?"));
  CHECK(has(c.error("User.posts.load(Post.find(1))"), "needs a User record; got a Post record"));
  CHECK(has(c.error("User.posts.load(User.find(9))"), "got null (the lookup found no row)"));
}

TEST_CASE("evaluator: variables, attribute writes and the record's life cycle") {
  Console c;
  c.run("let u = User.find(1)");
  c.run("u.attributes.name = 'Ada L'");
  CHECK(c.json("u.save()") == "true\n");
  CHECK(c.json("User.find(1).name") == "\"Ada L\"\n");
  CHECK(c.json("u.refresh().attributes.name") == "\"Ada L\"\n");
  c.run("let p = Post.create({title: 'New', status: 'draft', author_id: u})");
  CHECK(c.json("p.attributes.author_id") == "1\n");
  CHECK(c.integer("Post.count()") == 4);
  c.run("p.delete()");
  CHECK(c.integer("Post.count()") == 3);
  CHECK(c.json("p.trashed()") == "true\n");
  c.run("p.restore()");
  CHECK(c.integer("Post.count()") == 4);
  CHECK(c.integer("Post.where('status', 'draft').update({status: 'archived'})") == 2);
  CHECK(c.integer("Post.where('status', 'archived').delete()") == 2);
  CHECK(has(c.error("Post.delete()"), "would remove every row"));
  CHECK(has(c.error("let Post = 1"), "is a model"));
  CHECK(has(c.error("let f = q => q"), "only be passed to where()"));
}

TEST_CASE("evaluator: errors point at the failing part") {
  Console c;
  std::size_t at = 0;
  CHECK(c.error("Post.wher('x')", &at) == "unknown method 'wher' on Post; did you mean 'where'?");
  CHECK(at == 5);
  CHECK(has(c.error("Pst.count()", &at), "unknown name 'Pst'; did you mean 'Post'? Known models: Category, Post"));
  CHECK(at == 0);
  CHECK(has(c.error("Post.where('stauts', 1).all()", &at), "no such column: stauts (table posts); did you mean 'status'?"));
  CHECK(at == 11);
  CHECK(has(c.error("Post.where('status', '~', 1)", &at), "~"));
  CHECK(at == 21);
  CHECK(has(c.error("Post.findOrFail(99)", &at), "no row in \"posts\" matches id = 99"));
  CHECK(has(c.error("Post.find(99).title"), "cannot read 'title' of null"));
  CHECK(has(c.error("Post.where('a', 1, 2, 3)"), "where() takes"));
  CHECK(has(c.error("Post.limit('x')"), "must be an integer"));
  CHECK(has(c.error("Post.where"), "is a method"));
  CHECK(has(c.error("Category.withTrashed()"), "has no soft deletes"));
  CHECK(has(c.error("Post.create({nope: 1})"), "nope"));  // the database's own error
  CHECK(has(c.error("x.y"), "unknown name 'x'"));
}

TEST_CASE("format: NULL and the text 'NULL' never look alike") {
  CHECK(cellOf(Value(), 10) == "NULL");
  CHECK(cellOf(Value("NULL"), 10) == "'NULL'");
  CHECK(cellOf(Value("a\nb"), 10) == "a\\nb");
  CHECK(cellOf(Value("abcdefghijkl"), 5) == "abcd…");
  CHECK(cellOf(Value("ééééé"), 3) == "éé…");
  CHECK(cellOf(Value(Blob{"abc"}), 10) == "<blob 3 bytes>");
  CHECK(jsonOf(Value()) == "null");
  CHECK(jsonOf(Value("NULL")) == "\"NULL\"");
  CHECK(jsonOf(Value(std::string("a\0\"\xff", 4))) == "\"a\\u0000\\\"\xEF\xBF\xBD\"");
  CHECK(jsonOf(Value(1.5)) == "1.5");
}

TEST_CASE("evaluator: update() takes any number of columns (no 16-column cap)") {
  Console c;
  std::string columns, values;
  for (int i = 1; i <= 20; ++i) {
    columns += ", c" + std::to_string(i) + " INTEGER";
    values += std::string(i == 1 ? "" : ", ") + "c" + std::to_string(i) + ": " + std::to_string(i * 10);
  }
  c.db.executeScript("CREATE TABLE wides (id INTEGER PRIMARY KEY" + columns + "); INSERT INTO wides (id) VALUES (1), (2);");
  CHECK(c.integer("Wide.where('id', 1).update({" + values + "})") == 1);
  CHECK(c.integer("Wide.find(1).c20") == 200);
  CHECK(c.integer("Wide.find(1).c17") == 170);
  CHECK(c.json("Wide.find(2).c20") == "null\n");
  CHECK(has(c.error("Wide.where('id', 1).update({})"), "update() needs at least one column"));
}

TEST_CASE("method table: .help, completion and 'did you mean' read the same entries") {
  const std::string help = methodsHelp();
  std::vector<std::string> names;
  for (const Method& m : methodsOf(Receiver::Query)) {
    names.emplace_back(m.name);
    CHECK_MESSAGE(has(help, " " + std::string(m.name)), m.name);  // every entry is in .help
    CHECK(findMethod(Receiver::Query, m.name) == &m);
  }
  CHECK(has(help, "orWhereNotIn"));  // once missing from the hand-written list
  CHECK(has(help, "terminals"));
  CompletionSource src;
  src.models = [] { return std::vector<std::string>{"Post"}; };
  const Completion all = complete("Post.", src);
  for (const auto& n : names) CHECK_MESSAGE(std::find(all.candidates.begin(), all.candidates.end(), n) != all.candidates.end(), n);
  CHECK(complete("Post.where('a', 1).orWhereNotI", src).candidates == std::vector<std::string>{"orWhereNotIn"});
  // A terminal's result is no query: nothing to complete after Post.count().
  CHECK(complete("Post.count().", src).candidates.empty());
  CHECK(complete("Post.first().sa", src).candidates == std::vector<std::string>{"save"});
  // The where-family, and only it, runs inside a where(q => …) callback.
  Console c;
  CHECK(c.integer("Post.where(q => q.whereIn('id', [1, 2]).orWhereNull('published_at')).count()") == 2);
  CHECK(c.error("Post.where(q => q.orderBy('id')).count()") ==
        "unknown method 'orderBy' on a where-group (it has the where-family only)");
  CHECK(c.error("Post.orWhereNotNul('title')") == "unknown method 'orWhereNotNul' on Post; did you mean 'orWhereNotNull'?");
  CHECK(c.error("Post.whereIn('id')") == "whereIn() takes (column, [values]); got 1 argument");
  CHECK(c.error("Post.orderBy('id', 1).all()") == "orderBy(): the direction must be a string");
  CHECK(c.error("User.find(1).sav()") == "unknown method 'sav' on a User record; did you mean 'save'?");
  CHECK(c.error("User.posts.lod(1)") == "unknown method 'lod' on relation User.posts; did you mean 'load'?");
  CHECK(c.error("Post.limit(q => q)") == "a function can only be passed to where() or orWhere()");
}
