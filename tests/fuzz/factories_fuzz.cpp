// libFuzzer target: a factories file (database/factories/*.jsonc) as db:seed loads it.
#include "seed_fuzz.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return roost::fuzz::fuzzSeedFile("database/factories/fuzz.jsonc", data, size);
}
