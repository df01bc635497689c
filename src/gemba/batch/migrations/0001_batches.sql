-- Electronic batch records (21 CFR 211.188; batch/model/batch.h). The engine's types are kept as
-- JSON bodies (batch/model/batch_json.h); the columns beside them are what lists and locks need.

-- A batch: its header and the immutable snapshot of the recipe version it was made from
-- (recipe_content, canonical JSON, never updated). version counts every change to the batch or
-- any of its runs (optimistic concurrency; ETag "v<version>").
CREATE TABLE batch (
  id TEXT PRIMARY KEY,
  number TEXT NOT NULL UNIQUE,
  recipe_id TEXT NOT NULL,
  recipe_version INTEGER NOT NULL,
  product_code TEXT NOT NULL,
  site TEXT NOT NULL,
  state TEXT NOT NULL,
  version BIGINT NOT NULL,
  created_at_us BIGINT NOT NULL,
  header TEXT NOT NULL,
  recipe_content TEXT NOT NULL
);
CREATE INDEX batch_state ON batch (state, created_at_us);
CREATE INDEX batch_recipe ON batch (recipe_id, created_at_us);

-- One occurrence of one step. ordinal orders runs as the procedure does (step ordinal * 10000 +
-- occurrence).
CREATE TABLE batch_step_run (
  batch_id TEXT NOT NULL REFERENCES batch (id),
  run_id TEXT NOT NULL,
  ordinal BIGINT NOT NULL,
  state TEXT NOT NULL,
  version BIGINT NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (batch_id, run_id)
);

CREATE TABLE batch_exception (
  batch_id TEXT NOT NULL REFERENCES batch (id),
  id TEXT NOT NULL,
  seq BIGINT NOT NULL,
  dispositioned INTEGER NOT NULL,
  body TEXT NOT NULL,
  PRIMARY KEY (batch_id, id)
);

-- The last sequence number given per batch number prefix ("PCM-2026-").
CREATE TABLE batch_number_sequence (
  prefix TEXT PRIMARY KEY,
  last_value BIGINT NOT NULL
);
