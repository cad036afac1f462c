// interop_write_rows PROJECT_DIR
//
// The C++ side of the interop test "a row written through roost is read by wrangler":
// resolves PROJECT_DIR's local D1 database exactly as `roost --local` does
// (roost::project::resolveTarget: wrangler config, binding DB, wrangler dev's
// .wrangler/state/v3/d1/... file), opens it with roost's SqliteConnection and, through
// roost's ORM:
//   1. finds the user `wrangler@example.com` that `wrangler d1 execute` inserted
//      (proves roost reads what wrangler wrote);
//   2. creates a user (timestamps filled by the ORM, a name with quotes and non-ASCII
//      text) and a post belonging to wrangler's user.
// Prints one JSON object on stdout: {"sqlite", "wranglerUserId", "userId", "postId",
// "createdAt"}; the shell test then SELECTs those rows with wrangler. Exit 1 on any error.
#include <cstdio>
#include <exception>
#include <filesystem>
#include <iostream>
#include <memory>

#include <nlohmann/json.hpp>
#include <roost/project/target.hpp>
#include <roost/orm/orm.hpp>

namespace {

struct User : roost::Model<User> {
  static constexpr const char* table = "users";
};

struct Post : roost::Model<Post> {
  static constexpr const char* table = "posts";
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s PROJECT_DIR\n", argv[0]);
    return 2;
  }
  try {
    roost::project::TargetOptions options;
    options.cwd = std::filesystem::absolute(argv[1]);
    const roost::project::Target target = roost::project::resolveTarget(options);
    if (target.kind != roost::project::Target::Kind::LocalFile) throw roost::Error("expected a local target");

    roost::SqliteOptions sqlite;
    sqlite.create = false;  // the migrations (and wrangler) made it; never invent a new file
    auto db = std::make_shared<roost::SqliteConnection>(target.sqlitePath.string(), sqlite);
    User::setConnection(db);
    Post::setConnection(db);

    std::optional<User> fromWrangler = User::where("email", "wrangler@example.com").first();
    if (!fromWrangler) throw roost::Error("the row inserted by wrangler is not visible to roost");
    if (fromWrangler->attributes["name"].toString() != "Written by wrangler")
      throw roost::Error("wrangler's row has name '" + fromWrangler->attributes["name"].toString() + "'");

    User user = User::create({{"email", "roost@example.com"}, {"name", "Zoë \"roost\" O'Brien"}});
    Post post = Post::create({{"user_id", fromWrangler->key()}, {"title", "written by roost"}});

    nlohmann::json out = {
        {"sqlite", target.sqlitePath.string()},
        {"wranglerUserId", fromWrangler->key().asInt()},
        {"userId", user.key().asInt()},
        {"postId", post.key().asInt()},
        {"createdAt", user.attributes["created_at"].toString()},
    };
    std::cout << out.dump() << '\n';
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "interop_write_rows: %s\n", e.what());
    return 1;
  }
}
