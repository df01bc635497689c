-- Installation-wide settings and markers (e.g. that the demo plant has been seeded).
CREATE TABLE system_settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
