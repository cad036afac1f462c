#pragma once
// The body of the factories and seeders targets: the input as one JSONC file of the project's
// database/factories or database/seeders, read by loadSeedFiles. Any bytes give specs whose
// places lie inside the file, or a ConfigError naming the file and a place inside it.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "fuzz_checks.hpp"
#include "fuzz_files.hpp"
#include "seed/seed_files.hpp"

namespace roost::fuzz {

inline void checkWhere(const seed::Where& where, std::string_view text, const std::string& shown) {
  if (where.file != shown) std::abort();
  if (where.line < 1 || where.line > lineCount(text) || where.column < 1) std::abort();
}

inline void checkAttrs(const seed::AttrList& list, std::string_view text, const std::string& shown);

inline void checkParent(const seed::ParentSpec* parent, std::string_view text, const std::string& shown) {
  if (!parent) return;
  checkWhere(parent->where, text, shown);
  if (parent->attributes) checkAttrs(*parent->attributes, text, shown);
}

inline void checkAttr(const seed::AttrSpec& attr, std::string_view text, const std::string& shown) {
  checkWhere(attr.where, text, shown);
  if (attr.nullChance < 0 || attr.nullChance > 100) std::abort();
  if (attr.kind == seed::AttrSpec::Kind::Sequence && attr.items.empty()) std::abort();
  if ((attr.kind == seed::AttrSpec::Kind::Factory) != (attr.parent != nullptr)) std::abort();
  for (const auto& item : attr.items) checkAttr(item, text, shown);
  checkParent(attr.parent.get(), text, shown);
}

inline void checkAttrs(const seed::AttrList& list, std::string_view text, const std::string& shown) {
  for (const auto& [column, attr] : list) {
    if (column.empty()) std::abort();
    checkAttr(attr, text, shown);
  }
}

inline void checkSteps(const std::vector<seed::StepSpec>& steps, std::string_view text, const std::string& shown) {
  for (const auto& step : steps) {
    checkWhere(step.where, text, shown);
    if (step.count > 1'000'000'000) std::abort();
    checkAttrs(step.attributes, text, shown);
    checkSteps(step.has, text, shown);
    checkParent(step.forParent.get(), text, shown);
  }
}

// relative: "database/factories/fuzz.jsonc" or "database/seeders/fuzz.jsonc".
inline int fuzzSeedFile(const std::string& relative, const std::uint8_t* data, std::size_t size) {
  static const ScratchProject project;
  const std::string_view text = bytesOf(data, size);
  project.write(relative, text);
  try {
    const seed::SeedFiles files = seed::loadSeedFiles(project.dir());
    for (const auto& factory : files.factories) {
      if (factory.name.empty() || factory.model.empty()) std::abort();
      checkWhere(factory.where, text, relative);
      checkAttrs(factory.definition, text, relative);
      for (const auto& [state, list] : factory.states) checkAttrs(list, text, relative);
      checkSteps(factory.has, text, relative);
    }
    for (const auto& seeder : files.seeders) {
      checkWhere(seeder.where, text, relative);
      checkSteps(seeder.steps, text, relative);
    }
  } catch (const ConfigError& e) {
    checkConfigError(e, text, relative);
  }
  return 0;
}

}  // namespace roost::fuzz
