-- Which default (role, permission) grants have been applied to this database. A default added by
-- a newer release is granted once; a grant an administrator later removes stays removed.
CREATE TABLE role_default_grants (
  role TEXT NOT NULL,
  permission TEXT NOT NULL,
  PRIMARY KEY (role, permission)
);
INSERT INTO role_default_grants (role, permission) SELECT role, permission FROM role_permissions;
