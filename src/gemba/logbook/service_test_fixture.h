#pragma once
// Test fixture (logbook_service_test only): a database with every capability's migrations (SQLite
// and, under scripts/with-postgres, PostgreSQL), users in the default roles, and the services
// wired as the application wires them (cli/app.cc prepare_database): MaterialChecks →
// PlantChecks → BatchService → LogbookService (joined to the batches) → PlantChecks::set_logbooks.
// Everything runs on the fixture's ManualClock; nothing here waits.
//
// The plant register_plant() makes (class GRANULATOR: clean hold PT2H, dirty hold PT4H, campaign 2
// batches, calibration every 30 days; BLENDER: no hold limits):
//
//   SITE-1 / GRANULATION / GRA-201 (grade D): GRAN-01, GRAN-02 (GRANULATOR)
//                        / GRA-202 (grade D): BLEND-01 (BLENDER)
//
// The recipe (product TEST-1, no formula): unit procedure "granulation" (bind_granulator:
// equipment_use GRANULATOR, granulation_time: numeric_entry min), then "blending" (bind_blender:
// equipment_use BLENDER, blend_time: numeric_entry min).

#include <gtest/gtest.h>

#include <boost/json/object.hpp>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gemba/batch/service.h"
#include "gemba/logbook/service.h"
#include "gemba/material/service.h"
#include "gemba/recipe/service.h"
#include "gemba/trust/trust_fixture.h"

namespace gemba::logbook::testing {

// 2026-09-22T00:00:00Z: the fixture's clock starts the day before (trust::testing::kStart).
inline const Timestamp kDay = std::chrono::sys_days{std::chrono::year{2026} / 9 / 22};

class LogbookServiceTest : public trust::testing::TrustTest {
 protected:
  void SetUp() override;
  void TearDown() override;

  // The services, as the application wires them (close first when they exist).
  void open_services();
  void close_services();
  LogbookService& logbooks() { return *logbooks_; }
  batch::BatchService& batches() { return *batches_; }
  recipe::RecipeService& recipes() { return *recipes_; }
  const trust::AuditTrail& audit() { return trust().audit(); }
  trust::Signatures& signatures() { return trust().signatures(); }

  // `p`'s e-signature (user name and the test password).
  static batch::SignatureInput sign(const trust::Principal& p, std::string comment = "");

  // Moves the clock to `t` (never backwards).
  void at(Timestamp t) { clock_.set(t); }

  // The plant above, registered by engineer_ at the clock's time (the test fails on error).
  void register_plant();

  // Entries (the test fails on error). By anna_ unless `who` is given; verified by ben_.
  Entry record(const std::string& type, const EntryInput& in);
  Entry record(const std::string& type, const EntryInput& in, const trust::Principal& who);
  Entry verify(const std::string& id);
  // A cleaning of `equipment` (or, with `room`, of the room), recorded.
  static EntryInput cleaning_input(const std::string& equipment, const std::string& level,
                                   const std::string& room = "");
  Entry clean(const std::string& equipment, const std::string& level);  // recorded and verified
  static EntryInput usage_input(const std::string& equipment, const std::string& activity,
                                const std::string& batch = "", const std::string& due = "");
  Entry usage(const std::string& equipment, const std::string& activity,
              const std::string& batch = "", const std::string& due = "");
  // A line clearance of `room` for `batch`; every answer yes unless `labels_removed` is false.
  static EntryInput clearance_input(const std::string& room, const std::string& batch,
                                    bool labels_removed = true);
  Entry clear(const std::string& room, const std::string& batch);  // recorded and verified
  // Environmental monitoring (temperature in °C; alarm limits 18–25).
  static EntryInput environment_input(const std::string& room, double temperature,
                                      const std::string& batch = "");

  // The recipe above, effective; its id.
  std::string make_recipe();
  // A new batch of the recipe (created by carla_), started unless `start` is false.
  batch::BatchHeader new_batch(bool start = true);
  // Completes step `key` of `batch` with equipment `code` (by anna_ unless `who` is given).
  Result<batch::ActionResult> bind(const std::string& batch_id, const std::string& key,
                                   const std::string& code);
  Result<batch::ActionResult> bind(const std::string& batch_id, const std::string& key,
                                   const std::string& code, const trust::Principal& who);
  // Completes numeric step `key` with `minutes`.
  Result<batch::ActionResult> enter_minutes(const std::string& batch_id, const std::string& key,
                                            double minutes);
  std::shared_ptr<const batch::Batch> batch_now(const std::string& id);
  const batch::StepRun& run_of(const batch::Batch& b, const std::string& key);

  // The entries of a type (newest first, at most 500) matching `filter`.
  std::vector<Entry> entries_of(const std::string& type, EntryFilter filter = {});
  // The status now (the test fails on error).
  EquipmentStatus status(const std::string& code);
  RoomStatus room(const std::string& code);
  // The board's row of `code` (the test fails when there is none).
  BoardRow board_row(const std::string& code);

  trust::Principal engineer_;  // process_engineer: registers the plant, defines logbook types
  trust::Principal anna_;      // operator: records entries, executes batches
  trust::Principal ben_;       // operator: verifies entries
  trust::Principal carla_;     // supervisor: starts batches, overrides interlocks
  trust::Principal eva_;       // qa_approver: approves the recipe
  std::string recipe_id_;

 private:
  trust::Principal logged_in(const std::string& username, const std::string& role);

  std::unique_ptr<recipe::RecipeService> recipes_;
  std::unique_ptr<material::MaterialChecks> lot_checks_;
  std::unique_ptr<PlantChecks> checks_;
  std::unique_ptr<batch::BatchService> batches_;
  std::unique_ptr<LogbookService> logbooks_;
  batch::NoTagSource tags_;
};

// Entry numbers of a list, in order ("LB-2026-000003", ...).
std::vector<std::string> numbers(const std::vector<Entry>& entries);
// The number of the n-th entry of 2026: "LB-2026-000007".
std::string entry_number(int n);

}  // namespace gemba::logbook::testing
