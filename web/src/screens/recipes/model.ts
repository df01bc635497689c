// Pure logic of the recipe screens: which lifecycle actions a version's state and the user's
// permissions allow, file names, the version history's signature summary, and the grouping of a
// version diff by where each change is. The server decides every rule; this only chooses what to
// offer and how to read it.
import { humanize } from '../../lib/format';
import type {
  DiffChange,
  DiffChangeKind,
  DiffField,
  RecipeDiff,
  RecipeSummary,
  VersionSignature,
  VersionState,
  VersionSummary,
} from './types';

// ---- Lifecycle -------------------------------------------------------------------------------

export type LifecycleActionId = 'submit' | 'approve' | 'reject' | 'make_effective' | 'retire';

export interface LifecycleActionSpec {
  id: LifecycleActionId;
  label: string; // the button
  path: string; // POST /api/v1/recipes/{id}/versions/{v}/<path>
  permission: string;
  states: VersionState[];
  // The meaning recorded in the signature manifestation (the server's trust meaning), and how
  // the dialog explains it.
  meaning: string;
  meaningText: string;
  // Reject and retire need a reason (sent as `reason`, also the signature's comment).
  reason?: string;
  kind: 'primary' | 'secondary' | 'danger';
}

export const LIFECYCLE_ACTIONS: readonly LifecycleActionSpec[] = [
  {
    id: 'submit',
    label: 'Submit for approval',
    path: 'submit',
    permission: 'recipe.author',
    states: ['draft'],
    meaning: 'authored',
    meaningText: 'Authored by (responsible for the content); the version goes to review and no longer changes',
    kind: 'primary',
  },
  {
    id: 'approve',
    label: 'Approve',
    path: 'approve',
    permission: 'recipe.approve',
    states: ['in_review'],
    meaning: 'approved',
    meaningText: 'Approved by; I checked this master batch record and approve it for use',
    kind: 'primary',
  },
  {
    id: 'reject',
    label: 'Reject',
    path: 'reject',
    permission: 'recipe.approve',
    states: ['in_review'],
    meaning: 'rejected',
    meaningText: 'Rejected by; the version returns to its authors',
    reason: 'Reason for rejection',
    kind: 'danger',
  },
  {
    id: 'make_effective',
    label: 'Make effective',
    path: 'make-effective',
    permission: 'recipe.make_effective',
    states: ['approved'],
    meaning: 'released',
    meaningText: 'Released by (qualified person); new batches use this version, the effective one is superseded',
    kind: 'primary',
  },
  {
    id: 'retire',
    label: 'Retire',
    path: 'retire',
    permission: 'recipe.retire',
    states: ['approved', 'effective'],
    // The server records a retirement with the meaning "approved" (it has no "retired" meaning).
    meaning: 'approved',
    meaningText: 'Approved by; I retire this version: no new batch may use it',
    reason: 'Reason for retiring it',
    kind: 'danger',
  },
];

export interface ActionContext {
  state: VersionState;
  permissions: readonly string[];
  userId?: string;
  authors?: readonly string[];
}

export interface AllowedActions {
  actions: LifecycleActionSpec[];
  // The user may approve but authored or edited this version: segregation of duties.
  ownVersion: boolean;
  // "New draft": a draft copy of this version, for authors.
  newDraft: boolean;
}

export function allowedActions(c: ActionContext): AllowedActions {
  const has = (p: string) => c.permissions.includes(p);
  const isAuthor = !!c.userId && (c.authors ?? []).includes(c.userId);
  let ownVersion = false;
  const actions = LIFECYCLE_ACTIONS.filter((a) => {
    if (!a.states.includes(c.state) || !has(a.permission)) return false;
    if ((a.id === 'approve' || a.id === 'reject') && isAuthor) {
      ownVersion = true;
      return false;
    }
    return true;
  });
  // A draft is edited in place, and so is a rejected one (it returns to draft on its next edit).
  const newDraft = has('recipe.author') && c.state !== 'draft' && c.state !== 'rejected';
  return { actions, ownVersion, newDraft };
}

// The live events of recipes (subject: the recipe), as the server publishes them.
export const RECIPE_EVENTS = [
  'recipe.version_created',
  'recipe.version_updated',
  'recipe.version_submitted',
  'recipe.version_approval_recorded',
  'recipe.version_approved',
  'recipe.version_rejected',
  'recipe.version_made_effective',
  'recipe.version_superseded',
  'recipe.version_retired',
];

// ---- Files -----------------------------------------------------------------------------------

// "<product_code>-v<n>.json"; a code keeps to [A-Za-z0-9._-], anything else becomes "_".
export function exportFileName(productCode: string, number: number): string {
  const safe = productCode.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^[.]+/, '') || 'recipe';
  return `${safe}-v${number}.json`;
}

// ---- Recipes list ----------------------------------------------------------------------------

export interface VersionsAtAGlance {
  effective: number | null;
  inReview: number[];
  drafts: number[]; // drafts and rejected versions (both editable)
  approved: number[];
  latest: number | null;
}

export function atAGlance(r: RecipeSummary): VersionsAtAGlance {
  const of = (...states: VersionState[]) => r.versions.filter((v) => states.includes(v.state)).map((v) => v.number);
  return {
    effective: r.effective_version ?? of('effective')[0] ?? null,
    inReview: of('in_review'),
    drafts: of('draft', 'rejected'),
    approved: of('approved'),
    latest: r.latest_version ?? (r.versions.length ? r.versions[r.versions.length - 1].number : null),
  };
}

// Case-insensitive match of every word of `text` against the recipe's code, name and site.
export function matchesRecipe(r: RecipeSummary, text: string): boolean {
  const words = text.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const hay = `${r.product_code} ${r.product_name} ${r.site}`.toLowerCase();
  return words.every((w) => hay.includes(w));
}

// ---- New recipe ------------------------------------------------------------------------------

export interface NewRecipeInput {
  productCode: string;
  productName: string;
  site: string;
  batchSize: number;
  unit: string;
}

// The smallest document the server stores as a draft: empty formula and procedure (a draft may
// carry validation problems; submit needs none). The theoretical yield starts at the batch size.
export function newRecipeDocument(i: NewRecipeInput): Record<string, unknown> {
  return {
    format: 'gemba.recipe/1',
    product_code: i.productCode.trim(),
    product_name: i.productName.trim(),
    site: i.site.trim(),
    header: {
      batch_size: { value: i.batchSize, unit: i.unit },
      theoretical_yield: { value: i.batchSize, unit: i.unit },
    },
    formula: [],
    unit_procedures: [],
  };
}

// Units a batch size may have (mass, volume, count: docs/recipe-format.md).
export const BATCH_UNITS = ['kg', 'g', 'L', 'mL', 'pcs'] as const;

// ---- Version history -------------------------------------------------------------------------

// Versions newest first.
export function newestFirst(versions: readonly VersionSummary[]): VersionSummary[] {
  return [...versions].sort((a, b) => b.number - a.number);
}

// The default pair to compare: the previous and the latest version (null with fewer than two).
export function defaultPair(versions: readonly { number: number }[]): { from: number; to: number } | null {
  const n = [...versions.map((v) => v.number)].sort((a, b) => a - b);
  if (n.length < 2) return null;
  return { from: n[n.length - 2], to: n[n.length - 1] };
}

// A whole number ≥ 1 from the address, or null.
export function parseVersionParam(s: string | null | undefined): number | null {
  if (!s || !/^[1-9][0-9]{0,6}$/.test(s)) return null;
  return Number(s);
}

// What a signature on a version stands for, as the history reads it. A retirement is signed with
// "approved" too: the server's default comment ("retired version …") tells them apart.
export function signatureAction(s: Pick<VersionSignature, 'meaning' | 'comment'>): string {
  switch (s.meaning) {
    case 'authored':
      return 'Submitted';
    case 'approved':
      return /^retired\b/i.test(s.comment ?? '') ? 'Retired' : 'Approved';
    case 'rejected':
      return 'Rejected';
    case 'released':
      return 'Made effective';
    default:
      return humanize(s.meaning);
  }
}

// ---- Diff ------------------------------------------------------------------------------------

export const CHANGE_MARK: Record<DiffChangeKind, string> = {
  added: '+ Added',
  removed: '− Removed',
  moved: '↕ Moved',
  changed: '~ Changed',
};

const ELEMENT_NAME: Record<string, string> = {
  recipe: 'Recipe',
  header: 'Header',
  formula_line: 'Formula line',
  unit_procedure: 'Unit procedure',
  operation: 'Operation',
  step: 'Step',
};

// Where an element of the recipe sits, with the names of its parents, read from the documents.
export interface Outline {
  names: Map<string, string>; // "step:key" → name (also formula_line:, unit_procedure:, operation:)
  parents: Map<string, { unitProcedure: string; operation?: string }>; // "step:key"/"operation:key"
  order: Map<string, number>; // "kind:key" → document order
}

type Doc = Record<string, unknown> | null | undefined;

function arr(v: unknown): Record<string, unknown>[] {
  return Array.isArray(v) ? (v.filter((x) => x && typeof x === 'object') as Record<string, unknown>[]) : [];
}
function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

// Names and places of every element of one or more documents (the later documents win).
export function outlineOf(...docs: Doc[]): Outline {
  const o: Outline = { names: new Map(), parents: new Map(), order: new Map() };
  for (const doc of docs) {
    if (!doc) continue;
    let i = 0;
    const note = (id: string, name: string) => {
      if (name) o.names.set(id, name);
      o.order.set(id, i); // the later document's order wins; what it lacks keeps its old place
      i += 1;
    };
    for (const f of arr(doc['formula'])) note(`formula_line:${str(f['key'])}`, str(f['name']));
    for (const up of arr(doc['unit_procedures'])) {
      const upKey = str(up['key']);
      note(`unit_procedure:${upKey}`, str(up['name']));
      for (const op of arr(up['operations'])) {
        const opKey = str(op['key']);
        note(`operation:${opKey}`, str(op['name']));
        o.parents.set(`operation:${opKey}`, { unitProcedure: upKey });
        for (const st of arr(op['steps'])) {
          const id = `step:${str(st['key'])}`;
          note(id, str(st['name']));
          o.parents.set(id, { unitProcedure: upKey, operation: opKey });
        }
      }
    }
  }
  return o;
}

export interface DiffEntry {
  kind: DiffChangeKind;
  element: string;
  key: string;
  title: string; // "Step “Tablet weight” (tablet_weight)"
  detail?: string; // moves: "from compression/ipc, position 2 → …"
  fields: { field: string; before: string; after: string }[];
}

export interface DiffGroup {
  id: string; // "header", "formula", "up:<key>", "up:<key>/op:<key>"
  title: string; // "Header", "Formula", "Unit procedure “Granulation” (granulation)", "… → Operation …"
  entries: DiffEntry[];
}

export interface DiffView {
  groups: DiffGroup[];
  summary: Record<DiffChangeKind, number>;
  total: number;
}

function named(o: Outline, kind: string, key: string): string {
  const name = o.names.get(`${kind}:${key}`);
  return name ? `“${name}” (${key})` : key;
}

// A field value as text: absent → "—", strings as they are, the rest as compact JSON.
export function showValue(v: unknown): string {
  if (v === undefined || v === null) return '—';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v) && v.every((x) => typeof x !== 'object' || x === null)) return v.map(showValue).join(', ');
  if (typeof v === 'object') {
    const q = v as Record<string, unknown>;
    if (typeof q['value'] === 'number' && typeof q['unit'] === 'string' && Object.keys(q).length === 2) return `${q['value']} ${q['unit']}`;
  }
  return JSON.stringify(v);
}

function where(loc: { unit_procedure?: string; operation?: string; position?: number } | undefined, o: Outline): string {
  if (!loc) return '';
  const parts: string[] = [];
  if (loc.unit_procedure) parts.push(named(o, 'unit_procedure', loc.unit_procedure));
  if (loc.operation) parts.push(named(o, 'operation', loc.operation));
  const at = typeof loc.position === 'number' ? `position ${loc.position + 1}` : '';
  return [parts.join(' → '), at].filter(Boolean).join(', ');
}

function fieldRows(fields: DiffField[] | undefined) {
  return (fields ?? []).map((f) => ({ field: f.field, before: showValue(f.old), after: showValue(f.new) }));
}

// Groups the server's changes by where they are: the recipe and header first, then the formula,
// then each unit procedure and its operations in document order (`toDoc`'s, then `fromDoc`'s for
// what was removed). A step is placed under its operation where it is now (where it was, if removed).
export function groupDiff(diff: Pick<RecipeDiff, 'changes' | 'summary'>, fromDoc?: Doc, toDoc?: Doc): DiffView {
  const o = outlineOf(fromDoc, toDoc);
  const groups = new Map<string, DiffGroup & { rank: [number, number, number] }>();
  const summary: Record<DiffChangeKind, number> = { added: 0, removed: 0, moved: 0, changed: 0 };
  const upRank = (k: string) => o.order.get(`unit_procedure:${k}`) ?? 1e9;
  const opRank = (k: string) => o.order.get(`operation:${k}`) ?? 1e9;

  const group = (id: string, title: string, rank: [number, number, number]) => {
    let g = groups.get(id);
    if (!g) {
      g = { id, title, entries: [], rank };
      groups.set(id, g);
    }
    return g;
  };

  for (const c of diff.changes ?? []) {
    summary[c.change] = (summary[c.change] ?? 0) + 1;
    const key = c.key ?? '';
    const loc = c.change === 'removed' ? (c.from ?? c.to) : (c.to ?? c.from);
    const parent = o.parents.get(`${c.element}:${key}`);
    const up = loc?.unit_procedure ?? parent?.unitProcedure ?? '';
    const op = loc?.operation ?? parent?.operation ?? '';
    let g: DiffGroup;
    switch (c.element) {
      case 'recipe':
      case 'header':
        g = group('header', 'Header', [0, 0, 0]);
        break;
      case 'formula_line':
        g = group('formula', 'Formula', [1, 0, 0]);
        break;
      case 'unit_procedure':
        g = group(`up:${key}`, `Unit procedure ${named(o, 'unit_procedure', key)}`, [2, upRank(key), -1]);
        break;
      case 'operation':
        g = up
          ? group(`up:${up}`, `Unit procedure ${named(o, 'unit_procedure', up)}`, [2, upRank(up), -1])
          : group(`op:${key}`, `Operation ${named(o, 'operation', key)}`, [2, 1e9, opRank(key)]);
        break;
      default:
        g =
          up && op
            ? group(
                `up:${up}/op:${op}`,
                `Unit procedure ${named(o, 'unit_procedure', up)} → Operation ${named(o, 'operation', op)}`,
                [2, upRank(up), opRank(op)],
              )
            : group('steps', 'Steps', [3, 0, 0]);
    }
    const entry: DiffEntry = {
      kind: c.change,
      element: c.element,
      key,
      title: c.element === 'recipe' ? 'Recipe' : c.element === 'header' ? 'Header' : `${ELEMENT_NAME[c.element] ?? humanize(c.element)} ${named(o, c.element, key)}`,
      fields: fieldRows(c.fields),
    };
    if (c.change === 'moved') {
      const a = where(c.from, o);
      const b = where(c.to, o);
      if (a || b) entry.detail = `from ${a || '—'} to ${b || '—'}`;
    } else if (c.change === 'added' && typeof c.to?.position === 'number') {
      // Its group names the parents; the position says where among its siblings.
      entry.detail = `at position ${c.to.position + 1}`;
    } else if (c.change === 'removed' && typeof c.from?.position === 'number') {
      entry.detail = `was at position ${c.from.position + 1}`;
    }
    g.entries.push(entry);
  }
  const ordered = [...groups.values()].sort((a, b) => a.rank[0] - b.rank[0] || a.rank[1] - b.rank[1] || a.rank[2] - b.rank[2]);
  for (const g of ordered) {
    g.entries.sort((a, b) => entryRank(a, o) - entryRank(b, o));
  }
  const total = summary.added + summary.removed + summary.moved + summary.changed;
  return { groups: ordered.map(({ rank: _rank, ...g }) => g), summary, total };
}

function entryRank(e: DiffEntry, o: Outline): number {
  // The element itself before its children; then document order; header fields keep their order.
  const level = e.element === 'unit_procedure' ? 0 : e.element === 'operation' ? 1 : 2;
  return level * 1e7 + (o.order.get(`${e.element}:${e.key}`) ?? 0);
}

// "3 changes: 1 added, 1 removed, 1 changed" / "No differences".
export function summaryText(s: Record<DiffChangeKind, number>): string {
  const total = s.added + s.removed + s.moved + s.changed;
  if (total === 0) return 'No differences';
  const parts = (['added', 'removed', 'moved', 'changed'] as const).filter((k) => s[k] > 0).map((k) => `${s[k]} ${k}`);
  return `${total} ${total === 1 ? 'change' : 'changes'}: ${parts.join(', ')}`;
}

export type { DiffChange };

// ---- Import ----------------------------------------------------------------------------------

// The line and column (from 1) of a byte offset into the UTF-8 text, as a person finds it in an
// editor; null when the offset lies outside the text.
export function locateOffset(text: string, byteOffset: number): { line: number; column: number } | null {
  if (!Number.isInteger(byteOffset) || byteOffset < 0) return null;
  const bytes = new TextEncoder().encode(text);
  if (byteOffset > bytes.length) return null;
  const before = new TextDecoder().decode(bytes.slice(0, byteOffset));
  const lines = before.split('\n');
  return { line: lines.length, column: [...lines[lines.length - 1]].length + 1 };
}

// Where the server says an imported document is wrong, as one sentence: the field it names, or the
// line and column of the byte it names.
export function importProblemPlace(details: Record<string, unknown>, text: string): string | null {
  const field = details['field'];
  if (typeof field === 'string' && field) return `In the field ${field}.`;
  const offset = details['offset'];
  if (typeof offset === 'number') {
    const at = locateOffset(text, offset);
    if (at) return `At line ${at.line}, column ${at.column}.`;
  }
  return null;
}
