#include "seed/seed_files.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <memory>
#include <set>

#include <nlohmann/json.hpp>

#include "roost/project/config_document.hpp"
#include "roost/project/jsonc.hpp"
#include "roost/orm/error.hpp"
#include "roost/orm/fake.hpp"
#include "roost/orm/identifier.hpp"

namespace fs = std::filesystem;
using Json = nlohmann::json;
using Node = roost::project::JsonPositionNode;  // file order matters (definitions, steps): walk the positions' members

namespace roost::seed {

std::string Where::str() const {
  if (file.empty()) return {};
  if (line <= 0) return file;
  return file + ":" + std::to_string(line) + ":" + std::to_string(column);
}

std::string joinNames(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out.empty() ? "(none)" : out;
}

const AttrList* FactorySpec::state(std::string_view stateName) const noexcept {
  for (const auto& [n, list] : states)
    if (n == stateName) return &list;
  return nullptr;
}

std::vector<std::string> FactorySpec::stateNames() const {
  std::vector<std::string> out;
  for (const auto& s : states) out.push_back(s.first);
  return out;
}

namespace {

// Both lists are ordered by name (loadSeedFiles sorts them): a binary search.
template <class Spec>
const Spec* byName(const std::vector<Spec>& specs, std::string_view name) noexcept {
  auto it = std::lower_bound(specs.begin(), specs.end(), name, [](const Spec& s, std::string_view n) { return s.name < n; });
  return it != specs.end() && it->name == name ? &*it : nullptr;
}

}  // namespace

const FactorySpec* SeedFiles::factory(std::string_view name) const noexcept { return byName(factories, name); }

const SeederSpec* SeedFiles::seeder(std::string_view name) const noexcept { return byName(seeders, name); }

std::vector<std::string> SeedFiles::factoryNames() const {
  std::vector<std::string> out;
  for (const auto& f : factories) out.push_back(f.name);
  return out;
}

std::vector<std::string> SeedFiles::seederNames() const {
  std::vector<std::string> out;
  for (const auto& s : seeders) out.push_back(s.name);
  return out;
}

namespace {

// One JSONC file, parsed once, with the real position of every value and member (one pass).
class Reader {
 public:
  Reader(const fs::path& file, std::string display) : display_(std::move(display)) {
    const std::string text = project::readConfigText(file);
    doc_ = project::parseJsoncDocument(text, display_);  // the syntax check and the size and depth limits, with file:line:col
    // the per-object work below is not constant per key
    project::checkJsonObjectSizes(project::blankJsoncExtras(text, display_), text, display_, kMaxSeedObjectKeys,
                                  "seed files");
    positions_ = doc_.positions();
  }

  const Json& json() const noexcept { return doc_.root; }
  const Node& root() const noexcept { return positions_->root(); }

  Where where(std::size_t offset) const {
    const auto pos = positions_->at(offset);
    return Where{display_, pos.line, pos.column};
  }
  [[noreturn]] void fail(std::size_t offset, const std::string& message) const {
    const auto pos = positions_->at(offset);
    throw ConfigError(display_, pos.line, pos.column, message);
  }

 private:
  std::string display_;
  project::ConfigDocument doc_;
  std::shared_ptr<const project::JsonPositions> positions_;
};

// The member `key` of an object node, which the parsed value has (so the positions have it too).
const project::JsonPositionMember& memberOf(const Node& n, std::string_view key) {
  static const project::JsonPositionMember none;
  const project::JsonPositionMember* m = n.member(key);
  return m ? *m : none;
}

std::string describeJson(const Json& v) {
  if (v.is_object()) return "an object";
  if (v.is_array()) return "a list";
  if (v.is_string()) return "text";
  if (v.is_boolean()) return "true/false";
  if (v.is_null()) return "null";
  return "a number";
}

Value scalarValue(const Json& v) {
  if (v.is_null()) return Value();
  if (v.is_boolean()) return Value(v.get<bool>());
  if (v.is_number_integer()) return Value(static_cast<long long>(v.get<std::int64_t>()));
  if (v.is_number_unsigned()) {
    const auto u = v.get<std::uint64_t>();
    if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) return Value(static_cast<double>(u));
    return Value(static_cast<long long>(u));
  }
  if (v.is_number_float()) return Value(v.get<double>());
  return Value(v.get<std::string>());
}

class Loader {
 public:
  explicit Loader(const Reader& r) : r_(r) {}

  std::string text(const Json& v, std::size_t at, const std::string& what) const {
    if (!v.is_string()) r_.fail(at, what + " must be text, not " + describeJson(v));
    return v.get<std::string>();
  }

  std::vector<std::string> stateList(const Json& v, std::size_t at, const std::string& what) const {
    std::vector<std::string> out;
    if (v.is_string()) {
      out.push_back(v.get<std::string>());
    } else if (v.is_array()) {
      for (const auto& s : v) out.push_back(text(s, at, what + " entries"));
    } else {
      r_.fail(at, what + " must be a state name or a list of them, not " + describeJson(v));
    }
    return out;
  }

  void onlyKeys(const Node& n, const std::string& what, const std::set<std::string>& known) const {
    for (const auto& m : n.members)
      if (!known.count(m.key)) {
        std::vector<std::string> names(known.begin(), known.end());
        r_.fail(m.keyOffset, "unknown key '" + m.key + "' in " + what + "; known keys: " + joinNames(names));
      }
  }

  AttrSpec attr(const Json& v, const Node& n, std::size_t at, const std::string& path) const {
    AttrSpec a;
    a.where = r_.where(at);
    if (!v.is_object()) {
      if (v.is_array())
        r_.fail(at, path + ": a list is not a value; pick one with {\"fake\": \"pick\", \"args\": [...]} or cycle with "
                           "{\"sequence\": [...]}");
      a.kind = AttrSpec::Kind::Literal;
      a.literal = scalarValue(v);
      return a;
    }
    static const std::vector<std::pair<const char*, AttrSpec::Kind>> kinds = {
        {"fake", AttrSpec::Kind::Fake},       {"sequence", AttrSpec::Kind::Sequence},
        {"ref", AttrSpec::Kind::Ref},         {"format", AttrSpec::Kind::Format},
        {"factory", AttrSpec::Kind::Factory}, {"existing", AttrSpec::Kind::Existing}};
    int found = 0;
    for (auto& [key, kind] : kinds)
      if (v.contains(key)) {
        ++found;
        a.kind = kind;
      }
    if (found != 1)
      r_.fail(at, path + ": give exactly one of fake, sequence, ref, format, factory, existing (or a literal value)");
    std::set<std::string> allowed = {"nullChance"};
    switch (a.kind) {
      case AttrSpec::Kind::Fake: {
        allowed.insert({"fake", "args", "unique"});
        a.name = text(v["fake"], memberOf(n, "fake").keyOffset, path + ".fake");
        if (v.contains("args")) {
          const Json& args = v["args"];
          const std::size_t argsAt = memberOf(n, "args").keyOffset;
          if (!args.is_array()) r_.fail(argsAt, path + ".args must be a list of values, such as [1, 6]");
          for (const auto& x : args) {
            if (x.is_object() || x.is_array()) r_.fail(argsAt, path + ".args holds plain values only");
            a.args.push_back(scalarValue(x));
          }
        }
        if (v.contains("unique")) {
          if (!v["unique"].is_boolean()) r_.fail(memberOf(n, "unique").keyOffset, path + ".unique must be true or false");
          a.unique = v["unique"].get<bool>();
        }
        // Unknown generators and bad arguments are found now, on a scratch stream.
        try {
          Fake scratch(0);
          scratch.call(a.name, a.args);
        } catch (const UniqueExhaustedError&) {
        } catch (const Error& e) {
          r_.fail(memberOf(n, "fake").keyOffset, path + ": " + e.what());
        }
        break;
      }
      case AttrSpec::Kind::Sequence: {
        allowed.insert("sequence");
        const Json& items = v["sequence"];
        const auto& itemsMember = memberOf(n, "sequence");
        const std::size_t itemsAt = itemsMember.keyOffset;
        if (!items.is_array() || items.empty())
          r_.fail(itemsAt, path + ".sequence must be a non-empty list of values");
        for (std::size_t i = 0; i < items.size(); ++i)
          a.items.push_back(attr(items[i], itemsMember.value.elements[i], itemsMember.value.elements[i].offset,
                                 path + ".sequence[" + std::to_string(i) + "]"));
        break;
      }
      case AttrSpec::Kind::Ref:
        allowed.insert("ref");
        a.name = text(v["ref"], memberOf(n, "ref").keyOffset, path + ".ref");
        break;
      case AttrSpec::Kind::Format:
        allowed.insert("format");
        a.name = text(v["format"], memberOf(n, "format").keyOffset, path + ".format");
        break;
      case AttrSpec::Kind::Factory:
        allowed.insert({"factory", "state", "states", "attributes"});
        a.parent = parent(v, n, at, path, false);
        break;
      case AttrSpec::Kind::Existing:
        allowed.insert("existing");
        a.name = text(v["existing"], memberOf(n, "existing").keyOffset, path + ".existing");
        break;
      case AttrSpec::Kind::Literal:
        break;
    }
    onlyKeys(n, path, allowed);
    if (v.contains("nullChance")) {
      const Json& chance = v["nullChance"];
      if (!chance.is_number_integer() || chance.get<std::int64_t>() < 0 || chance.get<std::int64_t>() > 100)
        r_.fail(memberOf(n, "nullChance").keyOffset, path + ".nullChance must be a whole percent, 0 to 100");
      a.nullChance = static_cast<int>(chance.get<std::int64_t>());
    }
    return a;
  }

  AttrList attrList(const Json& obj, const Node& n, std::size_t at, const std::string& path) const {
    if (!obj.is_object()) r_.fail(at, path + " must be an object of column -> value");
    AttrList out;
    for (const auto& m : n.members) {
      const std::string& column = m.key;
      const std::size_t c = m.keyOffset;
      if (!isValidIdentifier(column) || column.find('.') != std::string::npos)
        r_.fail(c, path + ": '" + column + "' is not a column name");
      out.emplace_back(column, attr(obj.at(column), m.value, c, path + "." + column));
    }
    return out;
  }

  std::shared_ptr<ParentSpec> parent(const Json& v, const Node& n, std::size_t at, const std::string& path, bool isFor) const {
    auto p = std::make_shared<ParentSpec>();
    p->where = r_.where(at);
    if (v.is_string()) {  // "for": "User"
      p->factory = v.get<std::string>();
      return p;
    }
    if (!v.is_object() || !v.contains("factory"))
      r_.fail(at, path + " must name a factory: {\"factory\": \"User\"}");
    if (isFor) onlyKeys(n, path, {"factory", "state", "states", "attributes", "foreignKey"});
    p->factory = text(v["factory"], memberOf(n, "factory").keyOffset, path + ".factory");
    for (const char* k : {"state", "states"})
      if (v.contains(k)) {
        auto more = stateList(v[k], memberOf(n, k).keyOffset, path + "." + k);
        p->states.insert(p->states.end(), more.begin(), more.end());
      }
    p->attributes = std::make_shared<AttrList>();
    if (v.contains("attributes"))
      *p->attributes = attrList(v["attributes"], memberOf(n, "attributes").value, memberOf(n, "attributes").keyOffset, path + ".attributes");
    if (v.contains("foreignKey")) p->foreignKey = text(v["foreignKey"], memberOf(n, "foreignKey").keyOffset, path + ".foreignKey");
    return p;
  }

  std::vector<StepSpec> steps(const Json& list, const Node& n, std::size_t at, const std::string& path, bool inHas) const {
    if (!list.is_array()) r_.fail(at, path + " must be a list of steps");
    std::vector<StepSpec> out;
    for (std::size_t i = 0; i < list.size(); ++i)
      out.push_back(step(list[i], n.elements[i], n.elements[i].offset, path + "[" + std::to_string(i) + "]", inHas));
    return out;
  }

  StepSpec step(const Json& v, const Node& n, std::size_t at, const std::string& path, bool inHas) const {
    StepSpec st;
    st.where = r_.where(at);
    if (!v.is_object())
      r_.fail(at, path + " must be an object such as {\"factory\": \"User\", \"count\": 10}" +
                      (inHas ? std::string() : ", {\"seeder\": \"TagSeeder\"} or {\"sql\": \"...\"}"));
    const int kinds = static_cast<int>(v.contains("factory")) + static_cast<int>(v.contains("seeder")) +
                      static_cast<int>(v.contains("sql"));
    if (inHas && (v.contains("seeder") || v.contains("sql")))
      r_.fail(at, path + ": children are made by a factory: {\"factory\": \"Post\", \"count\": 3}");
    if (kinds != 1) r_.fail(at, path + ": give exactly one of factory, seeder, sql");
    if (v.contains("seeder")) {
      onlyKeys(n, path, {"seeder"});
      st.kind = StepSpec::Kind::Seeder;
      st.seeder = text(v["seeder"], memberOf(n, "seeder").keyOffset, path + ".seeder");
      return st;
    }
    if (v.contains("sql")) {
      onlyKeys(n, path, {"sql"});
      st.kind = StepSpec::Kind::Sql;
      st.sql = text(v["sql"], memberOf(n, "sql").keyOffset, path + ".sql");
      return st;
    }
    std::set<std::string> allowed = {"factory", "count", "state", "states", "attributes", "has", "for"};
    if (inHas) allowed.insert({"foreignKey", "relation"});
    onlyKeys(n, path, allowed);
    st.kind = StepSpec::Kind::Factory;
    st.factory = text(v["factory"], memberOf(n, "factory").keyOffset, path + ".factory");
    if (v.contains("count")) {
      const Json& c = v["count"];
      if (!c.is_number_integer() || c.get<std::int64_t>() < 0 || c.get<std::int64_t>() > 1'000'000'000)
        r_.fail(memberOf(n, "count").keyOffset, path + ".count must be a whole number from 0 to 1000000000");
      st.count = static_cast<std::size_t>(c.get<std::int64_t>());
    }
    for (const char* k : {"state", "states"})
      if (v.contains(k)) {
        auto more = stateList(v[k], memberOf(n, k).keyOffset, path + "." + k);
        st.states.insert(st.states.end(), more.begin(), more.end());
      }
    if (v.contains("attributes")) st.attributes = attrList(v["attributes"], memberOf(n, "attributes").value, memberOf(n, "attributes").keyOffset, path + ".attributes");
    if (v.contains("has")) st.has = steps(v["has"], memberOf(n, "has").value, memberOf(n, "has").keyOffset, path + ".has", true);
    if (v.contains("for")) st.forParent = parent(v["for"], memberOf(n, "for").value, memberOf(n, "for").keyOffset, path + ".for", true);
    if (v.contains("foreignKey")) st.foreignKey = text(v["foreignKey"], memberOf(n, "foreignKey").keyOffset, path + ".foreignKey");
    if (v.contains("relation")) st.relation = text(v["relation"], memberOf(n, "relation").keyOffset, path + ".relation");
    return st;
  }

  FactorySpec factory(const std::string& name, const Json& v, const Node& n, std::size_t at) const {
    FactorySpec f;
    f.name = name;
    f.where = r_.where(at);
    if (!isValidIdentifier(name) || name.find('.') != std::string::npos)
      r_.fail(at, "factory name '" + name + "' is not a plain name (letters, digits, _)");
    if (!v.is_object()) r_.fail(at, "factory '" + name + "' must be an object: {\"definition\": {...}, \"states\": {...}}");
    onlyKeys(n, "factory '" + name + "'", {"model", "definition", "states", "has"});
    f.model = v.contains("model") ? text(v["model"], memberOf(n, "model").keyOffset, name + ".model") : name;
    if (v.contains("definition")) f.definition = attrList(v["definition"], memberOf(n, "definition").value, memberOf(n, "definition").keyOffset, name + ".definition");
    if (v.contains("states")) {
      const Json& states = v["states"];
      const auto& statesMember = memberOf(n, "states");
      const std::size_t s = statesMember.keyOffset;
      if (!states.is_object()) r_.fail(s, name + ".states must be an object of named states");
      for (const auto& m : statesMember.value.members)
        f.states.emplace_back(m.key, attrList(states.at(m.key), m.value, m.keyOffset, name + ".states." + m.key));
    }
    if (v.contains("has")) f.has = steps(v["has"], memberOf(n, "has").value, memberOf(n, "has").keyOffset, name + ".has", true);
    return f;
  }

  SeederSpec seeder(const std::string& name, const Json& v, const Node& n, std::size_t at) const {
    SeederSpec s;
    s.name = name;
    s.where = r_.where(at);
    if (!v.is_object() || !v.contains("run"))
      r_.fail(at, "seeder '" + name + "' must be an object with a list of steps: {\"run\": [...]}");
    onlyKeys(n, "seeder '" + name + "'", {"run", "description"});
    s.steps = steps(v["run"], memberOf(n, "run").value, memberOf(n, "run").keyOffset, name + ".run", false);
    return s;
  }

 private:
  const Reader& r_;
};

std::vector<fs::path> filesIn(const fs::path& dir, std::initializer_list<std::string_view> extensions) {
  std::vector<fs::path> out;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return out;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    if (!e.is_regular_file(ec)) continue;
    const std::string ext = e.path().extension().string();
    for (auto x : extensions)
      if (ext == x) out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string display(const fs::path& projectDir, const fs::path& file) {
  const fs::path rel = file.lexically_relative(projectDir);
  return rel.empty() || *rel.begin() == ".." ? file.string() : rel.string();
}

}  // namespace

SeedFiles loadSeedFiles(const fs::path& projectDir) {
  SeedFiles out;
  std::map<std::string, Where, std::less<>> factoriesSeen, seedersSeen;  // out's lists are sorted only at the end
  out.factoriesDir = projectDir / "database" / "factories";
  out.seedersDir = projectDir / "database" / "seeders";

  for (const fs::path& file : filesIn(out.factoriesDir, {".jsonc", ".json"})) {
    const Reader r(file, display(projectDir, file));
    const Loader load(r);
    if (!r.json().is_object())
      r.fail(r.root().offset, "expected an object of factories: {\"User\": {\"definition\": {...}}}");
    for (const auto& m : r.root().members) {
      const std::string& name = m.key;
      const std::size_t at = m.keyOffset;
      if (auto dup = factoriesSeen.find(name); dup != factoriesSeen.end())
        r.fail(at, "factory '" + name + "' is already defined at " + dup->second.str());
      out.factories.push_back(load.factory(name, r.json().at(name), m.value, at));
      factoriesSeen.emplace(name, out.factories.back().where);
    }
  }
  for (const fs::path& file : filesIn(out.seedersDir, {".jsonc", ".json", ".sql"})) {
    const std::string shown = display(projectDir, file);
    if (file.extension() == ".sql") {
      SeederSpec s;
      s.name = file.stem().string();
      s.sqlFile = true;
      s.sqlText = project::readConfigText(file);
      s.where = Where{shown, 0, 0};
      if (auto dup = seedersSeen.find(s.name); dup != seedersSeen.end())
        throw ConfigError(shown, 0, 0, "seeder '" + s.name + "' is already defined at " + dup->second.str());
      seedersSeen.emplace(s.name, s.where);
      out.seeders.push_back(std::move(s));
      continue;
    }
    const Reader r(file, shown);
    const Loader load(r);
    if (!r.json().is_object()) r.fail(r.root().offset, "expected an object of seeders: {\"DatabaseSeeder\": {\"run\": [...]}}");
    for (const auto& m : r.root().members) {
      const std::string& name = m.key;
      const std::size_t at = m.keyOffset;
      if (auto dup = seedersSeen.find(name); dup != seedersSeen.end())
        r.fail(at, "seeder '" + name + "' is already defined at " + dup->second.str());
      out.seeders.push_back(load.seeder(name, r.json().at(name), m.value, at));
      seedersSeen.emplace(name, out.seeders.back().where);
    }
  }
  std::sort(out.factories.begin(), out.factories.end(), [](auto& a, auto& b) { return a.name < b.name; });
  std::sort(out.seeders.begin(), out.seeders.end(), [](auto& a, auto& b) { return a.name < b.name; });
  return out;
}

}  // namespace roost::seed
