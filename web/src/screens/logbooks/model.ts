// Pure logic of the equipment board and the logbooks: the API's shapes (only what these screens
// read), a status in words ("Clean — expires 14:30", "Calibration overdue since 3 Nov"), a
// template field as the step spec the batch field widgets take, what a typed field sends, filters
// to and from the address bar, and the difference between two revisions.
import type { StepSpec } from '../execute/types';
import { checkNumber, checkText, formatNumber, parseNumber } from '../execute/validation';

// ---- API shapes --------------------------------------------------------------------------------

export type Status = 'clean' | 'in_use' | 'dirty' | 'cleaning' | 'maintenance' | 'out_of_service' | 'calibration_overdue';

export interface StatusView {
  status: Status | string;
  since: string;
  clean_expires_at: string | null;
  clean_by: string | null;
  clean_hold_expired: boolean;
  dirty_hold_exceeded: boolean;
  calibration_overdue: boolean;
  calibration_due: string | null;
  clean_level?: string;
  batch?: { id: string; number: string; product: string };
  last_product: string;
  batches_since_major: number;
  major_cleaning_required: boolean;
}

export interface BoardItem extends StatusView {
  equipment: { id: string; code: string; name: string; class: string };
  room: string;
}

export interface Board {
  items: BoardItem[];
  counts: Record<string, number>;
}

export interface PersonRef {
  user_id: string;
  printed_name: string;
}

export interface StoredValue {
  value?: number | string | boolean;
  unit?: string;
  time?: string;
}

export interface EntryException {
  kind: string;
  severity: string;
  message: string;
}

export interface Revision {
  id: string;
  revision: number;
  values: Record<string, StoredValue>;
  exceptions: EntryException[];
  reason: string;
  by: PersonRef;
  at: string;
}

export interface LogEntry {
  id: string;
  number: string;
  type: string;
  template_version: number;
  kind: string;
  recorded_at: string;
  recorded_by: PersonRef;
  automatic: boolean;
  equipment_id: string;
  room_id: string;
  equipment?: { id: string; code: string };
  room?: { id: string; code: string };
  batch: { id: string; number: string } | null;
  lot_id: string;
  comment: string;
  state: string; // recorded | verified
  revision: number;
  values: Record<string, StoredValue>;
  exceptions: EntryException[];
  verified?: PersonRef & { at: string };
  revisions?: Revision[];
}

export interface EntriesPage {
  items: LogEntry[];
  next_cursor: string | null;
}

export interface EquipmentStatus extends StatusView {
  at: string;
  equipment: { id: string; code: string; name: string; class: string; room_id: string; asset_id: string; created_at: string };
  class: { code: string; name: string; clean_hold: string | null; dirty_hold: string | null; campaign_batches: number; calibration_interval_days: number | null };
  entries: LogEntry[];
}

export type LinkRule = 'none' | 'optional' | 'required';

export interface TemplateField {
  key: string;
  name: string;
  type: string; // numeric_entry | text_entry | choice_entry | boolean_entry | datetime_entry
  text?: string;
  unit?: string;
  decimals?: number;
  limits?: { low?: number; high?: number };
  alarm?: { low?: number; high?: number };
  options?: string[];
  expected?: boolean | string;
  pattern?: string;
  max_length?: number;
  date_only?: boolean;
  required?: boolean;
  allow_override?: boolean;
}

export interface Template {
  type: string;
  name: string;
  description?: string;
  kind: string;
  version: number;
  verification: boolean;
  meaning: string;
  links: { equipment: LinkRule; room: LinkRule; batch: LinkRule; lot: LinkRule };
  fields: TemplateField[];
}

// ---- Status in words ---------------------------------------------------------------------------

export type Tone = 'ok' | 'busy' | 'warn' | 'bad';

export const STATUS_ORDER: Status[] = ['clean', 'in_use', 'cleaning', 'dirty', 'calibration_overdue', 'maintenance', 'out_of_service'];

export const STATUS_LABEL: Record<string, string> = {
  clean: 'Clean',
  in_use: 'In use',
  cleaning: 'Cleaning',
  dirty: 'Dirty',
  calibration_overdue: 'Calibration overdue',
  maintenance: 'Maintenance',
  out_of_service: 'Out of service',
};

export function statusLabel(s: string): string {
  return STATUS_LABEL[s] ?? s.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
}

export function toneOf(s: string): Tone {
  switch (s) {
    case 'clean':
      return 'ok';
    case 'in_use':
    case 'cleaning':
      return 'busy';
    case 'dirty':
    case 'calibration_overdue':
      return 'warn';
    default:
      return 'bad';
  }
}

// Parts of an instant in a time zone (the browser's when none is named).
function parts(d: Date, timeZone?: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(d)) {
    out[p.type] = p.value;
  }
  return out;
}

// "14:30" on the same day as `now`, "3 Nov 14:30" in the same year, "3 Nov 2027 14:30" otherwise;
// `dateOnly` drops the clock ("3 Nov").
export function shortTime(iso: string, now: Date, timeZone?: string, dateOnly = false): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const a = parts(d, timeZone);
  const n = parts(now, timeZone);
  const clock = `${a.hour}:${a.minute}`;
  const sameYear = a.year === n.year;
  const sameDay = sameYear && a.month === n.month && a.day === n.day;
  const date = `${a.day} ${a.month}${sameYear ? '' : ` ${a.year}`}`;
  if (dateOnly) return sameDay ? 'today' : date;
  return sameDay ? clock : `${date} ${clock}`;
}

// What a tile says: the status and until when (`headline`), and why (`reason`, may be empty).
export function statusWords(v: StatusView, now: Date, timeZone?: string): { headline: string; reason: string } {
  const t = (iso: string) => shortTime(iso, now, timeZone);
  const day = (iso: string) => shortTime(iso, now, timeZone, true);
  const notes: string[] = [];
  if (v.major_cleaning_required && v.status !== 'in_use') notes.push('a major cleaning is required');
  switch (v.status) {
    case 'clean': {
      const level = v.clean_level ? `${v.clean_level} cleaning` : 'cleaned';
      const headline = v.clean_expires_at ? `Clean — expires ${t(v.clean_expires_at)}` : 'Clean';
      const reason = `${level.charAt(0).toUpperCase()}${level.slice(1)} ${t(v.since)}`;
      return { headline, reason: [reason, ...notes].join('; ') };
    }
    case 'in_use':
      return {
        headline: v.batch ? `In use by batch ${v.batch.number} since ${t(v.since)}` : `In use since ${t(v.since)}`,
        reason: v.batch?.product ? `Product ${v.batch.product}` : '',
      };
    case 'cleaning':
      return { headline: `Cleaning since ${t(v.since)}`, reason: 'Recorded, waiting for a second person to verify it' };
    case 'dirty': {
      let headline: string;
      if (v.clean_hold_expired) headline = `Dirty — clean hold expired ${t(v.since)}`;
      else headline = `Dirty since ${t(v.since)}`;
      if (v.dirty_hold_exceeded && v.clean_by) notes.unshift(`dirty hold exceeded ${t(v.clean_by)}: only a major cleaning counts`);
      else if (v.clean_by) notes.unshift(`clean by ${t(v.clean_by)}`);
      if (v.last_product) notes.push(`last product ${v.last_product}`);
      const reason = notes.join('; ');
      return { headline, reason: reason ? reason.charAt(0).toUpperCase() + reason.slice(1) : '' };
    }
    case 'calibration_overdue': {
      const since = v.calibration_due ?? v.since;
      const reason = v.clean_expires_at ? `Clean until ${t(v.clean_expires_at)}` : '';
      return { headline: `Calibration overdue since ${day(since)}`, reason };
    }
    case 'maintenance':
      return { headline: `Maintenance since ${t(v.since)}`, reason: '' };
    case 'out_of_service':
      return { headline: `Out of service since ${t(v.since)}`, reason: '' };
    default:
      return { headline: `${statusLabel(v.status)} since ${t(v.since)}`, reason: '' };
  }
}

// ---- The board ---------------------------------------------------------------------------------

export interface BoardFilter {
  room: string;
  status: string;
  text: string;
}

export function filterBoard(items: BoardItem[], f: BoardFilter): BoardItem[] {
  const q = f.text.trim().toLowerCase();
  return items.filter(
    (i) =>
      (!f.room || i.room === f.room) &&
      (!f.status || i.status === f.status) &&
      (!q || [i.equipment.code, i.equipment.name, i.equipment.class, i.room, i.batch?.number ?? ''].some((s) => s.toLowerCase().includes(q))),
  );
}

// Rooms in code order, their equipment in code order.
export function groupByRoom(items: BoardItem[]): [string, BoardItem[]][] {
  const m = new Map<string, BoardItem[]>();
  for (const i of items) {
    const list = m.get(i.room) ?? [];
    list.push(i);
    m.set(i.room, list);
  }
  return [...m.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([room, list]) => [room, list.sort((a, b) => a.equipment.code.localeCompare(b.equipment.code))]);
}

// Counts per status, as the board answers them.
export function countStatuses(items: { status: string }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const i of items) counts[i.status] = (counts[i.status] ?? 0) + 1;
  return counts;
}

// "2026-11-25T14:00" (a datetime-local input, the browser's zone) → RFC 3339 UTC; null if unreadable.
export function localInputToIso(v: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(v)) return null;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

// RFC 3339 → the datetime-local input's value in the browser's zone.
export function isoToLocalInput(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

// ---- Entry filters in the address bar ----------------------------------------------------------

export interface EntryFilter {
  equipment: string;
  room: string;
  batch: string;
  from: string; // yyyy-mm-dd, the browser's day
  to: string;
}

export const FILTER_KEYS: (keyof EntryFilter)[] = ['equipment', 'room', 'batch', 'from', 'to'];

export function filterFromParams(p: URLSearchParams): EntryFilter {
  const get = (k: string) => (p.get(k) ?? '').trim();
  const day = (k: string) => (/^\d{4}-\d{2}-\d{2}$/.test(get(k)) ? get(k) : '');
  return { equipment: get('equipment'), room: get('room'), batch: get('batch'), from: day('from'), to: day('to') };
}

// The address bar's query ("" or "?a=b…"), empty members left out.
export function filterToSearch(f: EntryFilter): string {
  const q = new URLSearchParams();
  for (const k of FILTER_KEYS) if (f[k]) q.set(k, f[k]);
  const s = q.toString();
  return s ? `?${s}` : '';
}

// The API's query: days become instants (from the start of `from` to the end of `to`, local).
export function filterToApi(f: EntryFilter, cursor?: string, limit = 25): Record<string, string> {
  const out: Record<string, string> = { limit: String(limit) };
  if (f.equipment) out.equipment = f.equipment;
  if (f.room) out.room = f.room;
  if (f.batch) out.batch = f.batch;
  if (f.from) out.from = new Date(`${f.from}T00:00:00`).toISOString();
  if (f.to) {
    const end = new Date(`${f.to}T00:00:00`);
    end.setDate(end.getDate() + 1);
    out.to = new Date(end.getTime() - 1).toISOString();
  }
  if (cursor) out.cursor = cursor;
  return out;
}

// ---- Template fields as the batch widgets' specs -----------------------------------------------

export function fieldSpec(f: TemplateField): StepSpec {
  return {
    key: f.key,
    name: f.name,
    type: f.type,
    text: f.text,
    unit: f.unit,
    decimals: f.decimals,
    limits: f.limits,
    alarm: f.alarm,
    options: f.options,
    expected: f.expected,
    pattern: f.pattern,
    max_length: f.max_length,
    date_only: f.date_only,
    allow_override: f.allow_override,
  };
}

export function isRequired(f: TemplateField): boolean {
  return f.required !== false;
}

export function optionLabel(v: string): string {
  if (v === 'grade_d' || v === 'grade_c' || v === 'grade_b' || v === 'grade_a') return `Grade ${v.slice(-1).toUpperCase()}`;
  const t = v.replace(/_/g, ' ');
  return t.charAt(0).toUpperCase() + t.slice(1);
}

// What each field's input holds: text for numbers, text, choices ("" none), "true"/"false" for
// yes/no, the input's value for dates.
export type Draft = Record<string, string>;

export type FieldOutcome = { ok: true; value: unknown } | { ok: false; message: string } | { ok: true; value: undefined };

// The member of `fields` a typed value sends (undefined: left out), or why it cannot be sent.
export function fieldValue(f: TemplateField, text: string): FieldOutcome {
  const t = (text ?? '').trim();
  if (!t) return isRequired(f) ? { ok: false, message: `${f.name} is required.` } : { ok: true, value: undefined };
  switch (f.type) {
    case 'numeric_entry': {
      const c = checkNumber(t, fieldSpec(f));
      if (c.status === 'invalid' || c.status === 'refused') return { ok: false, message: c.message };
      const n = parseNumber(t);
      if (n === null) return { ok: false, message: `“${t}” is not a number.` };
      return { ok: true, value: f.unit ? { value: n, unit: f.unit } : { value: n } };
    }
    case 'boolean_entry':
      return { ok: true, value: t === 'true' };
    case 'datetime_entry': {
      if (f.date_only) {
        if (!/^\d{4}-\d{2}-\d{2}$/.test(t)) return { ok: false, message: 'Choose a date.' };
        return { ok: true, value: `${t}T00:00:00Z` };
      }
      const iso = localInputToIso(t);
      return iso ? { ok: true, value: iso } : { ok: false, message: 'Choose a date and time.' };
    }
    case 'text_entry': {
      const c = checkText(t, fieldSpec(f));
      if (c.status === 'invalid') return { ok: false, message: c.message };
      return { ok: true, value: t };
    }
    default:
      return { ok: true, value: t };
  }
}

// Every field's value, or the first field that cannot be sent (its key and why).
export function entryFields(fields: TemplateField[], draft: Draft): { fields: Record<string, unknown> } | { key: string; message: string } {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const r = fieldValue(f, draft[f.key] ?? '');
    if (!r.ok) return { key: f.key, message: r.message };
    if (r.value !== undefined) out[f.key] = r.value;
  }
  return { fields: out };
}

// The key of the template field a server refusal names ("fields.procedure" → "procedure").
export function refusedField(field: string | undefined): string | null {
  if (!field) return null;
  const m = /^fields\.([^.#]+)/.exec(field);
  return m ? m[1] : null;
}

// A stored value as people read it.
export function showValue(f: TemplateField | undefined, v: StoredValue | undefined): string {
  if (!v) return '—';
  if (v.time !== undefined) {
    if (f?.date_only || /T00:00:00(\.0+)?Z$/.test(v.time)) return v.time.slice(0, 10);
    return new Date(v.time).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
  }
  if (typeof v.value === 'boolean') return v.value ? 'Yes' : 'No';
  if (typeof v.value === 'number') return `${formatNumber(v.value, f?.decimals)}${v.unit ? ` ${v.unit}` : ''}`;
  if (typeof v.value === 'string') return f?.type === 'choice_entry' ? optionLabel(v.value) : v.value;
  return '—';
}

// The stored value back into the input's text (to start a correction from it).
export function valueToDraft(f: TemplateField, v: StoredValue | undefined): string {
  if (!v) return '';
  if (v.time !== undefined) return f.date_only ? v.time.slice(0, 10) : isoToLocalInput(v.time);
  if (typeof v.value === 'boolean') return v.value ? 'true' : 'false';
  if (typeof v.value === 'number') return String(v.value);
  return String(v.value ?? '');
}

// The fields whose value differs between two revisions, in template order (then unknown keys).
export function revisionDiff(
  fields: TemplateField[],
  before: Record<string, StoredValue>,
  after: Record<string, StoredValue>,
): { key: string; name: string; before: string; after: string }[] {
  const keys = [...fields.map((f) => f.key)];
  for (const k of [...Object.keys(before), ...Object.keys(after)]) if (!keys.includes(k)) keys.push(k);
  const out: { key: string; name: string; before: string; after: string }[] = [];
  for (const k of keys) {
    const f = fields.find((x) => x.key === k);
    const a = showValue(f, before[k]);
    const b = showValue(f, after[k]);
    if (a !== b) out.push({ key: k, name: f?.name ?? k, before: a, after: b });
  }
  return out;
}

// The two or three values that say what an entry is, for a row of the list.
export function keyValues(fields: TemplateField[], e: LogEntry, max = 3): string {
  const shown: string[] = [];
  for (const f of fields) {
    if (shown.length >= max) break;
    if (f.key === 'remarks') continue;
    const v = e.values[f.key];
    if (!v) continue;
    shown.push(`${f.name}: ${showValue(f, v)}`);
  }
  return shown.join(' · ');
}

// Which logbooks an equipment's detail offers to record in (those whose entries may name it).
export function typesForEquipment(types: Template[]): Template[] {
  return types.filter((t) => t.links.equipment !== 'none');
}
