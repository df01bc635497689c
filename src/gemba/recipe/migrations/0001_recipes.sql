-- Master batch records (ISA-88 master recipes, 21 CFR 211.186): recipes, their versions and the
-- signatures that moved each version through its lifecycle (recipe/model/lifecycle.h).

-- A recipe: one product at one site. Its versions carry the content; product_name is the latest
-- version's, for lists.
CREATE TABLE recipe (
  id TEXT PRIMARY KEY,
  product_code TEXT NOT NULL,
  product_name TEXT NOT NULL,
  site TEXT NOT NULL,
  created_at_us BIGINT NOT NULL,
  created_by TEXT NOT NULL,
  UNIQUE (product_code, site)
);

-- One version of a recipe. content is the canonical JSON (recipe/model/format.h), exactly what
-- export returns; content_sha256 is what signatures bind to. version counts every change to the
-- row (optimistic concurrency: ETag "v<version>"). review_round counts submissions, so the
-- approvals of an earlier round (before a rejection) are not counted again.
CREATE TABLE recipe_version (
  id TEXT PRIMARY KEY,
  recipe_id TEXT NOT NULL REFERENCES recipe (id),
  number INTEGER NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('draft', 'in_review', 'approved', 'effective',
                                       'superseded', 'retired', 'rejected')),
  site TEXT NOT NULL,
  content TEXT NOT NULL,
  content_sha256 TEXT NOT NULL,
  step_count INTEGER NOT NULL,
  problem_count INTEGER NOT NULL,
  based_on INTEGER,
  version BIGINT NOT NULL,
  review_round INTEGER NOT NULL,
  created_at_us BIGINT NOT NULL,
  created_by TEXT NOT NULL,
  updated_at_us BIGINT NOT NULL,
  updated_by TEXT NOT NULL,
  UNIQUE (recipe_id, number)
);

-- At most one effective version per recipe and site, whatever the code does.
CREATE UNIQUE INDEX recipe_version_one_effective ON recipe_version (recipe_id, site)
  WHERE state = 'effective';

-- Everyone who created or edited a version's content: none of them may approve or reject it.
CREATE TABLE recipe_version_author (
  version_id TEXT NOT NULL REFERENCES recipe_version (id),
  user_id TEXT NOT NULL,
  first_at_us BIGINT NOT NULL,
  PRIMARY KEY (version_id, user_id)
);

-- The lifecycle signatures of a version (the signature itself lives in trust's signatures table):
-- action is the lifecycle action (submit, approve, reject, make_effective, retire); approvals
-- of the current review_round are the ones counted.
CREATE TABLE recipe_version_signature (
  signature_id TEXT PRIMARY KEY,
  version_id TEXT NOT NULL REFERENCES recipe_version (id),
  action TEXT NOT NULL,
  review_round INTEGER NOT NULL,
  signer_id TEXT NOT NULL,
  signed_at_us BIGINT NOT NULL
);
CREATE INDEX recipe_version_signature_version ON recipe_version_signature (version_id, signed_at_us);
