// Links roost::orm from an installed roost and checks a round trip.
#include <roost/orm/orm.hpp>

#include <cstdio>
#include <memory>

struct Note : roost::Model<Note> {
  static constexpr const char* table = "notes";
};

int main() {
  auto db = std::make_shared<roost::SqliteConnection>(":memory:");
  db->executeScript("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT, created_at TEXT, updated_at TEXT)");
  Note::setConnection(db);
  Note::create({{"text", "hello"}});
  auto n = Note::where("text", "hello").firstOrFail();
  if (n.key() != 1 || Note::count() != 1) return 1;
  std::puts("consumer ok");
  return 0;
}
