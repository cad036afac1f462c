#include "roost/project/config_edit.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>
#include <system_error>

#include "roost/project/config_document.hpp"
#include "json_scan.hpp"
#include "roost/project/jsonc.hpp"
#include "toml_edit.hpp"

namespace roost::project {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// Where the edited entry lives: its section path ("" or "env.X"), its index in d1_databases.
struct EntryLocation {
  std::string sectionPath;
  std::size_t index = 0;
  std::string listPath() const { return childPath(sectionPath, "d1_databases"); }
  std::string entryPath() const { return indexPath(listPath(), index); }
};

EntryLocation locateEntry(const ConfigDocument& doc, const BindingKeyEdit& edit) {
  doc.requireObject(doc.root, "");
  EntryLocation at;
  const json* section = &doc.root;
  if (!edit.env.empty()) {
    const json* envs = doc.member(doc.root, "", "env", json::value_t::object);
    const auto found = envs ? envs->find(edit.env) : doc.root.end();
    if (!envs || found == envs->end())
      throw ConfigError(doc.fileName, 0, 0, "no environment named \"" + edit.env + "\" to edit");
    at.sectionPath = childPath("env", edit.env);
    doc.requireObject(*found, at.sectionPath);
    section = &*found;
  }
  const json* list = doc.member(*section, at.sectionPath, "d1_databases", json::value_t::array);
  std::vector<std::string> known;
  if (list)
    for (std::size_t i = 0; i < list->size(); ++i) {
      const json& entry = (*list)[i];
      const auto binding = entry.is_object() ? entry.find("binding") : entry.end();
      if (!entry.is_object() || binding == entry.end() || !binding->is_string()) continue;
      if (binding->get<std::string>() == edit.binding) {
        at.index = i;
        return at;
      }
      known.push_back(binding->get<std::string>());
    }
  const std::string where = edit.env.empty() ? "" : " (env " + edit.env + ")";
  throw ConfigError(doc.fileName, 0, 0,
                    "no D1 binding named " + edit.binding + where + " to edit; " +
                        (known.empty() ? std::string("the file declares no d1_databases there")
                                       : "known bindings: " + joinNames(known)));
}

json& entryIn(json& root, const EntryLocation& at, const BindingKeyEdit& edit) {
  json& section = edit.env.empty() ? root : root["env"][edit.env];
  return section["d1_databases"][at.index];
}

ConfigDocument parseDocument(std::string_view text, bool toml, const std::string& fileName) {
  return toml ? parseTomlDocument(text, fileName) : parseJsoncDocument(text, fileName);
}

std::size_t lineStartOf(std::string_view text, std::size_t offset) {
  const std::size_t newline = offset == 0 ? std::string_view::npos : text.rfind('\n', offset - 1);
  return newline == std::string_view::npos ? 0 : newline + 1;
}

// The indentation a new member after `last` takes: that member's line's leading whitespace when a
// member starts the line; else (it shares a line with the opening bracket) its column, in spaces.
std::string memberIndent(std::string_view text, const detail::JsonMember& last) {
  const std::size_t start = lineStartOf(text, last.keyStart);
  std::size_t lead = start;
  while (lead < last.keyStart && (text[lead] == ' ' || text[lead] == '\t')) ++lead;
  std::string indent(text.substr(start, lead - start));
  if (lead == last.keyStart || text[lead] == '"') return indent;
  for (std::size_t i = lead; i < last.keyStart; ++i) indent.push_back(text[i] == '\t' ? '\t' : ' ');
  return indent;
}

std::string insertJsonMember(std::string_view text, const detail::JsonObjectSpan& span, const std::string& member) {
  std::string out(text);
  if (span.members.empty()) return out.insert(span.open + 1, member);
  const detail::JsonMember& last = span.members.back();
  // Between the last value and '}' there are only spaces, comments and perhaps a trailing comma.
  std::optional<std::size_t> comma, lineEnd;
  for (std::size_t p = last.valueEnd; p < span.close;) {
    if (text[p] == ',') {
      comma = p++;
    } else if (text.compare(p, 2, "//") == 0) {
      while (p < span.close && text[p] != '\n') ++p;
    } else if (text.compare(p, 2, "/*") == 0) {
      p = text.find("*/", p + 2) + 2;
    } else {
      if (text[p] == '\n' && !lineEnd) lineEnd = p;
      ++p;
    }
  }
  if (lineEnd && (!comma || *comma < *lineEnd)) {  // a member per line: ours goes on a line of its own
    const std::string eol = *lineEnd > 0 && text[*lineEnd - 1] == '\r' ? "\r\n" : "\n";
    out.insert(*lineEnd + 1, memberIndent(text, last) + member + (comma ? "," : "") + eol);
    if (!comma) out.insert(last.valueEnd, ",");
    return out;
  }
  if (comma) return out.insert(*comma + 1, " " + member + ",");
  return out.insert(last.valueEnd, ", " + member);
}

std::string editJsonc(std::string_view text, const std::string& fileName, const EntryLocation& at,
                      const BindingKeyEdit& edit) {
  const std::string plain = blankJsoncExtras(text, fileName);
  const std::optional<std::size_t> open = detail::findJsonValue(plain, at.entryPath());
  if (!open || plain[*open] != '{') throw ConfigError(fileName, 0, 0, at.entryPath() + ": cannot find the object to edit");
  const detail::JsonObjectSpan span = detail::scanJsonObject(plain, *open);
  const std::string quoted = json(edit.value).dump();
  for (auto member = span.members.rbegin(); member != span.members.rend(); ++member)  // nlohmann keeps the last
    if (member->key == edit.key)
      return std::string(text.substr(0, member->valueStart)) + quoted + std::string(text.substr(member->valueEnd));
  return insertJsonMember(text, span, json(edit.key).dump() + ": " + quoted);
}

}  // namespace

std::string setBindingKeyInText(std::string_view text, bool toml, const std::string& fileName,
                                const BindingKeyEdit& edit) {
  const ConfigDocument doc = parseDocument(text, toml, fileName);
  const EntryLocation at = locateEntry(doc, edit);
  json expected = doc.root;
  json& entry = entryIn(expected, at, edit);
  if (const auto old = entry.find(edit.key); old != entry.end() && *old == edit.value) return std::string(text);
  entry[edit.key] = edit.value;

  const std::string updated = toml ? detail::setTomlTableKey(text, fileName, at.sectionPath, at.index, edit)
                                   : editJsonc(text, fileName, at, edit);
  // The edit must read back as the old document plus this one key, or nothing is written.
  bool same = false;
  try {
    same = parseDocument(updated, toml, fileName).root == expected;
  } catch (const Error&) {
  }
  if (!same)
    throw ConfigError(fileName, 0, 0,
                      "roost could not set " + edit.key + " on the D1 binding " + edit.binding +
                          " without changing something else; the file is unchanged. Add it by hand: " +
                          (toml ? edit.key + " = " + json(edit.value).dump() : json(edit.key).dump() + ": " + json(edit.value).dump()));
  return updated;
}

namespace {

[[noreturn]] void writeFailed(const fs::path& file, const std::string& what, int error) {
  throw Error("cannot write " + file.string() + " (" + what + ": " + std::strerror(error) + "); the file is unchanged");
}

// A temporary file beside `file`, removed again unless it was renamed over the file.
class TempFile {
 public:
  explicit TempFile(const fs::path& file) {
    std::string pattern = (file.parent_path() / ("." + file.filename().string() + ".roost-edit-XXXXXX")).string();
    fd_ = ::mkstemp(pattern.data());
    if (fd_ < 0) writeFailed(file, "creating a temporary file beside it", errno);
    path_ = pattern;
  }
  ~TempFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!path_.empty()) ::unlink(path_.c_str());
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;

  const fs::path& path() const { return path_; }
  int fd() const { return fd_; }
  void closeFile(const fs::path& file) {
    const int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) writeFailed(file, "closing the temporary file", errno);
  }
  void keep() { path_.clear(); }

 private:
  int fd_ = -1;
  fs::path path_;
};

void writeAll(int fd, std::string_view text, const fs::path& file) {
  while (!text.empty()) {
    const ssize_t n = ::write(fd, text.data(), text.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) writeFailed(file, "writing the temporary file", n < 0 ? errno : EIO);
    text.remove_prefix(static_cast<std::size_t>(n));
  }
}

void replaceAtomically(const fs::path& file, std::string_view original, std::string_view updated,
                       const ConfigEditOptions& options) {
  struct stat info {};
  if (::stat(file.c_str(), &info) != 0) writeFailed(file, "reading its mode", errno);
  TempFile temp(file);
  writeAll(temp.fd(), updated, file);
  if (::fchmod(temp.fd(), info.st_mode & 07777) != 0) writeFailed(file, "setting the temporary file's mode", errno);
  if (::fsync(temp.fd()) != 0) writeFailed(file, "flushing the temporary file", errno);
  temp.closeFile(file);
  if (options.beforeReplace) options.beforeReplace(temp.path());
  if (readConfigText(file) != original)
    throw Error(file.string() + " changed while roost was editing it; the file is left as it is now");
  if (::rename(temp.path().c_str(), file.c_str()) != 0) writeFailed(file, "renaming the temporary file over it", errno);
  temp.keep();
  if (const int dir = ::open(file.parent_path().c_str(), O_RDONLY | O_DIRECTORY); dir >= 0) {
    (void)::fsync(dir);  // the rename itself reaches the disk
    ::close(dir);
  }
}

}  // namespace

EditOutcome setBindingKey(const std::filesystem::path& file, const BindingKeyEdit& edit,
                          const ConfigEditOptions& options) {
  std::error_code ec;
  const fs::path real = fs::is_symlink(file, ec) ? fs::canonical(file) : fs::absolute(file);
  const std::string text = readConfigText(real);
  const bool toml = file.extension() == ".toml";
  const std::string updated = setBindingKeyInText(text, toml, file.string(), edit);
  if (updated == text) return EditOutcome::AlreadySet;
  replaceAtomically(real, text, updated, options);
  const std::string written = readConfigText(real);
  if (written != updated) throw Error(file.string() + " does not hold what roost wrote; check it by hand");
  if (setBindingKeyInText(written, toml, file.string(), edit) != written)  // parses, and has the key
    throw Error(file.string() + " does not read back with " + edit.key + " set; check it by hand");
  return EditOutcome::Written;
}

}  // namespace roost::project
