#pragma once
// A deterministic IdGenerator for tests: 00000000-0000-7000-8000-000000000001, ...002, ...

#include <atomic>
#include <cstdio>
#include <string>

#include "gemba/core/ids.h"

namespace gemba::testing {

class SequentialIdGenerator final : public IdGenerator {
 public:
  std::string new_id() override {
    const unsigned long long n = ++n_;
    char buf[40];
    std::snprintf(buf, sizeof buf, "00000000-0000-7000-8000-%012llx", n);
    return buf;
  }

 private:
  std::atomic<unsigned long long> n_{0};
};

}  // namespace gemba::testing
