// The logbook templates a new plant starts with: an oral solid dose (tablets, capsules) plant with
// grade C/D processing rooms. Particle limits are EU GMP Annex 1 (2022) grade C at rest; the other
// limits are typical of such rooms. A plant adapts them to its own qualification.

#include <utility>

#include "gemba/logbook/model/template.h"

namespace gemba::logbook {
namespace {

using recipe::Limits;

recipe::Step step(std::string key, std::string name, std::string text, recipe::StepSpec spec) {
  recipe::Step s;
  s.key = std::move(key);
  s.name = std::move(name);
  s.text = std::move(text);
  s.spec = std::move(spec);
  return s;
}

Field required(recipe::Step s) { return {std::move(s), true}; }
Field optional(recipe::Step s) { return {std::move(s), false}; }

// A checklist item: answered Yes when all is well; No is recorded as a major exception.
Field check(std::string key, std::string name, std::string text) {
  return required(
      step(std::move(key), std::move(name), std::move(text), recipe::BooleanEntrySpec{true}));
}

recipe::Step text(std::string key, std::string name, std::string text, int max_length,
                  std::string pattern = {}) {
  return step(std::move(key), std::move(name), std::move(text),
              recipe::TextEntrySpec{max_length, std::move(pattern)});
}

recipe::Step choice(std::string key, std::string name, std::string text,
                    std::vector<std::string> options) {
  return step(std::move(key), std::move(name), std::move(text),
              recipe::ChoiceEntrySpec{std::move(options), std::nullopt});
}

recipe::Step date(std::string key, std::string name, std::string text) {
  return step(std::move(key), std::move(name), std::move(text), recipe::DateTimeEntrySpec{true});
}

recipe::Step measurement(std::string key, std::string name, std::string text, std::string unit,
                         int decimals, Limits limits, Limits alarm) {
  recipe::NumericEntrySpec n;
  n.unit = std::move(unit);
  n.decimals = decimals;
  n.limits = limits;
  n.alarm = alarm;
  return step(std::move(key), std::move(name), std::move(text), std::move(n));
}

Field remarks() {
  return optional(text("remarks", "Remarks", "Anything a reviewer should know.", 1000));
}

Template clearance() {
  Template t;
  t.type = "clearance";
  t.name = "Area / line clearance";
  t.description =
      "Before a batch starts in a room: nothing of the previous product, its documents, labels or "
      "waste remains (EU GMP chapter 5; 21 CFR 211.130). A second person verifies.";
  t.kind = Kind::kClearance;
  t.fields = {
      check("previous_product_removed", "Previous product removed",
            "No product, intermediate, sample or container of the previous batch remains in the "
            "room or on the line."),
      check("previous_documents_removed", "Previous documents removed",
            "No batch record, instruction or printed material of the previous batch remains."),
      check("equipment_clean_status_checked", "Equipment clean status checked",
            "Every piece of equipment in the room is clean, within its clean hold time, and "
            "labelled so."),
      check("waste_removed", "Waste removed", "Waste bins are empty and waste is removed."),
      check("labels_removed", "Labels removed",
            "Status labels and line identification of the previous batch are removed."),
      remarks(),
  };
  t.verification = true;
  t.links = {.equipment = LinkRule::kOptional,
             .room = LinkRule::kRequired,
             .batch = LinkRule::kRequired,
             .lot = LinkRule::kNone};
  return t;
}

Template usage() {
  Template t;
  t.type = "usage";
  t.name = "Equipment usage";
  t.description =
      "The equipment log (21 CFR 211.182): use by batches, maintenance, out of service and "
      "calibration, in order.";
  t.kind = Kind::kUsage;
  std::vector<std::string> activities(std::begin(kUsageActivities), std::end(kUsageActivities));
  t.fields = {
      required(choice(std::string(kActivityField), "Activity", "What happens to the equipment.",
                      std::move(activities))),
      optional(date(std::string(kCalibrationDueField), "Calibration due",
                    "After a calibration: the date the next one is due.")),
      remarks(),
  };
  t.links = {.equipment = LinkRule::kRequired,
             .room = LinkRule::kNone,
             .batch = LinkRule::kOptional,
             .lot = LinkRule::kNone};
  return t;
}

Template cleaning() {
  Template t;
  t.type = "cleaning";
  t.name = "Cleaning";
  t.description =
      "Cleaning of equipment or a room to its validated procedure (21 CFR 211.67). Minor: "
      "between batches of the same product; major: at a product change or when the dirty hold "
      "time was exceeded. A second person verifies.";
  t.kind = Kind::kCleaning;
  t.fields = {
      required(choice(std::string(kLevelField), "Cleaning level",
                      "Minor between batches of one product, major otherwise.",
                      {"minor", "major"})),
      required(text("procedure", "Cleaning procedure", "The SOP followed, e.g. SOP-CLN-0042.", 20,
                    "SOP-[A-Z]{2,5}-[0-9]{3,4}")),
      optional(
          text("detergent_lot", "Detergent lot", "The lot of the detergent used, if any.", 40)),
      optional(measurement("rinse_water_temperature", "Final rinse water temperature",
                           "Purified water at the outlet during the final rinse.", "°C", 1,
                           {.low = 5, .high = 95}, {.low = 15, .high = 80})),
      remarks(),
  };
  t.verification = true;
  t.links = {.equipment = LinkRule::kOptional,
             .room = LinkRule::kOptional,
             .batch = LinkRule::kNone,
             .lot = LinkRule::kNone};
  return t;
}

Template environment() {
  Template t;
  t.type = "environment";
  t.name = "Environmental monitoring";
  t.description =
      "Room conditions of a grade C room (particle limits: EU GMP Annex 1, 2022, at rest). A "
      "value outside the alarm limits is recorded and raised for review, never refused.";
  t.kind = Kind::kEnvironment;
  t.fields = {
      required(measurement("temperature", "Temperature", "Room temperature.", "°C", 1,
                           {.low = 0, .high = 50}, {.low = 18, .high = 25})),
      required(measurement("relative_humidity", "Relative humidity", "Room relative humidity.", "%",
                           0, {.low = 0, .high = 100}, {.low = 30, .high = 65})),
      required(measurement("differential_pressure", "Differential pressure",
                           "Pressure difference to the adjacent lower-grade area.", "Pa", 1,
                           {.low = -100, .high = 100}, {.low = 10, .high = 60})),
      optional(measurement("particles_05um", "Particles ≥ 0.5 µm",
                           "Airborne particles per cubic metre; grade C at rest: at most 352,000.",
                           "/m³", 0, {.low = 0}, {.high = 352000})),
      optional(measurement("particles_5um", "Particles ≥ 5 µm",
                           "Airborne particles per cubic metre; grade C at rest: at most 2,930.",
                           "/m³", 0, {.low = 0}, {.high = 2930})),
      remarks(),
  };
  t.links = {.equipment = LinkRule::kNone,
             .room = LinkRule::kRequired,
             .batch = LinkRule::kOptional,
             .lot = LinkRule::kNone};
  return t;
}

Template gowning() {
  Template t;
  t.type = "gowning";
  t.name = "Personnel gowning qualification";
  t.description =
      "A person qualified to gown for a grade of cleanroom, and until when (EU GMP Annex 1). The "
      "assessor verifies.";
  t.kind = Kind::kGowning;
  t.fields = {
      required(text(std::string(kPersonField), "Person",
                    "Name and user id of the person qualified.", 200)),
      required(choice("qualification", "Qualification", "The highest grade qualified for.",
                      {"grade_d", "grade_c", "grade_b"})),
      required(date(std::string(kValidUntilField), "Valid until",
                    "The last day the qualification is valid.")),
      remarks(),
  };
  t.verification = true;
  t.links = {.equipment = LinkRule::kNone,
             .room = LinkRule::kOptional,
             .batch = LinkRule::kNone,
             .lot = LinkRule::kNone};
  return t;
}

Template receipt() {
  Template t;
  t.type = "receipt";
  t.name = "Material receipt";
  t.description =
      "Incoming goods inspection of a delivery (21 CFR 211.82): the containers, "
      "labels and seals are checked before the lot goes to quarantine.";
  t.kind = Kind::kReceipt;
  t.fields = {
      required(text("delivery_note", "Delivery note", "The supplier's delivery note number.", 64)),
      check("containers_intact", "Containers intact",
            "No container is damaged, wet, contaminated or open."),
      check("labels_match", "Labels match",
            "Material, supplier and lot on every label match the order and the delivery note."),
      check("seal_intact", "Seals intact", "Every tamper-evident seal is intact."),
      remarks(),
  };
  t.links = {.equipment = LinkRule::kNone,
             .room = LinkRule::kNone,
             .batch = LinkRule::kNone,
             .lot = LinkRule::kRequired};
  return t;
}

}  // namespace

std::vector<Template> default_templates() {
  return {clearance(), usage(), cleaning(), environment(), gowning(), receipt()};
}

}  // namespace gemba::logbook
