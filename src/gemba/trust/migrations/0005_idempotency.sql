-- Idempotency-Key claims and the responses kept for replay (docs/api.md "Writes"). Not GMP
-- records: rows older than a day are deleted.
CREATE TABLE http_idempotency (
  caller TEXT NOT NULL,
  idem_key TEXT NOT NULL,
  method TEXT NOT NULL,
  path TEXT NOT NULL,
  body_sha256 TEXT NOT NULL,
  state TEXT NOT NULL,
  created_at_us BIGINT NOT NULL,
  status INTEGER,
  content_type TEXT,
  headers TEXT,
  body TEXT,
  PRIMARY KEY (caller, idem_key)
);
CREATE INDEX http_idempotency_created ON http_idempotency (created_at_us);
