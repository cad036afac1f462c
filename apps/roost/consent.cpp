#include "consent.hpp"

#include <unistd.h>

#include <cctype>
#include <cstdio>
#include <iostream>

#include "roost/orm/error.hpp"

namespace roost::cli {

Consent decideConsent(bool force, bool interactive) noexcept {
  if (force) return Consent::Granted;
  return interactive ? Consent::Ask : Consent::Refused;
}

bool isYes(std::string_view answer) noexcept {
  while (!answer.empty() && std::isspace(static_cast<unsigned char>(answer.front()))) answer.remove_prefix(1);
  while (!answer.empty() && std::isspace(static_cast<unsigned char>(answer.back()))) answer.remove_suffix(1);
  if (answer.size() != 1 && answer.size() != 3) return false;
  std::string lower;
  for (const char c : answer) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower == "y" || lower == "yes";
}

std::string describeDatabase(Context& ctx) {
  const project::Target& t = ctx.target();
  if (t.kind == project::Target::Kind::Remote) {
    const std::string name = t.binding.databaseName.empty() ? t.binding.binding : t.binding.databaseName;
    return "remote D1 database " + name + " (binding " + t.binding.binding + ", id " + t.binding.databaseId + ")";
  }
  return "local database " + ctx.displayPath(t.sqlitePath);
}

void requireConsent(Context& ctx, std::string_view command, std::string_view action, bool force) {
  const bool interactive = ::isatty(STDIN_FILENO) && ::isatty(STDERR_FILENO);
  const Consent decision = decideConsent(force, interactive);
  if (decision == Consent::Granted) return;
  std::string database;
  try {
    database = describeDatabase(ctx);
  } catch (const Error&) {
    if (decision == Consent::Ask) throw;  // nothing to ask about: the target's own error
    database = "the " + std::string(ctx.options.remote ? "remote" : "local") + " database";  // refused anyway
  }
  const std::string what = std::string(command) + " will " + std::string(action) + " " + database;
  switch (decision) {
    case Consent::Granted: return;
    case Consent::Refused:
      throw UsageError(what + "; refused without a terminal to confirm it: pass --force to proceed (CI=true is not consent)");
    case Consent::Ask: break;
  }
  std::fprintf(stderr, "%s.\nOk to proceed? (y/N) ", what.c_str());
  std::fflush(stderr);
  std::string answer;
  if (!std::getline(std::cin, answer) || !isYes(answer))
    throw Error(std::string(command) + ": not confirmed; nothing was changed");
}

void addForceFlag(CLI::App* cmd, bool& force) {
  cmd->add_flag("--force", force,
                "proceed without asking (needed when stdin is not a terminal; CI=true is not consent)");
}

}  // namespace roost::cli
