// Pure rules of the materials screens: how a lot's status and dates read, which QC actions a
// status allows (docs/materials.md), how a scanned GS1 element reads, and what a scan fills in
// a receipt. No DOM, no requests: tested with tables in model.test.ts.
import type { Item, LotStatus, ScanAnswer, ScanElement } from './types';

// ---- Dates -----------------------------------------------------------------------------------

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

// "2026-11-03" → "3 Nov 2026"; anything else as it is.
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  return `${Number(m[3])} ${MONTHS[Number(m[2]) - 1]} ${m[1]}`;
}

// Whole days from `from` to `to` (both YYYY-MM-DD, UTC calendar dates).
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

// The server's date (UTC), as the server decides expiry.
export function utcDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export type Tone = 'ok' | 'warning' | 'danger' | 'neutral';

export interface DateWording {
  text: string;
  tone: Tone;
}

// A lot is expired when the server's date is AFTER its expiry date (on the day itself it may
// still be used). Soon = within `soonDays`.
export function expiryWording(expiry: string | null, today: string, soonDays = 30): DateWording {
  if (!expiry) return { text: 'No expiry date', tone: 'neutral' };
  const days = daysBetween(today, expiry);
  if (days < 0) return { text: `Expired on ${formatDate(expiry)}`, tone: 'danger' };
  if (days === 0) return { text: 'Expires today', tone: 'warning' };
  if (days === 1) return { text: 'Expires tomorrow', tone: 'warning' };
  if (days <= soonDays) return { text: `Expires in ${days} days`, tone: 'warning' };
  return { text: `Expires on ${formatDate(expiry)}`, tone: 'neutral' };
}

// A lot whose retest date has passed cannot be used until QC releases it with a new date.
export function retestWording(retest: string | null, today: string, soonDays = 30): DateWording {
  if (!retest) return { text: 'No retest date', tone: 'neutral' };
  const days = daysBetween(today, retest);
  if (days < 0) return { text: `Retest was due on ${formatDate(retest)}`, tone: 'danger' };
  if (days === 0) return { text: 'Retest due today', tone: 'warning' };
  if (days <= soonDays) return { text: `Retest due in ${days} day${days === 1 ? '' : 's'}`, tone: 'warning' };
  return { text: `Retest on ${formatDate(retest)}`, tone: 'neutral' };
}

export function retestDue(retest: string | null, today: string): boolean {
  return !!retest && daysBetween(today, retest) < 0;
}

// ---- Status ----------------------------------------------------------------------------------

export interface StatusInfo {
  label: string;
  tone: Tone;
  symbol: string; // shown with the colour, so the status never rests on colour alone
  meaning: string;
}

const STATUS: Record<LotStatus, StatusInfo> = {
  quarantine: { label: 'Quarantine', tone: 'warning', symbol: '◐', meaning: 'Not for use until QC releases it' },
  released: { label: 'Released', tone: 'ok', symbol: '✓', meaning: 'QC released it for use' },
  rejected: { label: 'Rejected', tone: 'danger', symbol: '✕', meaning: 'May never be used' },
  blocked: { label: 'Blocked', tone: 'danger', symbol: '⊘', meaning: 'Held by QC: not for use' },
  expired: { label: 'Expired', tone: 'danger', symbol: '!', meaning: 'Past its expiry date: may not be used' },
};

export function statusInfo(status: string): StatusInfo {
  return STATUS[status as LotStatus] ?? { label: status, tone: 'neutral', symbol: '•', meaning: '' };
}

export const LOT_STATUSES: LotStatus[] = ['quarantine', 'released', 'blocked', 'rejected', 'expired'];

export type QcAction = 'release' | 'reject' | 'block';

// docs/materials.md: quarantine → release|reject|block; released → reject|block;
// blocked → release|reject; rejected → nothing. An expired lot is never released.
export function qcActions(status: LotStatus, effective: LotStatus): QcAction[] {
  const table: Record<string, QcAction[]> = {
    quarantine: ['release', 'reject', 'block'],
    released: ['reject', 'block'],
    blocked: ['release', 'reject'],
    rejected: [],
  };
  const actions = table[status] ?? [];
  return effective === 'expired' ? actions.filter((a) => a !== 'release') : actions;
}

// What each action's signature means, as the server records it (block is signed "approved").
export const QC_MEANING: Record<QcAction, { meaning: string; verb: string; needsReason: boolean }> = {
  release: { meaning: 'released', verb: 'Release', needsReason: false },
  reject: { meaning: 'rejected', verb: 'Reject', needsReason: true },
  block: { meaning: 'approved', verb: 'Block', needsReason: true },
};

// ---- GS1 ---------------------------------------------------------------------------------------

// The ways a person can type the FNC1 separator (GS, ASCII 29) into a text field.
const GS_FORMS = /<GS>|\{GS\}|\\x1d|\\u001d|\|/gi;

// A pasted or typed scan as the server reads it: typed separators become GS; surrounding blanks go.
export function normalizeScan(text: string): string {
  return text.replace(GS_FORMS, '\x1d').replace(/^[\s]+|[\r\n]+$/g, '').trim();
}

// The GS1 AIs the server accepts (src/gemba/material/gs1/ai_table.cc), with names people read.
type AiKind = 'text' | 'digits' | 'date' | 'datetime' | 'weight' | 'count' | 'check';
interface AiSpec {
  name: string;
  kind: AiKind;
  unit?: string;
}

const FIXED: Record<string, AiSpec> = {
  '00': { name: 'SSCC (serial shipping container code)', kind: 'check' },
  '01': { name: 'GTIN (trade item)', kind: 'check' },
  '02': { name: 'GTIN of the contained items', kind: 'check' },
  '10': { name: 'Batch or lot number', kind: 'text' },
  '11': { name: 'Production date', kind: 'date' },
  '12': { name: 'Due date', kind: 'date' },
  '13': { name: 'Packaging date', kind: 'date' },
  '15': { name: 'Best before date', kind: 'date' },
  '16': { name: 'Sell by date', kind: 'date' },
  '17': { name: 'Expiry date', kind: 'date' },
  '20': { name: 'Variant', kind: 'digits' },
  '21': { name: 'Serial number', kind: 'text' },
  '22': { name: 'Consumer product variant', kind: 'text' },
  '240': { name: 'Additional product id', kind: 'text' },
  '241': { name: 'Customer part number', kind: 'text' },
  '250': { name: 'Secondary serial number', kind: 'text' },
  '251': { name: 'Reference to source entity', kind: 'text' },
  '30': { name: 'Variable count', kind: 'count' },
  '37': { name: 'Count of trade items', kind: 'count' },
  '400': { name: "Customer's purchase order", kind: 'text' },
  '410': { name: 'Ship to (GLN)', kind: 'check' },
  '411': { name: 'Bill to (GLN)', kind: 'check' },
  '412': { name: 'Purchased from (GLN)', kind: 'check' },
  '413': { name: 'Ship for (GLN)', kind: 'check' },
  '414': { name: 'Physical location (GLN)', kind: 'check' },
  '415': { name: 'Invoicing party (GLN)', kind: 'check' },
  '416': { name: 'Production or service location (GLN)', kind: 'check' },
  '417': { name: 'Party (GLN)', kind: 'check' },
  '420': { name: 'Ship to postal code', kind: 'text' },
  '7003': { name: 'Expiry date and time', kind: 'datetime' },
  '710': { name: 'National healthcare number (Germany, PZN)', kind: 'text' },
  '711': { name: 'National healthcare number (France, CIP)', kind: 'text' },
  '712': { name: 'National healthcare number (Spain)', kind: 'text' },
  '713': { name: 'National healthcare number (Brazil, DRN)', kind: 'text' },
  '714': { name: 'National healthcare number (Portugal, AIM)', kind: 'text' },
  '715': { name: 'National healthcare number (USA, NDC)', kind: 'text' },
  '8004': { name: 'Global individual asset identifier', kind: 'text' },
  '90': { name: 'Internal (agreed between partners)', kind: 'text' },
  '91': { name: 'Internal: Gemba container id', kind: 'text' },
};

export function aiSpec(ai: string): AiSpec | null {
  if (FIXED[ai]) return FIXED[ai];
  if (/^310[0-5]$/.test(ai)) return { name: 'Net weight (kg)', kind: 'weight', unit: 'kg' };
  if (/^320[0-5]$/.test(ai)) return { name: 'Net weight (lb)', kind: 'weight', unit: 'lb' };
  if (/^9[2-9]$/.test(ai)) return { name: 'Internal (company)', kind: 'text' };
  return null;
}

// GS1 two-digit years: within 50 years ahead of the reference year, else the century before
// (GS1 General Specifications 7.12).
export function gs1Year(yy: number, referenceYear: number): number {
  const base = referenceYear - (referenceYear % 100);
  const diff = yy - (referenceYear % 100);
  if (diff >= 51) return base - 100 + yy;
  if (diff <= -50) return base + 100 + yy;
  return base + yy;
}

function lastDay(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

// YYMMDD → YYYY-MM-DD (DD 00 = the last day of the month); null if it is not a date.
export function gs1Date(value: string, referenceYear: number): string | null {
  const m = /^(\d{2})(\d{2})(\d{2})/.exec(value);
  if (!m) return null;
  const year = gs1Year(Number(m[1]), referenceYear);
  const month = Number(m[2]);
  let day = Number(m[3]);
  if (month < 1 || month > 12) return null;
  if (day === 0) day = lastDay(year, month);
  if (day > lastDay(year, month)) return null;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

// 3103 "025000" → 25 (n = the AI's last digit, the implied decimals).
export function gs1Weight(ai: string, value: string): number | null {
  if (!/^\d{6}$/.test(value)) return null;
  const decimals = Number(ai.slice(-1));
  return Number(value) / 10 ** decimals;
}

export interface ElementRow {
  ai: string;
  name: string;
  raw: string;
  value: string; // interpreted, as a person reads it
}

export function elementRow(e: ScanElement, referenceYear: number): ElementRow {
  const spec = aiSpec(e.ai);
  const row = { ai: e.ai, name: spec?.name ?? `Unknown AI ${e.ai}`, raw: e.value, value: e.value };
  if (!spec) return row;
  switch (spec.kind) {
    case 'date': {
      const d = gs1Date(e.value, referenceYear);
      const dayZero = e.value.slice(4, 6) === '00';
      return { ...row, value: d ? `${formatDate(d)}${dayZero ? ' (day 00: the end of the month)' : ''}` : e.value };
    }
    case 'datetime': {
      const d = gs1Date(e.value, referenceYear);
      return { ...row, value: d ? `${formatDate(d)} ${e.value.slice(6, 8)}:${e.value.slice(8, 10)}` : e.value };
    }
    case 'weight': {
      const w = gs1Weight(e.ai, e.value);
      const decimals = Number(e.ai.slice(-1));
      return { ...row, value: w === null ? e.value : `${w.toFixed(decimals)} ${spec.unit}` };
    }
    case 'count':
      return { ...row, value: String(Number(e.value)) };
    default:
      return row;
  }
}

// ---- Receipt filled from a scan --------------------------------------------------------------

export interface ReceiptFromScan {
  item: string | null; // item code
  supplierLot: string | null;
  expiry: string | null; // YYYY-MM-DD
  quantity: number | null; // one container's net content
  unit: string | null;
}

// What a supplier's label tells a receipt: the item by GTIN (AI 01, resolved by the server), the
// supplier's lot (10), the expiry (17, else best before 15) and a container's net weight (310n,
// 320n) or count (30, 37).
export function receiptFromScan(answer: Pick<ScanAnswer, 'elements' | 'item'>, referenceYear: number): ReceiptFromScan {
  const get = (ai: string) => answer.elements.find((e) => e.ai === ai)?.value ?? null;
  const expiryRaw = get('17') ?? get('15');
  let quantity: number | null = null;
  let unit: string | null = null;
  const weight = answer.elements.find((e) => /^3[12]0[0-5]$/.test(e.ai));
  if (weight) {
    quantity = gs1Weight(weight.ai, weight.value);
    unit = weight.ai.startsWith('310') ? 'kg' : 'lb';
  } else {
    const count = get('30') ?? get('37');
    if (count !== null) {
      quantity = Number(count);
      unit = answer.item?.base_unit ?? null;
    }
  }
  return {
    item: answer.item?.code ?? null,
    supplierLot: get('10'),
    expiry: expiryRaw ? gs1Date(expiryRaw, referenceYear) : null,
    quantity,
    unit,
  };
}

// ---- Items -----------------------------------------------------------------------------------

export const ITEM_TYPES: Item['type'][] = ['raw', 'packaging', 'intermediate', 'finished'];

// "09506000134352" is 14 digits with a valid GS1 check digit (mod 10, weights 3,1 from the right).
export function gtinCheck(gtin: string): string | null {
  if (!/^\d{14}$/.test(gtin)) return 'A GTIN-14 is 14 digits.';
  let sum = 0;
  for (let i = 0; i < 13; i++) sum += Number(gtin[12 - i]) * (i % 2 === 0 ? 3 : 1);
  const expected = (10 - (sum % 10)) % 10;
  return expected === Number(gtin[13]) ? null : `The check digit is ${gtin[13]}; it should be ${expected}.`;
}

// Containers as typed ("25, 25, 12.5" or one per field) → numbers; null when one is not a number above 0.
export function parseQuantities(values: string[]): number[] | null {
  const out: number[] = [];
  for (const v of values) {
    const t = v.trim().replace(',', '.');
    if (!t) continue;
    const n = Number(t);
    if (!Number.isFinite(n) || n <= 0) return null;
    out.push(n);
  }
  return out;
}

// "L-2026-00001 (RM-0101)" → number and code (the genealogy's node labels).
export function splitLabel(label: string): { number: string; code: string } {
  const m = /^(.*) \(([^()]*)\)$/.exec(label);
  return m ? { number: m[1], code: m[2] } : { number: label, code: '' };
}

export function formatNumber(n: number, max = 3): string {
  return n.toLocaleString('en-GB', { maximumFractionDigits: max });
}
