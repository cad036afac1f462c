#pragma once
// How roost::Value travels in D1's JSON, both ways. Thread-safe pure functions.
//
//   Value        -> JSON param                  JSON result        -> Value
//   null            null                         null                  null
//   integer         number (|n| <= 2^53 - 1)     integer number        integer (|n| <= 2^53 - 1)
//   real            number (finite only)         fractional number     real
//   text            string (valid UTF-8 only)    string                text
//   blob            array of byte numbers        array of numbers      blob (D1's own encoding,
//                   [0..255] (D1 binds an                              workerd's convertParams /
//                   array param as a BLOB)                             convertRows)
//
// Large integers. D1 turns every bound number into a JavaScript double and sends every
// result number back as one, so an integer beyond +-(2^53 - 1) (Number.MAX_SAFE_INTEGER)
// cannot cross the REST API exactly. roost never lets that happen silently:
//  * binding such an integer is refused (roost::UsageError) before anything is sent; bind
//    it as text instead: SQLite stores the text '9007199254740993' in an INTEGER column as
//    the exact integer;
//  * a result holding an integer number beyond that range is refused (UnsafeIntegerError)
//    because its low digits may already have been rounded away by D1; select such a column
//    as text (CAST(col AS TEXT)) to read it exactly.
// JSON numbers are parsed keeping nlohmann's integer / unsigned / float distinction, so an
// integer-looking number is never passed through a double on roost's side.
// Known D1 behaviour kept as is: JavaScript prints 2.0 as 2, so a REAL with an integral value
// comes back as an integer, and D1 binds every JSON number param as a REAL (stored as an
// integer by columns with INTEGER affinity).
#include <cstdint>
#include <nlohmann/json_fwd.hpp>

#include "roost/d1/d1_error.hpp"
#include "roost/orm/value.hpp"

namespace roost::d1 {

inline constexpr std::int64_t kMaxSafeInteger = 9007199254740991;  // 2^53 - 1

// A number in a D1 result that D1 cannot have carried exactly.
class UnsafeIntegerError : public Error {
 public:
  using Error::Error;
};

// A bound value as D1 expects it. Throws roost::UsageError for an integer beyond
// +-kMaxSafeInteger or a NaN or infinite real (JSON has no such number). Text must be valid
// UTF-8 (JSON strings are Unicode; bind other bytes as a Blob): the Client checks that when
// it writes the request body and names the parameter.
nlohmann::json toJson(const Value& value);

// A value from a D1 result. Throws UnsafeIntegerError for integers beyond +-kMaxSafeInteger,
// roost::D1Error for JSON that no D1 value looks like (an object, an array of non-bytes).
Value fromJson(const nlohmann::json& json);
Value fromJson(const nlohmann::ordered_json& json);

}  // namespace roost::d1
