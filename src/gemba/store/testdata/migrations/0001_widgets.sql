-- A portable migration: the same SQL on SQLite and PostgreSQL.
CREATE TABLE widget (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,  -- a '?' and a ; inside a comment
  created_at TEXT NOT NULL
);
CREATE INDEX widget_created_at ON widget (created_at);
