// libFuzzer target: wrangler.jsonc as roost reads it (loadWranglerConfig): any bytes give the
// D1 bindings or a ConfigError naming the file and a place inside it.
#include "wrangler_fuzz.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return roost::fuzz::fuzzWranglerConfig("wrangler.jsonc", data, size);
}
