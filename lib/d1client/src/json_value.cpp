#include "roost/d1/json_value.hpp"

#include <cmath>
#include <nlohmann/json.hpp>
#include <string>

namespace roost::d1 {
namespace {

[[noreturn]] void unsafeInteger(const std::string& digits) {
  throw UnsafeIntegerError("D1 returned the integer " + digits +
                           ", beyond +-(2^53 - 1): D1 passes numbers through JavaScript doubles, so the stored "
                           "value may differ from it; select the column as text (CAST(col AS TEXT)) to read it "
                           "exactly");
}

template <class Json>
Value fromJsonImpl(const Json& json) {
  switch (json.type()) {
    case nlohmann::json::value_t::null: return Value();
    case nlohmann::json::value_t::boolean: return Value(json.template get<bool>());
    case nlohmann::json::value_t::number_unsigned: {
      const auto n = json.template get<std::uint64_t>();
      if (n > static_cast<std::uint64_t>(kMaxSafeInteger)) unsafeInteger(std::to_string(n));
      return Value(static_cast<std::int64_t>(n));
    }
    case nlohmann::json::value_t::number_integer: {
      const auto n = json.template get<std::int64_t>();
      if (n > kMaxSafeInteger || n < -kMaxSafeInteger) unsafeInteger(std::to_string(n));
      return Value(n);
    }
    case nlohmann::json::value_t::number_float: return Value(json.template get<double>());
    case nlohmann::json::value_t::string: return Value(json.template get_ref<const std::string&>());
    case nlohmann::json::value_t::array: {
      Blob blob;
      blob.bytes.reserve(json.size());
      for (const auto& byte : json) {
        if (!byte.is_number_integer() || byte.template get<std::int64_t>() < 0 || byte.template get<std::int64_t>() > 255)
          throw D1Error(200, 0, "a D1 result holds an array that is not a blob (array of bytes 0-255): " +
                                    json.dump().substr(0, 80));
        blob.bytes.push_back(static_cast<char>(static_cast<unsigned char>(byte.template get<std::int64_t>())));
      }
      return Value(std::move(blob));
    }
    default:
      throw D1Error(200, 0, std::string("a D1 result holds a JSON ") + json.type_name() +
                                " where a column value (null, number, text or byte array) belongs");
  }
}

}  // namespace

nlohmann::json toJson(const Value& value) {
  if (const auto* n = value.intIf()) {
    if (*n > kMaxSafeInteger || *n < -kMaxSafeInteger)
      throw UsageError("the integer " + std::to_string(*n) +
                       " is beyond +-(2^53 - 1), which D1 cannot bind exactly (it turns bound numbers into "
                       "JavaScript doubles); bind it as text instead (an INTEGER column stores the text as the exact "
                       "integer)");
    return *n;
  }
  if (const auto* d = value.doubleIf()) {
    if (!std::isfinite(*d)) throw UsageError("NaN and infinite reals cannot be bound on D1 (JSON has no such number)");
    return *d;
  }
  if (const auto* t = value.textIf()) return *t;
  if (const auto* b = value.blobIf()) {
    nlohmann::json bytes = nlohmann::json::array();
    bytes.get_ref<nlohmann::json::array_t&>().reserve(b->bytes.size());
    for (const char c : b->bytes) bytes.push_back(static_cast<unsigned char>(c));
    return bytes;
  }
  return nullptr;
}

Value fromJson(const nlohmann::json& json) { return fromJsonImpl(json); }
Value fromJson(const nlohmann::ordered_json& json) { return fromJsonImpl(json); }

}  // namespace roost::d1
