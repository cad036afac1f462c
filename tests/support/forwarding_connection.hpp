#pragma once
// A Connection that hands every call to another one (SQLite underneath); a test overrides
// the parts its backend does differently (limits, failures, no transactions).
#include <span>
#include <string_view>
#include <vector>

#include "roost/orm/connection.hpp"

namespace roost::test {

class ForwardingConnection : public Connection {
 public:
  explicit ForwardingConnection(Connection& inner) : inner_(inner) {}
  Result execute(std::string_view sql, std::span<const Value> b = {}) override { return inner_.execute(sql, b); }
  using Connection::execute;
  void stream(std::string_view sql, std::span<const Value> b, RowSink& s) override { inner_.stream(sql, b, s); }
  std::vector<Result> batch(std::span<const Statement> s) override { return inner_.batch(s); }
  void executeScript(std::string_view sql) override { inner_.executeScript(sql); }
  void applyAtomically(std::string_view script, std::span<const Statement> b,
                       std::span<const Statement> after = {}) override {
    inner_.applyAtomically(script, b, after);
  }
  bool supportsTransactions() const noexcept override { return inner_.supportsTransactions(); }
  void begin() override { inner_.begin(); }
  void commit() override { inner_.commit(); }
  void rollback() override { inner_.rollback(); }
  int transactionDepth() const noexcept override { return inner_.transactionDepth(); }
  bool transactionIntact() const noexcept override { return inner_.transactionIntact(); }
  const Grammar& grammar() const noexcept override { return inner_.grammar(); }
  std::string_view backendName() const noexcept override { return "forwarding"; }

 protected:
  Connection& inner_;
};

}  // namespace roost::test
