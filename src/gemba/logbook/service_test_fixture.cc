#include "gemba/logbook/service_test_fixture.h"

#include "gemba/batch/migrations.h"
#include "gemba/logbook/migrations.h"
#include "gemba/material/migrations.h"
#include "gemba/recipe/model/format.h"
#include "gemba/recipe/store.h"
#include "gemba/trust/migrations.h"

namespace gemba::logbook::testing {
namespace {

namespace json = boost::json;
using std::chrono::hours;

constexpr std::string_view kRecipeJson = R"({
  "format": "gemba.recipe/1", "product_code": "TEST-1", "product_name": "Test tablets",
  "site": "SITE-1",
  "header": {"batch_size": {"value": 10, "unit": "kg"},
             "theoretical_yield": {"value": 10, "unit": "kg"},
             "yield_limits": {"low": 90, "high": 105}},
  "formula": [],
  "unit_procedures": [
    {"key": "granulation", "name": "Granulation", "equipment_classes": ["GRANULATOR"],
     "operations": [{"key": "granulate", "name": "Granulate", "steps": [
       {"key": "bind_granulator", "name": "Granulator", "type": "equipment_use",
        "equipment_class": "GRANULATOR"},
       {"key": "granulation_time", "name": "Granulation time", "type": "numeric_entry",
        "unit": "min", "decimals": 0}]}]},
    {"key": "blending", "name": "Blending", "equipment_classes": ["BLENDER"],
     "operations": [{"key": "blend", "name": "Blend", "steps": [
       {"key": "bind_blender", "name": "Blender", "type": "equipment_use",
        "equipment_class": "BLENDER"},
       {"key": "blend_time", "name": "Blending time", "type": "numeric_entry",
        "unit": "min", "decimals": 0}]}]}]})";

}  // namespace

std::vector<std::string> numbers(const std::vector<Entry>& entries) {
  std::vector<std::string> out;
  for (const Entry& e : entries) out.push_back(e.number);
  return out;
}

std::string entry_number(int n) {
  std::string digits = std::to_string(n);
  return "LB-2026-" + std::string(6 - digits.size(), '0') + digits;
}

void LogbookServiceTest::SetUp() {
  TrustTest::SetUp();
  if (IsSkipped() || HasFatalFailure()) return;
  // The migrator refuses applied migrations it does not know: every set the service reads.
  std::vector<store::Migration> all;
  for (const auto* set : {&trust_migrations(), &recipe_migrations(), &batch_migrations(),
                          &material_migrations(), &logbook_migrations()}) {
    all.insert(all.end(), set->begin(), set->end());
  }
  auto applied = store::apply_migrations(db(), all, clock_);
  ASSERT_TRUE(applied.ok()) << applied.error().to_string();
  engineer_ = logged_in("eng.farid", "process_engineer");
  anna_ = logged_in("op.anna", "operator");
  ben_ = logged_in("op.ben", "operator");
  carla_ = logged_in("sup.carla", "supervisor");
  eva_ = logged_in("qp.eva", "qa_approver");
  open_services();
}

void LogbookServiceTest::TearDown() {
  close_services();
  TrustTest::TearDown();
}

void LogbookServiceTest::open_services() {
  close_services();
  recipes_ =
      std::make_unique<recipe::RecipeService>(db(), clock_, ids_, audit(), signatures(), &events_);
  lot_checks_ = std::make_unique<material::MaterialChecks>(db());
  checks_ = std::make_unique<PlantChecks>(*lot_checks_);
  batches_ = std::make_unique<batch::BatchService>(db(), clock_, ids_, audit(), signatures(),
                                                   *recipes_, &events_, tags_, *checks_);
  auto opened = LogbookService::open(db(), clock_, ids_, audit(), signatures(), batches_.get());
  ASSERT_TRUE(opened.ok()) << opened.error().to_string();
  logbooks_ = std::move(opened).value();
  logbooks_->set_events(&events_);
  checks_->set_logbooks(logbooks_.get());
}

void LogbookServiceTest::close_services() {
  // The batch service holds the logbook service's persist hook: it goes first.
  batches_.reset();
  logbooks_.reset();
  checks_.reset();
  lot_checks_.reset();
  recipes_.reset();
}

trust::Principal LogbookServiceTest::logged_in(const std::string& username,
                                               const std::string& role) {
  add_user(username, {role});
  auto session = login(username);
  EXPECT_TRUE(session.ok()) << session.error().to_string();
  return session.ok() ? session->principal : trust::Principal{};
}

batch::SignatureInput LogbookServiceTest::sign(const trust::Principal& p, std::string comment) {
  batch::SignatureInput s;
  s.username = p.username;
  s.password = trust::testing::kPassword;
  s.comment = std::move(comment);
  return s;
}

void LogbookServiceTest::register_plant() {
  auto site = logbooks().create_site(engineer_, {.code = "SITE-1", .name = "Test site"});
  ASSERT_TRUE(site.ok()) << site.error().to_string();
  auto area = logbooks().create_area(
      engineer_, {.site_id = "SITE-1", .code = "GRANULATION", .name = "Granulation"});
  ASSERT_TRUE(area.ok()) << area.error().to_string();
  for (const char* code : {"GRA-201", "GRA-202"}) {
    auto room = logbooks().create_room(
        engineer_, {.area_id = "GRANULATION", .code = code, .name = code, .grade = "D"});
    ASSERT_TRUE(room.ok()) << room.error().to_string();
  }
  equipment::EquipmentClass granulator{
      .code = "GRANULATOR",
      .name = "High-shear granulator",
      .cleaning = {.clean_hold = hours(2), .dirty_hold = hours(4), .campaign_batches = 2},
      .calibration_interval_days = 30};
  auto c1 = logbooks().create_class(engineer_, granulator);
  ASSERT_TRUE(c1.ok()) << c1.error().to_string();
  auto c2 = logbooks().create_class(engineer_, {.code = "BLENDER", .name = "Bin blender"});
  ASSERT_TRUE(c2.ok()) << c2.error().to_string();
  const struct {
    const char* code;
    const char* cls;
    const char* room;
  } equipment[] = {{"GRAN-01", "GRANULATOR", "GRA-201"},
                   {"GRAN-02", "GRANULATOR", "GRA-201"},
                   {"BLEND-01", "BLENDER", "GRA-202"}};
  for (const auto& e : equipment) {
    auto made = logbooks().create_equipment(
        engineer_, {.code = e.code, .name = e.code, .class_code = e.cls, .room_id = e.room});
    ASSERT_TRUE(made.ok()) << made.error().to_string();
  }
}

Entry LogbookServiceTest::record(const std::string& type, const EntryInput& in) {
  return record(type, in, anna_);
}

Entry LogbookServiceTest::record(const std::string& type, const EntryInput& in,
                                 const trust::Principal& who) {
  auto e = logbooks().record(who, type, in, sign(who));
  EXPECT_TRUE(e.ok()) << type << ": " << e.error().to_string();
  return e.ok() ? *e : Entry{};
}

Entry LogbookServiceTest::verify(const std::string& id) {
  auto e = logbooks().verify(ben_, id, sign(ben_));
  EXPECT_TRUE(e.ok()) << e.error().to_string();
  return e.ok() ? *e : Entry{};
}

EntryInput LogbookServiceTest::cleaning_input(const std::string& equipment,
                                              const std::string& level, const std::string& room) {
  EntryInput in;
  in.equipment = equipment;
  in.room = room;
  in.fields = {{"level", level}, {"procedure", "SOP-CLN-0042"}};
  return in;
}

Entry LogbookServiceTest::clean(const std::string& equipment, const std::string& level) {
  const Entry e = record("cleaning", cleaning_input(equipment, level));
  return verify(e.id);
}

EntryInput LogbookServiceTest::usage_input(const std::string& equipment,
                                           const std::string& activity, const std::string& batch,
                                           const std::string& due) {
  EntryInput in;
  in.equipment = equipment;
  in.batch = batch;
  in.fields = {{"activity", activity}};
  if (!due.empty()) in.fields["calibration_due"] = due;
  return in;
}

Entry LogbookServiceTest::usage(const std::string& equipment, const std::string& activity,
                                const std::string& batch, const std::string& due) {
  return record("usage", usage_input(equipment, activity, batch, due));
}

EntryInput LogbookServiceTest::clearance_input(const std::string& room, const std::string& batch,
                                               bool labels_removed) {
  EntryInput in;
  in.room = room;
  in.batch = batch;
  in.fields = {{"previous_product_removed", true},
               {"previous_documents_removed", true},
               {"equipment_clean_status_checked", true},
               {"waste_removed", true},
               {"labels_removed", labels_removed}};
  return in;
}

Entry LogbookServiceTest::clear(const std::string& room, const std::string& batch) {
  const Entry e = record("clearance", clearance_input(room, batch));
  return verify(e.id);
}

EntryInput LogbookServiceTest::environment_input(const std::string& room, double temperature,
                                                 const std::string& batch) {
  EntryInput in;
  in.room = room;
  in.batch = batch;
  in.fields = {
      {"temperature", temperature}, {"relative_humidity", 45}, {"differential_pressure", 15.0}};
  return in;
}

std::string LogbookServiceTest::make_recipe() {
  auto content = recipe::parse_recipe(kRecipeJson);
  EXPECT_TRUE(content.ok()) << content.error().to_string();
  if (!content.ok()) return "";
  auto v = recipes().create_recipe(engineer_, *content);
  EXPECT_TRUE(v.ok()) << v.error().to_string();
  if (!v.ok()) return "";
  EXPECT_TRUE(v->problems.empty()) << v->problems.front().to_string();
  auto lifecycle = [&](const trust::Principal& who, recipe::LifecycleAction action) {
    recipe::SignatureInput s;
    s.username = who.username;
    s.password = trust::testing::kPassword;
    auto r =
        recipes().transition(who, v->recipe.id, v->version.number, action, std::nullopt, s, "");
    EXPECT_TRUE(r.ok()) << r.error().to_string();
  };
  lifecycle(engineer_, recipe::LifecycleAction::kSubmit);
  lifecycle(eva_, recipe::LifecycleAction::kApprove);
  lifecycle(eva_, recipe::LifecycleAction::kMakeEffective);
  recipe_id_ = v->recipe.id;
  return recipe_id_;
}

batch::BatchHeader LogbookServiceTest::new_batch(bool start) {
  if (recipe_id_.empty()) make_recipe();
  auto created = batches().create(carla_, {.recipe_id = recipe_id_});
  EXPECT_TRUE(created.ok()) << created.error().to_string();
  if (!created.ok()) return {};
  if (!start) return created->batch->header;
  auto started = batches().start(carla_, created->batch->header.id, std::nullopt);
  EXPECT_TRUE(started.ok()) << started.error().to_string();
  return started.ok() ? started->batch->header : batch::BatchHeader{};
}

Result<batch::ActionResult> LogbookServiceTest::bind(const std::string& batch_id,
                                                     const std::string& key,
                                                     const std::string& code) {
  return bind(batch_id, key, code, anna_);
}

Result<batch::ActionResult> LogbookServiceTest::bind(const std::string& batch_id,
                                                     const std::string& key,
                                                     const std::string& code,
                                                     const trust::Principal& who) {
  batch::CompleteInput in;
  in.key = key;
  in.value.text = code;
  in.value.source = batch::ValueSource::kScanned;
  return batches().complete_step(who, batch_id, in, std::nullopt);
}

Result<batch::ActionResult> LogbookServiceTest::enter_minutes(const std::string& batch_id,
                                                              const std::string& key,
                                                              double minutes) {
  batch::CompleteInput in;
  in.key = key;
  in.value.number = minutes;
  return batches().complete_step(anna_, batch_id, in, std::nullopt);
}

std::shared_ptr<const batch::Batch> LogbookServiceTest::batch_now(const std::string& id) {
  auto b = batches().get(id);
  EXPECT_TRUE(b.ok()) << b.error().to_string();
  return b.ok() ? *b : std::make_shared<const batch::Batch>();
}

const batch::StepRun& LogbookServiceTest::run_of(const batch::Batch& b, const std::string& key) {
  for (const auto& r : b.steps) {
    if (r.key == key) return r;
  }
  ADD_FAILURE() << "no run " << key;
  static const batch::StepRun kNone;
  return kNone;
}

std::vector<Entry> LogbookServiceTest::entries_of(const std::string& type, EntryFilter filter) {
  filter.limit = 500;
  auto page = logbooks().entries(type, filter);
  EXPECT_TRUE(page.ok()) << page.error().to_string();
  return page.ok() ? page->items : std::vector<Entry>{};
}

EquipmentStatus LogbookServiceTest::status(const std::string& code) {
  auto s = logbooks().equipment_status(code, std::nullopt);
  EXPECT_TRUE(s.ok()) << s.error().to_string();
  return s.ok() ? *s : EquipmentStatus{};
}

RoomStatus LogbookServiceTest::room(const std::string& code) {
  auto s = logbooks().room_status(code, std::nullopt);
  EXPECT_TRUE(s.ok()) << s.error().to_string();
  return s.ok() ? *s : RoomStatus{};
}

BoardRow LogbookServiceTest::board_row(const std::string& code) {
  for (auto& row : logbooks().board()) {
    if (row.equipment.code == code) return row;
  }
  ADD_FAILURE() << "no board row for " << code;
  return {};
}

}  // namespace gemba::logbook::testing
