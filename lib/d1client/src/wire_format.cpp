#include "wire_format.hpp"

#include <algorithm>
#include <cctype>

#include "roost/d1/json_value.hpp"
#include "text_util.hpp"

namespace roost::d1::detail {
namespace {

nlohmann::json statementJson(const Statement& s, std::size_t statementIndex, std::size_t statementCount) {
  nlohmann::json out = {{"sql", s.sql}};
  if (s.bindings.empty()) return out;
  nlohmann::json params = nlohmann::json::array();
  for (std::size_t i = 0; i < s.bindings.size(); ++i) {
    try {
      params.push_back(toJson(s.bindings[i]));
    } catch (const UsageError& e) {
      throw UsageError(std::string(e.what()) + "\n  at parameter " + std::to_string(i + 1) +
                       (statementCount > 1 ? " of statement " + std::to_string(statementIndex + 1) : "") +
                       " in: " + detail::oneLine(s.sql, 200));
    }
  }
  out["params"] = std::move(params);
  return out;
}

bool validUtf8(const std::string& text) {
  try {
    (void)nlohmann::json(text).dump();
    return true;
  } catch (const nlohmann::json::type_error&) {
    return false;
  }
}

// JSON strings are Unicode: name the statement or parameter whose text is not UTF-8.
[[noreturn]] void invalidUtf8(std::span<const Statement> statements) {
  for (std::size_t s = 0; s < statements.size(); ++s) {
    const Statement& st = statements[s];
    if (!validUtf8(st.sql)) throw UsageError("the SQL text is not valid UTF-8, which D1's JSON API cannot carry");
    for (std::size_t i = 0; i < st.bindings.size(); ++i)
      if (const auto* t = st.bindings[i].textIf(); t && !validUtf8(*t))
        throw UsageError("parameter " + std::to_string(i + 1) + " is text that is not valid UTF-8, which D1's JSON " +
                         "API cannot carry; bind these bytes as a Blob\n  in: " + detail::oneLine(st.sql, 200));
  }
  throw UsageError("a value is not valid UTF-8, which D1's JSON API cannot carry");
}

}  // namespace

std::string requestBody(std::span<const Statement> statements, bool asBatch) {
  nlohmann::json body;
  if (asBatch) {
    body["batch"] = nlohmann::json::array();
    for (std::size_t i = 0; i < statements.size(); ++i)
      body["batch"].push_back(statementJson(statements[i], i, statements.size()));
  } else {
    body = statementJson(statements.front(), 0, 1);
  }
  try {
    return body.dump();
  } catch (const nlohmann::json::type_error&) {
    invalidUtf8(statements);
  }
}

namespace {

std::int64_t metaInt(const Json& meta, const char* key) {
  const auto it = meta.find(key);
  if (it == meta.end()) return 0;
  if (it->is_number_integer()) return it->get<std::int64_t>();
  if (it->is_number_float()) return static_cast<std::int64_t>(it->get<double>());
  return 0;
}

StatementResult decodeMeta(const Json& item) {
  StatementResult r;
  const auto meta = item.find("meta");
  if (meta == item.end() || !meta->is_object()) return r;
  r.changes = metaInt(*meta, "changes");
  r.rowsRead = metaInt(*meta, "rows_read");
  r.rowsWritten = metaInt(*meta, "rows_written");
  if (const auto d = meta->find("duration"); d != meta->end() && d->is_number()) r.durationMs = d->get<double>();
  if (const auto c = meta->find("changed_db"); c != meta->end() && c->is_boolean()) r.changedDb = c->get<bool>();
  if (const auto id = meta->find("last_row_id"); id != meta->end() && id->is_number_integer()) {
    const auto n = id->get<std::int64_t>();
    if (n <= kMaxSafeInteger && n >= -kMaxSafeInteger) r.lastRowId = n;  // beyond: D1 may have rounded it
  }
  return r;
}

Value decodeValue(const Json& json, const std::string& column, std::size_t row) {
  try {
    return fromJson(json);
  } catch (const UnsafeIntegerError& e) {
    throw UnsafeIntegerError("column \"" + column + "\" of row " + std::to_string(row + 1) + ": " + e.what());
  }
}

}  // namespace

void decodeRows(const Json& item, Endpoint endpoint, const std::function<void(std::vector<std::string>&&)>& onColumns,
                const std::function<bool(std::vector<Value>&&)>& onRow) {
  const auto results = item.find("results");
  std::vector<std::string> columns;
  if (results == item.end() || results->is_null()) {
    onColumns(std::move(columns));
    return;
  }
  if (endpoint == Endpoint::Raw) {
    if (!results->is_object()) throw D1Error(200, 0, "D1's /raw answer has no {columns, rows} object");
    if (const auto c = results->find("columns"); c != results->end() && c->is_array())
      for (const auto& name : *c) columns.push_back(name.is_string() ? name.get<std::string>() : name.dump());
    const std::vector<std::string>& names = columns;
    onColumns(std::vector<std::string>(names));
    const auto rows = results->find("rows");
    if (rows == results->end() || !rows->is_array()) return;
    for (std::size_t r = 0; r < rows->size(); ++r) {
      const Json& row = (*rows)[r];
      if (!row.is_array() || row.size() != names.size())
        throw D1Error(200, 0, "D1's /raw answer has a row whose length does not match its columns");
      std::vector<Value> values;
      values.reserve(row.size());
      for (std::size_t i = 0; i < row.size(); ++i) values.push_back(decodeValue(row[i], names[i], r));
      if (!onRow(std::move(values))) return;
    }
    return;
  }
  if (!results->is_array()) throw D1Error(200, 0, "D1's /query answer has no array of rows");
  if (!results->empty() && results->front().is_object())
    for (const auto& [name, value] : results->front().items()) columns.push_back(name);
  const std::vector<std::string> names = columns;
  onColumns(std::move(columns));
  for (std::size_t r = 0; r < results->size(); ++r) {
    const Json& row = (*results)[r];
    std::vector<Value> values;
    values.reserve(names.size());
    for (const std::string& name : names) {
      const auto cell = row.find(name);
      values.push_back(cell == row.end() ? Value() : decodeValue(*cell, name, r));
    }
    if (!onRow(std::move(values))) return;
  }
}

StatementResult decodeResult(const Json& item, Endpoint endpoint) {
  StatementResult r = decodeMeta(item);
  decodeRows(
      item, endpoint, [&](std::vector<std::string>&& columns) { r.columns = std::move(columns); },
      [&](std::vector<Value>&& values) {
        r.rows.push_back(std::move(values));
        return true;
      });
  return r;
}

std::string errorMessages(const Json& json, int& code, std::string_view secret) {
  std::string message;
  code = 0;
  const auto errors = json.find("errors");
  if (errors != json.end() && errors->is_array()) {
    for (const auto& e : *errors) {
      if (!e.is_object()) continue;
      if (code == 0) {
        if (const auto c = e.find("code"); c != e.end() && c->is_number_integer()) code = c->get<int>();
      }
      const auto m = e.find("message");
      if (m != e.end() && m->is_string()) message += (message.empty() ? "" : "; ") + redact(m->get<std::string>(), secret);
    }
  }
  if (message.empty())
    if (const auto e = json.find("error"); e != json.end() && e->is_string()) message = redact(e->get<std::string>(), secret);
  return message;
}


// "HTTP 502 from a proxy" bodies: the page title, else its text, short and printable.
std::string summarizeBody(const std::string& body) {
  std::string text;
  const auto lower = [](std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
  };
  const std::string low = lower(body.substr(0, 65536));
  if (const auto open = low.find("<title"); open != std::string::npos) {
    const auto start = low.find('>', open);
    const auto close = low.find("</title", open);
    if (start != std::string::npos && close != std::string::npos && start < close)
      text = body.substr(start + 1, close - start - 1);
  }
  if (text.empty()) {  // strip tags
    bool inTag = false;
    for (const char c : body.substr(0, 4096)) {
      if (c == '<') inTag = true;
      else if (c == '>') inTag = false;
      else if (!inTag) text.push_back(c);
    }
  }
  return detail::oneLine(text, 160);
}

}  // namespace roost::d1::detail
