#include "commands/commands.hpp"

namespace roost::cli {

CLI::App* addCommand(CLI::App& app, const std::string& name, const std::string& summary, const std::string& details,
                     const std::string& example) {
  CLI::App* cmd = app.add_subcommand("roost-command", summary);
  cmd->name(name);
  cmd->footer((details.empty() ? "" : details + "\n\n") + "Example:\n" + example +
              "\n\nGlobal options (--db FILE, --config, --env, --database, --json, -q, -v): see `roost --help`.");
  return cmd;
}

}  // namespace roost::cli
