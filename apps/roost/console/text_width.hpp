#pragma once
// How wide text shows on a terminal, and how wide the terminal is. UTF-8 is decoded here
// (no locale): East Asian wide and fullwidth characters and emoji take two columns,
// combining marks and zero-width characters none, a byte that is not UTF-8 one.
#include <cstddef>
#include <string>
#include <string_view>

namespace roost::console {

// The columns one code point takes: 0, 1 or 2 (wcwidth's answer for printable ones).
int codePointWidth(char32_t c) noexcept;
std::size_t displayWidth(std::string_view utf8);
// `text` in at most `columns` columns: unchanged when it fits, else cut before the character
// that would not fit (never inside one, combining marks stay with their base) and ended
// with "…" (one column).
std::string cutToWidth(std::string_view text, std::size_t columns);

// The width tables are fitted to: the terminal's column count when fd is a terminal, else
// $COLUMNS when it holds a positive number, else 0 (unknown: nothing is fitted, so a pipe
// gets whole cells).
std::size_t terminalColumns(int fd);

}  // namespace roost::console
