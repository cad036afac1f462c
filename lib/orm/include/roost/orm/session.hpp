#pragma once
// D1SessionHandle: read-your-writes for one request or command (`useSession` in
// config/database.jsonc). Call markWritten() after a write that later reads must see.
//
// What it does depends on the backend, because that decides where reads can go:
//  - D1 through a Worker binding has read replicas, reached only through withSession() and
//    bookmarks. D1's REST API (what roost's --remote speaks) has neither: every /query and
//    /raw request is executed by the primary database instance, so a read sent after a write
//    always sees it. On that path the handle records markWritten() and the connection is
//    used as it is; there is no bookmark to carry.
//  - A local SQLite file has no replicas at all: the handle says so once (through the
//    warning sink) and uses the plain connection.
// Not thread-safe; one handle per request.
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace roost {

class Connection;

class D1SessionHandle {
 public:
  using WarningSink = std::function<void(std::string_view)>;
  // warn defaults to a warning on the "roost.orm" logger (roost/orm/log.hpp); it is called at most once per process per backend.
  explicit D1SessionHandle(Connection& connection, WarningSink warn = {});
  // The same, keeping the connection alive for as long as the handle lives (null refused).
  explicit D1SessionHandle(std::shared_ptr<Connection> connection, WarningSink warn = {});

  // The connection every query of this session should use.
  Connection& connection() noexcept { return conn_; }
  void markWritten() noexcept { written_ = true; }
  bool written() const noexcept { return written_; }
  // Why reads see prior writes on this backend (for logs and --verbose).
  std::string_view consistency() const noexcept { return consistency_; }

 private:
  std::shared_ptr<Connection> owner_;  // set by the owning constructor only
  Connection& conn_;
  bool written_ = false;
  std::string consistency_;
};

}  // namespace roost
