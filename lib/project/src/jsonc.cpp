#include "roost/project/jsonc.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <system_error>

#include "roost/project/config_limits.hpp"
#include "roost/orm/error.hpp"

namespace roost::project {
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
    if (c == '{' || c == '[') {
      if (++depth_ > kMaxConfigNesting) {
        const TextPosition at = textPositionAt(in_, pos_);
        throw ConfigError(fileName_, at.line, at.column,
                          "nested deeper than " + std::to_string(kMaxConfigNesting) +
                              " levels of objects and arrays (the limit for project files)");
      }
    } else if ((c == '}' || c == ']') && depth_ > 0) {
      --depth_;
    }
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
  int depth_ = 0;  // checked here, before any parser recurses into the text
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

// nlohmann reports a number too big for a double ("1e999") without a position: find it.
std::size_t overflowingNumber(std::string_view plain) {
  for (std::size_t i = 0; i < plain.size(); ++i) {
    const char c = plain[i];
    if (c == '"') {
      for (++i; i < plain.size() && plain[i] != '"'; ++i)
        if (plain[i] == '\\') ++i;
      continue;
    }
    if (!(c == '-' || (c >= '0' && c <= '9')) || (i > 0 && isBareTokenChar(plain[i - 1]))) continue;
    std::size_t end = i;
    while (end < plain.size() && isBareTokenChar(plain[end])) ++end;
    const std::string token(plain.substr(i, end - i));
    if (std::isinf(std::strtod(token.c_str(), nullptr))) return i;
    i = end - 1;
  }
  return 0;
}

[[noreturn]] void tooBig(const std::string& fileName, std::uintmax_t size) {
  throw ConfigError(fileName, 0, 0,
                    "the file has " + std::to_string(size) + " bytes; project files may have at most " +
                        std::to_string(kMaxConfigFileBytes) + " (" + std::to_string(kMaxConfigFileBytes >> 20) + " MiB)");
}

}  // namespace

void checkConfigText(std::string_view text, const std::string& fileName) {
  if (text.size() > kMaxConfigFileBytes) tooBig(fileName, text.size());
  if (const std::size_t nul = text.find('\0'); nul != npos) {
    const TextPosition at = textPositionAt(text, nul);
    throw ConfigError(fileName, at.line, at.column, "a NUL byte (\\0): project files are text, and nothing after it would be read");
  }
}

std::string blankJsoncExtras(std::string_view text, const std::string& fileName) {
  return JsoncBlanker(text, fileName).run();
}

void checkJsonObjectSizes(std::string_view plain, std::string_view text, const std::string& fileName,
                          std::size_t maxKeys, std::string_view what) {
  std::vector<std::size_t> members;  // per open bracket: every ':' outside strings is a member of the innermost
  std::vector<bool> isObject;
  std::size_t lastString = 0;
  for (std::size_t i = 0; i < plain.size(); ++i) {
    const char c = plain[i];
    if (c == '"') {
      lastString = i;
      for (++i; i < plain.size() && plain[i] != '"'; ++i)
        if (plain[i] == '\\') ++i;
    } else if (c == '{' || c == '[') {
      members.push_back(0);
      isObject.push_back(c == '{');
    } else if ((c == '}' || c == ']') && !members.empty()) {
      members.pop_back();
      isObject.pop_back();
    } else if (c == ':' && !members.empty() && isObject.back() && ++members.back() > maxKeys) {
      const TextPosition at = textPositionAt(text, lastString);
      throw ConfigError(fileName, at.line, at.column,
                        "more than " + std::to_string(maxKeys) + " keys in one object (the limit for " +
                            std::string(what) + ")");
    }
  }
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

TextPositions::TextPositions(std::string_view text) : text_(text), lineStarts_{0} {
  for (std::size_t i = 0; i < text.size(); ++i)
    if (text[i] == '\n') lineStarts_.push_back(i + 1);
}

TextPosition TextPositions::at(std::size_t byteOffset) const {
  if (byteOffset > text_.size()) byteOffset = text_.size();
  const auto next = std::upper_bound(lineStarts_.begin(), lineStarts_.end(), byteOffset);
  const std::size_t line = static_cast<std::size_t>(next - lineStarts_.begin());  // 1-based
  const std::size_t lineStart = lineStarts_[line - 1];
  std::size_t from = lineStart;
  TextPosition at{static_cast<int>(line), 1};
  if (lastOffset_ >= lineStart && lastOffset_ <= byteOffset && last_.line == at.line) {
    from = lastOffset_;
    at = last_;
  }
  for (std::size_t i = from; i < byteOffset; ++i)
    if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++at.column;
  lastOffset_ = byteOffset;
  last_ = at;
  return at;
}

nlohmann::json parseJsonc(std::string_view text, const std::string& fileName) {
  checkConfigText(text, fileName);
  const std::string plain = blankJsoncExtras(text, fileName);
  try {
    return nlohmann::json::parse(plain);
  } catch (const nlohmann::json::parse_error& e) {
    const std::string message = parseErrorMessage(e.what());
    const TextPosition at = textPositionAt(text, errorOffset(plain, e.byte > 0 ? e.byte - 1 : 0, message));
    throw ConfigError(fileName, at.line, at.column, message);
  } catch (const nlohmann::json::out_of_range& e) {
    if (e.id != 406) throw ConfigError(fileName, 0, 0, e.what());
    const std::size_t offset = overflowingNumber(plain);
    const TextPosition at = textPositionAt(text, offset);
    std::string_view number = std::string_view(plain).substr(offset);
    number = number.substr(0, std::min<std::size_t>(40, number.find_first_of(",]} \t\r\n")));
    throw ConfigError(fileName, at.line, at.column,
                      "the number " + std::string(number) + " is too large (beyond the range of a double)");
  }
}

std::string readConfigText(const std::filesystem::path& file) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) throw ConfigError(file.string(), 0, 0, "no such file");
  if (const std::uintmax_t size = std::filesystem::file_size(file, ec); !ec && size > kMaxConfigFileBytes)
    tooBig(file.string(), size);
  std::ifstream in(file, std::ios::binary);
  if (!in.is_open()) throw ConfigError(file.string(), 0, 0, "cannot read the file");
  std::string bytes;
  char buffer[1 << 16];
  while (bytes.size() <= kMaxConfigFileBytes && (in.read(buffer, sizeof buffer) || in.gcount() > 0))
    bytes.append(buffer, static_cast<std::size_t>(in.gcount()));  // stops early if the file grew meanwhile
  if (in.bad()) throw ConfigError(file.string(), 0, 0, "cannot read the file");
  checkConfigText(bytes, file.string());
  return bytes;
}

nlohmann::json readJsoncFile(const std::filesystem::path& file) {
  return parseJsonc(readConfigText(file), file.string());
}

}  // namespace roost::project
