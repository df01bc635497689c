-- The audit trail (21 CFR 11.10(e), Annex 11 §9): append-only, hash-chained. Every field but
-- prev_hash and hash is covered by hash (see trust/audit_entry.h). UPDATE and DELETE are refused
-- by triggers (0003) and, on PostgreSQL, by revoked privileges.
CREATE TABLE audit_trail (
  seq BIGINT PRIMARY KEY,
  at_us BIGINT NOT NULL,
  at TEXT NOT NULL,
  actor_id TEXT NOT NULL,
  actor_name TEXT NOT NULL,
  session_id TEXT NOT NULL,
  client_address TEXT NOT NULL,
  action TEXT NOT NULL,
  record_type TEXT NOT NULL,
  record_id TEXT NOT NULL,
  changes TEXT NOT NULL,
  reason TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_trail_record ON audit_trail (record_type, record_id, seq);
CREATE INDEX audit_trail_actor ON audit_trail (actor_id, seq);
CREATE INDEX audit_trail_action ON audit_trail (action, seq);
CREATE INDEX audit_trail_at ON audit_trail (at_us, seq);

-- The chain's head: one row, locked by every append (PostgreSQL: SELECT ... FOR UPDATE), so
-- appends from concurrent units of work serialise. Verification does not trust it.
CREATE TABLE audit_head (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seq BIGINT NOT NULL,
  hash TEXT NOT NULL,
  at_us BIGINT NOT NULL,
  checkpoint_seq BIGINT NOT NULL
);
INSERT INTO audit_head (id, seq, hash, at_us, checkpoint_seq)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000', 0, 0);

-- Checkpoints of the chain signed with the server's Ed25519 key (kept outside the database).
CREATE TABLE audit_checkpoints (
  seq BIGINT PRIMARY KEY,
  hash TEXT NOT NULL,
  at_us BIGINT NOT NULL,
  at TEXT NOT NULL,
  key_id TEXT NOT NULL,
  signature TEXT NOT NULL
);

-- Electronic signatures (21 CFR 11.50, 11.70): bound to the SHA-256 of the signed content and to
-- the audit entry written with them (audit_seq).
CREATE TABLE signatures (
  id TEXT PRIMARY KEY,
  signer_id TEXT NOT NULL,
  printed_name TEXT NOT NULL,
  meaning TEXT NOT NULL,
  record_type TEXT NOT NULL,
  record_id TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  signed_at_us BIGINT NOT NULL,
  signed_at TEXT NOT NULL,
  signed_at_local TEXT NOT NULL,
  session_id TEXT NOT NULL,
  comment TEXT NOT NULL,
  audit_seq BIGINT NOT NULL
);
CREATE INDEX signatures_record ON signatures (record_type, record_id, signed_at_us);
CREATE INDEX signatures_signer ON signatures (signer_id, signed_at_us);
