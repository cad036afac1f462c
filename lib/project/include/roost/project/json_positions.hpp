#pragma once
// Where every value and member of a JSONC document is written, found in one pass over its text:
// a reader that walks the whole tree (the seed files) gets every position in linear time, where
// ConfigDocument::locate per value would cost a pass over the file per value.
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "roost/project/jsonc.hpp"

namespace roost::project {

struct JsonPositionMember;

struct JsonPositionNode {
  std::size_t offset = 0;                   // the value's first byte
  std::vector<JsonPositionMember> members;  // an object's, in file order; a repeated key once
                                            // (where it is first written, with its last value, as the parser keeps)
  std::vector<JsonPositionNode> elements;   // an array's
  // The member with this (decoded) key; nullptr if there is none. A scan: for the few fixed keys
  // a reader asks of each object (walk `members` for the rest).
  const JsonPositionMember* member(std::string_view key) const noexcept;
};

struct JsonPositionMember {
  std::string key;         // decoded
  std::size_t keyOffset = 0;  // the key's opening quote
  JsonPositionNode value;
};

class JsonPositions {
 public:
  // `text` is the JSONC file, already accepted by parseJsonc (the walk does not check syntax).
  JsonPositions(std::string_view text, const std::string& fileName);
  const JsonPositionNode& root() const noexcept { return root_; }
  TextPosition at(std::size_t offset) const { return lines_.at(offset); }  // cheap for offsets in file order

 private:
  std::shared_ptr<const std::string> text_;  // what lines_ views
  TextPositions lines_;
  JsonPositionNode root_;
};

}  // namespace roost::project
