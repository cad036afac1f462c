#pragma once
// The console's lexer: turns one line of the expression language (a small, JavaScript-like
// subset: identifiers, numbers, '…' "…" `…` strings, punctuation) into tokens that keep
// their byte offset, so every error can point at its column. Depends on the standard
// library only (the fuzz target builds it alone).
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace roost::console {

// An error at a byte offset of the input line (the caret goes under it).
class SyntaxError : public std::runtime_error {
 public:
  SyntaxError(std::string message, std::size_t offset) : std::runtime_error(std::move(message)), offset_(offset) {}
  std::size_t offset() const noexcept { return offset_; }

 private:
  std::size_t offset_;
};

struct Token {
  enum class Kind { End, Identifier, Integer, Real, String, Punct };
  Kind kind = Kind::End;
  std::size_t offset = 0;  // byte offset of the token's first character
  std::size_t length = 0;  // bytes in the source
  std::string text;        // identifier name, punctuation, or the string's decoded value
  std::int64_t integer = 0;
  double real = 0;
  // 9223372036854775808: out of range alone, valid only negated (INT64_MIN); integer holds INT64_MIN.
  bool onlyNegated = false;

  bool is(std::string_view punct) const noexcept { return kind == Kind::Punct && text == punct; }
  bool isWord(std::string_view word) const noexcept { return kind == Kind::Identifier && text == word; }
};

// Tokenizes a whole line; the last token is End. Throws SyntaxError (unterminated string,
// bad escape, unexpected character, number out of range).
std::vector<Token> tokenize(std::string_view line);

// Like tokenize, but stops quietly at the first error (for tab completion on half-typed input).
// `complete` is false when the line ends inside an unterminated string.
std::vector<Token> tokenizePrefix(std::string_view line, bool& insideString);

// 1-based column of a byte offset, counting UTF-8 characters (for the caret).
std::size_t columnAt(std::string_view line, std::size_t offset) noexcept;

}  // namespace roost::console
