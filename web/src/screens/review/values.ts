// How a recorded value, a step's limits and a value's correction history read for a reviewer.
// Pure functions: the exception cards and the full record both use them.
import { formatQuantity, formatTime, humanize } from '../../lib/format';
import type { Correction, Entry, EntryValue, FormulaLine, Limits, Run, StepSpec } from './types';

// "1 step", "3 steps", "2 exceptions".
export function count(n: number, singular: string, plural = singular + 's'): string {
  return `${n} ${n === 1 ? singular : plural}`;
}

function num(n: number): string {
  return n.toLocaleString('en-GB', { maximumFractionDigits: 6 });
}

// "PT30M" → "30 min", "P3D" → "3 d", "PT1H30M" → "1 h 30 min"; anything else as given.
export function isoDuration(d: string | undefined): string {
  if (!d) return '';
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(d);
  if (!m || d === 'P' || d.endsWith('T')) return d;
  const parts: string[] = [];
  if (m[1]) parts.push(`${m[1]} d`);
  if (m[2]) parts.push(`${m[2]} h`);
  if (m[3]) parts.push(`${m[3]} min`);
  if (m[4]) parts.push(`${m[4]} s`);
  return parts.join(' ');
}

// "570 – 630 mg", "≥ 570 mg", "≤ 630 mg"; '' when the range has neither end.
export function rangeText(l: Limits | undefined, unit = ''): string {
  if (!l) return '';
  const u = unit ? ` ${unit}` : '';
  if (l.low !== undefined && l.high !== undefined) return `${num(l.low)} – ${num(l.high)}${u}`;
  if (l.low !== undefined) return `≥ ${num(l.low)}${u}`;
  if (l.high !== undefined) return `≤ ${num(l.high)}${u}`;
  return '';
}

// The value as a person reads it: "624 mg", "Yes", "Conforms", "83.33 kg · lot L-1", with what
// was typed when it was converted and where an equipment value came from.
export function valueText(v: EntryValue, stepType?: string, spec?: StepSpec): string {
  const parts: string[] = [];
  if (v.number !== undefined) {
    let s = formatQuantity({ value: v.number, unit: v.unit ?? '' }).trim();
    if (v.entered_number !== undefined && (v.entered_number !== v.number || (v.entered_unit ?? '') !== (v.unit ?? ''))) {
      s += ` (entered as ${formatQuantity({ value: v.entered_number, unit: v.entered_unit ?? '' }).trim()})`;
    }
    parts.push(s);
  }
  if (v.text !== undefined) parts.push(v.text);
  if (v.boolean !== undefined) parts.push(v.boolean ? 'Yes' : 'No');
  if (v.time !== undefined) parts.push(spec?.date_only ? v.time.slice(0, 10) : formatTime(v.time));
  if (v.lot) parts.push(`lot ${v.lot}`);
  if (v.tag) {
    const at = v.tag_time ? ` at ${formatTime(v.tag_time, true)}` : '';
    const q = v.tag_quality ? `, quality ${v.tag_quality}` : '';
    parts.push(`from tag ${v.tag}${at}${q}`);
  }
  if (parts.length > 0) return parts.join(' · ');
  if (stepType === 'sign_off') return 'Signed';
  return 'Acknowledged';
}

export function entryValueText(e: Entry | undefined, stepType?: string, spec?: StepSpec): string {
  return e ? valueText(e.value, stepType, spec) : '—';
}

// What the step asked for, one line each: target, limits, alarm, expected answer, formula line…
export function specLines(spec: StepSpec | undefined, formula: FormulaLine[] = []): string[] {
  if (!spec) return [];
  const out: string[] = [];
  const unit = spec.unit ?? '';
  if (spec.target !== undefined) out.push(`Target ${num(spec.target)}${unit ? ' ' + unit : ''}`);
  const limits = rangeText(spec.limits, unit);
  if (limits) out.push(`Limits ${limits}`);
  const alarm = rangeText(spec.alarm, unit);
  if (alarm) out.push(`Alarm ${alarm}`);
  if (spec.expected !== undefined) {
    out.push(`Expected ${typeof spec.expected === 'boolean' ? (spec.expected ? 'Yes' : 'No') : spec.expected}`);
  }
  if (spec.formula_line) {
    const line = formula.find((f) => f.key === spec.formula_line);
    out.push(
      line
        ? `${line.material_code} ${line.name}: target ${num(line.target)} ${line.unit}` +
            (rangeText(line, line.unit) ? ` (${rangeText(line, line.unit)})` : '')
        : `Formula line ${spec.formula_line}`,
    );
  }
  if (spec.equipment_class) out.push(`Equipment class ${spec.equipment_class}`);
  if (spec.tag) out.push(`Tag ${spec.tag}`);
  if (spec.expression) out.push(`Calculated as ${spec.expression}`);
  if (spec.condition) out.push(`Applies when ${spec.condition}`);
  if (spec.from_step) {
    const w = [spec.min ? `at least ${isoDuration(spec.min)}` : '', spec.max ? `at most ${isoDuration(spec.max)}` : '']
      .filter(Boolean)
      .join(', ');
    out.push(`Hold after ${spec.from_step}${w ? ': ' + w : ''}`);
  }
  if (spec.sample_label) out.push(`Sample ${spec.sample_label}`);
  if (spec.meaning) out.push(`Signed “${humanize(spec.meaning)}”`);
  if (spec.repeat?.every) out.push(`Repeats every ${isoDuration(spec.repeat.every)}`);
  if (spec.witness) out.push(`Witness ${spec.witness === 'always' ? 'always' : spec.witness === 'first' ? 'on the first occurrence' : spec.witness}`);
  return out;
}

// One change of a value: what it was, what it became, why, by whom and when.
export interface CorrectionStep {
  from: string;
  to: string;
  originalBy: string;
  originalAt: string;
  reason: string;
  by: string;
  at: string;
  signedBy?: string;
}

// The run's corrections oldest first, each from the entry it replaced to the next one (the last
// to the current entry). Correction i replaced `previous`; what replaced it is correction i+1's
// `previous`, or the current entry.
export function correctionHistory(run: Pick<Run, 'corrections' | 'entry'>, stepType?: string, spec?: StepSpec): CorrectionStep[] {
  const cs: Correction[] = run.corrections ?? [];
  return cs.map((c, i) => ({
    from: entryValueText(c.previous, stepType, spec),
    to: entryValueText(i + 1 < cs.length ? cs[i + 1].previous : run.entry, stepType, spec),
    originalBy: c.previous.performer.printed_name,
    originalAt: c.previous.recorded_at,
    reason: c.reason,
    by: c.corrected_by.printed_name,
    at: c.corrected_at,
    signedBy: c.signature?.printed_name,
  }));
}
