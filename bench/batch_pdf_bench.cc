// The human-readable batch record of a 5,000-step batch: render_record_pdf timed against the
// canonical JSON serialisation of the same record (what GET record.json does), the baseline
// measured in the same run. Target: the PDF in <= 2 s.
//
//   batch_pdf_bench [--steps N] [--runs R] [--out record.pdf]

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <string>
#include <vector>
#include "bench_support.h"

#include "gemba/batch/pdf/record_pdf.h"
#include "gemba/batch/pdf/test_records.h"
#include "gemba/core/json.h"
#include "gemba/trust/signature.h"

namespace {

using gemba::bench::median_ms;

using Clock = std::chrono::steady_clock;

}  // namespace

int main(int argc, char** argv) {
  std::size_t steps = 5000;
  int runs = 5;
  const char* out = nullptr;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--steps") == 0) steps = std::strtoul(argv[i + 1], nullptr, 10);
    if (std::strcmp(argv[i], "--runs") == 0) runs = std::max(1, std::atoi(argv[i + 1]));
    if (std::strcmp(argv[i], "--out") == 0) out = argv[i + 1];
  }
  const boost::json::object record =
      gemba::batch::pdf::make_test_record({.steps = steps,
                                           .steps_per_operation = 50,
                                           .operations_per_unit_procedure = 10,
                                           .formula_lines = 40,
                                           .long_instruction_chars = 2000});
  const std::string sha = gemba::trust::content_hash(record);
  std::size_t sink = 0;
  std::size_t json_bytes = 0;
  const double baseline = median_ms(runs, [&] {
    json_bytes = gemba::canonical_json(record).size();
    sink += json_bytes;
  });
  std::string pdf;
  const double render = median_ms(runs, [&] {
    auto r = gemba::batch::render_record_pdf(record, sha);
    if (!r.ok()) {
      std::fprintf(stderr, "render_record_pdf: %s\n", r.error().to_string().c_str());
      std::exit(1);
    }
    pdf = std::move(*r);
    sink += pdf.size();
  });
  std::size_t pages = 0;
  const std::string page_type = "/Type /Page";  // page dictionaries are not compressed
  for (std::size_t at = 0; (at = pdf.find(page_type, at)) != std::string::npos; ++at) {
    if (pdf.compare(at, page_type.size() + 1, page_type + "s") != 0) ++pages;
  }
  if (out != nullptr) std::ofstream(out, std::ios::binary) << pdf;

  std::printf("## batch_pdf_bench (%zu steps, %.1f MB of record JSON, median of %d runs)\n\n",
              steps, static_cast<double>(json_bytes) / 1e6, runs);
  std::printf("| operation | ms | / canonical JSON |\n|---|---:|---:|\n");
  std::printf("| canonical JSON of the record (baseline) | %.1f | 1.00x |\n", baseline);
  std::printf("| render the PDF (%zu pages, %.1f MB) | %.1f | %.1fx |\n", pages,
              static_cast<double>(pdf.size()) / 1e6, render, render / baseline);
  std::printf("\ntarget: the PDF of a 5,000-step record <= 2000 ms: %s\n",
              render <= 2000 ? "met" : "NOT met");
  return sink == 0 ? 2 : 0;
}
