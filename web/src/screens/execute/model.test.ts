import { describe, expect, it } from 'vitest';
import { actionable, canCompleteBatch, durationText, holdStatus, mergeRuns, outline, parseDuration, runningHolds, valueText } from './model';
import type { BatchDetail, StepRun } from './types';

function run(key: string, state: StepRun['state'], more: Partial<StepRun> = {}): StepRun {
  const occurrence = more.occurrence ?? 1;
  return {
    run_id: `${key}#${occurrence}`,
    key,
    occurrence,
    state,
    version: 1,
    name: key,
    type: more.type ?? 'instruction',
    step: { key, name: key, type: more.type ?? 'instruction', ...(more.step ?? {}) },
    ...more,
  };
}

const entry = { value: { boolean: true }, source: 'manual' as const, performer: { user_id: 'u1', printed_name: 'Anna Keller' }, recorded_at: '2026-11-25T10:00:00Z' };
const batch = (ready: string[], state = 'in_progress') => ({ state, ready }) as BatchDetail;

describe('actionable', () => {
  const cases: { name: string; runs: StepRun[]; ready: string[]; want: string[] }[] = [
    { name: 'the ready run', runs: [run('a', 'done'), run('b', 'ready'), run('c', 'pending')], ready: ['b#1'], want: ['b#1'] },
    { name: 'a run waiting for its witness comes first', runs: [run('a', 'in_progress', { entry }), run('b', 'ready')], ready: ['b#1'], want: ['a#1', 'b#1'] },
    { name: 'in progress without an entry is not a witness wait', runs: [run('a', 'in_progress')], ready: [], want: [] },
    { name: 'parallel unit procedures: both ready, in server order', runs: [run('p', 'ready'), run('s', 'ready')], ready: ['s#1', 'p#1'], want: ['s#1', 'p#1'] },
    { name: 'a stale ready id is skipped', runs: [run('a', 'done')], ready: ['a#1'], want: [] },
  ];
  for (const c of cases) it(c.name, () => expect(actionable(batch(c.ready), c.runs).map((r) => r.run_id)).toEqual(c.want));
});

describe('mergeRuns', () => {
  it('replaces known runs and puts a new occurrence after its step', () => {
    const runs = [run('a', 'ready'), run('b', 'pending'), run('c', 'pending')];
    const merged = mergeRuns(runs, [run('a', 'done'), run('a', 'pending', { occurrence: 2 }), run('b', 'ready')]);
    expect(merged.map((r) => `${r.run_id}:${r.state}`)).toEqual(['a#1:done', 'a#2:pending', 'b#1:ready', 'c#1:pending']);
  });
});

describe('canCompleteBatch', () => {
  const cases: [string, StepRun[], string, boolean][] = [
    ['all done', [run('a', 'done'), run('b', 'not_applicable')], 'in_progress', true],
    ['a step left', [run('a', 'done'), run('b', 'ready')], 'in_progress', false],
    ['only a future repeat left', [run('a', 'done'), run('a', 'pending', { occurrence: 2 })], 'in_progress', true],
    ['waiting for a witness', [run('a', 'in_progress', { entry })], 'in_progress', false],
    ['already completed', [run('a', 'done')], 'completed', false],
  ];
  for (const [name, runs, state, want] of cases) it(name, () => expect(canCompleteBatch(batch([], state), runs)).toBe(want));
});

describe('parseDuration', () => {
  const cases: [string, number | null][] = [
    ['P3D', 3 * 86400],
    ['P1D', 86400],
    ['PT30M', 1800],
    ['PT10M', 600],
    ['P1DT2H', 93600],
    ['PT1.5H', 5400],
    ['P1W', 7 * 86400],
    ['PT45S', 45],
    ['P', null],
    ['PT', null],
    ['3 days', null],
    ['', null],
  ];
  for (const [iso, want] of cases) it(iso || 'empty', () => expect(parseDuration(iso)).toBe(want));
  it('reads as words', () => {
    expect(durationText('P3D')).toBe('3 days');
    expect(durationText('P1D')).toBe('1 day');
    expect(durationText('PT30M')).toBe('30 min');
  });
});

describe('hold times', () => {
  const hold = run('dried_granules_hold', 'pending', { type: 'hold_time', step: { key: 'h', name: 'h', type: 'hold_time', from_step: 'discharge', max: 'P3D' } });
  it('has no clock before its start step is done', () => {
    const runs = [run('discharge', 'ready'), hold];
    expect(holdStatus(hold, runs).deadline).toBeNull();
    expect(runningHolds(runs)).toEqual([]);
  });
  it('runs out max after the start step was done', () => {
    const runs = [run('discharge', 'done', { done_at: '2026-11-25T10:00:00Z' }), hold];
    const s = holdStatus(hold, runs);
    expect(new Date(s.deadline!).toISOString()).toBe('2026-11-28T10:00:00.000Z');
    expect(runningHolds(runs)).toHaveLength(1);
  });
  it('stops when the hold step is done', () => {
    const runs = [run('discharge', 'done', { done_at: '2026-11-25T10:00:00Z' }), { ...hold, state: 'done' as const }];
    expect(runningHolds(runs)).toEqual([]);
  });
});

describe('outline', () => {
  it('groups runs under unit procedures and operations with progress', () => {
    const procedure = {
      formula: [],
      unit_procedures: [
        { key: 'up', name: 'Dispensing', operations: [{ key: 'op', name: 'Weighing', steps: [{ key: 'a', name: 'A' }, { key: 'b', name: 'B' }] }] },
      ],
    };
    const o = outline(procedure, [run('a', 'done'), run('b', 'done'), run('b', 'pending', { occurrence: 2 })]);
    expect(o[0]).toMatchObject({ name: 'Dispensing', finished: 2, total: 3 });
    expect(o[0].operations[0].steps[1].runs).toHaveLength(2);
  });
});

describe('valueText', () => {
  const cases: [Parameters<typeof valueText>, string][] = [
    [[{ number: 4, unit: 'min' }, { key: 'k', name: 'n', type: 'numeric_entry', decimals: 1 }], '4.0 min'],
    [[{ number: 83.33, unit: 'kg', lot: 'L-1,L-2' }], '83.33 kg · lot L-1, L-2'],
    [[{ boolean: false }], 'No'],
    [[{ text: 'Conforms' }], 'Conforms'],
    [[{ time: '2029-11-30T00:00:00.000000Z' }, { key: 'k', name: 'n', type: 'datetime_entry', date_only: true }], '2029-11-30'],
    [[{}], 'Confirmed'],
    [[{ number: 4000, unit: 'g', entered_number: 4, entered_unit: 'kg' }], '4000 g (entered 4 kg)'],
  ];
  for (const [args, want] of cases) it(want, () => expect(valueText(...args)).toBe(want));
});
