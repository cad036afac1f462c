#include <doctest/doctest.h>

#include "blog_fixture.hpp"

using namespace roost;
using blog::Post;
using blog::User;

TEST_CASE("hooks fire in order for create, update, delete and restore") {
  blog::Fixture f;
  std::vector<std::string> log;
  for (std::string_view e : {"creating", "created", "updating", "updated", "saving", "saved", "deleting", "deleted",
                             "restoring", "restored"})
    Post::on(e, [&log, e](Post&) { log.emplace_back(e); });
  Post p = Post::create({{"title", "a"}});
  CHECK(log == std::vector<std::string>{"saving", "creating", "created", "saved"});
  log.clear();
  p.attributes["title"] = "b";
  p.save();
  CHECK(log == std::vector<std::string>{"saving", "updating", "updated", "saved"});
  log.clear();
  p.remove();
  CHECK(log == std::vector<std::string>{"deleting", "deleted"});
  log.clear();
  p.restore();
  CHECK(log == std::vector<std::string>{"restoring", "saving", "updating", "updated", "saved", "restored"});
}

TEST_CASE("a creating hook's edits are written (the original dropped them)") {
  blog::Fixture f;
  Post::on(HookEvent::Creating, [](Post& p) {
    if (p.attributes["slug"].isNull()) {
      std::string slug;
      for (char c : p.attributes["title"].asText()) slug += std::isalnum(static_cast<unsigned char>(c)) ? static_cast<char>(std::tolower(c)) : '-';
      p.attributes["slug"] = slug;
    }
  });
  Post p = Post::create({{"title", "Hello World"}});
  CHECK(p.attributes["slug"] == "hello-world");
  CHECK(f.db->execute("SELECT slug FROM posts").rows[0][0] == "hello-world");
}

TEST_CASE("false from an -ing hook aborts and writes nothing") {
  blog::Fixture f;
  Post::on("creating", [](Post& p) {
    const Value& t = p.attributes["title"];
    return t.isText() && !t.asText().empty();
  });
  CHECK_THROWS_AS(Post::create({{"title", ""}}), HookAbortedError);
  CHECK_THROWS_WITH(Post::create({{"status", "x"}}), doctest::Contains("creating"));
  CHECK(f.db->execute("SELECT COUNT(*) FROM posts").rows[0][0] == 0);

  Post ok = Post::create({{"title", "fine"}});
  Post::on("updating", [](Post&) { return false; });
  ok.attributes["title"] = "changed";
  CHECK_THROWS_AS(ok.save(), HookAbortedError);
  CHECK(f.db->execute("SELECT title FROM posts").rows[0][0] == "fine");

  Post::on("deleting", [](Post&) { return false; });
  CHECK_THROWS_AS(ok.remove(), HookAbortedError);
  CHECK_THROWS_AS(ok.forceDelete(), HookAbortedError);
  CHECK(f.db->execute("SELECT COUNT(*) FROM posts WHERE deleted_at IS NULL").rows[0][0] == 1);
}

TEST_CASE("a saving hook can veto and an updating hook's edits are written") {
  blog::Fixture f;
  User u = User::create({{"name", "a"}});
  User::on("updating", [](User& x) { x.attributes["email"] = "stamped@x"; });
  u.attributes["name"] = "b";
  u.save();
  CHECK(f.db->execute("SELECT email FROM users").rows[0][0] == "stamped@x");
  User::on("saving", [](User&) { return false; });
  CHECK_THROWS_AS(User::create({{"name", "c"}}), HookAbortedError);
  CHECK(User::count() == 1);
}

TEST_CASE("unknown hook names are refused with the list of known ones") {
  CHECK_THROWS_WITH_AS(Post::on("creatd", [](Post&) {}), doctest::Contains("creating, created"), UsageError);
}
