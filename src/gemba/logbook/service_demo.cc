#include "gemba/logbook/service_demo.h"

#include <cmath>

#include "gemba/core/time.h"

namespace gemba::logbook {
namespace {

namespace json = boost::json;
using namespace equipment;
using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;

struct DemoClass {
  const char* code;
  const char* name;
  const char* room;
  int clean_hold_h;
  int dirty_hold_h;
  int campaign;
  int calibration_days;  // 0: not calibrated
};

// The classes the demo recipe asks for, their rooms and their cleaning rules.
constexpr DemoClass kClasses[] = {
    {"FLOOR-SCALE", "Floor scale 600 kg", "DSP-101", 168, 72, 10, 90},
    {"BENCH-SCALE", "Bench scale 6 kg", "DSP-101", 168, 72, 10, 90},
    {"MIXING-VESSEL", "Mixing vessel 200 L", "GRA-201", 72, 24, 3, 0},
    {"HIGH-SHEAR-GRANULATOR", "High-shear granulator 300 L", "GRA-201", 72, 48, 3, 365},
    {"FLUID-BED-DRYER", "Fluid-bed dryer 200 kg", "GRA-202", 72, 48, 3, 365},
    {"CONICAL-MILL", "Conical mill", "GRA-202", 120, 72, 5, 0},
    {"BIN-BLENDER", "Bin blender 1000 L", "GRA-202", 120, 72, 5, 365},
    {"ROTARY-TABLET-PRESS", "Rotary tablet press 36 stations", "CMP-301", 120, 72, 5, 180},
    {"TABLET-TESTER", "Tablet hardness tester", "CMP-301", 720, 72, 100, 30},
    {"PAN-COATER", "Perforated pan coater", "COT-401", 72, 48, 3, 365},
};

struct DemoRoom {
  const char* area;
  const char* code;
  const char* name;
  const char* grade;
};
constexpr DemoRoom kRooms[] = {
    {"DISPENSING", "DSP-101", "Dispensary", "D"},
    {"GRANULATION", "GRA-201", "Granulation suite", "D"},
    {"GRANULATION", "GRA-202", "Drying and blending", "D"},
    {"COMPRESSION", "CMP-301", "Compression suite", "D"},
    {"COATING", "COT-401", "Coating suite", "D"},
};

batch::SignatureInput signed_by(const trust::VerifiedSigner* s) {
  batch::SignatureInput in;
  in.verified = s;
  return in;
}

json::value quantity(double v, const char* unit) {
  return json::object{{"value", v}, {"unit", unit}};
}

std::string date_text(Timestamp t) { return format_rfc3339(std::chrono::floor<days>(t)); }

class Writer {
 public:
  Writer(LogbookService& s, const DemoPlantCrew& crew) : s_(s), crew_(crew) {}

  Result<Entry> record(const std::string& type, EntryInput in) {
    return s_.record(*crew_.operator_, type, in, signed_by(crew_.operator_signer));
  }
  Result<Entry> verified(const std::string& type, EntryInput in) {
    GEMBA_TRY(e, record(type, std::move(in)));
    return s_.verify(*crew_.operator_, e.id, signed_by(crew_.verifier_signer));
  }
  Result<Entry> clean(const std::string& equipment, const char* level) {
    EntryInput in;
    in.equipment = equipment;
    in.fields = {{"level", level},
                 {"procedure", std::string(level) == "major" ? "SOP-CLN-0042" : "SOP-CLN-0043"},
                 {"detergent_lot", "DET-2611-03"},
                 {"rinse_water_temperature", quantity(62.5, "°C")}};
    return verified("cleaning", std::move(in));
  }
  Result<Entry> usage(const std::string& equipment, const char* activity,
                      std::optional<Timestamp> due = std::nullopt,
                      const std::string& remarks = "") {
    EntryInput in;
    in.equipment = equipment;
    in.fields = {{"activity", activity}};
    if (due) in.fields["calibration_due"] = date_text(*due);
    if (!remarks.empty()) in.fields["remarks"] = remarks;
    return record("usage", std::move(in));
  }
  Result<Entry> clear(const std::string& room, const std::string& batch) {
    EntryInput in;
    in.room = room;
    in.batch = batch;
    in.fields = {{"previous_product_removed", true},
                 {"previous_documents_removed", true},
                 {"equipment_clean_status_checked", true},
                 {"waste_removed", true},
                 {"labels_removed", true}};
    return verified("clearance", std::move(in));
  }

 private:
  LogbookService& s_;
  const DemoPlantCrew& crew_;
};

}  // namespace

Result<void> seed_demo_plant(LogbookService& past, ManualClock& clock, Timestamp now,
                             const DemoPlantCrew& crew) {
  const Timestamp start = std::chrono::floor<days>(now) - days(28) + hours(6);
  if (clock.now() < start) clock.set(start);
  const trust::Principal& eng = *crew.engineer;
  GEMBA_TRY(site, past.create_site(eng, {.code = "BCN", .name = "Barcelona oral solids plant"}));
  for (const char* area : {"DISPENSING", "GRANULATION", "COMPRESSION", "COATING"}) {
    std::string name = std::string(area);
    for (std::size_t i = 1; i < name.size(); ++i)
      name[i] = static_cast<char>(std::tolower(name[i]));
    GEMBA_RETURN_IF_ERROR(past.create_area(eng, {.site_id = site.id, .code = area, .name = name}));
  }
  for (const DemoRoom& r : kRooms) {
    GEMBA_RETURN_IF_ERROR(past.create_room(
        eng, {.area_id = r.area, .code = r.code, .name = r.name, .grade = r.grade}));
  }
  for (const DemoClass& c : kClasses) {
    EquipmentClass cls{.code = c.code, .name = c.name};
    cls.cleaning = {.clean_hold = hours(c.clean_hold_h),
                    .dirty_hold = hours(c.dirty_hold_h),
                    .campaign_batches = c.campaign};
    if (c.calibration_days) cls.calibration_interval_days = c.calibration_days;
    GEMBA_RETURN_IF_ERROR(past.create_class(eng, std::move(cls)));
  }
  int asset = 4100;
  auto add = [&](const DemoClass& c, const std::string& code) -> Result<void> {
    Equipment e{.code = code, .name = c.name, .class_code = c.code, .room_id = c.room};
    e.asset_id = "SAP-" + std::to_string(++asset);
    return past.create_equipment(eng, std::move(e)).ok()
               ? ok()
               : Result<void>(Error::internal("the demo could not register " + code));
  };
  for (const DemoClass& c : kClasses) GEMBA_RETURN_IF_ERROR(add(c, std::string(c.code) + "-01"));
  GEMBA_RETURN_IF_ERROR(add(kClasses[3], "HIGH-SHEAR-GRANULATOR-02"));
  GEMBA_RETURN_IF_ERROR(add(kClasses[7], "ROTARY-TABLET-PRESS-02"));

  Writer w(past, crew);
  // Day 0: gowning qualifications, calibrations, and a first (major) cleaning of everything.
  clock.advance(hours(1));
  for (const char* person : {"op.anna", "op.ben"}) {
    EntryInput in;
    in.fields = {{"person", person},
                 {"qualification", "grade_d"},
                 {"valid_until", date_text(now + days(340))}};
    GEMBA_RETURN_IF_ERROR(w.record("gowning", std::move(in)).ok()
                              ? ok()
                              : Result<void>(Error::internal("demo gowning entry refused")));
  }
  for (const DemoClass& c : kClasses) {
    if (!c.calibration_days) continue;
    clock.advance(minutes(10));
    GEMBA_TRY(e, w.usage(std::string(c.code) + "-01", "calibrated",
                         clock.now() + days(c.calibration_days),
                         "Calibrated against certified reference weights / standards"));
    (void)e;
  }
  // The second press's calibration ran out two days ago.
  clock.advance(minutes(10));
  GEMBA_TRY(press2, w.usage("ROTARY-TABLET-PRESS-02", "calibrated", now - days(2),
                            "Calibration certificate CAL-2026-0311; short interval after repair"));
  (void)press2;
  for (const DemoClass& c : kClasses) {
    clock.advance(minutes(20));
    GEMBA_TRY(e, w.clean(std::string(c.code) + "-01", "major"));
    (void)e;
  }
  clock.advance(minutes(20));
  GEMBA_TRY(g2, w.clean("HIGH-SHEAR-GRANULATOR-02", "major"));
  (void)g2;

  // Four weeks: environmental monitoring at 07:00 and 19:00 in every room, one excursion, a
  // maintenance of the fluid-bed dryer, and the second press cleaned the day before yesterday.
  int n = 0;
  const Timestamp maintenance_day = std::chrono::floor<days>(start) + days(8);
  const Timestamp press_cleaning_day = std::chrono::floor<days>(now) - days(2);
  for (Timestamp day = std::chrono::floor<days>(start); day < std::chrono::floor<days>(now);
       day += days(1)) {
    for (int hour : {7, 9, 14, 15, 16, 19}) {
      const Timestamp at = day + hours(hour);
      if (at <= clock.now()) continue;
      if (hour == 7 || hour == 19) {
        clock.set(at);
        for (const DemoRoom& r : kRooms) {
          ++n;
          const double wobble = std::sin(n * 0.7);
          const bool excursion = day == std::chrono::floor<days>(now) - days(10) && hour == 7 &&
                                 std::string(r.code) == "GRA-201";
          EntryInput in;
          in.room = r.code;
          in.fields = {
              {"temperature", quantity(std::round((21.0 + wobble) * 10) / 10, "°C")},
              {"relative_humidity", quantity(std::round(45 + 6 * wobble), "%")},
              {"differential_pressure", quantity(std::round(18 + 4 * wobble), "Pa")},
              {"particles_05um", quantity(excursion ? 402000 : 52000 + (3000 * n) % 17000, "/m³")},
              {"particles_5um", quantity(excursion ? 2100 : 210 + 13 * (n % 40), "/m³")}};
          if (excursion) {
            in.comment =
                "Granulator door open during material transfer; QA informed (DEV-2026-0117)";
          }
          GEMBA_TRY(e, w.record("environment", std::move(in)));
          (void)e;
          clock.advance(minutes(3));
        }
        continue;
      }
      if (day == maintenance_day && hour == 9) {
        clock.set(at);
        GEMBA_TRY(e, w.usage("FLUID-BED-DRYER-01", "maintenance_start", std::nullopt,
                             "Inlet filter change, work order WO-77812"));
        (void)e;
      } else if (day == maintenance_day && hour == 14) {
        clock.set(at);
        GEMBA_TRY(e, w.usage("FLUID-BED-DRYER-01", "maintenance_end", std::nullopt,
                             "Filters changed; airflow verified"));
        (void)e;
      } else if (day == maintenance_day && hour == 15) {
        clock.set(at);
        GEMBA_TRY(e, w.clean("FLUID-BED-DRYER-01", "major"));
        (void)e;
      } else if (day == press_cleaning_day && hour == 16) {
        clock.set(at);
        GEMBA_TRY(e, w.clean("ROTARY-TABLET-PRESS-02", "major"));
        (void)e;
      }
    }
  }
  return ok();
}

std::function<Result<void>(const batch::Batch&, const batch::StepRun&, const std::string&)>
demo_equipment_preparer(LogbookService& service, const DemoPlantCrew& crew) {
  return [&service, crew](const batch::Batch& b, const batch::StepRun&,
                          const std::string& code) -> Result<void> {
    Writer w(service, crew);
    GEMBA_TRY(eq, service.find_equipment(code));
    GEMBA_TRY(room, service.room_status(eq.room_id, std::nullopt));
    if (!room.state.cleared || room.state.cleared_batch_id != b.header.id) {
      GEMBA_TRY(e, w.clear(room.room.code, b.header.id));
      (void)e;
    }
    GEMBA_TRY(status, service.equipment_status(code, std::nullopt));
    const auto refusals = check_use(status.view, status.equipment_class.cleaning, b.header.id,
                                    b.header.product_code, code);
    if (!refusals.empty() && status.view.state.state != State::kInUse) {
      GEMBA_TRY(e, w.clean(code, "major"));
      (void)e;
    }
    return ok();
  };
}

Result<void> seed_demo_aftermath(LogbookService& service, const DemoPlantCrew& crew,
                                 const std::string& batch_in_progress) {
  Writer w(service, crew);
  for (const BoardRow& row : service.board()) {
    if (row.equipment.code == "HIGH-SHEAR-GRANULATOR-02") continue;
    if (row.view.status == Status::kDirty) {
      GEMBA_TRY(e, w.clean(row.equipment.code, "major"));
      (void)e;
    }
  }
  GEMBA_TRY(e, w.clear("GRA-202", batch_in_progress));
  (void)e;
  return ok();
}

}  // namespace gemba::logbook
