#pragma once
// Internal to roost::d1: D1's REST API on the wire. Request bodies ({sql, params} or
// {batch: [...]}) and the decoding of answers ({result: [{results, meta, success}], errors})
// into StatementResults, for both endpoints (/raw: {columns, rows}; /query: row objects).
#include <cstddef>
#include <functional>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <vector>

#include "roost/d1/client.hpp"

namespace roost::d1::detail {

// Answers are parsed keeping the order of object keys: /query rows list their columns that way.
using Json = nlohmann::ordered_json;

// The request body for one statement ({sql, params}) or a batch ({batch: [{sql, params}]}).
// Throws roost::UsageError naming the parameter or statement that D1 cannot be sent (an
// integer beyond 2^53 - 1, a NaN, text that is not UTF-8).
std::string requestBody(std::span<const Statement> statements, bool asBatch);

// One entry of an answer's "result" array.
StatementResult decodeResult(const Json& item, Endpoint endpoint);
// The same, handing the columns and then each row to callbacks; onRow returns false to stop.
void decodeRows(const Json& item, Endpoint endpoint, const std::function<void(std::vector<std::string>&&)>& onColumns,
                const std::function<bool(std::vector<Value>&&)>& onRow);

// The messages of an error answer's "errors" array (joined with "; "), and the first code.
std::string errorMessages(const Json& answer, int& code, std::string_view secret);

// A non-JSON body (a proxy's HTML error page, say) as one short printable line: its
// <title>, else its text without tags.
std::string summarizeBody(const std::string& body);

}  // namespace roost::d1::detail
