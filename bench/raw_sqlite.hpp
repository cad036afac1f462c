#pragma once
// The baseline: W1-W6 through the sqlite3 C API, each statement prepared once per workload.
#include <array>
#include <string>

#include "workload.hpp"

namespace bench {
std::array<Measurement, 6> runRaw(const std::string& path);
}
