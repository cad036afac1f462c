#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>

#include "roost/d1/json_value.hpp"

using nlohmann::json;
using roost::Blob;
using roost::Value;
using roost::d1::fromJson;
using roost::d1::kMaxSafeInteger;
using roost::d1::toJson;
using roost::d1::UnsafeIntegerError;

TEST_CASE("values become the JSON D1 binds") {
  CHECK(toJson(Value()) == json(nullptr));
  CHECK(toJson(Value(42)).is_number_integer());
  CHECK(toJson(Value(42)) == json(42));
  CHECK(toJson(Value(-kMaxSafeInteger)) == json(-kMaxSafeInteger));
  CHECK(toJson(Value(2.5)) == json(2.5));
  const std::string text("quote ' \" and NUL \0 inside", 26);
  CHECK(toJson(Value(text)).get<std::string>() == text);
  CHECK(toJson(Value(Blob{std::string("\x00\xff\x41", 3)})) == json::array({0, 255, 65}));
  CHECK(toJson(Value(Blob{})) == json::array());
}

TEST_CASE("integers beyond 2^53 - 1 and non-finite reals are refused for binding") {
  CHECK_THROWS_AS(toJson(Value(kMaxSafeInteger + 1)), roost::UsageError);
  CHECK_THROWS_AS(toJson(Value(-kMaxSafeInteger - 1)), roost::UsageError);
  CHECK_THROWS_AS(toJson(Value(std::numeric_limits<std::int64_t>::max())), roost::UsageError);
  CHECK_THROWS_WITH_AS(toJson(Value(9007199254740993LL)), doctest::Contains("bind it as text"), roost::UsageError);
  CHECK_THROWS_AS(toJson(Value(std::nan(""))), roost::UsageError);
  CHECK_THROWS_AS(toJson(Value(std::numeric_limits<double>::infinity())), roost::UsageError);
}

TEST_CASE("D1 result JSON becomes values, numbers parsed without a detour through double") {
  CHECK(fromJson(json::parse("null")).isNull());
  CHECK(fromJson(json::parse("9007199254740991")) == Value(kMaxSafeInteger));
  CHECK(fromJson(json::parse("-9007199254740991")) == Value(-kMaxSafeInteger));
  CHECK(fromJson(json::parse("1.25")) == Value(1.25));
  CHECK(fromJson(json::parse("true")) == Value(1));
  CHECK(fromJson(json::parse(R"("a\u0000b")")) == Value(std::string("a\0b", 3)));
  CHECK(fromJson(json::parse("[0,1,255]")) == Value(Blob{std::string("\x00\x01\xff", 3)}));
  CHECK(fromJson(nlohmann::ordered_json::parse("[]")) == Value(Blob{}));
}

TEST_CASE("an integer D1 may have rounded is refused, never returned changed") {
  for (const char* number : {"9007199254740992", "9007199254740993", "-9007199254740993", "9223372036854775807",
                             "9223372036854776000", "18446744073709551615"}) {
    CAPTURE(number);
    CHECK_THROWS_WITH_AS(fromJson(json::parse(number)), doctest::Contains("CAST(col AS TEXT)"), UnsafeIntegerError);
  }
}

TEST_CASE("JSON no D1 value looks like is a D1Error") {
  CHECK_THROWS_AS(fromJson(json::parse(R"({"a":1})")), roost::D1Error);
  CHECK_THROWS_AS(fromJson(json::parse("[1, 256]")), roost::D1Error);
  CHECK_THROWS_AS(fromJson(json::parse(R"(["x"])")), roost::D1Error);
}
