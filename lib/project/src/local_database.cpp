#include "roost/project/local_database.hpp"

#include <array>

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

namespace roost::project {
namespace {

using Digest = std::array<unsigned char, SHA256_DIGEST_LENGTH>;

Digest hmacSha256(const Digest& key, const unsigned char* data, std::size_t size) {
  Digest out{};
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), data, size, out.data(), &length);
  return out;
}

std::string toHex(const unsigned char* bytes, std::size_t size) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(size * 2);
  for (std::size_t i = 0; i < size; ++i) {
    hex += kDigits[bytes[i] >> 4];
    hex += kDigits[bytes[i] & 0x0F];
  }
  return hex;
}

const std::string& objectName(const D1Binding& binding) {
  if (!binding.previewDatabaseId.empty()) return binding.previewDatabaseId;
  if (!binding.databaseId.empty()) return binding.databaseId;
  return binding.binding;
}

}  // namespace

// miniflare's DurableObjectNamespace.idFromName for the D1 object class; the second HMAC
// over the first half stands in for the id's checksum half.
std::string miniflareObjectHex(std::string_view name) {
  static constexpr std::string_view kUniqueKey = "miniflare-D1DatabaseObject";
  Digest key{};
  SHA256(reinterpret_cast<const unsigned char*>(kUniqueKey.data()), kUniqueKey.size(), key.data());
  const Digest a = hmacSha256(key, reinterpret_cast<const unsigned char*>(name.data()), name.size());
  const Digest b = hmacSha256(key, a.data(), 16);
  return toHex(a.data(), 16) + toHex(b.data(), 16);
}

std::filesystem::path localDatabasePath(const std::filesystem::path& configDir, const D1Binding& binding,
                                        const std::optional<std::filesystem::path>& persistTo) {
  // wrangler resolves --persist-to against the working directory, the default beside the config.
  const std::filesystem::path state = persistTo ? std::filesystem::absolute(*persistTo)
                                                : std::filesystem::absolute(configDir) / ".wrangler" / "state";
  const std::filesystem::path file = state / "v3" / "d1" / "miniflare-D1DatabaseObject" /
                                     (miniflareObjectHex(objectName(binding)) + ".sqlite");
  return file.lexically_normal();
}

}  // namespace roost::project
