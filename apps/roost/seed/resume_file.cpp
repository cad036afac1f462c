#include "seed/resume_file.hpp"

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "roost/d1/json_value.hpp"
#include "roost/orm/error.hpp"

namespace roost::seed {

namespace {

std::string safeName(const std::string& id) {
  std::string out;
  for (const char c : id) {
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    out += plain ? c : '_';
  }
  return out.empty() ? "database" : out;
}

}  // namespace

std::filesystem::path resumeFilePath(const std::filesystem::path& projectDir, const std::string& databaseId,
                                     const std::string& tenant) {
  return projectDir / ".roost" /
         ("seed-resume-" + safeName(databaseId) + (tenant.empty() ? "" : "-" + safeName(tenant)) + ".json");
}

void writeResumeFile(const std::filesystem::path& file, const ResumeFile& r) {
  nlohmann::json reads = nlohmann::json::array();
  for (const auto& column : r.point.reads) {
    nlohmann::json values = nlohmann::json::array();
    for (const Value& v : column) values.push_back(d1::toJson(v));
    reads.push_back(std::move(values));
  }
  const nlohmann::json j = {{"version", 1},
                            {"target", r.target},
                            {"databaseId", r.databaseId},
                            {"tenant", r.tenant},
                            {"seeder", r.seeder},
                            {"seed", r.point.seed},
                            {"now", r.point.now},
                            {"skip", r.point.skip},
                            {"ambiguous", r.point.ambiguous},
                            {"landed", r.point.landed ? nlohmann::json(*r.point.landed) : nlohmann::json(nullptr)},
                            {"confirmedRows", r.point.confirmedRows},
                            {"reads", std::move(reads)}};
  std::error_code ec;
  std::filesystem::create_directories(file.parent_path(), ec);
  const std::filesystem::path tmp = file.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << j.dump(2) << '\n';
    if (!out) throw Error("cannot write the resume file " + tmp.string());
  }
  std::filesystem::rename(tmp, file, ec);
  if (ec) throw Error("cannot write the resume file " + file.string() + ": " + ec.message());
}

ResumeFile readResumeFile(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw ConfigError(file.string(), 0, 0, "cannot read the resume file");
  std::stringstream text;
  text << in.rdbuf();
  const nlohmann::json j = nlohmann::json::parse(text.str(), nullptr, false);
  const auto bad = [&](const std::string& what) { return ConfigError(file.string(), 0, 0, "not a seed resume file: " + what); };
  if (!j.is_object() || j.value("version", 0) != 1) throw bad("no \"version\": 1");
  ResumeFile r;
  try {
    r.target = j.at("target").get<std::string>();
    r.databaseId = j.at("databaseId").get<std::string>();
    r.tenant = j.value("tenant", "");
    r.seeder = j.at("seeder").get<std::string>();
    r.point.seed = j.at("seed").get<std::uint64_t>();
    r.point.now = j.at("now").get<std::string>();
    r.point.skip = j.at("skip").get<std::size_t>();
    r.point.ambiguous = j.at("ambiguous").get<std::size_t>();
    if (!j.at("landed").is_null()) r.point.landed = j.at("landed").get<bool>();
    r.point.confirmedRows = j.at("confirmedRows").get<std::int64_t>();
    for (const auto& column : j.at("reads")) {
      std::vector<Value> values;
      for (const auto& v : column) values.push_back(d1::fromJson(v));
      r.point.reads.push_back(std::move(values));
    }
  } catch (const nlohmann::json::exception& e) {
    throw bad(e.what());
  } catch (const Error& e) {
    throw bad(e.what());
  }
  return r;
}

}  // namespace roost::seed
