#include "roost/orm/log.hpp"

#include <spdlog/spdlog.h>

#include <string>

namespace roost::log {

namespace {

std::shared_ptr<spdlog::logger> nullLogger() {
  static const auto null = [] {
    auto l = std::make_shared<spdlog::logger>("roost.null");  // no sink, not registered
    l->set_level(spdlog::level::off);
    return l;
  }();
  return null;
}

}  // namespace

std::shared_ptr<spdlog::logger> logger(std::string_view name) {
  if (auto registered = spdlog::get(std::string(name))) return registered;
  return nullLogger();
}

void warn(std::string_view name, std::string_view message) { logger(name)->warn("{}", message); }

}  // namespace roost::log
