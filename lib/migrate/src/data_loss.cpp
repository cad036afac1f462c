// analyseDataLoss: replays the scripts on a schema-only copy and reports what each DROP TABLE
// (or DELETE) would take from other tables through ON DELETE CASCADE / SET NULL.
#include "roost/migrate/data_loss.hpp"

#include <cctype>
#include <map>
#include <optional>
#include <set>

#include "roost/migrate/migration_checks.hpp"
#include "roost/orm/identifier.hpp"
#include "roost/orm/sql_text.hpp"
#include "schema_replay.hpp"
#include "statement_shape.hpp"

namespace roost::migrate {

namespace {

using detail::ForeignKeyEdge;
using detail::SchemaReplica;
using detail::shapeOf;
using Kind = detail::StatementShape::Kind;

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool same(std::string_view a, std::string_view b) { return lower(a) == lower(b); }

std::string listed(const std::vector<std::string>& items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i)
    out += (i == 0 ? "" : i + 1 == items.size() ? " and " : ", ") + items[i];
  return out;
}

// What deleting every row of one table sets off, following the foreign keys.
struct Reach {
  struct Hit {
    std::string table, column, chain;  // column: SET NULL only
  };
  std::vector<Hit> deleted;                      // ON DELETE CASCADE, transitively
  std::vector<Hit> nulled;                       // ON DELETE SET NULL / SET DEFAULT
  std::vector<std::pair<std::string, std::string>> blocking;  // direct NO ACTION / RESTRICT children, action
};

Reach follow(const std::vector<ForeignKeyEdge>& edges, const std::string& parent) {
  Reach r;
  std::set<std::string> emptied{lower(parent)};
  std::set<std::pair<std::string, std::string>> nulled;
  std::vector<std::pair<std::string, std::string>> queue{{parent, parent}};  // table, chain to it
  for (std::size_t q = 0; q < queue.size(); ++q) {
    const auto [table, chain] = queue[q];
    for (const ForeignKeyEdge& e : edges) {
      if (!same(e.parent, table) || same(e.child, table)) continue;
      if (e.onDelete == "CASCADE") {
        if (!emptied.insert(lower(e.child)).second) continue;
        r.deleted.push_back({e.child, "", chain + " -> " + e.child});
        queue.emplace_back(e.child, chain + " -> " + e.child);
      } else if (e.onDelete == "SET NULL" || e.onDelete == "SET DEFAULT") {
        if (nulled.insert({lower(e.child), lower(e.column)}).second)
          r.nulled.push_back({e.child, e.column, chain + " -> " + e.child + "." + e.column});
      } else if (q == 0 && !same(e.child, parent)) {
        r.blocking.emplace_back(e.child, e.onDelete.empty() ? "NO ACTION" : e.onDelete);
      }
    }
  }
  // A table the cascade empties loses its NULLed references with its rows.
  std::erase_if(r.nulled, [&](const Reach::Hit& h) { return emptied.count(lower(h.table)) > 0; });
  return r;
}

// One table (or column) that would lose rows (or values) at one statement.
struct Victim {
  std::size_t statement = 0;  // index into the script's statements
  std::string parent;         // the table dropped or emptied
  bool parentRenamedHere = false;
  std::string hitAs;          // the victim's name when it is hit
  std::string current;        // followed through later renames
  std::string origin;         // its name before the script ran; empty: the script made it
  std::string column;         // SET NULL: the column
  std::string chain;
  bool restored = false;      // filled (or updated) again later in the script
};

std::string lossList(const std::vector<const Victim*>& victims) {
  std::vector<std::string> parts;
  for (const Victim* v : victims)
    parts.push_back(v->column.empty() ? "every row of " + v->hitAs + " (" + v->chain + ", ON DELETE CASCADE)"
                                      : v->hitAs + "." + v->column + " in every row, set to NULL (" + v->chain +
                                            ", ON DELETE SET NULL)");
  return listed(parts);
}

std::string rewrite(const std::vector<const Victim*>& victims, const std::string& parent, bool renamedHere) {
  std::string keep, restore, drop;
  std::set<std::string> seen;
  for (const Victim* v : victims) {
    const std::string t = quoteAnyName(v->hitAs);
    const std::string k = quoteAnyName("_roost_keep_" + v->hitAs + (v->column.empty() ? "" : "_" + v->column));
    if (!seen.insert(k).second) continue;
    if (v->column.empty()) {
      keep += "  CREATE TABLE " + k + " AS SELECT * FROM " + t + ";\n";
      restore += "  INSERT INTO " + t + " SELECT * FROM " + k + ";\n";
    } else {
      const std::string c = quoteAnyName(v->column);
      keep += "  CREATE TABLE " + k + " AS SELECT rowid AS \"_roost_rowid\", " + c + " FROM " + t + ";\n";
      restore += "  UPDATE " + t + " SET " + c + " = (SELECT " + c + " FROM " + k + " WHERE \"_roost_rowid\" = " + t +
                 ".rowid) WHERE rowid IN (SELECT \"_roost_rowid\" FROM " + k + ");\n";
    }
    drop += "  DROP TABLE " + k + ";\n";
  }
  std::string fix;
  if (renamedHere)
    fix += "Rebuild in the other order: CREATE TABLE the new table, copy the rows, DROP TABLE the old one, then "
           "ALTER TABLE new RENAME TO the old name (renaming the old table first rewrites every REFERENCES to it in "
           "the child tables, which then point at the dropped copy). And ";
  fix += std::string(renamedHere ? "k" : "K") + "eep the rows across the rebuild: put\n  PRAGMA defer_foreign_keys = on;\n"
         "at the top of the migration, before the DROP put\n" + keep +
         "and after the new table has the name " + quoteAnyName(parent) + " again (after its ALTER TABLE ... RENAME TO)\n" +
         restore + drop + "Or, if deleting them is the point, run with --allow-data-loss.";
  return fix;
}

class ScriptAnalysis {
 public:
  ScriptAnalysis(SchemaReplica& replica, const MigrationScript& script) : r_(replica), script_(script) {}

  void run(std::vector<Finding>& findings, std::vector<GuardedCount>& guard) {
    statements_ = splitSqlStatements(script_.sql);
    shapes_.reserve(statements_.size());
    bool losesRows = false;  // a DROP, DELETE or rename: the only statements that can lose rows
    for (const SqlStatement& st : statements_) {
      shapes_.push_back(shapeOf(st.text));
      const Kind k = shapes_.back().kind;
      losesRows = losesRows || k == Kind::DropTable || k == Kind::Delete || k == Kind::RenameTable;
    }
    // Most migrations only create and fill: they are replayed, not analysed.
    if (losesRows)
      for (const std::string& t : r_.tables()) origin_[lower(t)] = t;
    for (std::size_t i = 0; i < statements_.size(); ++i) step(i, findings);
    report(findings, guard);
  }

 private:
  void step(std::size_t i, std::vector<Finding>& findings) {
    const SqlStatement& st = statements_[i];
    const detail::StatementShape& shape = shapes_[i];
    if (analysing_) look(i, shape, findings);
    // Rows never change the schema, and the replica has none: INSERT, UPDATE and DELETE are not
    // run (an INSERT of a child row would fail its foreign key on the empty parent). Nor are
    // indexes made or dropped: they hold no foreign keys, and each one costs SQLite a schema scan.
    const bool skipped = shape.kind == Kind::Insert || shape.kind == Kind::Update || shape.kind == Kind::Delete ||
                         shape.kind == Kind::Index;
    const std::optional<std::string> failed = skipped ? std::nullopt : r_.run(st.text);
    if (failed && analysing_) {
      analysing_ = false;
      findings.push_back({Severity::Warning, "data-loss-unchecked", script_.path, st.line, shortStatement(st.text),
                          "roost could not replay this statement on a copy of the schema (" + *failed +
                              "), so the rest of this migration is not checked for rows lost through foreign keys, "
                              "nor guarded at run time",
                          "Check by hand that nothing after this line drops or empties a table other tables "
                          "reference with ON DELETE CASCADE or SET NULL."});
    }
    if (failed) return;
    if (shape.kind == Kind::RenameTable) {
      const std::string renamed = r_.table(shape.newName).value_or(shape.newName);
      for (Victim& v : victims_)
        if (same(v.current, shape.table)) v.current = renamed;
      if (auto it = origin_.find(lower(shape.table)); it != origin_.end()) {
        std::string o = it->second;
        origin_.erase(it);
        origin_[lower(renamed)] = o;
      }
      renamedHere_.insert(lower(renamed));
    } else if (shape.kind == Kind::DropTable) {
      origin_.erase(lower(shape.table));
    }
  }

  void look(std::size_t i, const detail::StatementShape& shape, std::vector<Finding>& findings) {
    const SqlStatement& st = statements_[i];
    switch (shape.kind) {
      case Kind::DeferForeignKeys: defer_ = shape.on; return;
      case Kind::Insert:
        for (Victim& v : victims_)
          if (v.column.empty() && same(v.current, shape.table)) v.restored = true;
        for (Blocked& b : blocked_)
          if (same(b.parent, shape.table) && r_.table(shape.table)) b.refilled = true;
        if (shape.replaces) warnReplace(i, shape, findings);
        return;
      case Kind::Update:
        for (Victim& v : victims_)
          if (!v.column.empty() && same(v.current, shape.table)) v.restored = true;
        return;
      case Kind::DropTable:
      case Kind::Delete: break;
      default: return;
    }
    const std::optional<std::string> parent = r_.table(shape.table);
    if (!parent) return;
    if (shape.kind == Kind::Delete) deletedFrom_.insert(lower(*parent));
    if (shape.kind == Kind::Delete && !shape.hasWhere) emptied_.insert(lower(*parent));
    const Reach reach = follow(r_.foreignKeys(), *parent);
    if (shape.kind == Kind::Delete && shape.hasWhere) {
      if (reach.deleted.empty() && reach.nulled.empty()) return;
      findings.push_back({Severity::Warning, "cascade-delete", script_.path, st.line, shortStatement(st.text),
                          "deleting these rows of " + *parent + " also deletes or changes the rows of " +
                              hitList(reach) + " that refer to them (their foreign keys' ON DELETE actions run on D1)",
                          "Make sure that is intended; to keep those rows, point them elsewhere first."});
      return;
    }
    const auto originOf = [&](const std::string& t) {
      auto it = origin_.find(lower(t));
      return it == origin_.end() ? std::string() : it->second;
    };
    const bool renamed = renamedHere_.count(lower(*parent)) > 0;
    for (const auto& h : reach.deleted)
      victims_.push_back({i, *parent, renamed, h.table, h.table, originOf(h.table), "", h.chain, false});
    for (const auto& h : reach.nulled)
      victims_.push_back({i, *parent, renamed, h.table, h.table, originOf(h.table), h.column, h.chain, false});
    if (shape.kind != Kind::DropTable || reach.blocking.empty()) return;
    blocked_.push_back({i, *parent, reach.blocking, defer_, false});
  }

  // NO ACTION / RESTRICT children of a dropped table: the DROP fails at once without
  // defer_foreign_keys; with it, SQLite counts the broken references at the DROP and only
  // writes to the parent under its final name count them off, so the rows must go into the
  // new table after its rename, or the COMMIT fails.
  void reportBlocked(std::vector<Finding>& findings) {
    for (const Blocked& b : blocked_) {
      if (b.deferred && b.refilled) continue;
      const SqlStatement& st = statements_[b.statement];
      std::vector<std::string> children;
      bool restrict = false;
      for (const auto& [child, action] : b.children) {
        children.push_back(child + " (ON DELETE " + action + ")");
        restrict = restrict || action == "RESTRICT";
      }
      const std::string p = quoteAnyName(b.parent), keep = quoteAnyName("_roost_keep_" + b.parent);
      std::string message = "DROP TABLE " + b.parent + " fails with \"FOREIGN KEY constraint failed\" once " +
                            listed(children) + " holds rows that refer to it: D1 keeps foreign keys on (PRAGMA "
                            "foreign_keys = OFF does nothing there), so it passes on an empty local database and "
                            "fails in production";
      if (b.deferred)
        message += ". PRAGMA defer_foreign_keys = on is set, but SQLite counts the broken references at the DROP and "
                   "only rows written to " + b.parent + " after the new table is renamed to it count them off: rows "
                   "copied into the new table before its rename leave the COMMIT failing";
      findings.push_back(
          {Severity::Warning, "no-action-rebuild", script_.path, st.line, shortStatement(st.text), message,
           "Put\n  PRAGMA defer_foreign_keys = on;\nat the top of the migration, keep the rows aside and put them "
           "into the new table after its rename:\n  CREATE TABLE " + keep + " AS SELECT * FROM " + p +
               ";\n  -- CREATE TABLE the new table, DROP TABLE " + p + ", ALTER TABLE ... RENAME TO " + p +
               "\n  INSERT INTO " + p + " (its columns) SELECT its columns FROM " + keep + ";\n  DROP TABLE " + keep +
               ";" +
               (restrict ? "\nRESTRICT acts at once even then: make those foreign keys NO ACTION, or rebuild the "
                           "child tables in the same migration."
                         : "")});
    }
  }

  static std::string hitList(const Reach& reach) {
    std::vector<std::string> hit;
    for (const auto& h : reach.deleted) hit.push_back(h.table + " (" + h.chain + ", CASCADE)");
    for (const auto& h : reach.nulled) hit.push_back(h.table + "." + h.column + " (SET NULL)");
    return listed(hit);
  }

  // REPLACE deletes each row it conflicts with before it inserts the new one, and the
  // deletion runs the ON DELETE actions of the rows referring to it: a warning (the rows it
  // replaces depend on the data), not guarded.
  void warnReplace(std::size_t i, const detail::StatementShape& shape, std::vector<Finding>& findings) {
    const std::optional<std::string> parent = r_.table(shape.table);
    if (!parent) return;
    const Reach reach = follow(r_.foreignKeys(), *parent);
    if (reach.deleted.empty() && reach.nulled.empty()) return;
    const SqlStatement& st = statements_[i];
    findings.push_back({Severity::Warning, "replace-cascade", script_.path, st.line, shortStatement(st.text),
                          "REPLACE deletes each row of " + *parent + " it conflicts with before inserting, and that "
                              "deletes or changes the rows of " + hitList(reach) + " that refer to it (on D1, "
                              "foreign keys are on)",
                          "Use INSERT ... ON CONFLICT (...) DO UPDATE SET ..., which updates the row in place."});
  }

  void report(std::vector<Finding>& findings, std::vector<GuardedCount>& guard) {
    std::map<std::size_t, std::vector<const Victim*>> byStatement;
    for (const Victim& v : victims_) {
      std::optional<std::string> now = r_.table(v.current);
      if (!now) now = r_.table(v.hitAs);  // rebuilt under its old name
      if (!now) continue;                 // dropped later in the script: nothing outlives it
      if (!v.column.empty() && !r_.hasColumn(*now, v.column)) continue;  // the column itself went
      if (analysing_ && !v.origin.empty() && !deletedFrom_.count(lower(v.current))) {
        GuardedCount g{v.origin, *now, v.column};
        if (std::find(guard.begin(), guard.end(), g) == guard.end()) guard.push_back(std::move(g));
      }
      // A table the script empties itself (DELETE FROM child) has nothing the DROP could take.
      const bool emptiedOnPurpose = emptied_.count(lower(v.current)) || emptied_.count(lower(v.hitAs));
      if (!v.restored && !emptiedOnPurpose) byStatement[v.statement].push_back(&v);
    }
    for (const auto& [index, victims] : byStatement) {
      const SqlStatement& st = statements_[index];
      const Victim& first = *victims.front();
      findings.push_back({Severity::Refusal, "cascade-rebuild", script_.path, st.line, shortStatement(st.text),
                          shortStatement(st.text) + " deletes " + lossList(victims) +
                              " on D1: foreign keys stay on there (PRAGMA foreign_keys = OFF does nothing on D1, nor "
                              "inside the transaction roost runs each migration in), and PRAGMA defer_foreign_keys "
                              "defers checks, not ON DELETE actions",
                          rewrite(victims, first.parent, first.parentRenamedHere)});
    }
    reportBlocked(findings);
    if (!analysing_) guard.clear();
  }

  SchemaReplica& r_;
  const MigrationScript& script_;
  std::vector<SqlStatement> statements_;
  std::map<std::string, std::string> origin_;  // lower(current name) -> name before the script
  std::set<std::string> renamedHere_;          // lower names tables were renamed to in this script
  std::set<std::string> deletedFrom_;          // lower names the script DELETEs from itself
  std::set<std::string> emptied_;              // ... of those, the ones it DELETEs from without WHERE
  std::vector<Victim> victims_;
  std::vector<detail::StatementShape> shapes_;  // one per statement
  struct Blocked {
    std::size_t statement;
    std::string parent;
    std::vector<std::pair<std::string, std::string>> children;
    bool deferred, refilled;
  };
  std::vector<Blocked> blocked_;
  bool defer_ = false;
  bool analysing_ = true;
};

// True when some statement of the script can lose rows: a DROP TABLE, a DELETE, a rename, a REPLACE.
bool mayLoseRows(const MigrationScript& script) {
  for (const SqlStatement& st : splitSqlStatements(script.sql)) {
    const detail::StatementShape shape = shapeOf(st.text);
    const Kind k = shape.kind;
    if (k == Kind::DropTable || k == Kind::Delete || k == Kind::RenameTable || shape.replaces) return true;
  }
  return false;
}

// The replica is made (the target's schema read and copied) and the scripts replayed only up
// to the last script that can lose rows: a run that only creates and fills, the common case,
// costs a scan of its statements and nothing else.
template <class MakeReplica>
DataLossAnalysis analyse(MakeReplica makeReplica, std::span<const MigrationScript> scripts) {
  DataLossAnalysis out;
  out.guards.resize(scripts.size());
  std::size_t end = scripts.size();
  while (end > 0 && !mayLoseRows(scripts[end - 1])) --end;
  if (end == 0) return out;
  SchemaReplica replica = makeReplica();
  for (std::size_t i = 0; i < end; ++i) ScriptAnalysis(replica, scripts[i]).run(out.findings, out.guards[i]);
  return out;
}

}  // namespace

DataLossAnalysis analyseDataLoss(Connection& target, std::span<const MigrationScript> scripts) {
  return analyse([&target] { return SchemaReplica(target); }, scripts);
}

DataLossAnalysis analyseDataLossFromEmpty(std::span<const MigrationScript> scripts) {
  return analyse([] { return SchemaReplica(); }, scripts);
}

}  // namespace roost::migrate
