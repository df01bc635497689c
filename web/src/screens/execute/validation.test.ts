import { describe, expect, it } from 'vitest';
import { checkNumber, checkText, parseNumber, rangeText } from './validation';

// The wet massing time of the demo recipe: limits 3–6 min, alarm 3.5–5 min, one decimal.
const granulation = { unit: 'min', decimals: 1, limits: { low: 3, high: 6 }, alarm: { low: 3.5, high: 5 } };
// Product temperature: only upper limits.
const product = { unit: '°C', decimals: 1, limits: { high: 45 }, alarm: { high: 42 } };
// Net weight of good cores: an alarm only, no hard limits.
const cores = { unit: 'kg', decimals: 2, alarm: { low: 96 } };
// Yield: a calculation whose hard limits may be overridden.
const yieldSpec = { unit: '%', decimals: 1, limits: { low: 97, high: 101 }, allow_override: true };
// Impeller speed: whole numbers.
const speed = { unit: 'rpm', decimals: 0, limits: { low: 140, high: 160 }, alarm: { low: 145, high: 155 } };

describe('checkNumber', () => {
  const cases: [string, Parameters<typeof checkNumber>[1], string, string, string?][] = [
    // name, spec, typed, status, part of the message
    ['empty', granulation, '', 'empty'],
    ['only spaces', granulation, '   ', 'empty'],
    ['on target', granulation, '4', 'ok'],
    ['within, one decimal', granulation, '4.5', 'ok'],
    ['decimal comma', granulation, '4,5', 'ok'],
    ['trailing zero is not an extra decimal', granulation, '4.50', 'ok'],
    ['at the alarm limit is ok', granulation, '5', 'ok'],
    ['at the hard limit is an alarm, not a refusal', granulation, '6', 'alarm', 'above the alarm limit 5.0 min'],
    ['above the alarm limit', granulation, '5.5', 'alarm', 'can be recorded with a comment'],
    ['below the alarm limit', granulation, '3.2', 'alarm', 'below the alarm limit 3.5 min'],
    ['above the hard limit', granulation, '7', 'refused', 'above the upper limit 6.0 min'],
    ['below the hard limit', granulation, '2.9', 'refused', 'below the lower limit 3.0 min'],
    ['too many decimals', granulation, '4.25', 'invalid', 'at most 1 decimal'],
    ['not a number', granulation, 'four', 'invalid', 'is not a number'],
    ['two decimal points', granulation, '4.5.1', 'invalid', 'is not a number'],
    ['a unit typed along', granulation, '4 min', 'invalid', 'is not a number'],
    ['negative below the limit', granulation, '-1', 'refused'],
    ['leading dot', { unit: '%', decimals: 2 }, '.5', 'ok'],
    ['upper limits only: fine', product, '30.2', 'ok'],
    ['upper limits only: alarm', product, '43', 'alarm', 'above the alarm limit 42.0 °C'],
    ['upper limits only: refused', product, '45.1', 'refused', 'above the upper limit 45.0 °C'],
    ['alarm without hard limits', cores, '95.5', 'alarm', 'below the alarm limit 96.00 kg'],
    ['alarm without hard limits: far off still only an alarm', cores, '10', 'alarm'],
    ['whole numbers only', speed, '150.5', 'invalid', 'a whole number'],
    ['whole number in range', speed, '150', 'ok'],
    ['no decimals rule', { unit: 'g' }, '1.23456', 'ok'],
  ];
  for (const [name, spec, typed, status, part] of cases) {
    it(name, () => {
      const r = checkNumber(typed, spec);
      expect(r.status).toBe(status);
      if (part) expect('message' in r ? r.message : '').toContain(part);
    });
  }

  it('says whether a refused value may be overridden', () => {
    const r = checkNumber('95', yieldSpec);
    expect(r).toMatchObject({ status: 'refused', overridable: true, value: 95 });
    expect(checkNumber('7', granulation)).toMatchObject({ status: 'refused', overridable: false });
  });

  it('gives the number it read', () => {
    expect(checkNumber('4,5', granulation)).toEqual({ status: 'ok', value: 4.5 });
  });
});

describe('parseNumber', () => {
  const cases: [string, number | null][] = [
    ['12', 12],
    [' 12.5 ', 12.5],
    ['+3', 3],
    ['1,5', 1.5],
    ['1e3', null],
    ['0x10', null],
    ['', null],
    ['12.', 12],
  ];
  for (const [t, want] of cases) it(JSON.stringify(t), () => expect(parseNumber(t)).toBe(want));
});

describe('rangeText', () => {
  const cases: [Parameters<typeof rangeText>, string][] = [
    [[{ low: 3, high: 6 }, 'min', 1], '3.0–6.0 min'],
    [[{ high: 45 }, '°C'], '≤ 45 °C'],
    [[{ low: 96 }, 'kg', 2], '≥ 96.00 kg'],
    [[undefined, 'kg'], ''],
    [[{}, 'kg'], ''],
  ];
  for (const [args, want] of cases) it(want || 'none', () => expect(rangeText(...args)).toBe(want));
});

describe('checkText', () => {
  const deviation = { pattern: 'DEV-[0-9]{4}-[0-9]{5}', max_length: 16 };
  const cases: [string, string, string?][] = [
    ['DEV-2026-00001', 'ok'],
    ['  DEV-2026-00001 ', 'ok'],
    ['', 'empty'],
    ['DEV-2026-0001', 'invalid', 'required form'],
    ['XDEV-2026-00001', 'invalid', 'required form'],
    ['DEV-2026-00001-EXTRA', 'invalid', 'At most 16 characters'],
  ];
  for (const [typed, status, part] of cases) {
    it(JSON.stringify(typed), () => {
      const r = checkText(typed, deviation);
      expect(r.status).toBe(status);
      if (part) expect('message' in r ? r.message : '').toContain(part);
    });
  }
});
