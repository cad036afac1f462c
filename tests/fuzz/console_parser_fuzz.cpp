// libFuzzer target: the console's lexer and parser must turn any bytes into either a tree
// or a SyntaxError whose offset lies inside the input — never a crash, a hang, another
// exception type, or unbounded recursion.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "console/lexer.hpp"
#include "console/parser.hpp"

namespace {

void walk(const roost::console::Node& n, std::size_t size, int depth) {
  if (n.offset > size) std::abort();
  if (depth > 10 * roost::console::kMaxDepth) std::abort();
  if (n.target) walk(*n.target, size, depth + 1);
  for (const auto& item : n.items)
    if (item) walk(*item, size, depth + 1);
  if (n.kind == roost::console::Node::Kind::Object && n.keys.size() != n.items.size()) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view line(reinterpret_cast<const char*>(data), size);
  try {
    auto tree = roost::console::parse(line);
    if (!tree) std::abort();
    walk(*tree, size, 0);
    (void)roost::console::describe(*tree);
  } catch (const roost::console::SyntaxError& e) {
    if (e.offset() > size) std::abort();
    (void)roost::console::columnAt(line, e.offset());
  }
  bool inside = false;
  for (const auto& t : roost::console::tokenizePrefix(line, inside))
    if (t.offset + t.length > size) std::abort();
  return 0;
}
