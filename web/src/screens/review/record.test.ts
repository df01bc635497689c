// Tables of cases for how the record reads: values, limits, correction histories, and the
// record-to-outline transformation (counts per unit procedure, exceptions placed on their steps).
import { describe, expect, it } from 'vitest';
import { batchLevelExceptions, recordOutline } from './record';
import type { BatchRecord, Entry, EntryValue, Run, StepSpec } from './types';
import { correctionHistory, isoDuration, rangeText, specLines, valueText } from './values';

const anna = { user_id: 'a', printed_name: 'Anna Keller' };
const entry = (value: EntryValue, recorded_at = '2026-11-25T10:00:00Z'): Entry => ({ value, source: 'manual', performer: anna, recorded_at });

describe('valueText', () => {
  const cases: [string, EntryValue, string | undefined, StepSpec | undefined, string | RegExp][] = [
    ['number with unit', { number: 624, unit: 'mg' }, 'numeric_entry', undefined, '624 mg'],
    ['number converted from what was typed', { number: 0.6, unit: 'kg', entered_number: 600, entered_unit: 'g' }, 'dispense', undefined, '0.6 kg (entered as 600 g)'],
    ['entered the same as stored: not repeated', { number: 5, unit: 'kg', entered_number: 5, entered_unit: 'kg' }, 'dispense', undefined, '5 kg'],
    ['dispensed with its lot', { number: 83.33034, unit: 'kg', lot: 'L-1' }, 'dispense', undefined, '83.33034 kg · lot L-1'],
    ['yes', { boolean: true }, 'boolean_entry', undefined, 'Yes'],
    ['no', { boolean: false }, 'boolean_entry', undefined, 'No'],
    ['choice', { text: 'Conforms' }, 'choice_entry', undefined, 'Conforms'],
    ['date only', { time: '2029-11-25T00:00:00.000000Z' }, 'datetime_entry', { date_only: true }, '2029-11-25'],
    ['equipment value', { number: 150, unit: 'rpm', tag: 'impeller.speed', tag_quality: 'good' }, 'process_parameter', undefined, /^150 rpm · from tag impeller.speed, quality good$/],
    ['instruction acknowledged', {}, 'instruction', undefined, 'Acknowledged'],
    ['sign-off', {}, 'sign_off', undefined, 'Signed'],
  ];
  for (const [name, v, type, spec, want] of cases) {
    it(name, () => {
      const got = valueText(v, type, spec);
      if (want instanceof RegExp) expect(got).toMatch(want);
      else expect(got).toBe(want);
    });
  }
});

describe('rangeText and isoDuration', () => {
  const ranges: [Parameters<typeof rangeText>[0], string, string][] = [
    [{ low: 570, high: 630 }, 'mg', '570 – 630 mg'],
    [{ low: 0.5 }, '%', '≥ 0.5 %'],
    [{ high: 2 }, '', '≤ 2'],
    [{}, 'mg', ''],
    [undefined, 'mg', ''],
  ];
  for (const [l, unit, want] of ranges) it(`range ${JSON.stringify(l)}`, () => expect(rangeText(l, unit)).toBe(want));
  const durations: [string, string][] = [
    ['PT30M', '30 min'],
    ['P3D', '3 d'],
    ['PT1H30M', '1 h 30 min'],
    ['PT45S', '45 s'],
    ['nonsense', 'nonsense'],
  ];
  for (const [d, want] of durations) it(`duration ${d}`, () => expect(isoDuration(d)).toBe(want));
});

describe('specLines', () => {
  const cases: [string, StepSpec, string[]][] = [
    [
      'numeric with target, limits, alarm and witness',
      { unit: 'mg', target: 600, limits: { low: 570, high: 630 }, alarm: { low: 582, high: 618 }, witness: 'first', repeat: { every: 'PT30M' } },
      ['Target 600 mg', 'Limits 570 – 630 mg', 'Alarm 582 – 618 mg', 'Repeats every 30 min', 'Witness on the first occurrence'],
    ],
    ['expected answer', { expected: true }, ['Expected Yes']],
    ['hold time', { from_step: 'discharge', max: 'P3D' }, ['Hold after discharge: at most 3 d']],
    ['formula line without the formula', { formula_line: 'paracetamol' }, ['Formula line paracetamol']],
  ];
  for (const [name, spec, want] of cases) it(name, () => expect(specLines(spec)).toEqual(want));
  it('formula line with the formula', () => {
    expect(
      specLines({ formula_line: 'p' }, [{ key: 'p', material_code: 'RM-1', name: 'Paracetamol', unit: 'kg', target: 83.33, low: 82.9, high: 83.7 }]),
    ).toEqual(['RM-1 Paracetamol: target 83.33 kg (82.9 – 83.7 kg)']);
  });
});

describe('correctionHistory', () => {
  const e1 = entry({ number: 1.5, unit: '%' }, '2026-11-25T10:00:00Z');
  const e2 = entry({ number: 1.45, unit: '%' }, '2026-11-25T11:00:00Z');
  const e3 = entry({ number: 1.42, unit: '%' }, '2026-11-25T12:00:00Z');
  const corr = (previous: Entry, reason: string, at: string, signed = true) => ({
    previous,
    reason,
    corrected_by: anna,
    corrected_at: at,
    ...(signed ? { signature: { signature_id: 's', printed_name: 'Anna Keller', user_id: 'a', meaning: 'performed', signed_at: at } } : {}),
  });
  const cases: [string, Pick<Run, 'corrections' | 'entry'>, [string, string, string, string | undefined][]][] = [
    ['none', { entry: e1 }, []],
    ['one: original to current', { entry: e2, corrections: [corr(e1, 'typo', '2026-11-25T11:00:00Z')] }, [['1.5 %', '1.45 %', 'typo', 'Anna Keller']]],
    [
      'two: each to the next, the last to current',
      { entry: e3, corrections: [corr(e1, 'first', '2026-11-25T11:00:00Z'), corr(e2, 'second', '2026-11-25T12:00:00Z', false)] },
      [
        ['1.5 %', '1.45 %', 'first', 'Anna Keller'],
        ['1.45 %', '1.42 %', 'second', undefined],
      ],
    ],
  ];
  for (const [name, run, want] of cases) {
    it(name, () => expect(correctionHistory(run).map((c) => [c.from, c.to, c.reason, c.signedBy])).toEqual(want));
  }
});

const record: BatchRecord = {
  format: 'gemba.batch-record/1',
  generated_at: '2026-11-25T13:00:00Z',
  batch: { id: 'b', number: 'B-1', state: 'in_review' } as BatchRecord['batch'],
  formula: [],
  signatures: [],
  unit_procedures: [
    {
      key: 'drying',
      name: 'Drying',
      operations: [
        {
          key: 'lod_check',
          name: 'Loss on drying',
          steps: [
            {
              key: 'lod',
              name: 'Loss on drying',
              type: 'numeric_entry',
              spec: { unit: '%', limits: { low: 0.5, high: 2 } },
              runs: [
                {
                  occurrence: 1,
                  state: 'done',
                  entry: entry({ number: 1.42, unit: '%' }),
                  corrections: [{ previous: entry({ number: 1.5, unit: '%' }), reason: 'typo', corrected_by: anna, corrected_at: '2026-11-25T11:00:00Z' }],
                },
              ],
            },
            {
              key: 'yield_deviation',
              name: 'Deviation number',
              type: 'text_entry',
              runs: [{ occurrence: 1, state: 'not_applicable', not_applicable_reason: 'condition is false' }],
            },
          ],
        },
      ],
    },
    {
      key: 'compression',
      name: 'Compression',
      operations: [
        {
          key: 'ipc',
          name: 'In-process checks',
          steps: [
            {
              key: 'tablet_weight',
              name: 'Tablet weight',
              type: 'numeric_entry',
              runs: [
                { occurrence: 1, state: 'done', entry: entry({ number: 624, unit: 'mg' }) },
                { occurrence: 2, state: 'ready' },
              ],
            },
          ],
        },
      ],
    },
  ],
  exceptions: [
    { id: 'x1', kind: 'correction', severity: 'minor', step_key: 'lod', occurrence: 1, message: 'corrected', raised_by: anna, raised_at: 't' },
    {
      id: 'x2',
      kind: 'alarm_excursion',
      severity: 'minor',
      step_key: 'tablet_weight',
      occurrence: 1,
      message: 'above alarm',
      raised_by: anna,
      raised_at: 't',
      disposition: { outcome: 'accepted', comment: 'ok', by: anna, at: 't' },
    },
    { id: 'x3', kind: 'flagged_comment', severity: 'minor', message: 'batch level', raised_by: anna, raised_at: 't' },
  ],
};

describe('recordOutline', () => {
  const outline = recordOutline(record);
  it('keeps the procedure order and counts per unit procedure', () => {
    expect(outline.map((u) => [u.key, u.steps, u.exceptions, u.openExceptions, u.corrections])).toEqual([
      ['drying', 2, 1, 1, 1],
      ['compression', 1, 1, 0, 0],
    ]);
  });
  it('places each exception on its step', () => {
    const steps = outline.flatMap((u) => u.operations.flatMap((o) => o.steps));
    expect(steps.map((s) => [s.key, s.exceptions.map((e) => e.id)])).toEqual([
      ['lod', ['x1']],
      ['yield_deviation', []],
      ['tablet_weight', ['x2']],
    ]);
  });
  it('words each run', () => {
    const runs = outline.flatMap((u) => u.operations.flatMap((o) => o.steps.flatMap((s) => s.runs)));
    expect(runs.map((r) => [r.occurrence, r.state, r.value, r.performer, r.corrections.length, r.notApplicableReason])).toEqual([
      [1, 'done', '1.42 %', 'Anna Keller', 1, undefined],
      [1, 'not_applicable', 'Not applicable', undefined, 0, 'condition is false'],
      [1, 'done', '624 mg', 'Anna Keller', 0, undefined],
      [2, 'ready', '—', undefined, 0, undefined],
    ]);
  });
  it('gives the step its spec lines', () => {
    expect(outline[0].operations[0].steps[0].spec).toEqual(['Limits 0.5 – 2 %']);
  });
  it('leaves batch-level exceptions for their own list', () => {
    expect(batchLevelExceptions(record).map((e) => e.id)).toEqual(['x3']);
  });
});
