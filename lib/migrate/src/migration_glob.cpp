// A port of minimatch 5.1.6 (Minimatch.match with {dot: false}) and brace-expansion 2.0.1,
// the versions wrangler 4.116.0 bundles. Kept close to the JavaScript, step for step: the
// regular expressions minimatch builds are built here too and run by std::wregex in
// ECMAScript mode over UTF-16 code units, which is what a JavaScript RegExp sees.
#include "roost/migrate/migration_glob.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <optional>
#include <regex>
#include <system_error>

#include "roost/orm/error.hpp"

namespace fs = std::filesystem;

namespace roost::migrate {

namespace {

using W = std::wstring;

// brace-expansion can make a huge list from a short pattern ({1..100000000}); past this many
// patterns the glob is refused rather than exhaust memory (wrangler would hang or crash).
constexpr std::size_t kMaxExpansions = 10000;

// UTF-8 to UTF-16 code units (one per wchar_t); an invalid byte becomes U+FFFD, as Node decodes.
W utf16(std::string_view s) {
  W out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1Fu) : len == 3 ? (c & 0x0Fu) : (c & 0x07u);
    bool ok = len > 0 && i + len <= s.size();
    for (std::size_t k = 1; ok && k < len; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      ok = (cc & 0xC0) == 0x80;
      cp = (cp << 6) | (cc & 0x3Fu);
    }
    if (ok && ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
               (cp >= 0xD800 && cp <= 0xDFFF)))
      ok = false;
    if (!ok) {
      out.push_back(L'\xFFFD');
      ++i;
      continue;
    }
    if (cp >= 0x10000) {
      cp -= 0x10000;
      out.push_back(static_cast<wchar_t>(0xD800 + (cp >> 10)));
      out.push_back(static_cast<wchar_t>(0xDC00 + (cp & 0x3FF)));
    } else {
      out.push_back(static_cast<wchar_t>(cp));
    }
    i += len;
  }
  return out;
}

bool startsWith(const W& s, const W& p) { return s.compare(0, p.size(), p) == 0; }

std::vector<W> split(const W& s, const W& sep) {
  std::vector<W> out;
  std::size_t from = 0;
  for (;;) {
    const std::size_t at = s.find(sep, from);
    out.push_back(s.substr(from, at == W::npos ? W::npos : at - from));
    if (at == W::npos) return out;
    from = at + sep.size();
  }
}

W join(const std::vector<W>& parts, const W& sep) {
  W out;
  for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? sep : W()) + parts[i];
  return out;
}

W replaceAll(const W& s, const W& from, const W& to) { return join(split(s, from), to); }

// ---- brace-expansion 2.0.1 ----

const W kEscSlash = W(1, L'\0') + L"SLASH" + W(1, L'\0');
const W kEscOpen = W(1, L'\0') + L"OPEN" + W(1, L'\0');
const W kEscClose = W(1, L'\0') + L"CLOSE" + W(1, L'\0');
const W kEscComma = W(1, L'\0') + L"COMMA" + W(1, L'\0');
const W kEscPeriod = W(1, L'\0') + L"PERIOD" + W(1, L'\0');

struct Balanced {
  W pre, body, post;
};

// balanced-match 1.0.2's range("{", "}", str).
std::optional<Balanced> balanced(const W& str) {
  const auto indexOf = [&str](wchar_t c, long from) -> long {
    const std::size_t at = str.find(c, static_cast<std::size_t>(std::max(0L, from)));
    return at == W::npos ? -1 : static_cast<long>(at);
  };
  long ai = indexOf(L'{', 0);
  long bi = indexOf(L'}', ai + 1);
  long i = ai;
  std::optional<std::pair<long, long>> result;
  if (ai >= 0 && bi > 0) {
    std::vector<long> begs;
    long left = static_cast<long>(str.size()), right = -1;
    while (i >= 0 && !result) {
      if (i == ai) {
        begs.push_back(i);
        ai = indexOf(L'{', i + 1);
      } else if (begs.size() == 1) {
        result = std::make_pair(begs.back(), bi);
        begs.pop_back();
      } else {
        const long beg = begs.back();
        begs.pop_back();
        if (beg < left) {
          left = beg;
          right = bi;
        }
        bi = indexOf(L'}', i + 1);
      }
      i = ai < bi && ai >= 0 ? ai : bi;
    }
    if (!begs.empty()) result = std::make_pair(left, right);
  }
  if (!result) return std::nullopt;
  const auto [start, end] = *result;
  const auto s = static_cast<std::size_t>(start), e = static_cast<std::size_t>(end);
  return Balanced{str.substr(0, s), str.substr(s + 1, e - s - 1), str.substr(e + 1)};
}

// -?\d+ from `at`; returns the end, or npos.
std::size_t signedInt(const W& s, std::size_t at) {
  if (at < s.size() && s[at] == L'-') ++at;
  std::size_t end = at;
  while (end < s.size() && s[end] >= L'0' && s[end] <= L'9') ++end;
  return end > at ? end : W::npos;
}

bool isLetter(wchar_t c) { return (c >= L'a' && c <= L'z') || (c >= L'A' && c <= L'Z'); }

// /^-?\d+\.\.-?\d+(?:\.\.-?\d+)?$/ and /^[a-zA-Z]\.\.[a-zA-Z](?:\.\.-?\d+)?$/
bool isSequence(const W& body, bool alpha) {
  std::size_t at = 0;
  const auto element = [&](bool letter) {
    if (letter) return at < body.size() && isLetter(body[at]) ? ++at, true : false;
    const std::size_t end = signedInt(body, at);
    if (end == W::npos) return false;
    at = end;
    return true;
  };
  const auto dots = [&] {
    if (body.compare(at, 2, L"..") != 0) return false;
    at += 2;
    return true;
  };
  if (!element(alpha) || !dots() || !element(alpha)) return false;
  if (at == body.size()) return true;
  return dots() && element(false) && at == body.size();
}

long long numeric(const W& s) {
  const std::size_t end = signedInt(s, 0);
  if (end == s.size()) return std::wcstoll(s.c_str(), nullptr, 10);
  return s.empty() ? 0 : static_cast<long long>(s[0]);
}

std::vector<W> expand(W str, bool isTop);

std::vector<W> parseCommaParts(const W& str) {
  if (str.empty()) return {W()};
  const std::optional<Balanced> m = balanced(str);
  if (!m) return split(str, L",");
  std::vector<W> p = split(m->pre, L",");
  p.back() += L"{" + m->body + L"}";
  std::vector<W> postParts = parseCommaParts(m->post);
  if (!m->post.empty()) {
    p.back() += postParts.front();
    p.insert(p.end(), postParts.begin() + 1, postParts.end());
  }
  return p;
}

void pushChecked(std::vector<W>& out, W value) {
  if (out.size() >= kMaxExpansions)
    throw Error("the migrations pattern expands to more than " + std::to_string(kMaxExpansions) +
                " patterns (its {…} braces); simplify it");
  out.push_back(std::move(value));
}

std::vector<W> expand(W str, bool isTop) {
  std::vector<W> expansions;
  const std::optional<Balanced> m = balanced(str);
  if (!m) return {str};
  const W& pre = m->pre;
  const std::vector<W> post = m->post.empty() ? std::vector<W>{W()} : expand(m->post, false);
  if (!pre.empty() && pre.back() == L'$') {
    for (const W& p : post) pushChecked(expansions, pre + L"{" + m->body + L"}" + p);
    return expansions;
  }
  const bool numericSeq = isSequence(m->body, false);
  const bool alphaSeq = isSequence(m->body, true);
  const bool sequence = numericSeq || alphaSeq;
  const bool options = m->body.find(L',') != W::npos;
  if (!sequence && !options) {
    // m.post.match(/,.*\}/)
    const std::size_t comma = m->post.find(L',');
    if (comma != W::npos && m->post.find(L'}', comma) != W::npos) {
      bool lineBreak = false;
      for (std::size_t k = comma; k < m->post.find(L'}', comma); ++k)
        lineBreak = lineBreak || m->post[k] == L'\n' || m->post[k] == L'\r';
      if (!lineBreak) return expand(pre + L"{" + m->body + kEscClose + m->post, false);
    }
    return {str};
  }
  std::vector<W> n;
  if (sequence) {
    n = split(m->body, L"..");
  } else {
    n = parseCommaParts(m->body);
    if (n.size() == 1) {
      std::vector<W> inner = expand(n[0], false);
      for (W& e : inner) e = L"{" + e + L"}";
      if (inner.size() == 1) {
        for (const W& p : post) pushChecked(expansions, pre + inner[0] + p);
        return expansions;
      }
      n = std::move(inner);
    }
  }
  std::vector<W> values;
  if (sequence) {
    const long long x = numeric(n[0]), y = numeric(n[1]);
    const std::size_t width = std::max(n[0].size(), n[1].size());
    long long incr = n.size() == 3 ? std::llabs(numeric(n[2])) : 1;
    if (incr == 0) incr = 1;  // JavaScript would loop forever
    const bool reverse = y < x;
    if (reverse) incr = -incr;
    const auto isPadded = [](const W& el) {  // /^-?0\d/
      const std::size_t at = !el.empty() && el[0] == L'-' ? 1 : 0;
      return el.size() >= at + 2 && el[at] == L'0' && el[at + 1] >= L'0' && el[at + 1] <= L'9';
    };
    const bool pad = std::any_of(n.begin(), n.end(), isPadded);
    for (long long i = x; reverse ? i >= y : i <= y; i += incr) {
      W c;
      if (alphaSeq) {
        c = W(1, static_cast<wchar_t>(i));
        if (c == L"\\") c.clear();
      } else {
        c = std::to_wstring(i);
        if (pad && c.size() < width) {
          const W zeros(width - c.size(), L'0');
          c = i < 0 ? L"-" + zeros + c.substr(1) : zeros + c;
        }
      }
      pushChecked(values, std::move(c));
    }
  } else {
    for (const W& part : n)
      for (W& e : expand(part, false)) pushChecked(values, std::move(e));
  }
  for (const W& v : values)
    for (const W& p : post) {
      W e = pre + v + p;
      if (!isTop || sequence || !e.empty()) pushChecked(expansions, std::move(e));
    }
  return expansions;
}

std::vector<W> expandTop(W str) {
  if (str.empty()) return {};
  if (startsWith(str, L"{}")) str = L"\\{\\}" + str.substr(2);
  str = replaceAll(str, L"\\\\", kEscSlash);
  str = replaceAll(str, L"\\{", kEscOpen);
  str = replaceAll(str, L"\\}", kEscClose);
  str = replaceAll(str, L"\\,", kEscComma);
  str = replaceAll(str, L"\\.", kEscPeriod);
  std::vector<W> out = expand(str, true);
  for (W& e : out) {
    e = replaceAll(e, kEscSlash, L"\\");
    e = replaceAll(e, kEscOpen, L"{");
    e = replaceAll(e, kEscClose, L"}");
    e = replaceAll(e, kEscComma, L",");
    e = replaceAll(e, kEscPeriod, L".");
  }
  return out;
}

// minimatch's test before expanding: /\{(?:(?!\{).)*\}/
bool hasBraceGroup(const W& p) {
  for (std::size_t i = 0; i < p.size(); ++i) {
    if (p[i] != L'{') continue;
    for (std::size_t j = i + 1; j < p.size(); ++j) {
      const wchar_t c = p[j];
      if (c == L'}') return true;
      if (c == L'{' || c == L'\n' || c == L'\r' || c == L'\x2028' || c == L'\x2029') break;
    }
  }
  return false;
}

// ---- minimatch 5.1.6 ----

const W kQmark = L"[^/]";
const W kStar = kQmark + L"*?";
constexpr std::wstring_view kReSpecials = L"().*{}+?[]^$\\!";

bool isReSpecial(wchar_t c) { return kReSpecials.find(c) != std::wstring_view::npos; }

std::optional<std::wregex> compile(const W& source) {
  try {
    return std::wregex(source, std::regex_constants::ECMAScript);
  } catch (const std::regex_error&) {
    return std::nullopt;
  }
}

struct Part {
  enum class Kind { Globstar, Literal, Regex } kind = Kind::Literal;
  W literal;
  std::shared_ptr<const std::wregex> re;
};

struct PatternList {
  wchar_t type;
  long start;
  std::size_t reStart;
  W open, close;
  std::size_t reEnd = 0;
};

struct Parsed {
  bool failed = false;  // minimatch's `false` (a '/' in a part)
  Part part;
  W src;                // SUBPARSE: the regex source
  bool hasMagic = false;
};

// tail.replace(/((?:\\{2}){0,64})(\\?)\|/g, …): every '|' escaped, backslash pairs before it doubled.
W escapePipes(const W& tail) {
  static const std::wregex pipe(LR"(((?:\\{2}){0,64})(\\?)\|)", std::regex_constants::ECMAScript);
  W out;
  auto last = tail.cbegin();
  for (std::wsregex_iterator it(tail.begin(), tail.end(), pipe), end; it != end; ++it) {
    const std::wsmatch& m = *it;
    out.append(last, m[0].first);
    const W pairs = m[1].str();
    out += pairs + pairs + (m[2].length() ? m[2].str() : W(L"\\")) + L"|";
    last = m[0].second;
  }
  out.append(last, tail.cend());
  return out;
}

std::size_t countOf(const W& s, wchar_t c) { return static_cast<std::size_t>(std::count(s.begin(), s.end(), c)); }

Parsed parse(const W& pattern, bool isSub) {
  Parsed result;
  if (!isSub && pattern == L"**") {
    result.part.kind = Part::Kind::Globstar;
    return result;
  }
  if (pattern.empty() || (isSub && pattern == L"**")) {
    // minimatch returns "" or GLOBSTAR here; a SUBPARSE caller then reads sp[0] as undefined.
    if (isSub) result.src = L"undefined";
    return result;
  }
  W re;
  bool hasMagic = false, escaping = false, inClass = false;
  std::vector<PatternList> stack, negativeLists;
  wchar_t stateChar = 0;
  std::size_t reClassStart = 0;
  long classStart = -1;
  bool dotTravAllowed = !pattern.empty() && pattern[0] == L'.';
  const bool dotFileAllowed = dotTravAllowed;
  const auto patternStart = [&]() -> W {
    return dotTravAllowed ? W() : dotFileAllowed ? W(LR"((?!(?:^|\/)\.{1,2}(?:$|\/)))") : W(LR"((?!\.))");
  };
  const auto subPatternStart = [](const W& p) -> W { return !p.empty() && p[0] == L'.' ? W() : W(LR"((?!\.))"); };
  const auto clearStateChar = [&] {
    if (!stateChar) return;
    if (stateChar == L'*') {
      re += kStar;
      hasMagic = true;
    } else if (stateChar == L'?') {
      re += kQmark;
      hasMagic = true;
    } else {
      re += W(L"\\") + stateChar;
    }
    stateChar = 0;
  };
  const auto fail = [&result] {
    result.failed = true;
    return result;
  };
  for (std::size_t ui = 0; ui < pattern.size(); ++ui) {
    const long i = static_cast<long>(ui);
    wchar_t c = pattern[ui];
    if (escaping) {
      if (c == L'/') return fail();
      if (isReSpecial(c)) re += L"\\";
      re += c;
      escaping = false;
      continue;
    }
    switch (c) {
      case L'/':
        return fail();
      case L'\\':
        if (inClass && ui + 1 < pattern.size() && pattern[ui + 1] == L'-') {
          re += c;
          continue;
        }
        clearStateChar();
        escaping = true;
        continue;
      case L'?':
      case L'*':
      case L'+':
      case L'@':
      case L'!':
        if (inClass) {
          if (c == L'!' && i == classStart + 1) c = L'^';
          re += c;
          continue;
        }
        clearStateChar();
        stateChar = c;
        continue;
      case L'(': {
        if (inClass) {
          re += L"(";
          continue;
        }
        if (!stateChar) {
          re += L"\\(";
          continue;
        }
        PatternList pl{stateChar, i - 1, re.size(), L"(?:", L")"};
        if (stateChar == L'!') pl.open = L"(?:(?!(?:", pl.close = L"))[^/]*?)";
        else if (stateChar == L'?') pl.close = L")?";
        else if (stateChar == L'+') pl.close = L")+";
        else if (stateChar == L'*') pl.close = L")*";
        stack.push_back(pl);
        re += pl.open;
        if (pl.start == 0 && pl.type != L'!') {
          dotTravAllowed = true;
          re += subPatternStart(pattern.substr(ui + 1));
        }
        stateChar = 0;
        continue;
      }
      case L')': {
        if (inClass || stack.empty()) {
          re += L"\\)";
          continue;
        }
        PatternList pl = stack.back();
        stack.pop_back();
        clearStateChar();
        hasMagic = true;
        re += pl.close;
        if (pl.type == L'!') {
          pl.reEnd = re.size();
          negativeLists.push_back(pl);
        }
        continue;
      }
      case L'|': {
        if (inClass || stack.empty()) {
          re += L"\\|";
          continue;
        }
        clearStateChar();
        re += L"|";
        if (stack.back().start == 0 && stack.back().type != L'!') {
          dotTravAllowed = true;
          re += subPatternStart(pattern.substr(ui + 1));
        }
        continue;
      }
      case L'[':
        clearStateChar();
        if (inClass) {
          re += L"\\[";
          continue;
        }
        inClass = true;
        classStart = i;
        reClassStart = re.size();
        re += c;
        continue;
      case L']': {
        if (i == classStart + 1 || !inClass) {
          re += L"\\]";
          continue;
        }
        const W cs = pattern.substr(static_cast<std::size_t>(classStart + 1), static_cast<std::size_t>(i - classStart - 1));
        // RegExp("[" + braExpEscape(charUnescape(cs)) + "]") must compile, else the class matches nothing.
        W check;
        for (std::size_t k = 0; k < cs.size(); ++k) {
          if (cs[k] == L'\\' && k + 1 < cs.size() && cs[k + 1] != L'-' && cs[k + 1] != L']') continue;
          check += cs[k];
        }
        W escaped;
        for (wchar_t e : check) {
          if (e == L'[' || e == L']' || e == L'\\') escaped += L'\\';
          escaped += e;
        }
        if (compile(L"[" + escaped + L"]")) re += c;
        else re = re.substr(0, reClassStart) + L"(?:$.)";
        hasMagic = true;
        inClass = false;
        continue;
      }
      default:
        clearStateChar();
        if (isReSpecial(c) && !(c == L'^' && inClass)) re += L"\\";
        re += c;
        break;
    }
  }
  if (inClass) {
    const Parsed sp = parse(pattern.substr(static_cast<std::size_t>(classStart + 1)), true);
    re = re.substr(0, reClassStart) + L"\\[" + sp.src;
    hasMagic = hasMagic || sp.hasMagic;
  }
  while (!stack.empty()) {
    const PatternList pl = stack.back();
    stack.pop_back();
    const W tail = escapePipes(re.substr(std::min(re.size(), pl.reStart + pl.open.size())));
    const W t = pl.type == L'*' ? kStar : pl.type == L'?' ? kQmark : W(L"\\") + pl.type;
    hasMagic = true;
    re = re.substr(0, pl.reStart) + t + L"\\(" + tail;
  }
  clearStateChar();
  if (escaping) re += L"\\\\";
  const bool addPatternStart = !re.empty() && (re[0] == L'[' || re[0] == L'.' || re[0] == L'(');
  for (auto n = negativeLists.rbegin(); n != negativeLists.rend(); ++n) {
    const PatternList& nl = *n;
    const auto at = [&re](std::size_t k) { return std::min(k, re.size()); };
    const W nlBefore = re.substr(0, at(nl.reStart));
    const W nlFirst = re.substr(at(nl.reStart), at(nl.reEnd - 8) - std::min(at(nl.reStart), at(nl.reEnd - 8)));
    W nlAfter = re.substr(at(nl.reEnd));
    const W nlLast = re.substr(at(nl.reEnd - 8), at(nl.reEnd) - at(nl.reEnd - 8)) + nlAfter;
    const std::size_t closeParensBefore = countOf(nlBefore, L')') + 1;
    const long openParensBefore = static_cast<long>(countOf(nlBefore, L'(') + 1) - static_cast<long>(closeParensBefore);
    for (long k = 0; k < openParensBefore; ++k) {  // cleanAfter.replace(/\)[+*?]?/, "")
      const std::size_t p = nlAfter.find(L')');
      if (p == W::npos) break;
      const std::size_t len = p + 1 < nlAfter.size() && (nlAfter[p + 1] == L'+' || nlAfter[p + 1] == L'*' || nlAfter[p + 1] == L'?') ? 2 : 1;
      nlAfter.erase(p, len);
    }
    const W dollar = nlAfter.empty() && !isSub ? W(LR"((?:$|\/))") : W();
    re = nlBefore + nlFirst + nlAfter + dollar + nlLast;
  }
  if (!re.empty() && hasMagic) re = L"(?=.)" + re;
  if (addPatternStart) re = patternStart() + re;
  if (isSub) {
    result.src = re;
    result.hasMagic = hasMagic;
    return result;
  }
  if (!hasMagic) {  // globUnescape: \x -> x
    W plain;
    for (std::size_t k = 0; k < pattern.size(); ++k) {
      if (pattern[k] == L'\\' && k + 1 < pattern.size()) ++k;
      plain += pattern[k];
    }
    result.part.literal = plain;
    return result;
  }
  result.part.kind = Part::Kind::Regex;
  std::optional<std::wregex> compiled = compile(L"^" + re + L"$");
  if (!compiled) compiled = compile(L"$.");
  result.part.re = std::make_shared<const std::wregex>(std::move(*compiled));
  return result;
}

bool dotSegment(const W& f) { return f == L"." || f == L".." || (!f.empty() && f[0] == L'.'); }

bool matchOne(const std::vector<W>& file, std::size_t fi, const std::vector<Part>& pattern, std::size_t pi, bool partial) {
  const std::size_t fl = file.size(), pl = pattern.size();
  for (; fi < fl && pi < pl; ++fi, ++pi) {
    const Part& p = pattern[pi];
    const W& f = file[fi];
    if (p.kind == Part::Kind::Globstar) {
      std::size_t fr = fi;
      const std::size_t pr = pi + 1;
      if (pr == pl) {  // ** at the end swallows the rest, but no dot segment
        for (; fi < fl; ++fi)
          if (dotSegment(file[fi])) return false;
        return true;
      }
      while (fr < fl) {
        if (matchOne(file, fr, pattern, pr, partial)) return true;
        if (dotSegment(file[fr])) break;
        ++fr;
      }
      return partial && fr == fl;
    }
    const bool hit = p.kind == Part::Kind::Literal ? f == p.literal : std::regex_search(f, *p.re);
    if (!hit) return false;
  }
  if (fi == fl && pi == pl) return true;
  if (fi == fl) return partial;
  return fi == fl - 1 && file[fi].empty();
}

std::vector<W> splitSlashes(const W& s) {  // s.split(/\/+/)
  std::vector<W> out(1);
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != L'/') {
      out.back() += s[i];
      continue;
    }
    while (i + 1 < s.size() && s[i + 1] == L'/') ++i;
    out.emplace_back();
  }
  return out;
}

// JavaScript's parseInt(s, 10): leading white space, a sign, then decimal digits.
std::optional<double> parseInt10(std::string_view s) {
  static constexpr std::string_view kSpaces[] = {"\xC2\xA0", "\xEF\xBB\xBF", "\xE1\x9A\x80", "\xE2\x80\xA8",
                                                 "\xE2\x80\xA9", "\xE2\x80\xAF", "\xE2\x81\x9F", "\xE3\x80\x80"};
  for (bool more = true; more && !s.empty();) {
    more = false;
    if (s[0] == ' ' || (s[0] >= '\t' && s[0] <= '\r')) {
      s.remove_prefix(1);
      more = true;
      continue;
    }
    for (std::string_view sp : kSpaces)
      if (s.starts_with(sp)) {
        s.remove_prefix(sp.size());
        more = true;
      }
    if (!more && s.size() >= 3 && s.substr(0, 2) == "\xE2\x80" && static_cast<unsigned char>(s[2]) >= 0x80 &&
        static_cast<unsigned char>(s[2]) <= 0x8A) {  // U+2000..U+200A
      s.remove_prefix(3);
      more = true;
    }
  }
  bool negative = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  std::size_t n = 0;
  while (n < s.size() && s[n] >= '0' && s[n] <= '9') ++n;
  if (n == 0) return std::nullopt;
  const std::string digits(s.substr(0, n));
  const double value = std::strtod(digits.c_str(), nullptr);  // correctly rounded; overflow gives inf, as in JS
  return negative ? -value : value;
}

int compareSegments(std::string_view a, std::string_view b) {
  double an = 0, bn = 0;
  const bool aHas = MigrationGlob::leadingNumber(a, an), bHas = MigrationGlob::leadingNumber(b, bn);
  if (!aHas || !bHas || an != bn) {  // NaN !== NaN: unnumbered pairs fall through to the name order
    const bool aFinite = aHas && std::isfinite(an), bFinite = bHas && std::isfinite(bn);
    if (aFinite && bFinite) return an < bn ? -1 : 1;
    if (aFinite) return -1;
    if (bFinite) return 1;
  }
  const W ua = utf16(a), ub = utf16(b);
  if (ua != ub) return ua < ub ? -1 : 1;
  return a.compare(b) < 0 ? -1 : a == b ? 0 : 1;  // invalid UTF-8 decoded alike: keep the order total
}

}  // namespace

struct MigrationGlob::Compiled {
  bool comment = false, empty = false, negate = false;
  std::vector<std::vector<Part>> set;
};

MigrationGlob::MigrationGlob(std::string_view pattern) : pattern_(pattern), compiled_(std::make_unique<Compiled>()) {
  W p = utf16(pattern);
  if (!p.empty() && p[0] == L'#') {
    compiled_->comment = true;
    return;
  }
  if (p.empty()) {
    compiled_->empty = true;
    return;
  }
  std::size_t bangs = 0;
  while (bangs < p.size() && p[bangs] == L'!') ++bangs;
  compiled_->negate = bangs % 2 == 1;
  p.erase(0, bangs);
  const std::vector<W> globs = hasBraceGroup(p) ? expandTop(p) : std::vector<W>{p};
  for (const W& glob : globs) {
    std::vector<Part> parts;
    bool failed = false;
    for (const W& segment : splitSlashes(glob)) {
      Parsed parsed = parse(segment, false);
      failed = failed || parsed.failed;
      parts.push_back(std::move(parsed.part));
    }
    if (!failed) compiled_->set.push_back(std::move(parts));
  }
}

MigrationGlob::~MigrationGlob() = default;
MigrationGlob::MigrationGlob(const MigrationGlob& o) : pattern_(o.pattern_), compiled_(std::make_unique<Compiled>(*o.compiled_)) {}
MigrationGlob& MigrationGlob::operator=(const MigrationGlob& o) {
  if (this != &o) {
    pattern_ = o.pattern_;
    compiled_ = std::make_unique<Compiled>(*o.compiled_);
  }
  return *this;
}
MigrationGlob::MigrationGlob(MigrationGlob&&) noexcept = default;
MigrationGlob& MigrationGlob::operator=(MigrationGlob&&) noexcept = default;

bool MigrationGlob::matchPath(std::string_view path, bool partial) const {
  const Compiled& c = *compiled_;
  if (c.comment) return false;
  if (c.empty) return path.empty();
  if (path == "/" && partial) return true;
  const std::vector<W> file = splitSlashes(utf16(path));
  for (const std::vector<Part>& pattern : c.set)
    if (matchOne(file, 0, pattern, 0, partial)) return !c.negate;
  return c.negate;
}

bool MigrationGlob::matches(std::string_view path) const { return matchPath(path, false); }
bool MigrationGlob::mayMatchBelow(std::string_view dir) const { return matchPath(dir, true); }

std::vector<std::string> MigrationGlob::list(const fs::path& root) const {
  std::vector<std::string> out;
  std::vector<std::pair<fs::path, std::string>> stack{{root, ""}};
  while (!stack.empty()) {
    const auto [abs, rel] = stack.back();
    stack.pop_back();
    std::error_code ec;
    fs::directory_iterator it(abs, ec);
    if (ec) continue;
    for (; it != fs::directory_iterator(); it.increment(ec)) {
      if (ec) break;
      const std::string name = it->path().filename().string();
      const std::string childRel = rel.empty() ? name : rel + "/" + name;
      std::error_code typeEc;
      const fs::file_status status = it->symlink_status(typeEc);  // a Dirent: a link is neither file nor folder
      if (typeEc) continue;
      if (fs::is_directory(status)) {
        if (mayMatchBelow(childRel)) stack.emplace_back(abs / name, childRel);
      } else if (fs::is_regular_file(status) && matches(childRel)) {
        out.push_back(childRel);
      }
    }
  }
  std::sort(out.begin(), out.end(), [](const std::string& a, const std::string& b) { return comparePaths(a, b) < 0; });
  return out;
}

bool MigrationGlob::leadingNumber(std::string_view path, double& number) {
  std::string_view first = path.substr(0, path.find('/'));
  first = first.substr(0, first.find('_'));
  const std::optional<double> n = parseInt10(first);
  if (!n) return false;
  number = *n;
  return true;
}

int MigrationGlob::comparePaths(std::string_view a, std::string_view b) {
  std::size_t ai = 0, bi = 0;
  for (;;) {
    const std::size_t ae = a.find('/', ai), be = b.find('/', bi);
    const int cmp = compareSegments(a.substr(ai, ae == std::string_view::npos ? std::string_view::npos : ae - ai),
                                    b.substr(bi, be == std::string_view::npos ? std::string_view::npos : be - bi));
    if (cmp != 0) return cmp;
    if (ae == std::string_view::npos || be == std::string_view::npos) {
      if (ae == be) return 0;
      return ae == std::string_view::npos ? -1 : 1;
    }
    ai = ae + 1;
    bi = be + 1;
  }
}

}  // namespace roost::migrate
