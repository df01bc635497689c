// The master batch record API as the recipe screens (and the MBR builder) read it
// (src/gemba/recipe/routes_view.cc, docs/recipe-format.md). Only what the web app uses.

// Lifecycle states, as the server names them. "rejected" returns to "draft" on its next edit.
export type VersionState = 'draft' | 'in_review' | 'approved' | 'effective' | 'superseded' | 'retired' | 'rejected';

export const VERSION_STATES: readonly VersionState[] = [
  'draft',
  'in_review',
  'approved',
  'effective',
  'superseded',
  'retired',
  'rejected',
];

// A validation problem, located by field path ("unit_procedures[1].operations[0].steps[3].limits").
export interface Problem {
  field: string;
  message: string;
}

// One version in a recipe's list (GET /api/v1/recipes, GET /api/v1/recipes/{id}).
export interface VersionSummary {
  number: number;
  id: string;
  state: VersionState;
  // Optimistic-concurrency version of the record (ETag "v<version>").
  version: number;
  content_sha256: string;
  step_count: number;
  updated_at: string;
  updated_by: string; // user id
  based_on: number | null;
}

// A recipe with its versions, oldest first.
export interface RecipeSummary {
  id: string;
  product_code: string;
  product_name: string;
  site: string;
  created_at: string;
  created_by: string; // user id
  latest_version: number | null;
  effective_version: number | null;
  versions: VersionSummary[];
  people: Record<string, string>; // user id → printed name, for every id above
}

// A signature applied to a version (its manifestation, 21 CFR 11.50).
export interface VersionSignature {
  id: string;
  signer: { id: string; printed_name: string };
  // The trust meaning: "authored" (submit), "approved" (approve, and retire), "rejected",
  // "released" (make effective).
  meaning: string;
  meaning_text?: string;
  signed_at: string;
  signed_at_local?: string;
  content_hash?: string;
  record?: { type: string; id: string };
  valid?: boolean;
  comment?: string;
}

// GET /api/v1/recipes/{id}/versions/{v} (content included); POST/PUT answers carry the same
// fields without content. The lifecycle actions add `signature`, `superseded_version` and
// `approvals_left`.
export interface VersionView {
  recipe_id: string;
  id: string;
  number: number;
  state: VersionState;
  // Optimistic-concurrency version: send it as If-Match "v<version>" (also the ETag).
  version: number;
  product_code: string;
  product_name: string;
  site: string;
  content_sha256: string;
  step_count: number;
  review_round: number;
  created_at: string;
  created_by: string; // user id
  updated_at: string;
  updated_by: string; // user id
  based_on: number | null;
  // User ids of the creator and everyone who edited it (none of them may approve it).
  authors: string[];
  people: Record<string, string>; // user id → printed name, for every id above
  valid: boolean;
  problems: Problem[];
  signatures: VersionSignature[];
  // The recipe document (gemba.recipe/1); the builder owns its types.
  content?: Record<string, unknown> | null;
  // Lifecycle action answers only.
  signature?: VersionSignature | null;
  superseded_version?: number;
  approvals_left?: number;
}

// GET /api/v1/recipes/{id}/diff?from=&to=
export type DiffElement = 'recipe' | 'header' | 'formula_line' | 'unit_procedure' | 'operation' | 'step';
export type DiffChangeKind = 'added' | 'removed' | 'moved' | 'changed';

export interface DiffLocation {
  unit_procedure?: string;
  operation?: string;
  position?: number;
}

export interface DiffField {
  field: string; // path inside the element ("limits.high")
  old?: unknown; // absent or null = the field was absent
  new?: unknown;
}

export interface DiffChange {
  element: DiffElement;
  key?: string;
  change: DiffChangeKind;
  from?: DiffLocation;
  to?: DiffLocation;
  fields?: DiffField[];
}

export interface RecipeDiff {
  from: number;
  to: number;
  changes?: DiffChange[];
  summary?: Partial<Record<DiffChangeKind, number>>;
}
