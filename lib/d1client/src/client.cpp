#include "roost/d1/client.hpp"

#include <curl/curl.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <ctime>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>
#include <variant>

#include "roost/d1/json_value.hpp"
#include "roost/d1/sql_script.hpp"
#include "roost/orm/log.hpp"
#include "text_util.hpp"
#include "wire_format.hpp"

namespace roost::d1 {

using detail::Json;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

ApiError::ApiError(int httpStatus, int d1Code, std::string apiMessage, bool mayHaveBeenApplied)
    : D1Error(httpStatus, d1Code, apiMessage, mayHaveBeenApplied), apiMessage_(std::move(apiMessage)) {}

namespace {

constexpr long kMaxIdleConnectionSeconds = 30;

std::string environmentVariable(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

void globalInit() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) throw Error("libcurl failed to initialise");
  });
}

// What one HTTP exchange produced.
struct Attempt {
  CURLcode code = CURLE_OK;
  std::string curlMessage;
  bool requestSent = false;  // some of the request left this machine
  long status = 0;
  std::string body;
  std::string contentType;
  std::optional<milliseconds> retryAfter;
};

// A failed attempt: its class under the retry policy and the error it would end with.
struct Failed {
  Failure failure;
  int status;
  int code;
  std::string message;
};

std::size_t onBody(char* data, std::size_t size, std::size_t count, void* user) {
  static_cast<std::string*>(user)->append(data, size * count);
  return size * count;
}

std::optional<milliseconds> parseRetryAfter(std::string value) {
  while (!value.empty() && std::isspace(static_cast<unsigned char>(value.back()))) value.pop_back();
  const auto first = value.find_first_not_of(" \t");
  if (first == std::string::npos) return std::nullopt;
  value.erase(0, first);
  if (std::all_of(value.begin(), value.end(), [](unsigned char c) { return std::isdigit(c); })) {
    if (value.size() > 6) return milliseconds{999999000};  // absurdly long: the time budget will refuse it
    return milliseconds{std::stoll(value) * 1000};
  }
  const time_t when = curl_getdate(value.c_str(), nullptr);  // an HTTP-date
  if (when < 0) return std::nullopt;
  const auto seconds = static_cast<long long>(when) - static_cast<long long>(std::time(nullptr));
  return milliseconds{std::max(0LL, seconds) * 1000};
}

std::size_t onHeader(char* data, std::size_t size, std::size_t count, void* user) {
  auto* attempt = static_cast<Attempt*>(user);
  const std::string_view line(data, size * count);
  if (line.rfind("HTTP/", 0) == 0) {
    attempt->retryAfter.reset();  // a new response (after a redirect or 100-continue)
  } else if (const auto colon = line.find(':'); colon != std::string_view::npos) {
    std::string name(line.substr(0, colon));
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (name == "retry-after") attempt->retryAfter = parseRetryAfter(std::string(line.substr(colon + 1)));
  }
  return size * count;
}

// The request body, handed to libcurl through CURLOPT_READFUNCTION. Once any of a write's
// body has gone out, a rewind is refused: libcurl rewinds only to send the request again by
// itself (a reused connection that died before answering, which may be after D1 ran it), and
// a refused rewind makes it fail with CURLE_SEND_FAIL_REWIND instead. Reads may be resent.
struct Upload {
  const std::string* body = nullptr;
  std::size_t offset = 0;
  bool rewindable = false;
  bool rewindRefused = false;
};

std::size_t onRead(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* upload = static_cast<Upload*>(user);
  const std::size_t n = std::min(size * count, upload->body->size() - upload->offset);
  std::copy_n(upload->body->data() + upload->offset, n, buffer);
  upload->offset += n;
  return n;
}

int onSeek(void* user, curl_off_t offset, int origin) {
  auto* upload = static_cast<Upload*>(user);
  if (origin != SEEK_SET || offset < 0 || static_cast<std::size_t>(offset) > upload->body->size())
    return CURL_SEEKFUNC_CANTSEEK;
  if (!upload->rewindable && upload->offset > 0) {
    upload->rewindRefused = true;
    return CURL_SEEKFUNC_CANTSEEK;
  }
  upload->offset = static_cast<std::size_t>(offset);
  return CURL_SEEKFUNC_OK;
}

Failure classifyCurl(CURLcode code, bool requestSent) {
  switch (code) {
    case CURLE_SEND_FAIL_REWIND: return Failure::MaybeApplied;  // libcurl wanted to send it again
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
    case CURLE_SSL_CONNECT_ERROR: return Failure::NotSent;
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
    case CURLE_NOT_BUILT_IN:
    case CURLE_OUT_OF_MEMORY:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_TOO_MANY_REDIRECTS:
    case CURLE_BAD_FUNCTION_ARGUMENT: return Failure::Final;
    default: return requestSent ? Failure::MaybeApplied : Failure::NotSent;
  }
}

std::string describeStatus(long status) {
  return "HTTP " + std::to_string(status);
}

std::string authHint(long status, const std::string& accountId) {
  if (status != 401 && status != 403) return "";
  return " (check CLOUDFLARE_API_TOKEN: it must be a valid API token with D1 edit permission for account " +
         accountId + ")";
}

}  // namespace

struct Client::Impl {
  Credentials credentials;
  ClientOptions options;
  std::string base;
  CURL* curl = nullptr;
  curl_slist* headers = nullptr;
  std::mt19937_64 random{std::random_device{}()};
  std::uint64_t requests = 0;
  std::uint64_t retries = 0;
  char curlError[CURL_ERROR_SIZE] = {};

  Impl(Credentials c, ClientOptions o) : credentials(std::move(c)), options(std::move(o)) {
    globalInit();
    base = options.baseUrl.empty() ? environmentVariable("CLOUDFLARE_API_BASE_URL") : options.baseUrl;
    if (base.empty()) base = kDefaultApiBase;
    while (!base.empty() && base.back() == '/') base.pop_back();
    checkBaseUrl();
    checkToken();
    curl = curl_easy_init();
    if (!curl) throw Error("libcurl could not create a handle");
    const std::string auth = "Authorization: Bearer " + credentials.apiToken;
    for (const char* h : {auth.c_str(), "Content-Type: application/json", "Accept: application/json", "Expect:"}) {
      curl_slist* next = curl_slist_append(headers, h);
      if (!next) throw Error("out of memory building HTTP headers");
      headers = next;
    }
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
    curl_easy_setopt(curl, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(curl, CURLOPT_MAXAGE_CONN, kMaxIdleConnectionSeconds);
    curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(curl, CURLOPT_USERAGENT, "roost-d1client");
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, curlError);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &onBody);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, &onHeader);
    curl_easy_setopt(curl, CURLOPT_POST, 1L);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, &onRead);
    curl_easy_setopt(curl, CURLOPT_SEEKFUNCTION, &onSeek);
  }

  ~Impl() {
    if (curl) curl_easy_cleanup(curl);
    curl_slist_free_all(headers);
  }
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;

  void checkBaseUrl() const {
    CURLU* url = curl_url();
    std::string scheme, host;
    bool ok = url && curl_url_set(url, CURLUPART_URL, base.c_str(), 0) == CURLUE_OK;
    for (auto [part, out] : {std::pair{CURLUPART_SCHEME, &scheme}, std::pair{CURLUPART_HOST, &host}}) {
      char* value = nullptr;
      if (ok && curl_url_get(url, part, &value, 0) == CURLUE_OK && value) *out = value;
      else ok = false;
      curl_free(value);
    }
    curl_url_cleanup(url);
    const char* source = options.baseUrl.empty() ? "CLOUDFLARE_API_BASE_URL" : "the D1 base URL";
    if (!ok || (scheme != "https" && scheme != "http"))
      throw ConfigError(std::string(source) + " is not an http(s) URL: " + detail::oneLine(base, 200));
    const bool loopback = host == "127.0.0.1" || host == "localhost" || host == "[::1]" || host == "::1";
    if (scheme == "http" && !loopback)
      throw ConfigError(std::string(source) + " uses plain http to " + host +
                        ": the API token would travel unencrypted; use https (http is accepted only for "
                        "127.0.0.1, localhost and [::1])");
  }

  void checkToken() const {
    if (credentials.apiToken.empty()) throw ConfigError("no Cloudflare API token given (set CLOUDFLARE_API_TOKEN)");
    for (const unsigned char c : credentials.apiToken)
      if (c < 0x21 || c > 0x7e)
        throw ConfigError("CLOUDFLARE_API_TOKEN holds a space, line break or other character that an HTTP header "
                          "cannot carry; copy the token again");
  }

  std::string endpointUrl(Endpoint endpoint) const {
    return databaseUrl() + (endpoint == Endpoint::Raw ? "/raw" : "/query");
  }

  std::string escape(std::string_view s) const {
    char* e = curl_easy_escape(curl, s.data(), static_cast<int>(s.size()));
    std::string out = e ? e : std::string(s);
    curl_free(e);
    return out;
  }

  std::string databaseUrl() const {
    return base + "/accounts/" + escape(credentials.accountId) + "/d1/database/" + escape(credentials.databaseId);
  }

  std::string redact(std::string text) const { return detail::redact(std::move(text), credentials.apiToken); }

  Attempt perform(const std::string& url, bool get, const std::string& body, bool readOnly, milliseconds timeout,
                  milliseconds connectTimeout) {
    Attempt a;
    curlError[0] = '\0';
    Upload upload{&body, 0, readOnly, false};
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    if (get) curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
    else curl_easy_setopt(curl, CURLOPT_POST, 1L);
    curl_easy_setopt(curl, CURLOPT_READDATA, &upload);
    curl_easy_setopt(curl, CURLOPT_SEEKDATA, &upload);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(std::max<milliseconds::rep>(1, timeout.count())));
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS,
                     static_cast<long>(std::max<milliseconds::rep>(1, connectTimeout.count())));
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &a.body);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &a);
    a.code = curl_easy_perform(curl);
    // "Sent" errs on the safe side: once the transfer got as far as sending (pretransfer), or
    // any byte of the request went out, the request may have reached D1.
    long requestSize = 0;
    curl_off_t uploaded = 0, pretransfer = 0;
    curl_easy_getinfo(curl, CURLINFO_REQUEST_SIZE, &requestSize);
    curl_easy_getinfo(curl, CURLINFO_SIZE_UPLOAD_T, &uploaded);
    curl_easy_getinfo(curl, CURLINFO_PRETRANSFER_TIME_T, &pretransfer);
    a.requestSent = requestSize > 0 || uploaded > 0 || pretransfer > 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &a.status);
    char* contentType = nullptr;
    if (curl_easy_getinfo(curl, CURLINFO_CONTENT_TYPE, &contentType) == CURLE_OK && contentType)
      a.contentType = contentType;
    if (a.code != CURLE_OK) a.curlMessage = curlError[0] ? curlError : curl_easy_strerror(a.code);
    if (upload.rewindRefused) {
      a.code = CURLE_SEND_FAIL_REWIND;
      a.requestSent = true;
      a.curlMessage = "the connection closed after the request was sent and before any answer arrived";
    }
    curl_easy_setopt(curl, CURLOPT_READDATA, nullptr);
    curl_easy_setopt(curl, CURLOPT_SEEKDATA, nullptr);
    return a;
  }

  // Success: the parsed answer. Failure: what went wrong and how the retry policy sees it.
  // Network text is scrubbed of the token before it is shortened, so no part of it survives.
  std::variant<Json, Failed> interpret(const Attempt& a, const std::string& method, const std::string& url,
                                       bool objectResult) const {
    if (a.code != CURLE_OK)
      return Failed{classifyCurl(a.code, a.requestSent), 0, 0, redact(method + " " + url + ": " + a.curlMessage)};
    Json json;
    bool isJson = true;
    std::string parseError;
    try {
      json = Json::parse(a.body);
    } catch (const Json::parse_error& e) {
      isJson = false;
      parseError = e.what();
    }
    const int status = static_cast<int>(a.status);
    const bool ok2xx = a.status >= 200 && a.status <= 299;
    if (!isJson) {
      if (ok2xx)
        return Failed{Failure::MaybeApplied, status, 0,
                      "D1's answer is not valid JSON (truncated or damaged; " + std::to_string(a.body.size()) +
                          " bytes): " + detail::oneLine(redact(parseError), 160)};
      const std::string type = a.contentType.empty() ? "no content type" : detail::oneLine(redact(a.contentType), 60);
      return Failed{classifyHttpStatus(a.status), status, 0,
                    describeStatus(a.status) + " answer that is not D1's JSON (" + type + ")" +
                        (a.body.empty() ? "" : ": " + detail::summarizeBody(redact(a.body))) +
                        authHint(a.status, credentials.accountId)};
    }
    const bool success = json.is_object() && json.value("success", false);
    if (ok2xx && success) {
      const auto result = json.find("result");
      if (result == json.end() || (objectResult ? !result->is_object() : !result->is_array()))
        return Failed{Failure::MaybeApplied, status, 0,
                      std::string("D1's answer has no \"result\" ") + (objectResult ? "object" : "array")};
      return json;
    }
    int code = 0;
    // Each entry is scrubbed before they are joined, so no entry can carry part of the token.
    std::string message = json.is_object() ? detail::errorMessages(json, code, credentials.apiToken) : "";
    if (message.empty()) message = describeStatus(a.status) + " without an error message";
    const Failure failure = ok2xx ? Failure::Final : classifyHttpStatus(a.status);
    return Failed{failure, status, code, detail::oneLine(message, 2000) + authHint(a.status, credentials.accountId)};
  }

  // The request log (debug): "POST /accounts/.../raw: HTTP 200, 12.3 ms, 2 statements".
  // The path holds no secret and the line no bound value.
  void logRequest(const std::string& method, const std::string& url, const Attempt& a, Clock::duration took,
                  std::size_t statements) const {
    const auto log = roost::log::logger(roost::log::kD1);
    if (!log->should_log(spdlog::level::debug)) return;
    const std::string answer = a.code != CURLE_OK ? "no answer (" + a.curlMessage + ")" : describeStatus(a.status);
    log->debug("{}", redact(method + " " + url.substr(std::min(base.size(), url.size())) + ": " + answer + ", " +
                            fmt::format("{:.1f} ms", std::chrono::duration<double, std::milli>(took).count()) +
                            (statements == 0 ? std::string()
                                             : ", " + std::to_string(statements) +
                                                   (statements == 1 ? " statement" : " statements"))));
  }

  // Sends one SQL request body under the retry policy; returns the answer's "result" array.
  Json exchange(Endpoint endpoint, const std::string& body, bool readOnly, std::size_t statements) {
    return send({"POST", endpointUrl(endpoint), body, readOnly, statements, false});
  }

  struct Request {
    std::string method;  // "GET" or "POST"
    std::string url;
    std::string body;
    bool readOnly;       // may be sent again after it may have run
    std::size_t statements;
    bool objectResult;   // "result" is an object (Time Travel), not an array of statement results
  };

  // Sends one request under the retry policy; returns the answer's "result".
  Json send(const Request& request) {
    const RetryPolicy& policy = options.retry;
    const std::string& url = request.url;
    const std::string& body = request.body;
    const bool readOnly = request.readOnly;
    const std::size_t statements = request.statements;
    const auto start = Clock::now();
    const auto deadline = start + policy.maxTotalTime;
    const int maxAttempts = std::max(1, policy.maxAttempts);
    for (int attempt = 1;; ++attempt) {
      const auto remaining = std::max(std::chrono::duration_cast<milliseconds>(deadline - Clock::now()), milliseconds{1});
      // A read gets a per-attempt timeout well inside the budget, so a stalled one is retried;
      // a write, never retried once sent, gets the whole requestTimeout.
      const milliseconds attemptTimeout =
          readOnly ? std::min(options.readTimeout, options.requestTimeout) : options.requestTimeout;
      const auto sent = Clock::now();
      Attempt a = perform(url, request.method == "GET", body, readOnly, std::min(attemptTimeout, remaining),
                          std::min(options.connectTimeout, remaining));
      ++requests;
      logRequest(request.method, url, a, Clock::now() - sent, statements);
      auto outcome = interpret(a, request.method, url, request.objectResult);
      if (auto* json = std::get_if<Json>(&outcome)) return std::move((*json)["result"]);
      Failed& f = std::get<Failed>(outcome);

      if (!retryAllowed(f.failure, readOnly)) {
        const bool ambiguousWrite = f.failure == Failure::MaybeApplied;
        if (ambiguousWrite)
          f.message += "; the request writes and may have been applied, so it was not sent again (check the "
                       "database before running it again)";
        throw ApiError(f.status, f.code, std::move(f.message), ambiguousWrite);
      }
      if (attempt >= maxAttempts)
        throw ApiError(f.status, f.code, f.message + " (gave up after " + std::to_string(attempt) + " attempts)");
      milliseconds wait = backoffDelay(policy, attempt, std::uniform_real_distribution<double>(0.0, 1.0)(random));
      if (f.failure == Failure::RateLimited && a.retryAfter) wait = std::max(wait, *a.retryAfter);
      const auto elapsed = std::chrono::duration_cast<milliseconds>(Clock::now() - start);
      if (Clock::now() + wait >= deadline)
        throw ApiError(f.status, f.code,
                       f.message + " (gave up after " + std::to_string(attempt) + " attempt(s) in " +
                           std::to_string(elapsed.count()) + " ms: waiting " + std::to_string(wait.count()) +
                           " ms more would pass the " + std::to_string(policy.maxTotalTime.count()) +
                           " ms time budget)");
      roost::log::logger(roost::log::kD1)
          ->info("{}", (f.status ? describeStatus(f.status) : std::string("no answer")) +
                           (f.code ? " (code " + std::to_string(f.code) + ")" : std::string()) + ": " + f.message +
                           "; retrying in " + std::to_string(wait.count()) + " ms (attempt " +
                           std::to_string(attempt + 1) + " of " + std::to_string(maxAttempts) + ")");
      std::this_thread::sleep_for(wait);
      ++retries;
    }
  }
};

namespace {

bool allReadOnly(std::span<const Statement> statements) {
  return std::all_of(statements.begin(), statements.end(), [](const Statement& s) { return isReadOnlyStatement(s.sql); });
}

}  // namespace

Client::Client(Credentials credentials, ClientOptions options)
    : impl_(std::make_unique<Impl>(std::move(credentials), std::move(options))) {}

Client::~Client() = default;

std::vector<StatementResult> Client::run(const Statement& statement, Endpoint endpoint) {
  const std::span<const Statement> one(&statement, 1);
  Json result = impl_->exchange(endpoint, detail::requestBody(one, false), allReadOnly(one), 1);
  std::vector<StatementResult> out;
  out.reserve(result.size());
  for (const Json& item : result) out.push_back(detail::decodeResult(item, endpoint));
  return out;
}

std::vector<StatementResult> Client::batch(std::span<const Statement> statements, Endpoint endpoint) {
  if (statements.empty()) return {};
  Json result = impl_->exchange(endpoint, detail::requestBody(statements, true), allReadOnly(statements),
                                statements.size());
  std::vector<StatementResult> out;
  out.reserve(result.size());
  for (const Json& item : result) out.push_back(detail::decodeResult(item, endpoint));
  return out;
}

void Client::stream(const Statement& statement, RowSink& sink) {
  const std::span<const Statement> one(&statement, 1);
  Json result = impl_->exchange(Endpoint::Raw, detail::requestBody(one, false), allReadOnly(one), 1);
  if (result.empty()) {
    sink.columns(std::make_shared<const Columns>());
    return;
  }
  detail::decodeRows(
      result.back(), Endpoint::Raw,
      [&](std::vector<std::string>&& columns) { sink.columns(std::make_shared<const Columns>(std::move(columns))); },
      [&](std::vector<Value>&& values) { return sink.row(std::move(values)); });
}

namespace {

std::string bookmarkOf(const Json& result, const char* member, const std::string& what) {
  const auto it = result.find(member);
  if (it == result.end() || !it->is_string() || it->get<std::string>().empty())
    throw ApiError(200, 0, what + ": D1's answer has no \"" + member + "\" string");
  return it->get<std::string>();
}

}  // namespace

std::string Client::bookmark(std::string_view timestamp) {
  std::string url = impl_->databaseUrl() + "/time_travel/bookmark";
  if (!timestamp.empty()) url += "?timestamp=" + impl_->escape(timestamp);
  // A GET changes nothing: retried like a read.
  const Json result = impl_->send({"GET", url, "", true, 0, true});
  return bookmarkOf(result, "bookmark", "time_travel/bookmark");
}

RestoreResult Client::restore(const RestoreTo& to) {
  if (to.bookmark.empty() == to.timestamp.empty())
    throw UsageError("a Time Travel restore needs exactly one of a bookmark or a timestamp");
  const std::string query = to.bookmark.empty() ? "timestamp=" + impl_->escape(to.timestamp)
                                                : "bookmark=" + impl_->escape(to.bookmark);
  // Not read-only: once it may have reached D1 it is never sent again (a second restore
  // would also replace whatever was written in between). The body is "{}", not empty: the
  // guard against libcurl's own resend refuses the rewind only once a byte of body went out.
  const Json result = impl_->send({"POST", impl_->databaseUrl() + "/time_travel/restore?" + query, "{}", false, 0, true});
  RestoreResult out;
  out.bookmark = bookmarkOf(result, "bookmark", "time_travel/restore");
  if (const auto it = result.find("previous_bookmark"); it != result.end() && it->is_string())
    out.previousBookmark = it->get<std::string>();
  if (const auto it = result.find("message"); it != result.end() && it->is_string())
    out.message = impl_->redact(it->get<std::string>());
  return out;
}

std::uint64_t Client::requestCount() const noexcept { return impl_->requests; }
std::uint64_t Client::retryCount() const noexcept { return impl_->retries; }
const std::string& Client::baseUrl() const noexcept { return impl_->base; }
std::string Client::url(Endpoint endpoint) const { return impl_->endpointUrl(endpoint); }
const std::string& Client::accountId() const noexcept { return impl_->credentials.accountId; }
const std::string& Client::databaseId() const noexcept { return impl_->credentials.databaseId; }

}  // namespace roost::d1
