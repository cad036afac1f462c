#pragma once
// The JSON text of console values, shared by the json, ndjson and csv printers (CSV puts a
// loaded relation in its cell as JSON). Text that is not UTF-8 gets U+FFFD, so the output
// is always valid JSON; blobs are lowercase hex.
#include <string>
#include <string_view>

#include "console/value.hpp"

namespace roost::console {

// s with every byte that is not UTF-8 replaced by U+FFFD; json: also escaped for a JSON string.
void appendUtf8Checked(std::string& out, std::string_view s, bool json);
void appendJsonString(std::string& out, std::string_view s);
void appendJsonValue(std::string& out, const Value& v);
// A record with its loaded relations nested (a list for hasMany/belongsToMany).
void appendRecordJson(std::string& out, const Record& r, int depth = 0);
void appendJson(std::string& out, const CValue& v);
// The JSON of a record's loaded relation, or "" when nothing is related.
std::string relationJson(const Record& r, const std::string& name);
std::string hexOf(const std::string& bytes);
// Whether the record's relation `name` holds a list (unknown names do).
bool manyRelation(const Record& r, const std::string& name);

}  // namespace roost::console
