#pragma once
// FaultServer: an in-process HTTP server on 127.0.0.1 (a free port) that plays D1's REST
// API with scripted faults, for the client's retry and error tests. Each request to
// /client/v4/accounts/{account}/d1/database/{db}/{raw|query} (and GET time_travel/bookmark,
// POST time_travel/restore) takes the next scripted
// reply; when the script is used up, `fallback` answers (by default: success, one empty
// result per statement). Every request is recorded, so tests can count exactly what
// reached the server. Thread-safe: cpp-httplib serves each connection on its own thread.
#include <chrono>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

namespace httplib {
class Server;
struct Request;
struct Response;
}  // namespace httplib

namespace roost::d1::test {

struct RecordedRequest {
  std::string path;
  std::string authorization;
  std::string body;
  nlohmann::json json;  // the body parsed (null if it was not JSON)
  int remotePort = 0;   // the client's port: the same for requests on one kept-alive connection
  int localPort = 0;    // the server's port (to find this connection's socket)

  // The SQL of each statement sent: one for {sql}, several for {batch: [...]}.
  std::vector<std::string> sqls() const;
};

class FaultServer {
 public:
  // A scripted reply. It may block (a stalled answer) until `stopping` says the server closes.
  using Reply = std::function<void(const RecordedRequest&, httplib::Response&, const std::function<bool()>& stopping)>;

  FaultServer();
  ~FaultServer();
  FaultServer(const FaultServer&) = delete;
  FaultServer& operator=(const FaultServer&) = delete;

  // http://127.0.0.1:PORT/client/v4
  std::string baseUrl() const;
  int port() const noexcept { return port_; }

  // Replaces the script; each request consumes one reply, in order.
  void script(std::vector<Reply> replies);
  void setFallback(Reply reply);

  std::size_t requestCount() const;
  std::vector<RecordedRequest> requests() const;

  // --- Replies ---
  // D1's success envelope with one /raw result per statement of the request.
  static Reply success();
  // Success whose first statement's result has these columns and rows (/raw form).
  static Reply rows(nlohmann::json columns, nlohmann::json rows, nlohmann::json meta = nlohmann::json::object());
  // Any status, body and content type, plus extra headers.
  static Reply raw(int status, std::string body, std::string contentType = "application/json",
                   std::vector<std::pair<std::string, std::string>> headers = {});
  // D1's error envelope: {"success": false, "errors": [{code, message}]}.
  static Reply d1Error(int status, int code, std::string message,
                       std::vector<std::pair<std::string, std::string>> headers = {});
  // 429 with retry-after (seconds).
  static Reply rateLimited(int retryAfterSeconds);
  // Answers only after `delay` (or when the server stops): longer than the client's timeout.
  static Reply stall(std::chrono::milliseconds delay);
  // Declares the whole body's length, sends `sentBytes` of it, then drops the connection.
  static Reply torn(std::string fullBody, std::size_t sentBytes);
  // The request is processed (recorded), then its connection is shut down without a byte of
  // answer: the server ran it and died before answering. On a kept-alive connection that was
  // used before, this is the case in which libcurl would send the request again by itself.
  static Reply dropAfterProcessing();
  // A proxy's HTML error page (e.g. 502 Bad Gateway); `echo` is added to the page, for
  // proxies that reflect request headers.
  static Reply htmlPage(int status, std::string title, std::string echo = "");

  static nlohmann::json successEnvelope(nlohmann::json results);

 private:
  void handle(const httplib::Request& request, httplib::Response& response);

  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
  mutable std::mutex mutex_;
  bool stopping_ = false;
  std::deque<Reply> script_;
  Reply fallback_;
  std::vector<RecordedRequest> requests_;
};

}  // namespace roost::d1::test
