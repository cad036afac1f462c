#include "roost/project/migrations_pattern.hpp"

#include <vector>

#include "roost/orm/error.hpp"

namespace roost::project {

namespace {

// Node's path.posix.normalize.
std::string posixNormalize(const std::string& path) {
  if (path.empty()) return ".";
  const bool absolute = path.front() == '/';
  const bool trailing = path.back() == '/';
  std::vector<std::string> parts;
  std::size_t from = 0;
  while (from <= path.size()) {
    std::size_t at = path.find('/', from);
    if (at == std::string::npos) at = path.size();
    const std::string part = path.substr(from, at - from);
    from = at + 1;
    if (part.empty() || part == ".") continue;
    if (part == "..") {
      if (!parts.empty() && parts.back() != "..") parts.pop_back();
      else if (!absolute) parts.push_back("..");
      continue;
    }
    parts.push_back(part);
  }
  std::string out;
  for (const std::string& part : parts) out += (out.empty() ? "" : "/") + part;
  if (out.empty() && !absolute) out = ".";
  if (!out.empty() && trailing) out += '/';
  return absolute ? "/" + out : out;
}

std::string defaultPattern(const std::string& dir) { return normalizeRelativePath(dir + "/*.sql"); }

}  // namespace

std::string normalizeRelativePath(std::string_view path) {
  std::string forward(path);
  for (char& c : forward)
    if (c == '\\') c = '/';
  std::string normal = posixNormalize(forward);
  if (!normal.empty() && normal.back() == '/') normal.pop_back();
  return normal;
}

std::string bindingMigrationsDir(const D1Binding& binding) {
  return normalizeRelativePath(binding.migrationsDir.value_or("migrations"));
}

MigrationsPattern resolveMigrationsPattern(const D1Binding& binding, std::string_view configFileName) {
  const std::string file(configFileName);
  MigrationsPattern out;
  if (binding.migrationsPattern && !binding.migrationsDir)
    throw ConfigError(file, 0, 0,
                      "You have set `migrations_pattern: \"" + *binding.migrationsPattern + "\"` in your " + file +
                          " file but have not set `migrations_dir` for this D1 binding.\n\nWhen `migrations_pattern` is "
                          "set, `migrations_dir` must also be set, and `migrations_pattern` must start with "
                          "`${migrations_dir}/`. Add a `migrations_dir` entry to your " + file +
                          " file (for example, `\"migrations_dir\": \"migrations\"`).");
  out.dir = bindingMigrationsDir(binding);
  if (!binding.migrationsPattern) {
    out.pattern = defaultPattern(out.dir);
  } else {
    out.pattern = normalizeRelativePath(*binding.migrationsPattern);
  }
  if (out.dir == ".") {
    out.relative = out.pattern;
    return out;
  }
  const std::string prefix = out.dir + "/";
  if (!out.pattern.starts_with(prefix))
    throw ConfigError(file, 0, 0,
                      "The configured `migrations_pattern: \"" + binding.migrationsPattern.value_or("") + "\"` in your " +
                          file + " file must start with `" + prefix + "` to match `\"migrations_dir\": \"" + out.dir +
                          "\"`.\n\nEither change `migrations_pattern` so it starts with `" + prefix +
                          "` (for example, `\"" + defaultPattern(out.dir) +
                          "\"`), or change `migrations_dir` to match the start of your pattern.");
  out.relative = out.pattern.substr(prefix.size());
  return out;
}

}  // namespace roost::project
