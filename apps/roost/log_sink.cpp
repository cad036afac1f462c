#include "log_sink.hpp"

#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>

#include <mutex>

#include "roost/d1/redact.hpp"
#include "roost/orm/log.hpp"

namespace roost::cli {

namespace {

thread_local Output* threadOutput = nullptr;

LogLevel levelOf(spdlog::level::level_enum level) {
  switch (level) {
    case spdlog::level::trace: return LogLevel::Statement;
    case spdlog::level::warn: return LogLevel::Warning;
    case spdlog::level::err:
    case spdlog::level::critical: return LogLevel::Error;
    default: return LogLevel::Detail;
  }
}

spdlog::level::level_enum spdlogLevel(LogLevel level) {
  switch (level) {
    case LogLevel::Error: return spdlog::level::err;
    case LogLevel::Warning: return spdlog::level::warn;
    case LogLevel::Detail: return spdlog::level::debug;
    case LogLevel::Statement: break;
  }
  return spdlog::level::trace;
}

// The pattern is the bare message: Output adds the prefix, the "warning: " head and colour.
class OutputSink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  OutputSink(Output& out, std::string secret) : out_(&out), secret_(std::move(secret)) {}

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    std::string text = std::string_view(msg.logger_name.data(), msg.logger_name.size()) == log::kD1 ? "d1: " : "";
    text.append(msg.payload.data(), msg.payload.size());
    (threadOutput ? threadOutput : out_)->writeLog(levelOf(msg.level), d1::redact(std::move(text), secret_));
  }
  void flush_() override {}

 private:
  Output* out_;
  std::string secret_;
};

}  // namespace

void installLogging(Output& out, std::string secret) {
  const auto sink = std::make_shared<OutputSink>(out, std::move(secret));
  const auto libraries = out.verbosity() >= 2   ? spdlog::level::trace
                         : out.verbosity() == 1 ? spdlog::level::debug
                                                : spdlog::level::warn;
  for (const std::string_view name : {kCliLogger, log::kOrm, log::kD1}) {
    auto logger = std::make_shared<spdlog::logger>(std::string(name), sink);
    logger->set_level(name == kCliLogger ? spdlog::level::trace : libraries);  // Output filters its own
    spdlog::drop(std::string(name));
    spdlog::register_logger(std::move(logger));
  }
}

LogScope::LogScope(Output& out) : previous_(threadOutput) { threadOutput = &out; }
LogScope::~LogScope() { threadOutput = previous_; }

void logThroughSink(Output& out, LogLevel level, std::string_view line) {
  const auto logger = spdlog::get(std::string(kCliLogger));
  if (!logger) {
    out.writeLog(level, line);
    return;
  }
  LogScope scope(out);
  logger->log(spdlogLevel(level), "{}", line);
}

}  // namespace roost::cli
