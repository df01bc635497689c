// The audit trail viewer's logic, kept free of rendering so it can be tested with tables of cases:
// the filter as the URL and the API read it (GET /api/v1/audit takes the same names), the
// form's local times ↔ UTC, the old → new values of an entry as rows, the signatures an entry
// carries, and the chain verification report as sentences.
import { query } from '../../api/client';

// One entry as GET /api/v1/audit returns it.
export interface AuditRecord {
  seq: number;
  at: string;
  actor: { id: string; printed_name: string };
  session_id: string;
  client_address: string;
  action: string;
  record: { type: string; id: string };
  changes: unknown; // [{field, old, new}]; stored text if it is not JSON (tampered)
  reason: string;
  prev_hash: string;
  hash: string;
}

// GET /api/v1/audit/verify.
export interface VerifyReport {
  intact: boolean;
  entries: number;
  last_seq: number;
  last_hash: string;
  checkpoints: number;
  latest_checkpoint: { seq: number; at: string; key_id: string } | null;
  broken: { seq: number; kind: string; message: string } | null;
  warnings: string[];
}

// What the server filters on (exact matches; `user` is the actor's id; `from` inclusive, `to`
// exclusive, both RFC 3339).
export interface AuditFilter {
  record_type?: string;
  record_id?: string;
  action?: string;
  user?: string;
  from?: string;
  to?: string;
  order?: 'asc' | 'desc';
}

export const FILTER_KEYS = ['record_type', 'record_id', 'action', 'user', 'from', 'to', 'order'] as const;

export const PAGE_SIZE = 50;
// The server's cap for one CSV export.
export const CSV_LIMIT = 100_000;

export function filterFromParams(params: URLSearchParams): AuditFilter {
  const f: AuditFilter = {};
  for (const k of FILTER_KEYS) {
    const v = params.get(k)?.trim();
    if (!v) continue;
    if (k === 'order') {
      if (v === 'asc' || v === 'desc') f.order = v;
    } else {
      f[k] = v;
    }
  }
  return f;
}

// "?record_type=batch&action=…" — for the address bar, and (with paging) for the API.
export function filterQuery(f: AuditFilter, extra: Record<string, string | number | undefined> = {}): string {
  const o: Record<string, string | number | undefined> = {};
  for (const k of FILTER_KEYS) o[k] = f[k]?.trim();
  if (o.order === 'desc') o.order = undefined; // the server's default
  return query({ ...o, ...extra });
}

export function pageQuery(f: AuditFilter, cursor?: string): string {
  return filterQuery(f, { limit: PAGE_SIZE, cursor });
}

export function csvQuery(f: AuditFilter): string {
  return filterQuery(f, { format: 'csv', limit: CSV_LIMIT });
}

export function isFiltered(f: AuditFilter): boolean {
  return FILTER_KEYS.some((k) => k !== 'order' && f[k]);
}

// <input type="datetime-local"> value (browser's zone) → RFC 3339 UTC; '' for '' or nonsense.
export function localInputToIso(value: string): string {
  if (!value) return '';
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? '' : d.toISOString().replace('.000Z', 'Z');
}

// RFC 3339 → the datetime-local value showing the same instant in the browser's zone.
export function isoToLocalInput(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const p = (n: number) => String(n).padStart(2, '0');
  const base = `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
  return d.getSeconds() ? `${base}:${p(d.getSeconds())}` : base;
}

// ---- old → new values ----

export type DiffKind = 'added' | 'removed' | 'changed' | 'same';

export interface DiffRow {
  field: string; // "roles", "runs[1].entry.value.number"
  before: string | null; // null: no value before
  after: string | null; // null: no value after
  kind: DiffKind;
}

function isScalar(v: unknown): boolean {
  return v === null || typeof v !== 'object';
}

export function showValue(v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'string') return v === '' ? '(empty)' : v;
  if (Array.isArray(v) && v.every(isScalar)) return v.length ? v.map(showValue).join(', ') : '(none)';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

// A value as (path, shown value) pairs: objects and lists of objects are opened up, lists of
// plain values read as one comma-separated value.
export function flatten(value: unknown, path: string, out: [string, string][] = []): [string, string][] {
  if (Array.isArray(value)) {
    if (value.length === 0 || value.every(isScalar)) out.push([path, showValue(value)]);
    else value.forEach((v, i) => flatten(v, `${path}[${i}]`, out));
  } else if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) out.push([path, '(empty)']);
    for (const [k, v] of entries) flatten(v, `${path}.${k}`, out);
  } else {
    out.push([path, showValue(value)]);
  }
  return out;
}

// One change {field, old, new} as rows: only the paths that differ (a value that did not change
// inside a larger one is left out), in the order the new value lists them.
export function diffChange(field: string, before: unknown, after: unknown): DiffRow[] {
  const b = new Map(before === null || before === undefined ? [] : flatten(before, field));
  const a = new Map(after === null || after === undefined ? [] : flatten(after, field));
  const rows: DiffRow[] = [];
  for (const [path, v] of a) {
    const old = b.get(path);
    if (old === undefined) rows.push({ field: path, before: null, after: v, kind: 'added' });
    else if (old !== v) rows.push({ field: path, before: old, after: v, kind: 'changed' });
  }
  for (const [path, v] of b) {
    if (!a.has(path)) rows.push({ field: path, before: v, after: null, kind: 'removed' });
  }
  if (rows.length === 0) {
    const shown = showValue(after ?? before);
    rows.push({ field, before: before == null ? null : shown, after: after == null ? null : shown, kind: 'same' });
  }
  return rows;
}

// The entry's changes as rows; null when they are not the [{field, old, new}] list (then the
// stored text is shown as it is).
export function diffChanges(changes: unknown): DiffRow[] | null {
  if (!Array.isArray(changes)) return null;
  const rows: DiffRow[] = [];
  for (const c of changes) {
    if (!c || typeof c !== 'object' || typeof (c as { field?: unknown }).field !== 'string') return null;
    const { field, old, new: after } = c as { field: string; old?: unknown; new?: unknown };
    rows.push(...diffChange(field, old ?? null, after ?? null));
  }
  return rows;
}

// ---- signatures ----

export interface EntrySignature {
  id: string;
  printed_name?: string;
  meaning?: string;
  signed_at?: string;
  comment?: string;
}

// The signatures an entry records: a "signature.applied" entry carries the manifestation; other
// entries name a signature by its id ({"field": "signature", "new": "<id>"}).
export function signaturesOf(r: AuditRecord): EntrySignature[] {
  if (!Array.isArray(r.changes)) return [];
  const out: EntrySignature[] = [];
  for (const c of r.changes as { field?: unknown; new?: unknown }[]) {
    if (!c || c.field !== 'signature') continue;
    const v = c.new;
    if (typeof v === 'string' && v) out.push({ id: v });
    else if (v && typeof v === 'object' && typeof (v as { id?: unknown }).id === 'string') {
      const s = v as Record<string, unknown>;
      const text = (k: string) => (typeof s[k] === 'string' && s[k] ? (s[k] as string) : undefined);
      out.push({ id: s.id as string, printed_name: text('printed_name'), meaning: text('meaning'), signed_at: text('signed_at'), comment: text('comment') });
    }
  }
  return out;
}

// ---- chain verification ----

export interface VerifySummary {
  ok: boolean;
  headline: string;
  checked: string[];
}

function n(x: number): string {
  return x.toLocaleString('en-GB');
}

// What the verification checked, as sentences; `when` formats the checkpoint's time.
export function verifySummary(r: VerifyReport, when: (iso: string) => string): VerifySummary {
  const checked: string[] = [];
  if (r.intact) {
    checked.push(
      r.entries === 0
        ? 'The trail is empty.'
        : `Recomputed the SHA-256 chain of all ${n(r.entries)} entries (#1 to #${n(r.last_seq)}): each links to the one before and hashes to what is stored.`,
    );
  } else {
    checked.push(`${n(r.entries)} entries were checked before the break.`);
  }
  if (r.latest_checkpoint) {
    const c = r.latest_checkpoint;
    checked.push(
      `${n(r.checkpoints)} signed checkpoint${r.checkpoints === 1 ? '' : 's'}; the newest, at entry #${n(c.seq)}, was signed ${when(c.at)} with key ${c.key_id}${r.intact ? ' and the chain reaches it with the same hash' : ''}.`,
    );
  } else {
    checked.push('No signed checkpoint yet: a cut-off of the newest entries could not be detected.');
  }
  const headline = r.intact
    ? 'Audit trail intact'
    : `Audit trail BROKEN at entry #${r.broken ? n(r.broken.seq) : '?'}${r.broken ? ` (${r.broken.kind.replace(/_/g, ' ')})` : ''}`;
  return { ok: r.intact, headline, checked };
}
