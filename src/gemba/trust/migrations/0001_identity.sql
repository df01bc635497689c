-- Identity and access (21 CFR 11.10(d), 11.10(g), 11.100, 11.300). Users are never deleted (a
-- trigger refuses it, 0003), so a user name is never reused; they are disabled instead.
CREATE TABLE roles (
  name TEXT PRIMARY KEY,
  display_name TEXT NOT NULL,
  description TEXT NOT NULL
);

CREATE TABLE role_permissions (
  role TEXT NOT NULL REFERENCES roles (name),
  permission TEXT NOT NULL,
  PRIMARY KEY (role, permission)
);

CREATE TABLE users (
  id TEXT PRIMARY KEY,
  username TEXT NOT NULL,
  username_key TEXT NOT NULL UNIQUE,
  username_skeleton TEXT NOT NULL UNIQUE,
  printed_name TEXT NOT NULL,
  email TEXT NOT NULL,
  site TEXT NOT NULL,
  status TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  password_changed_at_us BIGINT NOT NULL,
  must_change TEXT NOT NULL,
  password_never_expires INTEGER NOT NULL,
  failed_attempts INTEGER NOT NULL,
  identity_evidence TEXT NOT NULL,
  version BIGINT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE user_roles (
  user_id TEXT NOT NULL REFERENCES users (id),
  role TEXT NOT NULL REFERENCES roles (name),
  PRIMARY KEY (user_id, role)
);

CREATE TABLE password_history (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id),
  password_hash TEXT NOT NULL,
  set_at_us BIGINT NOT NULL
);
CREATE INDEX password_history_user ON password_history (user_id, set_at_us);

-- Sessions hold only hashes of their tokens.
CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id),
  token_hash TEXT NOT NULL UNIQUE,
  csrf_hash TEXT NOT NULL,
  created_at_us BIGINT NOT NULL,
  last_seen_at_us BIGINT NOT NULL,
  expires_at_us BIGINT NOT NULL,
  ended_at_us BIGINT,
  end_reason TEXT NOT NULL,
  client_address TEXT NOT NULL,
  user_agent TEXT NOT NULL,
  has_signed INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id, created_at_us);
