#pragma once
// SQL identifiers (table and column names). Values are always bound; names cannot be, so
// every name is validated — letters, digits and _, not starting with a digit, optionally
// "table.column" — and double-quoted. Anything else is refused before SQL is built.
#include <string>
#include <string_view>

namespace roost {

bool isValidIdentifier(std::string_view name) noexcept;
// A name without a "table." part: letters, digits and _, not starting with a digit, at most 128.
bool isPlainIdentifier(std::string_view name) noexcept;
// Throws InvalidIdentifierError unless isValidIdentifier(name).
void requireIdentifier(std::string_view name);
// Appends the quoted identifier ("posts", "posts"."id") to out, validating it first.
void appendQuotedIdentifier(std::string& out, std::string_view name);
std::string quoteIdentifier(std::string_view name);
// Any name, double-quoted with its " doubled (wrangler's escapeIdentifier): for names the
// database itself holds (read back from sqlite_schema) or that wrangler accepts
// (migrations_table), which need not be plain identifiers. Never for names from user input.
std::string quoteAnyName(std::string_view name);

}  // namespace roost
