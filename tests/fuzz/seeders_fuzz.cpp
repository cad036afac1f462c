// libFuzzer target: a seeders file (database/seeders/*.jsonc) as db:seed loads it.
#include "seed_fuzz.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return roost::fuzz::fuzzSeedFile("database/seeders/fuzz.jsonc", data, size);
}
