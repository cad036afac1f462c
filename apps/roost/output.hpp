#pragma once
// Output: where the CLI writes. Lines are written whole under one process-wide lock, so
// tenants running concurrently (--all-tenants) never interleave inside a line. Data (tables, JSON, --pretend SQL) goes to stdout; logs,
// progress and errors go to stderr, so `roost ... > file` captures only data. Colour only
// when the stream is a terminal and NO_COLOR is not set. -q silences progress, never data
// or errors; -v adds logs (-vv: every statement). log(), warning() and error() lines, and those of the
// libraries' spdlog loggers, pass through the one stderr sink of log_sink.hpp (which masks the
// API token) and come back through writeLog().
#include <cstdio>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

namespace roost::cli {

enum class Style { Plain, Green, Yellow, Red, Dim, Bold };

// What a log line is: Detail shows with -v, Statement with -vv, the others always.
enum class LogLevel { Error, Warning, Detail, Statement };

class Output {
 public:
  Output();

  void setQuiet(bool quiet) noexcept { quiet_ = quiet; }
  void setVerbosity(int level) noexcept { verbosity_ = level; }
  bool quiet() const noexcept { return quiet_; }
  // Every stderr line (and stdout line unless captured) starts with prefix: "[acme] ".
  void setLinePrefix(std::string prefix) { prefix_ = std::move(prefix); }
  // Data goes into *buffer instead of stdout (nullptr: stdout again). Used by --all-tenants.
  void captureData(std::string* buffer) noexcept { capture_ = buffer; }
  int verbosity() const noexcept { return verbosity_; }

  // stdout
  void data(std::string_view text);                 // as is
  void dataLine(std::string_view text);             // plus '\n'
  // A --json document, indented; bytes that are not UTF-8 (a file name, say) become U+FFFD
  // instead of failing the command, as wrangler (Node) shows such names.
  void jsonLine(const nlohmann::json& document);
  // stderr
  void progress(std::string_view line);             // unless -q
  void log(int level, std::string_view line);       // when verbosity >= level
  void warning(std::string_view message);           // "warning: ..." even with -q
  void error(std::string_view message);             // "error: ..." always
  void note(std::string_view line);                 // as is, even with -q: what goes with data but not in it
  // One log line as the sink hands it over: "error: "/"warning: " heads, or dim detail when
  // -v (Detail) or -vv (Statement) asks for it.
  void writeLog(LogLevel level, std::string_view line);

  bool colorOnStdout() const noexcept { return colorOut_; }
  bool colorOnStderr() const noexcept { return colorErr_; }
  bool stderrIsTerminal() const noexcept { return errTty_; }
  // text wrapped in the style's escape codes when that stream shows colour
  std::string paint(Style style, std::string_view text, bool forStderr) const;

  void flush();

 private:
  void line(std::FILE* f, std::string_view head, std::string_view text) const;
  std::string prefix_;
  std::string* capture_ = nullptr;
  bool quiet_ = false;
  int verbosity_ = 0;
  bool colorOut_ = false, colorErr_ = false, errTty_ = false;
};

// "3.1 ms", "0.4 ms", "2.35 s"
std::string formatDuration(double milliseconds);

}  // namespace roost::cli
