#pragma once
// Column affinity (SQLite's type-affinity rules, which D1 shares): how a column converts a
// value it stores. Used to decide whether a changed attribute is a real change — '30' over a
// stored 30 in an INTEGER column writes the same 30, so it is not dirty.
#include <string_view>

#include "roost/orm/value.hpp"

namespace roost {

enum class Affinity { Integer, Text, Blob, Real, Numeric };

// The affinity of a declared column type, by SQLite's rules ("VARCHAR(20)" -> Text, "" -> Blob).
Affinity affinityOfType(std::string_view declaredType) noexcept;
// When the declared type is unknown: the affinity a stored value implies (a stored integer is
// in a numeric column, stored text in a text column; NULL and blobs compare exactly).
Affinity impliedAffinity(const Value& stored) noexcept;
// The value as a column of this affinity would store it.
Value storedAs(const Value& v, Affinity affinity);
// Whether the column would hold the same value after storing `current` over `original`.
bool storedEquivalent(const Value& original, const Value& current, Affinity affinity);

}  // namespace roost
