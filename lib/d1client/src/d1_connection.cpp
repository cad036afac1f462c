#include "roost/d1/d1_connection.hpp"

#include <cstdlib>

#include "roost/d1/sql_script.hpp"
#include "roost/orm/error.hpp"
#include "roost/orm/grammar.hpp"
#include "text_util.hpp"

namespace roost::d1 {
namespace {

// Ends every probe batch of locateFailure: it always fails, at run time and whatever the
// schema (a JSON path must start with '$'), with a message that names the marker. So a
// probe can never commit, and its error tells whether the statements before it ran.
constexpr std::string_view kProbeMarker = "!roost-batch-probe";
const Statement kProbeSentinel{"SELECT json_extract('{}', '" + std::string(kProbeMarker) + "')", {}};

std::string excerpt(std::string_view sql) { return "\n  in: " + detail::oneLine(sql, 200); }

void checkSingleStatement(std::string_view sql) {
  const std::size_t count = splitSqlScript(sql).size();
  if (count == 0) throw UsageError("empty statement" + excerpt(sql));
  if (count > 1)
    throw UsageError("more than one statement given; use executeScript for scripts or batch() for several "
                     "statements" + excerpt(sql));
}

void checkStatement(std::string_view sql, std::size_t boundValues) {
  checkD1Limits(sql, boundValues);
  checkSingleStatement(sql);
}

Result toResult(StatementResult&& r, bool write) {
  Result out;
  if (!r.columns.empty()) out.columns = std::make_shared<const Columns>(std::move(r.columns));
  out.rows = std::move(r.rows);
  out.changes = r.changes;
  if (write) out.lastInsertId = r.lastRowId;
  return out;
}

std::string joined(std::span<const Statement> statements) {
  std::string out;
  for (const Statement& s : statements) out += (out.empty() ? "" : ";\n") + s.sql;
  return out;
}

std::string environmentVariable(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

}  // namespace

void checkD1Limits(std::string_view sql, std::size_t boundValues) {
  if (boundValues > D1Connection::kLimits.maxBoundParams)
    throw UsageError("the statement binds " + std::to_string(boundValues) + " values; D1 allows at most " +
                     std::to_string(D1Connection::kLimits.maxBoundParams) +
                     " per statement: split it (fewer rows per INSERT, shorter IN lists)" + excerpt(sql));
  if (sql.size() > D1Connection::kLimits.maxStatementBytes)
    throw UsageError("the statement is " + std::to_string(sql.size()) + " bytes of SQL; D1 allows at most " +
                     std::to_string(D1Connection::kLimits.maxStatementBytes) +
                     " bytes (100 KB) per statement: split it, or bind long values as parameters" + excerpt(sql));
  if (isTransactionControl(sql))
    throw UsageError("D1 has no interactive transactions over its REST API, so " + firstKeyword(sql) +
                     " is refused; send the statements together with batch() (one request that D1 applies "
                     "whole or not at all)" + excerpt(sql));
}

D1Connection::D1Connection(std::unique_ptr<Client> client, D1ConnectionOptions options)
    : client_(std::move(client)), options_(options) {
  if (!client_) throw UsageError("D1Connection needs a Client");
}

D1Connection::~D1Connection() = default;

Result D1Connection::execute(std::string_view sql, std::span<const Value> bindings) {
  notify(sql, bindings);
  checkStatement(sql, bindings.size());
  const Statement statement{std::string(sql), std::vector<Value>(bindings.begin(), bindings.end())};
  std::vector<StatementResult> results;
  try {
    results = client_->run(statement);
  } catch (const ApiError& e) {
    if (e.isSqlError()) throw QueryError(statement.sql, e.apiMessage(), e.d1Code());
    throw;
  }
  if (results.empty()) throw D1Error(200, 0, "D1 answered with no result for the statement" + excerpt(sql));
  return toResult(std::move(results.back()), !isReadOnlyStatement(sql));
}

void D1Connection::stream(std::string_view sql, std::span<const Value> bindings, RowSink& sink) {
  notify(sql, bindings);
  checkStatement(sql, bindings.size());
  const Statement statement{std::string(sql), std::vector<Value>(bindings.begin(), bindings.end())};
  try {
    client_->stream(statement, sink);
  } catch (const ApiError& e) {
    if (e.isSqlError()) throw QueryError(statement.sql, e.apiMessage(), e.d1Code());
    throw;
  }
}

std::vector<Result> D1Connection::batch(std::span<const Statement> statements) {
  for (const Statement& s : statements) {
    notify(s.sql, s.bindings);
    checkStatement(s.sql, s.bindings.size());
  }
  if (statements.empty()) return {};
  std::vector<StatementResult> results = runBatch(statements);
  std::vector<Result> out;
  out.reserve(results.size());
  for (std::size_t i = 0; i < results.size(); ++i)
    out.push_back(toResult(std::move(results[i]), !isReadOnlyStatement(statements[i].sql)));
  return out;
}

const Grammar& D1Connection::grammar() const noexcept {
  static const Grammar d1(kLimits);
  return d1;
}

void D1Connection::executeScript(std::string_view sql) { applyAtomically(sql, {}); }

void D1Connection::applyAtomically(std::string_view sql, std::span<const Statement> leading,
                                   std::span<const Statement> trailing) {
  std::vector<Statement> statements(leading.begin(), leading.end());
  for (const Statement& s : leading) {
    notify(s.sql, s.bindings);
    checkStatement(s.sql, s.bindings.size());
  }
  notify(sql, {});
  for (std::string& text : splitSqlScript(sql)) {
    checkD1Limits(text, 0);
    statements.push_back(Statement{std::move(text), {}});
  }
  for (const Statement& s : trailing) {
    notify(s.sql, s.bindings);
    checkStatement(s.sql, s.bindings.size());
    statements.push_back(s);
  }
  if (statements.empty()) return;
  runBatch(statements);
}

std::vector<StatementResult> D1Connection::runBatch(std::span<const Statement> statements) {
  std::vector<StatementResult> results;
  try {
    results = client_->batch(statements);
  } catch (const ApiError& e) {
    if (!e.isSqlError()) throw;
    if (statements.size() == 1) throw QueryError(statements.front().sql, e.apiMessage(), e.d1Code());
    const std::optional<std::size_t> failed =
        options_.locateFailingStatement ? locateFailure(statements) : std::nullopt;
    throw QueryError(failed ? statements[*failed].sql : joined(statements), e.apiMessage(), e.d1Code());
  }
  if (results.size() != statements.size())
    throw D1Error(200, 0, "D1 answered a batch of " + std::to_string(statements.size()) + " statements with " +
                              std::to_string(results.size()) + " results");
  return results;
}

// Binary search for the first statement whose inclusion makes the batch fail: a probe sends
// the first k statements followed by kProbeSentinel. If the probe fails on the sentinel, those
// k ran without error (and were rolled back with the rest); otherwise the culprit is among them.
std::optional<std::size_t> D1Connection::locateFailure(std::span<const Statement> statements) {
  std::size_t ok = 0, failing = statements.size();  // a prefix of `ok` runs; one of `failing` fails
  std::vector<Statement> probe;
  while (failing - ok > 1) {
    const std::size_t mid = ok + (failing - ok) / 2;
    probe.assign(statements.begin(), statements.begin() + static_cast<std::ptrdiff_t>(mid));
    probe.push_back(kProbeSentinel);
    try {
      client_->batch(probe);
      return std::nullopt;  // cannot happen: the sentinel always fails
    } catch (const ApiError& e) {
      if (!e.isSqlError()) return std::nullopt;  // the network, not the SQL: give up on locating
      if (e.apiMessage().find(kProbeMarker) != std::string::npos) ok = mid;
      else failing = mid;
    }
  }
  return ok;
}

void D1Connection::begin() {
  throw UsageError("D1 has no interactive transactions over its REST API; use batch() to run several statements "
                   "atomically (one request that D1 applies whole or not at all)");
}

void D1Connection::commit() {
  throw UsageError("commit() without an open transaction: a D1 connection has none; use batch() for atomic writes");
}

void D1Connection::rollback() {
  throw UsageError("rollback() without an open transaction: a D1 connection has none; use batch() for atomic writes");
}

Credentials remoteCredentials(const project::Target& target) {
  Credentials c;
  c.accountId = target.accountId.empty() ? environmentVariable("CLOUDFLARE_ACCOUNT_ID") : target.accountId;
  c.databaseId = target.binding.databaseId;
  c.apiToken = environmentVariable("CLOUDFLARE_API_TOKEN");
  const std::string config = target.wrangler ? target.wrangler->file.string() : std::string("the wrangler config");
  std::string missing;
  const auto add = [&](const std::string& what) { missing += (missing.empty() ? "" : "; ") + what; };
  if (c.accountId.empty())
    add("no Cloudflare account id: set account_id in " + config + " or the CLOUDFLARE_ACCOUNT_ID environment variable");
  if (c.databaseId.empty())
    add("no database id: set database_id on the D1 binding " + target.binding.binding + " in " + config);
  if (c.apiToken.empty())
    add("no API token: set the CLOUDFLARE_API_TOKEN environment variable to an API token with D1 edit permission");
  if (!missing.empty()) throw ConfigError("--remote cannot reach D1: " + missing);
  return c;
}

std::unique_ptr<D1Connection> openRemote(const project::Target& target, ClientOptions options,
                                         D1ConnectionOptions connectionOptions) {
  auto client = std::make_unique<Client>(remoteCredentials(target), std::move(options));
  return std::make_unique<D1Connection>(std::move(client), connectionOptions);
}

}  // namespace roost::d1
