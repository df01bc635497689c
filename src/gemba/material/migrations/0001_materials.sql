-- Materials (material/model/*.h): the item master, lots and containers, every movement, the
-- portions weighed for batches and the lot genealogy. Quantities are DOUBLE PRECISION in the
-- item's base unit, rounded to 6 decimals by the service; dates are YYYY-MM-DD text.

CREATE TABLE material_item (
  id TEXT PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  type TEXT NOT NULL,
  base_unit TEXT NOT NULL,
  storage_conditions TEXT NOT NULL,
  shelf_life_days INTEGER,
  retest_interval_days INTEGER,
  potency_adjusted INTEGER NOT NULL,
  version BIGINT NOT NULL,
  created_at_us BIGINT NOT NULL
);

-- A scan of GS1 AI (01) finds its item here.
CREATE TABLE material_item_gtin (
  gtin TEXT PRIMARY KEY,
  item_id TEXT NOT NULL REFERENCES material_item (id)
);
CREATE INDEX material_item_gtin_item ON material_item_gtin (item_id);

-- status is the stored one (quarantine, released, rejected, blocked); expired is computed from
-- expiry and the server's date. version counts every change (ETag).
CREATE TABLE material_lot (
  id TEXT PRIMARY KEY,
  lot_number TEXT NOT NULL UNIQUE,
  item_id TEXT NOT NULL REFERENCES material_item (id),
  supplier TEXT NOT NULL,
  supplier_lot TEXT NOT NULL,
  status TEXT NOT NULL,
  quantity DOUBLE PRECISION NOT NULL,
  unit TEXT NOT NULL,
  expiry TEXT,
  retest TEXT,
  assay_percent DOUBLE PRECISION,
  produced_by_batch TEXT NOT NULL,
  received_at_us BIGINT NOT NULL,
  version BIGINT NOT NULL
);
CREATE INDEX material_lot_item ON material_lot (item_id, received_at_us);
CREATE INDEX material_lot_supplier_lot ON material_lot (supplier_lot);

-- QC's status changes, each signed: content is the canonical JSON the signature binds (record
-- type "material_lot_event", id = this id).
CREATE TABLE material_lot_event (
  id TEXT PRIMARY KEY,
  lot_id TEXT NOT NULL REFERENCES material_lot (id),
  action TEXT NOT NULL,
  from_status TEXT NOT NULL,
  to_status TEXT NOT NULL,
  reason TEXT NOT NULL,
  signature_id TEXT NOT NULL,
  at_us BIGINT NOT NULL,
  content TEXT NOT NULL
);
CREATE INDEX material_lot_event_lot ON material_lot_event (lot_id, at_us);

-- Stock containers (received, produced) and dispensed ones (weighed for a batch step).
CREATE TABLE material_container (
  id TEXT PRIMARY KEY,
  lot_id TEXT NOT NULL REFERENCES material_lot (id),
  quantity DOUBLE PRECISION NOT NULL,
  dispensed INTEGER NOT NULL,
  batch_id TEXT NOT NULL,
  step_key TEXT NOT NULL,
  occurrence INTEGER NOT NULL,
  created_at_us BIGINT NOT NULL
);
CREATE INDEX material_container_lot ON material_container (lot_id);

-- Every change of a quantity; seq orders them (per database, gap-free per lot is not promised).
CREATE TABLE material_movement (
  id TEXT PRIMARY KEY,
  lot_id TEXT NOT NULL REFERENCES material_lot (id),
  kind TEXT NOT NULL,
  from_container TEXT NOT NULL,
  to_container TEXT NOT NULL,
  quantity DOUBLE PRECISION NOT NULL,
  unit TEXT NOT NULL,
  batch_id TEXT NOT NULL,
  step_key TEXT NOT NULL,
  occurrence INTEGER NOT NULL,
  reason TEXT NOT NULL,
  user_id TEXT NOT NULL,
  printed_name TEXT NOT NULL,
  at_us BIGINT NOT NULL
);
CREATE INDEX material_movement_lot ON material_movement (lot_id, at_us);
CREATE INDEX material_movement_batch ON material_movement (batch_id);

-- One container weighed for one occurrence of a dispense step (tare, gross, net in the line's
-- unit; counted = net, or net x assay / 100 for potency-adjusted items).
CREATE TABLE material_portion (
  id TEXT PRIMARY KEY,
  batch_id TEXT NOT NULL,
  step_key TEXT NOT NULL,
  occurrence INTEGER NOT NULL,
  line_key TEXT NOT NULL,
  source_container TEXT NOT NULL,
  dispensed_container TEXT NOT NULL,
  lot_id TEXT NOT NULL REFERENCES material_lot (id),
  lot_number TEXT NOT NULL,
  tare DOUBLE PRECISION NOT NULL,
  gross DOUBLE PRECISION NOT NULL,
  net DOUBLE PRECISION NOT NULL,
  counted DOUBLE PRECISION NOT NULL,
  assay_percent DOUBLE PRECISION,
  unit TEXT NOT NULL,
  user_id TEXT NOT NULL,
  printed_name TEXT NOT NULL,
  at_us BIGINT NOT NULL
);
CREATE INDEX material_portion_run ON material_portion (batch_id, step_key, occurrence);
CREATE INDEX material_portion_line ON material_portion (batch_id, line_key);

-- Counters for lot numbers (per prefix) and container ids.
CREATE TABLE material_sequence (
  name TEXT PRIMARY KEY,
  last_value BIGINT NOT NULL
);

-- The lot graph: lot -> batch (consumed, by dispensing), batch -> lot (produced), lot -> lot
-- (split or relabelled). id orders edges as they were recorded.
CREATE TABLE material_genealogy_edge (
  id BIGINT PRIMARY KEY,
  parent_kind TEXT NOT NULL,
  parent_id TEXT NOT NULL,
  child_kind TEXT NOT NULL,
  child_id TEXT NOT NULL,
  quantity DOUBLE PRECISION NOT NULL,
  unit TEXT NOT NULL,
  recorded_at TEXT NOT NULL
);
CREATE INDEX material_genealogy_edge_parent ON material_genealogy_edge (parent_kind, parent_id);
CREATE INDEX material_genealogy_edge_child ON material_genealogy_edge (child_kind, child_id);
