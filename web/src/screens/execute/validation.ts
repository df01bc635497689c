// Live checks of what an operator types, against the step's limits, before anything is sent: the
// same rules the server applies (decimals, hard limits refuse, alarm limits ask for a comment), so
// the operator learns it at the input, with the unit. The server still decides; its refusal is
// shown the same way.
import type { Limits, StepSpec } from './types';

export type NumberCheck =
  | { status: 'empty' }
  | { status: 'invalid'; message: string }
  | { status: 'refused'; message: string; value: number; overridable: boolean }
  | { status: 'alarm'; message: string; value: number }
  | { status: 'ok'; value: number };

type NumberSpec = Pick<StepSpec, 'unit' | 'decimals' | 'limits' | 'alarm' | 'allow_override'>;

// "4.5", "4,5" (decimal comma), "-0.25", ".5". Anything else is not a number.
export function parseNumber(text: string): number | null {
  const t = text.trim();
  if (!/^[-+]?(\d+([.,]\d*)?|[.,]\d+)$/.test(t)) return null;
  const n = Number(t.replace(',', '.'));
  return Number.isFinite(n) ? n : null;
}

function hasMoreDecimals(value: number, decimals: number): boolean {
  const scale = 10 ** decimals;
  return Math.abs(Math.round(value * scale) - value * scale) > 1e-6 * Math.max(1, Math.abs(value * scale));
}

export function formatNumber(n: number, decimals?: number): string {
  return n.toLocaleString('en-GB', {
    minimumFractionDigits: decimals ?? 0,
    maximumFractionDigits: decimals ?? 6,
    useGrouping: false,
  });
}

function withUnit(n: number, unit: string | undefined, decimals?: number): string {
  return unit ? `${formatNumber(n, decimals)} ${unit}` : formatNumber(n, decimals);
}

// "3–6 min", "≤ 45 °C", "≥ 96 kg"; empty when there are none.
export function rangeText(l: Limits | undefined, unit?: string, decimals?: number): string {
  if (!l) return '';
  const u = unit ? ` ${unit}` : '';
  if (l.low !== undefined && l.high !== undefined) return `${formatNumber(l.low, decimals)}–${formatNumber(l.high, decimals)}${u}`;
  if (l.high !== undefined) return `≤ ${formatNumber(l.high, decimals)}${u}`;
  if (l.low !== undefined) return `≥ ${formatNumber(l.low, decimals)}${u}`;
  return '';
}

function breach(v: number, l: Limits | undefined): { above: boolean; limit: number } | null {
  if (!l) return null;
  if (l.low !== undefined && v < l.low) return { above: false, limit: l.low };
  if (l.high !== undefined && v > l.high) return { above: true, limit: l.high };
  return null;
}

export function checkNumber(text: string, spec: NumberSpec): NumberCheck {
  if (!text.trim()) return { status: 'empty' };
  const v = parseNumber(text);
  if (v === null) return { status: 'invalid', message: `“${text.trim()}” is not a number. Type digits, e.g. 4.5.` };
  if (spec.decimals !== undefined && hasMoreDecimals(v, spec.decimals)) {
    const phrase = spec.decimals === 0 ? 'a whole number' : `at most ${spec.decimals} decimal${spec.decimals === 1 ? '' : 's'}`;
    return { status: 'invalid', message: `Enter ${phrase}: ${text.trim()} has more.` };
  }
  const hard = breach(v, spec.limits);
  if (hard) {
    const where = hard.above ? 'above the upper limit' : 'below the lower limit';
    return {
      status: 'refused',
      value: v,
      overridable: !!spec.allow_override,
      message: `${withUnit(v, spec.unit, spec.decimals)} is ${where} ${withUnit(hard.limit, spec.unit, spec.decimals)}: it cannot be recorded. Check the reading.`,
    };
  }
  const alarm = breach(v, spec.alarm);
  if (alarm) {
    const where = alarm.above ? 'above the alarm limit' : 'below the alarm limit';
    return {
      status: 'alarm',
      value: v,
      message: `${withUnit(v, spec.unit, spec.decimals)} is ${where} ${withUnit(alarm.limit, spec.unit, spec.decimals)}. It can be recorded with a comment; QA will review it.`,
    };
  }
  return { status: 'ok', value: v };
}

export type TextCheck = { status: 'empty' } | { status: 'invalid'; message: string } | { status: 'ok'; value: string };

export function checkText(text: string, spec: Pick<StepSpec, 'pattern' | 'max_length'>): TextCheck {
  const t = text.trim();
  if (!t) return { status: 'empty' };
  if (spec.max_length !== undefined && [...t].length > spec.max_length) {
    return { status: 'invalid', message: `At most ${spec.max_length} characters (this has ${[...t].length}).` };
  }
  if (spec.pattern) {
    let re: RegExp | null = null;
    try {
      re = new RegExp(`^(?:${spec.pattern})$`, 'u');
    } catch {
      re = null; // a pattern the browser cannot read: the server checks it
    }
    if (re && !re.test(t)) return { status: 'invalid', message: `Does not have the required form ${spec.pattern}.` };
  }
  return { status: 'ok', value: t };
}
