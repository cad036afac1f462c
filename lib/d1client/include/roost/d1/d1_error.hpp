#pragma once
// D1Error: the D1 REST API answered with an error, or not at all (httpStatus 0). Code that
// only needs to know whether a failed write may have been applied catches roost::RemoteError.
#include <string>

#include "roost/orm/error.hpp"

namespace roost {

class D1Error : public RemoteError {
 public:
  D1Error(int httpStatus, int d1Code, std::string message, bool mayHaveBeenApplied = false)
      : RemoteError("D1 error" + (httpStatus ? " (HTTP " + std::to_string(httpStatus) : std::string(" (no response")) +
                        (d1Code ? ", code " + std::to_string(d1Code) : std::string()) + "): " + message,
                    mayHaveBeenApplied),
        httpStatus_(httpStatus), d1Code_(d1Code) {}
  int httpStatus() const noexcept { return httpStatus_; }
  int d1Code() const noexcept { return d1Code_; }

 private:
  int httpStatus_, d1Code_;
};

}  // namespace roost
