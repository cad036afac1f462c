#pragma once
// MigrationGlob: the glob wrangler 4 uses for `migrations_pattern` — minimatch 5.1.6 with
// {dot: false}, the library and options its bundle pins — ported rule for rule, so roost
// finds exactly the files `wrangler d1 migrations apply` finds:
//   `*` `?` (never a leading `.`, never `/`), `**` (any number of segments, none starting
//   with `.`), `[abc]` `[a-z]` `[!a]` `[^a]`, braces `{a,b}` `{1..3}` `{a..c}` (brace-expansion
//   2.0.1, nested), extglobs `@(a|b)` `?(…)` `*(…)` `+(…)` `!(…)`, a leading `!` negates,
//   a leading `#` matches nothing, `\` escapes. Characters are compared as JavaScript does
//   (UTF-16 code units), so `?` matches one `é` as in wrangler.
// A plain value: build once, match from any thread.
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace roost::migrate {

class MigrationGlob {
 public:
  // pattern is relative to the folder the matched paths are relative to ("*.sql",
  // "*/migration.sql"); '/' separates segments.
  explicit MigrationGlob(std::string_view pattern);
  ~MigrationGlob();
  MigrationGlob(const MigrationGlob&);
  MigrationGlob& operator=(const MigrationGlob&);
  MigrationGlob(MigrationGlob&&) noexcept;
  MigrationGlob& operator=(MigrationGlob&&) noexcept;

  const std::string& pattern() const noexcept { return pattern_; }
  // minimatch's match(path): does the file at this '/'-separated relative path match?
  bool matches(std::string_view path) const;
  // minimatch's match(path, partial=true): could something below this folder match?
  bool mayMatchBelow(std::string_view dir) const;

  // wrangler's listFilesRelative: the regular files under root (symlinks, sockets and
  // unreadable folders are skipped, as Node's Dirent tests do) whose root-relative path
  // matches, descending only into folders that may match; '/'-separated, in wrangler's order
  // (compareMigrationPaths). A missing root gives nothing.
  std::vector<std::string> list(const std::filesystem::path& root) const;

  // wrangler's compareMigrationPaths, segment by segment: segments with a leading number
  // (JavaScript's parseInt of the text before the first '_') by that number, numbered before
  // unnumbered, then by UTF-16 code units; a shorter path first when all shared segments tie.
  static int comparePaths(std::string_view a, std::string_view b);
  // parseInt(first segment before '_', 10), as wrangler reads a migration's number; false if NaN.
  static bool leadingNumber(std::string_view path, double& number);

 private:
  struct Compiled;
  bool matchPath(std::string_view path, bool partial) const;

  std::string pattern_;
  std::unique_ptr<Compiled> compiled_;
};

}  // namespace roost::migrate
