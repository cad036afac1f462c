#pragma once
// The token redaction rule, for every text roost shows: errors built from network answers and
// every log line the roost CLI writes (its stderr sink passes each through this).
#include <cstddef>
#include <string>
#include <string_view>

namespace roost::d1 {

// Runs of this many characters of the secret (or the whole secret, if shorter) are redacted
// wherever they appear: a server that echoes the token in pieces gets every piece scrubbed.
inline constexpr std::size_t kSecretFragment = 8;

// Every run of kSecretFragment or more characters that also occurs in the secret becomes one
// "[redacted]", so no text that came from the network (a proxy page echoing request headers,
// an error message quoting half the token) can carry any of it into an error or a log.
std::string redact(std::string text, std::string_view secret);

}  // namespace roost::d1
