#pragma once
// Client: Cloudflare D1's REST API over libcurl.
//
//   POST {base}/accounts/{account_id}/d1/database/{database_id}/raw     (or /query)
//   Authorization: Bearer <token>
//   {"sql": "...", "params": [...]}               one statement
//   {"batch": [{"sql": "...", "params": [...]}]}  several, run by D1 as one atomic batch
//
// {base} is ClientOptions::baseUrl, else $CLOUDFLARE_API_BASE_URL, else
// https://api.cloudflare.com/client/v4. /raw answers rows as arrays (column order and
// duplicate names kept); /query as objects. One libcurl handle is reused for every request,
// so the connection stays open between them (keep-alive); TLS certificates are verified.
// Failed requests are retried as retry_policy.hpp describes; a write that may have reached
// D1 is never sent twice.
//
// Errors: roost::d1::ApiError (a roost::D1Error) with the HTTP status (0 when no answer
// arrived, with libcurl's message), D1's error code (7500 for SQL errors) and message.
// The API token never appears in an error, a log line or anything else the client
// produces: every text that came from the network is scrubbed of it before use.
//
// Logs go to the "roost.d1" logger of roost/orm/log.hpp: each request at debug level (method,
// path, status, duration, statement count), each retry at info level ("HTTP 503 ...; retrying
// in 240 ms (attempt 2 of 5)").
//
// A Client is not thread-safe (one libcurl handle): use one per thread.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "roost/d1/d1_error.hpp"
#include "roost/d1/retry_policy.hpp"
#include "roost/orm/connection.hpp"
#include "roost/orm/error.hpp"
#include "roost/orm/value.hpp"

namespace roost::d1 {

inline constexpr std::string_view kDefaultApiBase = "https://api.cloudflare.com/client/v4";

struct Credentials {
  std::string accountId;
  std::string databaseId;
  std::string apiToken;  // secret: sent only in the Authorization header
};

struct ClientOptions {
  std::string baseUrl;  // "" = $CLOUDFLARE_API_BASE_URL, else kDefaultApiBase
  std::chrono::milliseconds connectTimeout{10000};
  std::chrono::milliseconds requestTimeout{60000};  // one attempt, from connecting to the last byte
  // One attempt of a read-only request (at most requestTimeout): well inside retry.maxTotalTime,
  // so a stalled read is retried. Writes, which are not sent again once sent, get requestTimeout.
  std::chrono::milliseconds readTimeout{20000};
  RetryPolicy retry;
};

enum class Endpoint { Raw, Query };

// One statement's outcome, as D1 reports it.
struct StatementResult {
  std::vector<std::string> columns;
  std::vector<std::vector<Value>> rows;
  std::int64_t changes = 0;
  std::optional<std::int64_t> lastRowId;
  bool changedDb = false;
  double durationMs = 0;
  std::int64_t rowsRead = 0;
  std::int64_t rowsWritten = 0;
};

// An error answer of the D1 REST API, or no answer at all (httpStatus 0).
class ApiError : public D1Error {
 public:
  ApiError(int httpStatus, int d1Code, std::string apiMessage, bool mayHaveBeenApplied = false);
  // D1's (or libcurl's) own message, without the status prefix.
  const std::string& apiMessage() const noexcept { return apiMessage_; }
  // mayHaveBeenApplied() (from D1Error): a write failed after it may have reached D1 (and
  // was not sent again).
  // D1 ran the SQL and SQLite refused it (D1 code 7500).
  bool isSqlError() const noexcept { return d1Code() == kSqlErrorCode; }

  static constexpr int kSqlErrorCode = 7500;

 private:
  std::string apiMessage_;
};

// D1 Time Travel (GET/POST .../time_travel/...): what a restore answers.
struct RestoreResult {
  std::string bookmark;          // the database's state after the restore
  std::string previousBookmark;  // its state just before: restoring to it undoes the restore
  std::string message;           // D1's own words, e.g. "Database restored successfully"
};

// Where a restore goes: exactly one of the two.
struct RestoreTo {
  std::string bookmark;   // a bookmark, as bookmark() answered it
  std::string timestamp;  // RFC 3339 ("2026-12-02T10:00:00Z"): the bookmark at or before it

  static RestoreTo atBookmark(std::string b) { return {std::move(b), {}}; }
  static RestoreTo atTimestamp(std::string t) { return {{}, std::move(t)}; }
};

class Client {
 public:
  // Throws roost::ConfigError for an unusable base URL (plain http is accepted only for
  // loopback hosts, so the token never crosses a network unencrypted) or a token that
  // cannot go in an HTTP header.
  explicit Client(Credentials credentials, ClientOptions options = {});
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // One statement; the text may hold several (D1 runs them as one batch): one result each.
  std::vector<StatementResult> run(const Statement& statement, Endpoint endpoint = Endpoint::Raw);
  // Several statements as one atomic batch request: one result per statement.
  std::vector<StatementResult> batch(std::span<const Statement> statements, Endpoint endpoint = Endpoint::Raw);
  // One statement whose rows go to the sink one by one as they are decoded (D1 answers with
  // the whole result at once; this only avoids a second copy of it).
  void stream(const Statement& statement, RowSink& sink);

  // D1 Time Travel. bookmark(): GET .../time_travel/bookmark[?timestamp=T], the bookmark
  // of the database's current state (or of its state at T). Read-only, retried like a read.
  std::string bookmark(std::string_view timestamp = {});
  // POST .../time_travel/restore?bookmark=B | ?timestamp=T: replaces the database's contents.
  // Retried only when it cannot have reached D1 (refused connection, 429); an ambiguous
  // failure is an ApiError with mayHaveBeenApplied(): check with bookmark() before retrying.
  RestoreResult restore(const RestoreTo& to);

  // HTTP requests sent so far, retries included, and how many of them were retries.
  std::uint64_t requestCount() const noexcept;
  std::uint64_t retryCount() const noexcept;

  const std::string& baseUrl() const noexcept;
  // The endpoint's URL (no secret in it), e.g. for logs.
  std::string url(Endpoint endpoint) const;
  const std::string& accountId() const noexcept;
  const std::string& databaseId() const noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace roost::d1
