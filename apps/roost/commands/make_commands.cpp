// make:migration NAME — writes the up file and its down/ twin with SQL guessed from the name.
#include <nlohmann/json.hpp>

#include "commands/commands.hpp"
#include "commands/migration_folder.hpp"
#include "roost/migrate/migration_creator.hpp"

namespace roost::cli {

namespace {

struct MakeMigrationArgs {
  std::string name;
};

void makeMigration(Context& ctx, const MakeMigrationArgs& args) {
  (void)migrate::MigrationCreator::normalizeName(args.name);  // a bad name changes nothing, not even the config
  const std::filesystem::path folder = prepareMakeMigrationFolder(ctx);
  migrate::MigrationCreator creator(folder, ctx.migrationsGlob());
  const migrate::CreatedMigration made = creator.create(args.name);
  if (ctx.options.json) {
    ctx.out.jsonLine(nlohmann::json{{"name", made.name}, {"up", ctx.displayPath(made.up)},
                                    {"down", ctx.displayPath(made.down)}});
    return;
  }
  ctx.out.dataLine("Created migration " + ctx.displayPath(made.up));
  ctx.out.dataLine("          down in " + ctx.displayPath(made.down));
}

}  // namespace

void addMakeCommands(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<MakeMigrationArgs>();
  CLI::App* cmd = addCommand(
      app, "make:migration",
      "Create a migration and its down file",
      "Writes <prefix>_NAME.sql and down/<prefix>_NAME.sql in the migrations folder, numbered and named as\n"
      "`wrangler d1 migrations create` does: 0001_ in an empty folder, then the highest number + 1.\n"
      "create_X_table and add_Y_to_X (remove_Y_from_X) get their SQL guessed; other names get a template.\n"
      "The folder: migrationsDir (config/database.jsonc), else the binding's migrations_dir, else migrations/\n"
      "if it exists, else database/migrations, which is then recorded as the binding's migrations_dir.",
      "  roost make:migration create_posts_table\n  roost make:migration add_org_id_to_posts");
  cmd->add_option("name", args->name, "the name (spaces become _), e.g. create_posts_table")->required();
  cmd->callback([&ctx, args] { makeMigration(ctx, *args); });
}

}  // namespace roost::cli
