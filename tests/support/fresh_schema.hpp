#pragma once
// The schema migrate:fresh is tested on, locally (tests/migrate/fresh_test.cpp) and on D1
// (tests/remote/tracking_remote_test.cpp): a CASCADE chain whose grandchild also references
// the root, a cycle, a view, a trigger and an FTS5 table. The order matters: user is created
// (and, on old code, dropped) first.
#include <string>
#include <string_view>

namespace roost::test {

// `more` (statements) goes between the CREATEs and the rows.
inline std::string freshSchema(std::string_view more = {}) {
  return std::string(R"sql(
CREATE TABLE user (id INTEGER PRIMARY KEY, name TEXT);
CREATE TABLE event (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE);
CREATE TABLE ticket (id INTEGER PRIMARY KEY,
  event_id INTEGER NOT NULL REFERENCES event(id) ON DELETE CASCADE,
  user_id INTEGER REFERENCES user(id));
CREATE TABLE team (id INTEGER PRIMARY KEY, captain_id INTEGER REFERENCES player(id) ON DELETE SET NULL);
CREATE TABLE player (id INTEGER PRIMARY KEY, team_id INTEGER REFERENCES team(id) ON DELETE CASCADE,
  mentor_id INTEGER REFERENCES player(id));
CREATE VIEW upcoming AS SELECT e.id, u.name FROM event AS e JOIN user AS u ON u.id = e.user_id;
CREATE TRIGGER ticket_audit AFTER INSERT ON ticket BEGIN UPDATE user SET name = name WHERE id = NEW.user_id; END;
CREATE VIRTUAL TABLE notes USING fts5(body);
)sql") + std::string(more) + R"sql(INSERT INTO user VALUES (1, 'ada');
INSERT INTO event VALUES (1, 1);
INSERT INTO ticket VALUES (1, 1, 1);
INSERT INTO team VALUES (1, NULL);
INSERT INTO player VALUES (1, 1, NULL), (2, 1, 1);
UPDATE team SET captain_id = 1;
INSERT INTO notes VALUES ('hello');
)sql";
}

}  // namespace roost::test
