#include "console/lexer.hpp"

#include <cerrno>
#include <cstdint>
#include <cstdlib>

namespace roost::console {

namespace {

bool isIdentStart(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$'; }
bool isDigit(unsigned char c) { return c >= '0' && c <= '9'; }
bool isIdentPart(unsigned char c) { return isIdentStart(c) || isDigit(c); }

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void appendUtf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

class Lexer {
 public:
  explicit Lexer(std::string_view s) : s_(s) {}

  // Returns false at the end of input.
  bool next(Token& t) {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\r' || s_[pos_] == '\n')) ++pos_;
    t = Token{};
    t.offset = pos_;
    if (pos_ >= s_.size()) return false;
    const auto c = static_cast<unsigned char>(s_[pos_]);
    if (c == '/' && pos_ + 1 < s_.size() && s_[pos_ + 1] == '/') {  // a // comment runs to the end
      pos_ = s_.size();
      t.offset = pos_;
      return false;
    }
    if (isIdentStart(c)) {
      while (pos_ < s_.size() && isIdentPart(static_cast<unsigned char>(s_[pos_]))) ++pos_;
      t.kind = Token::Kind::Identifier;
      t.text = std::string(s_.substr(t.offset, pos_ - t.offset));
    } else if (isDigit(c) || (c == '.' && pos_ + 1 < s_.size() && isDigit(static_cast<unsigned char>(s_[pos_ + 1])))) {
      number(t);
    } else if (c == '\'' || c == '"' || c == '`') {
      string(t, static_cast<char>(c));
    } else if (c == '=' && pos_ + 1 < s_.size() && s_[pos_ + 1] == '>') {
      t.kind = Token::Kind::Punct;
      t.text = "=>";
      pos_ += 2;
    } else if (std::string_view(".,()[]{}:=;-").find(static_cast<char>(c)) != std::string_view::npos) {
      t.kind = Token::Kind::Punct;
      t.text = std::string(1, static_cast<char>(c));
      ++pos_;
    } else {
      std::string shown = c >= 0x20 && c < 0x7F ? std::string(1, static_cast<char>(c)) : "\\x" + hex(c);
      throw SyntaxError("unexpected character '" + shown + "'", pos_);
    }
    t.length = pos_ - t.offset;
    return true;
  }

  std::size_t pos() const noexcept { return pos_; }
  bool insideString = false;

 private:
  static std::string hex(unsigned char c) {
    const char* digits = "0123456789abcdef";
    return {digits[c >> 4], digits[c & 15]};
  }

  void number(Token& t) {
    const std::size_t start = pos_;
    bool real = false;
    while (pos_ < s_.size() && (isDigit(static_cast<unsigned char>(s_[pos_])) || s_[pos_] == '_')) ++pos_;
    if (pos_ < s_.size() && s_[pos_] == '.' && pos_ + 1 < s_.size() && isDigit(static_cast<unsigned char>(s_[pos_ + 1]))) {
      real = true;
      ++pos_;
      while (pos_ < s_.size() && isDigit(static_cast<unsigned char>(s_[pos_]))) ++pos_;
    }
    if (pos_ < s_.size() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
      std::size_t p = pos_ + 1;
      if (p < s_.size() && (s_[p] == '+' || s_[p] == '-')) ++p;
      if (p < s_.size() && isDigit(static_cast<unsigned char>(s_[p]))) {
        real = true;
        pos_ = p;
        while (pos_ < s_.size() && isDigit(static_cast<unsigned char>(s_[pos_]))) ++pos_;
      }
    }
    if (pos_ < s_.size() && isIdentStart(static_cast<unsigned char>(s_[pos_])))
      throw SyntaxError("unexpected '" + std::string(1, s_[pos_]) + "' after a number", pos_);
    std::string digits;
    for (char ch : s_.substr(start, pos_ - start))
      if (ch != '_') digits += ch;
    errno = 0;
    char* end = nullptr;
    if (real) {
      t.kind = Token::Kind::Real;
      t.real = std::strtod(digits.c_str(), &end);
      if (errno == ERANGE) throw SyntaxError("number out of range", start);
    } else {
      t.kind = Token::Kind::Integer;
      const long long v = std::strtoll(digits.c_str(), &end, 10);
      if (errno == ERANGE && digits.find_first_not_of('0') != std::string::npos &&
          digits.substr(digits.find_first_not_of('0')) == "9223372036854775808") {
        t.integer = INT64_MIN;  // the parser accepts it only after '-'
        t.onlyNegated = true;
      } else if (errno == ERANGE) {
        throw SyntaxError("integer out of range (64-bit)", start);
      } else {
        t.integer = v;
      }
    }
    t.text = std::move(digits);
  }

  void string(Token& t, char quote) {
    t.kind = Token::Kind::String;
    ++pos_;
    insideString = true;
    while (true) {
      if (pos_ >= s_.size()) throw SyntaxError("unterminated string: add the closing " + std::string(1, quote), t.offset);
      const char c = s_[pos_];
      if (c == quote) {
        ++pos_;
        insideString = false;
        return;
      }
      if (c != '\\') {
        t.text += c;
        ++pos_;
        continue;
      }
      const std::size_t escape = pos_;
      if (++pos_ >= s_.size()) throw SyntaxError("unterminated string: add the closing " + std::string(1, quote), t.offset);
      const char e = s_[pos_++];
      switch (e) {
        case 'n': t.text += '\n'; break;
        case 't': t.text += '\t'; break;
        case 'r': t.text += '\r'; break;
        case 'b': t.text += '\b'; break;
        case 'f': t.text += '\f'; break;
        case 'v': t.text += '\v'; break;
        case '0': t.text += '\0'; break;
        case 'x': {
          if (pos_ + 2 > s_.size() || hexValue(s_[pos_]) < 0 || hexValue(s_[pos_ + 1]) < 0)
            throw SyntaxError("bad \\x escape: expected two hex digits", escape);
          t.text += static_cast<char>(hexValue(s_[pos_]) * 16 + hexValue(s_[pos_ + 1]));
          pos_ += 2;
          break;
        }
        case 'u': {
          std::uint32_t cp = 0;
          if (pos_ < s_.size() && s_[pos_] == '{') {
            std::size_t p = pos_ + 1;
            int digits = 0;
            while (p < s_.size() && hexValue(s_[p]) >= 0 && digits < 6) cp = cp * 16 + static_cast<std::uint32_t>(hexValue(s_[p++])), ++digits;
            if (digits == 0 || p >= s_.size() || s_[p] != '}' || cp > 0x10FFFF)
              throw SyntaxError("bad \\u{...} escape", escape);
            pos_ = p + 1;
          } else {
            if (pos_ + 4 > s_.size()) throw SyntaxError("bad \\u escape: expected four hex digits", escape);
            for (int i = 0; i < 4; ++i) {
              const int h = hexValue(s_[pos_ + static_cast<std::size_t>(i)]);
              if (h < 0) throw SyntaxError("bad \\u escape: expected four hex digits", escape);
              cp = cp * 16 + static_cast<std::uint32_t>(h);
            }
            pos_ += 4;
          }
          if (cp >= 0xD800 && cp <= 0xDFFF) throw SyntaxError("bad \\u escape: a lone surrogate", escape);
          appendUtf8(t.text, cp);
          break;
        }
        default: t.text += e;  // \' \" \\ \` and anything else stand for themselves
      }
    }
  }

  std::string_view s_;
  std::size_t pos_ = 0;
};

}  // namespace

std::vector<Token> tokenize(std::string_view line) {
  Lexer lx(line);
  std::vector<Token> out;
  Token t;
  while (lx.next(t)) out.push_back(std::move(t));
  out.push_back(std::move(t));  // End, at the end offset
  return out;
}

std::vector<Token> tokenizePrefix(std::string_view line, bool& insideString) {
  Lexer lx(line);
  std::vector<Token> out;
  Token t;
  insideString = false;
  try {
    while (lx.next(t)) out.push_back(std::move(t));
  } catch (const SyntaxError&) {
    insideString = lx.insideString;
  }
  return out;
}

std::size_t columnAt(std::string_view line, std::size_t offset) noexcept {
  std::size_t col = 1;
  for (std::size_t i = 0; i < offset && i < line.size(); ++i)
    if ((static_cast<unsigned char>(line[i]) & 0xC0) != 0x80) ++col;
  return col;
}

}  // namespace roost::console
