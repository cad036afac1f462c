// Display width for table fitting: what a terminal shows, not bytes or code points.
#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

#include "console/text_width.hpp"

using namespace roost::console;

TEST_CASE("display width: CJK and emoji two columns, combining marks none, a bad byte one") {
  CHECK(displayWidth("abc") == 3);
  CHECK(displayWidth("日本語") == 6);
  CHECK(displayWidth("ｶﾀｶﾅ") == 4);                       // halfwidth katakana stays narrow
  CHECK(displayWidth("ＡＢ") == 4);                        // fullwidth Latin
  CHECK(displayWidth("e\xCC\x81") == 1);                  // e + COMBINING ACUTE ACCENT
  CHECK(displayWidth("\xC3\xA9") == 1);                   // é precomposed
  CHECK(displayWidth("\xF0\x9F\x8E\x89") == 2);           // 🎉
  CHECK(displayWidth("\xE2\x80\x8B") == 0);               // ZERO WIDTH SPACE
  CHECK(displayWidth("\xFF" "a\xC3") == 3);               // invalid bytes: one column each
  CHECK(displayWidth("\xE0\x80\x80") == 3);               // an overlong form is three bad bytes
  CHECK(displayWidth("한국어") == 6);
}

TEST_CASE("cutToWidth: never inside a character, combining marks stay, the ellipsis takes one column") {
  CHECK(cutToWidth("abcdef", 6) == "abcdef");
  CHECK(cutToWidth("abcdef", 4) == "abc…");
  CHECK(cutToWidth("日本語", 6) == "日本語");
  CHECK(cutToWidth("日本語", 5) == "日本…");
  CHECK(cutToWidth("日本語", 4) == "日…");  // 本 would need columns 3-4, the ellipsis one more
  CHECK(cutToWidth("e\xCC\x81" "e\xCC\x81" "e\xCC\x81" "e\xCC\x81", 3) == "e\xCC\x81" "e\xCC\x81…");
  CHECK(cutToWidth("\xF0\x9F\x8E\x89\xF0\x9F\x8E\x89", 3) == "\xF0\x9F\x8E\x89…");
  CHECK(cutToWidth("abc", 0).empty());
  CHECK(displayWidth(cutToWidth("漢字漢字漢字", 7)) <= 7);
}

TEST_CASE("terminalColumns: COLUMNS off a terminal, nothing when unset or not a number") {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  const char* saved = std::getenv("COLUMNS");
  const std::string keep = saved ? saved : "";
  ::setenv("COLUMNS", "97", 1);
  CHECK(terminalColumns(fds[1]) == 97);
  ::setenv("COLUMNS", "97x", 1);
  CHECK(terminalColumns(fds[1]) == 0);
  ::setenv("COLUMNS", "-3", 1);
  CHECK(terminalColumns(fds[1]) == 0);
  ::unsetenv("COLUMNS");
  CHECK(terminalColumns(fds[1]) == 0);
  if (saved) ::setenv("COLUMNS", keep.c_str(), 1);
  ::close(fds[0]);
  ::close(fds[1]);
}
