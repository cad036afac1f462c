#include "roost/project/json_positions.hpp"

#include "json_scan.hpp"

namespace roost::project {

const JsonPositionMember* JsonPositionNode::member(std::string_view key) const noexcept {
  for (const JsonPositionMember& m : members)
    if (m.key == key) return &m;
  return nullptr;
}

JsonPositions::JsonPositions(std::string_view text, const std::string& fileName)
    : text_(std::make_shared<const std::string>(text)),
      lines_(*text_),
      root_(detail::indexJsonPositions(blankJsoncExtras(text, fileName))) {}

}  // namespace roost::project
