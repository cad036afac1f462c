#pragma once
// The roost CLI's one stderr sink for spdlog. The loggers "roost" (the CLI's own -v detail and
// warnings, from Output::log and Output::warning), "roost.orm" and "roost.d1" (the libraries',
// roost/orm/log.hpp) all write through it. Each line is the bare message ("d1: " before the D1
// client's), masked of the API token (roost/d1/redact.hpp) and then written by an Output, so
// -q/-v, NO_COLOR, the TTY rule, the "[slug] " prefix and the line lock stay Output's rules.
#include <string>
#include <string_view>

#include "output.hpp"

namespace roost::cli {

inline constexpr std::string_view kCliLogger = "roost";

// Registers the three loggers with one sink writing through out, replacing any registered
// before. The libraries' level follows out: -vv every statement (trace), -v detail (debug and
// info: the D1 request log, retries), else warnings only (warnings show with -q too, as
// Output::warning does). Every part of secret (the API token) is masked in every line.
void installLogging(Output& out, std::string secret);

// While it lives, lines logged on this thread go through out (a tenant's Output, with its
// prefix) instead of the one installLogging was given.
class LogScope {
 public:
  explicit LogScope(Output& out);
  ~LogScope();
  LogScope(const LogScope&) = delete;
  LogScope& operator=(const LogScope&) = delete;

 private:
  Output* previous_;
};

// Output::log and Output::warning end here: through the "roost" logger when installed, else
// straight to out.writeLog (a program or test that installed no logging).
void logThroughSink(Output& out, LogLevel level, std::string_view line);

}  // namespace roost::cli
