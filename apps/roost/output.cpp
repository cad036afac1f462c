#include "output.hpp"

#include <unistd.h>

#include <cstdlib>

namespace roost::cli {

namespace {

bool noColorRequested() {
  const char* v = std::getenv("NO_COLOR");
  return v && *v;
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

void Output::data(std::string_view text) { write(stdout, text); }

void Output::dataLine(std::string_view text) {
  write(stdout, text);
  std::fputc('\n', stdout);
}

void Output::progress(std::string_view line) {
  if (quiet_) return;
  write(stderr, line);
  std::fputc('\n', stderr);
}

void Output::log(int level, std::string_view line) {
  if (verbosity_ < level) return;
  write(stderr, paint(Style::Dim, line, true));
  std::fputc('\n', stderr);
}

void Output::warning(std::string_view message) {
  std::fflush(stdout);
  write(stderr, paint(Style::Yellow, "warning:", true));
  std::fputc(' ', stderr);
  write(stderr, message);
  std::fputc('\n', stderr);
}

void Output::error(std::string_view message) {
  std::fflush(stdout);
  write(stderr, paint(Style::Red, "error:", true));
  std::fputc(' ', stderr);
  write(stderr, message);
  std::fputc('\n', stderr);
}

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
