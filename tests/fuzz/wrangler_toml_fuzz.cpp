// libFuzzer target: wrangler.toml as roost reads it (loadWranglerConfig, through toml++ and
// the TOML-to-JSON conversion): any bytes give the D1 bindings or a ConfigError naming the
// file and a place inside it.
#include "wrangler_fuzz.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return roost::fuzz::fuzzWranglerConfig("wrangler.toml", data, size);
}
