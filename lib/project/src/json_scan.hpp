#pragma once
// Internal to roost::project. Walks JSON text that a parser has already accepted (a JSONC text after
// blankJsoncExtras, so offsets are those of the original file): the value at a path, and the
// byte ranges of an object's members. Values not on the way are skipped by counting brackets,
// never by recursion, so each walk is one linear pass whatever the nesting.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "roost/project/json_positions.hpp"

namespace roost::project::detail {

// Path segments ("env", ".staging", "[0]"): whether `segment` continues the first `matched`
// bytes of `target` as a whole segment, and the segment a key adds after `matched` bytes.
bool continuesPath(std::string_view target, std::size_t matched, std::string_view segment);
std::string keySegment(std::size_t matched, std::string_view key);

// The offset where the value at a path ("env.staging.d1_databases[0].binding") starts. A
// duplicated key finds its last value, the one nlohmann keeps; nullopt when there is none.
std::optional<std::size_t> findJsonValue(std::string_view plain, std::string_view path);
// The offset where the member at a path is written: its key's opening quote (an array element's
// value; the root value for ""). The same member findJsonValue finds.
std::optional<std::size_t> findJsonMember(std::string_view plain, std::string_view path);

struct JsonMember {
  std::string key;              // decoded
  std::size_t keyStart = 0;     // the opening quote of the key
  std::size_t valueStart = 0;   // the value's first byte
  std::size_t valueEnd = 0;     // one past its last byte
};

struct JsonObjectSpan {
  std::size_t open = 0;         // the '{'
  std::size_t close = 0;        // the '}'
  std::vector<JsonMember> members;  // in text order
};

// The members of the object whose '{' is at `open`.
JsonObjectSpan scanJsonObject(std::string_view plain, std::size_t open);

// Every value's and member's offset, in one pass (recursing once per nesting level, which
// the parser has already limited to kMaxConfigNesting).
JsonPositionNode indexJsonPositions(std::string_view plain);

}  // namespace roost::project::detail
