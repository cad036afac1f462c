#include "console/session.hpp"

#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <istream>

// libedit's readline compatibility layer (BSD licensed; not GNU readline).
#include <editline/readline.h>

#include "console/methods.hpp"
#include "console/parser.hpp"
#include "output.hpp"
#include "roost/orm/error.hpp"
#include "roost/orm/schema.hpp"
#include "roost/orm/tenancy.hpp"

namespace roost::console {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) s.remove_suffix(1);
  return s;
}

constexpr const char* kHelp = R"(Expressions (as in @roostjs/orm's TypeScript; a leading `await` is optional):
  Post.where('status', 'published').orderBy('created_at', 'desc').limit(10).all()
  Post.where('created_at', '>', '2024-01-01').orWhere('author_id', 1).count()
  Post.whereIn('status', ['archived', 'draft']).pluck('title')
  Post.whereNull('published_at').first()          Post.find(1)   Post.findOrFail(1)
  Post.where(q => q.where('a', 1).orWhere('b', 2)).all()       Post.paginate(2, 20)
  Post.withTrashed().all()   Post.onlyTrashed().count()   Post.where('id', 3).exists()
  User.with('posts').first()       User.posts.load(User.find(1))     User.find(1).posts
  let u = User.find(1)    u.attributes.name = 'Ada'    u.save()    u.refresh()
  u.delete()   u.restore()   Post.create({title: 'Hi', slug: 'hi', author_id: 1})
  Post.where('status', 'draft').update({status: 'archived'})    Post.where(...).toSql()
)";
// Then the query methods, from the method table (console/methods.hpp), then:
constexpr const char* kHelpCommands = R"(Commands:
  .sql STATEMENT     run raw SQL (nothing bound, never scoped), rows as a table
  .tables            the tables            .schema [TABLE]   CREATE statements
  .models            models with their flags, tenant column (and where it came from)
                     and relations (from the schema and database/models.jsonc)
  .format FORMAT     table | json | ndjson | csv          .help   .exit (or Ctrl-D)
Tab completes models, methods, relations and column names.)";

// The session libedit's completion callback talks to (one prompt per process).
Session* gActive = nullptr;
std::vector<std::string> gMatches;
std::size_t gMatchIndex = 0;

char* matchGenerator(const char*, int state) {
  if (state == 0) gMatchIndex = 0;
  if (gMatchIndex >= gMatches.size()) return nullptr;
  return ::strdup(gMatches[gMatchIndex++].c_str());
}

char** attemptCompletion(const char* text, int, int end) {
  rl_attempted_completion_over = 1;
  gMatches.clear();
  if (!gActive || !rl_line_buffer) return nullptr;
  try {
    const std::string before(rl_line_buffer, static_cast<std::size_t>(std::max(0, end)));
    Completion c = gActive->completeLine(before);
    // libedit replaces `text` (its own idea of the word); offer candidates that extend it.
    const std::string word = text ? text : "";
    const std::string typed = before.substr(std::min(c.start, before.size()));
    for (auto& cand : c.candidates) {
      std::string full = cand;
      if (typed.size() < word.size()) full = word.substr(0, word.size() - typed.size()) + cand;  // word began earlier
      else if (typed.size() > word.size()) full = cand.substr(typed.size() - word.size());      // word began later
      gMatches.push_back(std::move(full));
    }
  } catch (...) {  // completion must never take the console down
    gMatches.clear();
  }
  if (gMatches.empty()) return nullptr;
  return rl_completion_matches(text ? text : "", matchGenerator);
}

std::string historyFile() {
  if (const char* custom = std::getenv("ROOST_HISTORY"); custom && *custom) return custom;
  const char* home = std::getenv("HOME");
  return home && *home ? std::string(home) + "/.roost_history" : std::string();
}

}  // namespace

Session::Session(Connection& connection, cli::Output& output, SessionOptions options)
    : conn_(connection),
      out_(output),
      options_(std::move(options)),
      printer_(options_.print, output),
      evaluator_(connection, [this]() -> project::ModelCatalog& { return catalog(); }) {
  completion_.models = [this] { return catalog().names(); };
  completion_.tables = [this] {
    std::vector<std::string> names;
    for (const auto& t : catalog().schema().tables)
      if (!isInternalTable(t.name, options_.migrationsTable)) names.push_back(t.name);
    return names;
  };
  completion_.variables = [this] {
    std::vector<std::string> names;
    for (auto& [k, v] : evaluator_.variables()) names.push_back(k);
    return names;
  };
  completion_.variableModel = [this](std::string_view name) -> std::string {
    auto it = evaluator_.variables().find(std::string(name));
    if (it == evaluator_.variables().end()) return {};
    if (auto* r = it->second.as<RecordRef>()) return r->record->meta().displayName();
    if (auto* m = it->second.as<ModelRef>()) return m->meta->displayName();
    return {};
  };
  completion_.relations = [this](std::string_view model) {
    const ModelMeta* m = catalog().find(model);
    return m ? m->relations.names() : std::vector<std::string>{};
  };
  completion_.columns = [this](std::string_view model) {
    std::vector<std::string> names;
    const ModelMeta* m = catalog().find(model);
    if (const TableInfo* t = m ? catalog().tableOf(*m) : nullptr)
      for (const auto& c : t->columns) names.push_back(c.name);
    return names;
  };
  completion_.relatedModel = [this](std::string_view model, std::string_view relation) -> std::string {
    const ModelMeta* m = catalog().find(model);
    const RelationDef* d = m ? m->relations.find(relation) : nullptr;
    return d && d->related ? d->related->displayName() : std::string();
  };
}

project::ModelCatalog& Session::catalog() {
  if (!catalog_) {
    std::optional<project::ModelsFile> models = project::loadModelsFile(options_.projectDir);
    catalog_.emplace(project::ModelCatalog::build(readSchema(conn_), models ? &*models : nullptr,
                                                  options_.migrationsTable, options_.rowTenantModel));
  }
  return *catalog_;
}

Completion Session::completeLine(std::string_view beforeCursor) { return complete(beforeCursor, completion_); }

void Session::printError(std::string_view line, const std::string& message, std::optional<std::size_t> offset,
                         std::size_t lineNumber) {
  std::string text = lineNumber ? "line " + std::to_string(lineNumber) + ": " : std::string();
  const std::size_t nl = message.find('\n');
  text += message.substr(0, nl);
  if (offset) {
    // The line, and a caret under the failing column (tabs kept so the caret lines up).
    std::string shown(line), caret;
    for (char& ch : shown)
      if (ch == '\n' || ch == '\r') ch = ' ';
    const std::size_t col = columnAt(line, std::min(*offset, line.size()));
    std::size_t chars = 0;
    for (std::size_t i = 0; i < line.size() && chars + 1 < col; ++i) {
      if ((static_cast<unsigned char>(line[i]) & 0xC0) == 0x80) continue;
      caret += line[i] == '\t' ? '\t' : ' ';
      ++chars;
    }
    while (chars + 1 < col) caret += ' ', ++chars;
    text += "\n  " + shown + "\n  " + caret + out_.paint(cli::Style::Red, "^", true);
  }
  if (nl != std::string::npos) text += message.substr(nl);
  out_.error(text);
}

bool Session::run(std::string_view rawLine, std::size_t lineNumber) {
  const std::string_view line = trim(rawLine);
  if (line.empty() || line.substr(0, 2) == "//") return true;
  try {
    if (line.front() == '.' && (line.size() == 1 || std::isalpha(static_cast<unsigned char>(line[1])))) {
      dotCommand(line);
    } else {
      NodePtr tree = parse(line);
      CValue result = evaluator_.evaluate(*tree);
      printer_.print(result);
    }
    std::fflush(stdout);
    return true;
  } catch (const SyntaxError& e) {
    printError(line, e.what(), e.offset(), lineNumber);
  } catch (const EvalError& e) {
    printError(line, e.what(), e.offset(), lineNumber);
  } catch (const ConfigError& e) {
    printError(line, e.what(), std::nullopt, lineNumber);
  } catch (const std::exception& e) {  // the database's errors from .sql, a failed stream, …
    printError(line, consoleErrorText(e), std::nullopt, lineNumber);
  }
  std::fflush(stdout);
  return false;
}

void Session::dotCommand(std::string_view line) {
  const std::size_t space = line.find_first_of(" \t");
  const std::string_view cmd = line.substr(0, space);
  const std::string_view rest = space == std::string_view::npos ? std::string_view() : trim(line.substr(space));
  auto noArgs = [&] {
    if (!rest.empty()) throw UsageError(std::string(cmd) + " takes no arguments");
  };
  if (cmd == ".exit" || cmd == ".quit") {
    noArgs();
    exit_ = true;
    return;
  }
  if (cmd == ".help") {
    out_.dataLine(std::string(kHelp) + methodsHelp() + "\n" + kHelpCommands);
    return;
  }
  if (cmd == ".sql") {
    if (rest.empty()) throw UsageError(".sql needs a statement: .sql SELECT * FROM posts LIMIT 5");
    const TenantContext* tenant = currentTenantContext();
    if (tenant && tenant->has() && !sqlScopeNoticeShown_) {
      sqlScopeNoticeShown_ = true;
      out_.warning(".sql is never tenant-scoped: it reads and writes every tenant's rows, not only " +
                   (tenant->slug().empty() ? std::string("the current tenant") : "--tenant " + tenant->slug()) + "'s");
    }
    printer_.printSql(conn_, rest);
    return;
  }
  if (cmd == ".tables") {
    noArgs();
    std::vector<std::vector<Value>> rows;
    for (auto& name : listTables(conn_, options_.migrationsTable)) rows.push_back({Value(name)});
    printer_.printRows({"table"}, rows);
    return;
  }
  if (cmd == ".schema") {
    std::vector<std::string> tables;
    if (rest.empty()) tables = listTables(conn_, options_.migrationsTable);
    else tables.emplace_back(rest);
    std::vector<std::vector<Value>> rows;
    std::string text;
    for (const auto& t : tables) {
      auto sql = tableDefinition(conn_, t);
      if (sql.empty()) {
        std::string known;
        for (auto& n : listTables(conn_, options_.migrationsTable)) known += (known.empty() ? "" : ", ") + n;
        throw UsageError("no table '" + t + "'" + (known.empty() ? "; the database has no tables" : "; tables: " + known));
      }
      for (auto& s : sql) {
        text += s + ";\n";
        rows.push_back({Value(t), Value(s)});
      }
    }
    if (printer_.options().format == Format::Table) out_.data(text);
    else printer_.printRows({"table", "sql"}, rows);
    return;
  }
  if (cmd == ".models") {
    noArgs();
    std::vector<std::vector<Value>> rows;
    const bool table = printer_.options().format == Format::Table;
    for (const auto& m : catalog().models()) {
      const ModelMeta& meta = *m.meta;
      std::string relations;
      for (const auto& name : meta.relations.names()) {
        const RelationDef& d = *meta.relations.find(name);
        relations += (relations.empty() ? "" : ", ") + name + " (" + relationKindName(d.kind) + " " +
                     d.related->displayName() + ")";
      }
      auto flag = [&](bool b) { return table ? Value(b ? "yes" : "no") : Value(b ? 1 : 0); };
      rows.push_back({Value(meta.displayName()), Value(meta.table), Value(meta.primaryKey), flag(meta.timestamps),
                      flag(meta.softDeletes), meta.tenantColumn ? Value(*meta.tenantColumn) : Value(),
                      m.tenantFrom.empty() ? Value() : Value(m.tenantFrom), Value(relations),
                      Value(m.declared ? "models.jsonc" : "schema")});
    }
    printer_.printRows({"model", "table", "primaryKey", "timestamps", "softDeletes", "tenantColumn", "tenantFrom",
                        "relations", "from"},
                       rows);
    return;
  }
  if (cmd == ".format") {
    auto f = parseFormat(rest);
    if (!f) throw UsageError(".format takes table, json, ndjson or csv");
    PrintOptions p = printer_.options();
    p.format = *f;
    printer_ = Printer(p, out_);
    return;
  }
  std::vector<std::string> names = {".sql", ".tables", ".schema", ".models", ".format", ".help", ".exit", ".quit"};
  std::string message = "unknown command '" + std::string(cmd) + "'";
  if (auto hint = closestMatch(cmd, names); !hint.empty()) message += "; did you mean '" + hint + "'?";
  else message += "; try .help";
  throw UsageError(message);
}

namespace {

// std::getline, but a line never grows past kMaxLineBytes + 1 bytes: the rest of a longer
// one is skipped, and parse() refuses what was kept.
bool readLine(std::istream& in, std::string& line) {
  line.clear();
  std::streambuf* buf = in.rdbuf();
  bool any = false;
  for (int c = buf->sbumpc(); c != std::char_traits<char>::eof(); c = buf->sbumpc()) {
    any = true;
    if (c == '\n') return true;
    if (line.size() <= kMaxLineBytes) line += static_cast<char>(c);
  }
  return any;
}

}  // namespace

int Session::runScript(std::istream& in, bool bail) {
  std::string line;
  std::size_t number = 0;
  int status = 0;
  while (!exit_ && readLine(in, line)) {
    ++number;
    if (!run(line, number)) {
      status = 1;
      if (bail) break;
    }
  }
  return status;
}

int Session::interactive() {
  gActive = this;
  rl_readline_name = "roost";
  rl_attempted_completion_function = attemptCompletion;
  static char breaks[] = " \t\n\"'`.(),[]{}=;:";
  rl_completer_word_break_characters = breaks;
  rl_basic_word_break_characters = breaks;
  rl_completion_append_character = '\0';
  const std::string history = historyFile();
  stifle_history(1000);
  if (!history.empty()) read_history(history.c_str());

  if (!options_.description.empty()) out_.note("roost query on " + options_.description);
  out_.note("Type an expression such as Post.where('status', 'published').all(); .help for more, .exit to leave.");
  const std::string prompt = out_.colorOnStdout() ? "\001\x1b[1m\002roost>\001\x1b[0m\002 " : "roost> ";
  while (!exit_) {
    char* raw = readline(prompt.c_str());
    if (!raw) {  // Ctrl-D
      out_.data("\n");
      break;
    }
    std::string line(raw);
    std::free(raw);
    if (!trim(line).empty()) {
      add_history(line.c_str());
      if (!history.empty()) write_history(history.c_str());
    }
    run(line);
  }
  gActive = nullptr;
  return 0;
}

}  // namespace roost::console
