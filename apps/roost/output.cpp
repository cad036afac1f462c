#include "output.hpp"

#include <unistd.h>

#include <cstdlib>
#include <mutex>

#include <nlohmann/json.hpp>

#include "log_sink.hpp"

namespace roost::cli {

namespace {

bool noColorRequested() {
  const char* v = std::getenv("NO_COLOR");
  return v && *v;
}

std::mutex& writeMutex() {
  static std::mutex m;
  return m;
}

void write(std::FILE* f, std::string_view text) { std::fwrite(text.data(), 1, text.size(), f); }

}  // namespace

Output::Output() {
  const bool noColor = noColorRequested();
  const char* term = std::getenv("TERM");
  const bool dumb = term && std::string_view(term) == "dumb";
  errTty_ = ::isatty(STDERR_FILENO) == 1;
  colorOut_ = !noColor && !dumb && ::isatty(STDOUT_FILENO) == 1;
  colorErr_ = !noColor && !dumb && errTty_;
}

// One line: prefix, head, text, newline; stdout is flushed before stderr so the two stay in order.
void Output::line(std::FILE* f, std::string_view head, std::string_view text) const {
  std::string whole;
  whole.reserve(prefix_.size() + head.size() + text.size() + 1);
  whole.append(prefix_).append(head).append(text).push_back('\n');
  std::lock_guard lock(writeMutex());
  if (f == stderr) std::fflush(stdout);
  write(f, whole);
}

void Output::data(std::string_view text) {
  if (capture_) {
    capture_->append(text);
    return;
  }
  std::lock_guard lock(writeMutex());
  write(stdout, text);
}

void Output::jsonLine(const nlohmann::json& document) {
  dataLine(document.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
}

void Output::dataLine(std::string_view text) {
  if (capture_) {
    capture_->append(text).push_back('\n');
    return;
  }
  line(stdout, {}, text);
}

void Output::progress(std::string_view text) {
  if (!quiet_) line(stderr, {}, text);
}

void Output::log(int level, std::string_view text) {
  if (verbosity_ >= level) logThroughSink(*this, level >= 2 ? LogLevel::Statement : LogLevel::Detail, text);
}

void Output::warning(std::string_view message) { logThroughSink(*this, LogLevel::Warning, message); }

void Output::writeLog(LogLevel level, std::string_view text) {
  switch (level) {
    case LogLevel::Error: line(stderr, paint(Style::Red, "error: ", true), text); break;
    case LogLevel::Warning: line(stderr, paint(Style::Yellow, "warning: ", true), text); break;
    case LogLevel::Detail:
    case LogLevel::Statement:
      if (verbosity_ >= (level == LogLevel::Statement ? 2 : 1)) line(stderr, {}, paint(Style::Dim, text, true));
      break;
  }
}

void Output::error(std::string_view message) { logThroughSink(*this, LogLevel::Error, message); }

void Output::note(std::string_view text) { line(stderr, {}, text); }

std::string Output::paint(Style style, std::string_view text, bool forStderr) const {
  if (!(forStderr ? colorErr_ : colorOut_) || style == Style::Plain) return std::string(text);
  const char* code = "";
  switch (style) {
    case Style::Green: code = "\x1b[32m"; break;
    case Style::Yellow: code = "\x1b[33m"; break;
    case Style::Red: code = "\x1b[31m"; break;
    case Style::Dim: code = "\x1b[2m"; break;
    case Style::Bold: code = "\x1b[1m"; break;
    case Style::Plain: break;
  }
  return code + std::string(text) + "\x1b[0m";
}

void Output::flush() {
  std::fflush(stdout);
  std::fflush(stderr);
}

std::string formatDuration(double ms) {
  char buf[32];
  if (ms < 1000.0) std::snprintf(buf, sizeof buf, "%.1f ms", ms);
  else std::snprintf(buf, sizeof buf, "%.2f s", ms / 1000.0);
  return buf;
}

}  // namespace roost::cli
