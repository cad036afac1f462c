#pragma once
// The resume file of an interrupted D1 seed: .roost/seed-resume-<database id>[-<tenant>].json
// in the project folder (the tenant's slug under the row strategy, where tenants share one
// database), written when a write request's answer never came, read by
// `roost db:seed --resume FILE` (and by a fleet run's --resume, one file per database).
// JSON: {"version": 1, "target", "databaseId", "tenant" (slug or ""), "seeder", "seed", "now", "skip", "ambiguous",
// "landed" (true, false or null: unknown), "confirmedRows", "reads": [[value, ...], ...]}.
#include <filesystem>
#include <string>

#include "seed/seed_runner.hpp"

namespace roost::seed {

struct ResumeFile {
  std::string target;      // as Target::describe() says it
  std::string databaseId;  // the D1 database it belongs to
  std::string tenant;      // the row-strategy tenant it seeded ("" for none)
  std::string seeder;
  ResumePoint point;
};

std::filesystem::path resumeFilePath(const std::filesystem::path& projectDir, const std::string& databaseId,
                                     const std::string& tenant);
// Writes atomically (a temporary file renamed over it).
void writeResumeFile(const std::filesystem::path& file, const ResumeFile& resume);
// Throws ConfigError naming the file for anything unreadable or malformed.
ResumeFile readResumeFile(const std::filesystem::path& file);

}  // namespace roost::seed
