#pragma once
// Logging: roost's libraries log through spdlog's registry, each under its own name, and print
// nothing by themselves. An application that wants the lines registers a logger under the
// name before using the library (spdlog::register_logger); until then every line goes to a
// logger that drops it. Levels: trace = each statement, debug = detail (the D1 request log:
// method, path, status, duration, statement count), info = notable events (a D1 retry),
// warn = warnings. No line carries the API token or a bound value.
//
//   auto sink = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
//   for (auto name : {roost::log::kOrm, roost::log::kD1})
//     spdlog::register_logger(std::make_shared<spdlog::logger>(std::string(name), sink));
#include <memory>
#include <string_view>

namespace spdlog {
class logger;
}

namespace roost::log {

inline constexpr std::string_view kOrm = "roost.orm";  // lib/orm
inline constexpr std::string_view kD1 = "roost.d1";    // lib/d1client

// The logger registered under name, else one that drops every line. Looked up on each call,
// so a logger registered (or dropped) later takes effect at once.
std::shared_ptr<spdlog::logger> logger(std::string_view name);

// One warning line on the named logger (for callers that do not include spdlog).
void warn(std::string_view name, std::string_view message);

}  // namespace roost::log
