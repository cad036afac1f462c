#pragma once
// A library user's own logger under one of roost's names (roost/orm/log.hpp), keeping every
// line it receives; and stderr captured, to show that without one nothing is printed.
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <sstream>
#include <string>
#include <string_view>
#include <unistd.h>
#include <vector>

namespace roost::d1::test {

class CapturedLog {
 public:
  explicit CapturedLog(std::string_view name, spdlog::level::level_enum level = spdlog::level::trace)
      : name_(name) {
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(text_);
    sink->set_pattern("%l %v");
    auto logger = std::make_shared<spdlog::logger>(name_, std::move(sink));
    logger->set_level(level);
    spdlog::register_logger(std::move(logger));
  }
  ~CapturedLog() { spdlog::drop(name_); }
  CapturedLog(const CapturedLog&) = delete;
  CapturedLog& operator=(const CapturedLog&) = delete;

  // Each line as "level message" ("info HTTP 503 ...", "debug POST ...").
  std::vector<std::string> lines() const {
    std::vector<std::string> out;
    std::istringstream in(text_.str());
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
  }

 private:
  std::string name_;
  std::ostringstream text_;
};

// What the process writes to file descriptor 2 while it lives.
class StderrCapture {
 public:
  StderrCapture() : file_(std::tmpfile()), saved_(::dup(2)) {
    std::fflush(stderr);
    ::dup2(::fileno(file_), 2);
  }
  ~StderrCapture() {
    restore();
    std::fclose(file_);
  }
  StderrCapture(const StderrCapture&) = delete;
  StderrCapture& operator=(const StderrCapture&) = delete;

  std::string text() {
    restore();
    std::string out;
    std::rewind(file_);
    char buffer[4096];
    for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, file_)) > 0;) out.append(buffer, n);
    return out;
  }

 private:
  void restore() {
    if (saved_ < 0) return;
    std::fflush(stderr);
    ::dup2(saved_, 2);
    ::close(saved_);
    saved_ = -1;
  }
  std::FILE* file_;
  int saved_;
};

}  // namespace roost::d1::test
