#include "roost/d1/jsonc.hpp"

#include <fstream>
#include <iterator>
#include <system_error>

#include "roost/orm/error.hpp"

namespace roost::d1 {
namespace {

constexpr std::size_t npos = std::string::npos;

bool isJsonSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool isLineBreak(char c) { return c == '\n' || c == '\r'; }

// One pass over the text that knows strings from comments. Everything it removes becomes
// a space (line breaks stay), so offsets and line numbers are untouched.
class JsoncBlanker {
 public:
  JsoncBlanker(std::string_view text, const std::string& fileName) : in_(text), out_(text), fileName_(fileName) {}

  std::string run() {
    while (pos_ < in_.size()) {
      const char c = in_[pos_];
      if (c == '"') {
        skipString();
      } else if (c == '/' && peek(1) == '/') {
        blankLineComment();
      } else if (c == '/' && peek(1) == '*') {
        blankBlockComment();
      } else {
        onStructural(c);
        ++pos_;
      }
    }
    return std::move(out_);
  }

 private:
  char peek(std::size_t ahead) const { return pos_ + ahead < in_.size() ? in_[pos_ + ahead] : '\0'; }

  void skipString() {
    ++pos_;  // opening quote
    while (pos_ < in_.size() && in_[pos_] != '"') pos_ += in_[pos_] == '\\' ? 2 : 1;
    ++pos_;  // closing quote (past the end if unterminated: the JSON parser reports it)
    pendingComma_ = npos;
    afterValue_ = true;
  }

  void blankLineComment() {
    while (pos_ < in_.size() && !isLineBreak(in_[pos_])) out_[pos_++] = ' ';
  }

  void blankBlockComment() {
    const std::size_t end = in_.find("*/", pos_ + 2);
    if (end == npos) {
      const TextPosition at = textPositionAt(in_, pos_);
      throw ConfigError(fileName_, at.line, at.column, "unterminated /* comment");
    }
    for (; pos_ < end + 2; ++pos_)
      if (!isLineBreak(in_[pos_])) out_[pos_] = ' ';
  }

  // A comma directly before } or ] (comments and spaces between are fine) is a trailing
  // comma; one that follows no value ("[,]", "{,}") is left for the parser to reject.
  void onStructural(char c) {
    if (isJsonSpace(c)) return;
    if ((c == '}' || c == ']') && pendingComma_ != npos) out_[pendingComma_] = ' ';
    pendingComma_ = (c == ',' && afterValue_) ? pos_ : npos;
    afterValue_ = c != '{' && c != '[' && c != ',' && c != ':';
  }

  std::string_view in_;
  std::string out_;
  const std::string& fileName_;
  std::size_t pos_ = 0;
  std::size_t pendingComma_ = npos;
  bool afterValue_ = false;
};

bool isBareTokenChar(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '.' || c == '+' ||
         c == '-';
}

std::size_t openingQuote(std::string_view text, std::size_t closing) {
  for (std::size_t i = closing; i-- > 0;) {
    if (text[i] != '"') continue;
    std::size_t backslashes = 0;
    while (backslashes < i && text[i - 1 - backslashes] == '\\') ++backslashes;
    if (backslashes % 2 == 0) return i;
  }
  return closing;
}

std::size_t bareWordStart(std::string_view text, std::size_t offset) {
  while (offset > 0 && isBareTokenChar(text[offset - 1])) --offset;
  return offset;
}

// nlohmann points at the last byte it read: the end of an unexpected token, or the byte after
// a bad literal or number. A user wants the token's first byte.
std::size_t errorOffset(std::string_view text, std::size_t offset, const std::string& message) {
  if (offset >= text.size()) return offset;
  const bool unexpectedToken = message.find("unexpected") != npos && message.find("literal;") != npos;
  if (unexpectedToken && text[offset] == '"') return openingQuote(text, offset);
  if (unexpectedToken || message.find("invalid literal") != npos || message.find("invalid number") != npos)
    return bareWordStart(text, offset);
  return offset;
}

// "[json.exception.parse_error.101] parse error at line 1, column 2: syntax error ..." → "syntax error ..."
std::string parseErrorMessage(const std::string& what) {
  const std::size_t column = what.find("column ");
  const std::size_t colon = column == npos ? npos : what.find(": ", column);
  return colon == npos ? what : what.substr(colon + 2);
}

}  // namespace

std::string blankJsoncExtras(std::string_view text, const std::string& fileName) {
  return JsoncBlanker(text, fileName).run();
}

TextPosition textPositionAt(std::string_view text, std::size_t byteOffset) {
  if (byteOffset > text.size()) byteOffset = text.size();
  TextPosition at{1, 1};
  for (std::size_t i = 0; i < byteOffset; ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte == '\n') {
      ++at.line;
      at.column = 1;
    } else if ((byte & 0xC0) != 0x80) {  // UTF-8 continuation bytes belong to the previous character
      ++at.column;
    }
  }
  return at;
}

nlohmann::json parseJsonc(std::string_view text, const std::string& fileName) {
  const std::string plain = blankJsoncExtras(text, fileName);
  try {
    return nlohmann::json::parse(plain);
  } catch (const nlohmann::json::parse_error& e) {
    const std::string message = parseErrorMessage(e.what());
    const TextPosition at = textPositionAt(text, errorOffset(plain, e.byte > 0 ? e.byte - 1 : 0, message));
    throw ConfigError(fileName, at.line, at.column, message);
  }
}

std::string readConfigText(const std::filesystem::path& file) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) throw ConfigError(file.string(), 0, 0, "no such file");
  std::ifstream in(file, std::ios::binary);
  std::string bytes(std::istreambuf_iterator<char>(in), {});
  if (!in.is_open() || in.bad()) throw ConfigError(file.string(), 0, 0, "cannot read the file");
  return bytes;
}

nlohmann::json readJsoncFile(const std::filesystem::path& file) {
  return parseJsonc(readConfigText(file), file.string());
}

}  // namespace roost::d1
