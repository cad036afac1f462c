#include "roost/testing/query_log.hpp"

#include <cctype>
#include <map>

#include "roost/testing/assertion.hpp"

namespace roost::testing {
namespace {

std::string upperFirstWord(std::string_view sql) {
  std::size_t i = 0;
  while (i < sql.size() && std::isspace(static_cast<unsigned char>(sql[i]))) ++i;
  std::string word;
  while (i < sql.size() && std::isalpha(static_cast<unsigned char>(sql[i])))
    word += static_cast<char>(std::toupper(static_cast<unsigned char>(sql[i++])));
  return word;
}

bool isTransactionControl(std::string_view sql) {
  const std::string w = upperFirstWord(sql);
  return w == "BEGIN" || w == "COMMIT" || w == "END" || w == "ROLLBACK" || w == "SAVEPOINT" || w == "RELEASE";
}

bool isRead(std::string_view sql) {
  const std::string w = upperFirstWord(sql);
  return w == "SELECT" || w == "WITH";
}

}  // namespace

std::string sqlShape(std::string_view sql) {
  std::string out;
  out.reserve(sql.size());
  bool space = false;
  for (char c : sql) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  // "(?, ?, ?)" and "(?,?)" -> "(?...)"
  std::string shaped;
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (out[i] == '(') {
      std::size_t j = i + 1;
      bool onlyPlaceholders = false;
      while (j < out.size()) {
        if (out[j] == '?') onlyPlaceholders = true;
        else if (out[j] != ',' && out[j] != ' ') break;
        ++j;
      }
      if (onlyPlaceholders && j < out.size() && out[j] == ')') {
        shaped += "(?...)";
        i = j;
        continue;
      }
    }
    shaped += out[i];
  }
  return shaped;
}

QueryLog::QueryLog(Connection& connection) : connection_(&connection) {
  connection_->setListener([this](std::string_view sql, std::span<const Value> bindings) { record(sql, bindings); });
}

QueryLog::~QueryLog() { connection_->setListener(nullptr); }

void QueryLog::record(std::string_view sql, std::span<const Value> bindings) {
  if (paused_ > 0) return;
  entries_.push_back(LoggedStatement{std::string(sql), std::vector<Value>(bindings.begin(), bindings.end()),
                                     isTransactionControl(sql)});
}

std::vector<const LoggedStatement*> QueryLog::queries() const {
  std::vector<const LoggedStatement*> out;
  for (const LoggedStatement& e : entries_)
    if (!e.transactionControl) out.push_back(&e);
  return out;
}

std::size_t QueryLog::count() const { return queries().size(); }

std::string QueryLog::describe() const {
  auto qs = queries();
  if (qs.empty()) return "  (no queries)\n";
  std::string out;
  std::size_t n = 0;
  for (const LoggedStatement* q : qs) {
    out += "  " + std::to_string(++n) + ". " + q->sql;
    if (!q->bindings.empty()) {
      out += "  [";
      for (std::size_t i = 0; i < q->bindings.size(); ++i) out += (i ? ", " : "") + q->bindings[i].toSqlLiteral();
      out += "]";
    }
    out += "\n";
  }
  return out;
}

void QueryLog::assertCount(std::size_t expected) const {
  std::size_t actual = count();
  if (actual != expected)
    fail("expected " + std::to_string(expected) + " quer" + (expected == 1 ? "y" : "ies") + ", ran " +
         std::to_string(actual) + ":\n" + describe());
}

void QueryLog::assertRan(std::string_view text) const {
  for (const LoggedStatement* q : queries())
    if (q->sql.find(text) != std::string::npos) return;
  fail("no query contains `" + std::string(text) + "`; the queries were:\n" + describe());
}

void QueryLog::assertNotRan(std::string_view text) const {
  for (const LoggedStatement* q : queries())
    if (q->sql.find(text) != std::string::npos) {
      fail("a query contains `" + std::string(text) + "`: " + q->sql + "\nthe queries were:\n" + describe());
      return;
    }
}

void QueryLog::assertNoNPlusOne(std::size_t maxRepeats, bool includeWrites) const {
  std::map<std::string, std::size_t> runs;
  std::vector<std::string> order;
  for (const LoggedStatement* q : queries()) {
    if (!includeWrites && !isRead(q->sql)) continue;
    std::string shape = sqlShape(q->sql);
    if (runs[shape]++ == 0) order.push_back(shape);
  }
  for (const std::string& shape : order)
    if (runs[shape] > maxRepeats) {
      fail("N+1 queries: this statement ran " + std::to_string(runs[shape]) + " times (at most " +
           std::to_string(maxRepeats) + " allowed):\n  " + shape +
           "\nload the relation for all parents at once (query().with(\"name\") or Relation::loadMany) "
           "instead of once per parent; the queries were:\n" + describe());
      return;
    }
}

}  // namespace roost::testing
