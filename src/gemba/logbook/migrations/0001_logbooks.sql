-- Logbooks (logbook/service.h): the physical model, logbook types and their templates, entries
-- with every revision, and the status of equipment and rooms after each event, so that the
-- status at any past instant is one indexed lookup. Times are microseconds since the epoch (UTC,
-- server time).

CREATE TABLE plant_site (
  id TEXT PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  created_at_us BIGINT NOT NULL
);

CREATE TABLE plant_area (
  id TEXT PRIMARY KEY,
  site_id TEXT NOT NULL REFERENCES plant_site (id),
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  created_at_us BIGINT NOT NULL
);

-- state: the room's status after its last event (equipment/model/status.h RoomState, JSON);
-- status_seq: the seq of that event in room_status.
CREATE TABLE plant_room (
  id TEXT PRIMARY KEY,
  area_id TEXT NOT NULL REFERENCES plant_area (id),
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  grade TEXT NOT NULL,
  created_at_us BIGINT NOT NULL,
  state TEXT NOT NULL,
  status_seq BIGINT NOT NULL
);

-- Hold times in seconds (NULL: no limit).
CREATE TABLE equipment_class (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  clean_hold_s BIGINT,
  dirty_hold_s BIGINT,
  campaign_batches INTEGER NOT NULL,
  calibration_interval_days INTEGER,
  created_at_us BIGINT NOT NULL
);

-- state / status_seq as for rooms (EquipmentState, JSON).
CREATE TABLE equipment (
  id TEXT PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  class_code TEXT NOT NULL REFERENCES equipment_class (code),
  room_id TEXT NOT NULL REFERENCES plant_room (id),
  asset_id TEXT NOT NULL,
  capabilities TEXT NOT NULL,
  created_at_us BIGINT NOT NULL,
  state TEXT NOT NULL,
  status_seq BIGINT NOT NULL
);
CREATE INDEX equipment_room ON equipment (room_id);

-- Every version of every logbook type's template (JSON, logbook/model/template.h); the newest
-- version is the one new entries use.
CREATE TABLE logbook_template (
  type TEXT NOT NULL,
  version INTEGER NOT NULL,
  kind TEXT NOT NULL,
  template TEXT NOT NULL,
  created_at_us BIGINT NOT NULL,
  created_by TEXT NOT NULL,
  PRIMARY KEY (type, version)
);

-- An entry as it stands (its newest revision's values). recorded_at is the server's time; a
-- client's own time is kept only as a note (client_time). state: recorded, verified.
CREATE TABLE logbook_entry (
  id TEXT PRIMARY KEY,
  number TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL,
  template_version INTEGER NOT NULL,
  kind TEXT NOT NULL,
  recorded_at_us BIGINT NOT NULL,
  recorded_by TEXT NOT NULL,
  recorded_name TEXT NOT NULL,
  automatic INTEGER NOT NULL,
  client_time TEXT NOT NULL,
  equipment_id TEXT NOT NULL,
  room_id TEXT NOT NULL,
  batch_id TEXT NOT NULL,
  batch_number TEXT NOT NULL,
  lot_id TEXT NOT NULL,
  comment TEXT NOT NULL,
  state TEXT NOT NULL,
  revision INTEGER NOT NULL,
  entry_values TEXT NOT NULL,
  exceptions TEXT NOT NULL,
  signature_id TEXT NOT NULL,
  verified_by TEXT NOT NULL,
  verified_name TEXT NOT NULL,
  verified_at_us BIGINT,
  verify_signature_id TEXT NOT NULL
);
CREATE INDEX logbook_entry_type ON logbook_entry (type, recorded_at_us);
CREATE INDEX logbook_entry_equipment ON logbook_entry (equipment_id, recorded_at_us);
CREATE INDEX logbook_entry_room ON logbook_entry (room_id, recorded_at_us);
CREATE INDEX logbook_entry_batch ON logbook_entry (batch_id);

-- Every revision of an entry: 1 is the original, each correction adds one (with its reason).
-- content is the canonical JSON the revision's signature binds (record type
-- "logbook_entry_revision", id = this id).
CREATE TABLE logbook_revision (
  id TEXT PRIMARY KEY,
  entry_id TEXT NOT NULL REFERENCES logbook_entry (id),
  revision INTEGER NOT NULL,
  entry_values TEXT NOT NULL,
  exceptions TEXT NOT NULL,
  reason TEXT NOT NULL,
  by_user TEXT NOT NULL,
  by_name TEXT NOT NULL,
  at_us BIGINT NOT NULL,
  signature_id TEXT NOT NULL,
  content TEXT NOT NULL,
  UNIQUE (entry_id, revision)
);

-- The status of a piece of equipment after each event (state: EquipmentState JSON; event: the
-- event JSON), seq 1, 2, ... per equipment.
CREATE TABLE equipment_status (
  equipment_id TEXT NOT NULL REFERENCES equipment (id),
  seq BIGINT NOT NULL,
  at_us BIGINT NOT NULL,
  entry_id TEXT NOT NULL,
  event TEXT NOT NULL,
  state TEXT NOT NULL,
  PRIMARY KEY (equipment_id, seq)
);
CREATE INDEX equipment_status_at ON equipment_status (equipment_id, at_us);

CREATE TABLE room_status (
  room_id TEXT NOT NULL REFERENCES plant_room (id),
  seq BIGINT NOT NULL,
  at_us BIGINT NOT NULL,
  entry_id TEXT NOT NULL,
  event TEXT NOT NULL,
  state TEXT NOT NULL,
  PRIMARY KEY (room_id, seq)
);
CREATE INDEX room_status_at ON room_status (room_id, at_us);

CREATE TABLE logbook_sequence (
  name TEXT PRIMARY KEY,
  value BIGINT NOT NULL
);
