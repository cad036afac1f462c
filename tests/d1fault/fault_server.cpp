#include "d1fault/fault_server.hpp"

#include <httplib.h>

#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <stdexcept>

namespace roost::d1::test {

using nlohmann::json;

std::vector<std::string> RecordedRequest::sqls() const {
  std::vector<std::string> out;
  if (!json.is_object()) return out;
  if (const auto batch = json.find("batch"); batch != json.end() && batch->is_array()) {
    for (const auto& item : *batch) out.push_back(item.value("sql", ""));
  } else if (json.contains("sql")) {
    out.push_back(json.value("sql", ""));
  }
  return out;
}

FaultServer::FaultServer() : server_(std::make_unique<httplib::Server>()), fallback_(success()) {
  // cpp-httplib writes without MSG_NOSIGNAL: a reply to a connection that dropAfterProcessing
  // shut down must fail with EPIPE, not kill the test binary.
  std::signal(SIGPIPE, SIG_IGN);
  server_->set_keep_alive_max_count(1000);
  server_->Post(R"(/client/v4/accounts/[^/]+/d1/database/[^/]+/(raw|query))",
                [this](const httplib::Request& req, httplib::Response& res) { handle(req, res); });
  // D1 Time Travel: scripted like the SQL endpoints (the script's replies say what to answer).
  server_->Get(R"(/client/v4/accounts/[^/]+/d1/database/[^/]+/time_travel/bookmark)",
               [this](const httplib::Request& req, httplib::Response& res) { handle(req, res); });
  server_->Post(R"(/client/v4/accounts/[^/]+/d1/database/[^/]+/time_travel/restore)",
                [this](const httplib::Request& req, httplib::Response& res) { handle(req, res); });
  port_ = server_->bind_to_any_port("127.0.0.1");
  if (port_ <= 0) throw std::runtime_error("fault server: cannot bind 127.0.0.1");
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  // stop() only stops a server that is running: wait until it is.
  while (!server_->is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

FaultServer::~FaultServer() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  server_->stop();
  if (thread_.joinable()) thread_.join();
}

std::string FaultServer::baseUrl() const { return "http://127.0.0.1:" + std::to_string(port_) + "/client/v4"; }

void FaultServer::script(std::vector<Reply> replies) {
  std::lock_guard lock(mutex_);
  script_.assign(replies.begin(), replies.end());
}

void FaultServer::setFallback(Reply reply) {
  std::lock_guard lock(mutex_);
  fallback_ = std::move(reply);
}

std::size_t FaultServer::requestCount() const {
  std::lock_guard lock(mutex_);
  return requests_.size();
}

std::vector<RecordedRequest> FaultServer::requests() const {
  std::lock_guard lock(mutex_);
  return requests_;
}

void FaultServer::handle(const httplib::Request& request, httplib::Response& response) {
  RecordedRequest recorded;
  recorded.path = request.path;
  recorded.authorization = request.get_header_value("Authorization");
  recorded.body = request.body;
  recorded.json = json::parse(request.body, nullptr, false);
  if (recorded.json.is_discarded()) recorded.json = nullptr;
  recorded.remotePort = request.remote_port;
  recorded.localPort = request.local_port;
  Reply reply;
  {
    std::lock_guard lock(mutex_);
    requests_.push_back(recorded);
    if (!script_.empty()) {
      reply = std::move(script_.front());
      script_.pop_front();
    } else {
      reply = fallback_;
    }
  }
  reply(recorded, response, [this] {
    std::lock_guard lock(mutex_);
    return stopping_;
  });
}

json FaultServer::successEnvelope(json results) {
  return {{"result", std::move(results)}, {"success", true}, {"errors", json::array()}, {"messages", json::array()}};
}

namespace {

json emptyResult() {
  return {{"results", {{"columns", json::array()}, {"rows", json::array()}}},
          {"success", true},
          {"meta",
           {{"changes", 0}, {"last_row_id", 0}, {"duration", 0.1}, {"changed_db", false}, {"rows_read", 0},
            {"rows_written", 0}}}};
}

json emptyResults(const RecordedRequest& request) {
  const bool objects = request.path.size() >= 6 && request.path.compare(request.path.size() - 6, 6, "/query") == 0;
  json results = json::array();
  const std::size_t n = std::max<std::size_t>(1, request.sqls().size());
  for (std::size_t i = 0; i < n; ++i) {
    results.push_back(emptyResult());
    if (objects) results.back()["results"] = json::array();
  }
  return results;
}

}  // namespace

FaultServer::Reply FaultServer::success() {
  return [](const RecordedRequest& req, httplib::Response& res, const std::function<bool()>&) {
    res.set_content(successEnvelope(emptyResults(req)).dump(), "application/json");
  };
}

FaultServer::Reply FaultServer::rows(json columns, json rows, json meta) {
  return [columns = std::move(columns), rows = std::move(rows), meta = std::move(meta)](
             const RecordedRequest& req, httplib::Response& res, const std::function<bool()>&) {
    json results = emptyResults(req);
    results[0]["results"] = {{"columns", columns}, {"rows", rows}};
    for (const auto& [key, value] : meta.items()) results[0]["meta"][key] = value;
    res.set_content(successEnvelope(std::move(results)).dump(), "application/json");
  };
}

FaultServer::Reply FaultServer::raw(int status, std::string body, std::string contentType,
                                    std::vector<std::pair<std::string, std::string>> headers) {
  return [=](const RecordedRequest&, httplib::Response& res, const std::function<bool()>&) {
    res.status = status;
    for (const auto& [name, value] : headers) res.set_header(name.c_str(), value);
    res.set_content(body, contentType.c_str());
  };
}

FaultServer::Reply FaultServer::d1Error(int status, int code, std::string message,
                                        std::vector<std::pair<std::string, std::string>> headers) {
  const json body = {{"result", nullptr},
                     {"success", false},
                     {"errors", json::array({{{"code", code}, {"message", message}}})},
                     {"messages", json::array()}};
  return raw(status, body.dump(), "application/json", std::move(headers));
}

FaultServer::Reply FaultServer::rateLimited(int retryAfterSeconds) {
  return d1Error(429, 971, "Please wait and consider throttling your request speed",
                 {{"retry-after", std::to_string(retryAfterSeconds)}});
}

FaultServer::Reply FaultServer::stall(std::chrono::milliseconds delay) {
  return [delay](const RecordedRequest& req, httplib::Response& res, const std::function<bool()>& stopping) {
    const auto until = std::chrono::steady_clock::now() + delay;
    while (std::chrono::steady_clock::now() < until && !stopping())
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    res.set_content(successEnvelope(emptyResults(req)).dump(), "application/json");
  };
}

FaultServer::Reply FaultServer::torn(std::string fullBody, std::size_t sentBytes) {
  return [fullBody = std::move(fullBody), sentBytes](const RecordedRequest&, httplib::Response& res,
                                                     const std::function<bool()>&) {
    const std::string part = fullBody.substr(0, std::min(sentBytes, fullBody.size()));
    res.set_content_provider(fullBody.size(), "application/json",
                             [part](std::size_t, std::size_t, httplib::DataSink& sink) {
                               sink.write(part.data(), part.size());
                               return false;  // drop the connection before the rest
                             });
  };
}

namespace {

int portOf(const sockaddr_storage& address) {
  if (address.ss_family == AF_INET) return ntohs(reinterpret_cast<const sockaddr_in&>(address).sin_port);
  if (address.ss_family == AF_INET6) return ntohs(reinterpret_cast<const sockaddr_in6&>(address).sin6_port);
  return -1;
}

// cpp-httplib does not hand a handler its socket: find it among this process's descriptors as
// the one whose own port is the server's and whose peer port is the client's.
int serverSocketOf(const RecordedRequest& request) {
  DIR* dir = opendir("/proc/self/fd");
  if (!dir) return -1;
  int found = -1;
  while (const dirent* entry = readdir(dir)) {
    char* end = nullptr;
    const long fd = std::strtol(entry->d_name, &end, 10);
    if (end == entry->d_name || *end != '\0') continue;
    sockaddr_storage local{}, peer{};
    socklen_t localSize = sizeof local, peerSize = sizeof peer;
    const int s = static_cast<int>(fd);
    if (getsockname(s, reinterpret_cast<sockaddr*>(&local), &localSize) != 0) continue;
    if (getpeername(s, reinterpret_cast<sockaddr*>(&peer), &peerSize) != 0) continue;
    if (portOf(local) == request.localPort && portOf(peer) == request.remotePort) {
      found = s;
      break;
    }
  }
  closedir(dir);
  return found;
}

}  // namespace

FaultServer::Reply FaultServer::dropAfterProcessing() {
  return [](const RecordedRequest& req, httplib::Response& res, const std::function<bool()>&) {
    const int socket = serverSocketOf(req);
    if (socket < 0) throw std::runtime_error("fault server: cannot find the connection's socket");
    ::shutdown(socket, SHUT_RDWR);  // the client sees the connection close with no answer
    res.status = 500;               // never arrives: writing it fails
  };
}

FaultServer::Reply FaultServer::htmlPage(int status, std::string title, std::string echo) {
  return [=](const RecordedRequest& req, httplib::Response& res, const std::function<bool()>&) {
    res.status = status;
    const std::string echoed = echo.empty() ? "" : "<pre>" + echo + req.authorization + "</pre>";
    res.set_content("<!DOCTYPE html>\n<html><head><title>" + title + "</title></head><body><h1>" + title +
                        "</h1>" + echoed + "<hr><center>cloudflare</center></body></html>\n",
                    "text/html");
  };
}

}  // namespace roost::d1::test
