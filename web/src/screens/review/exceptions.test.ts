// Tables of cases for the review logic: the order exceptions are worked in, what the release
// button says given blockers and permission, the queue's order and which live events refresh it.
import { describe, expect, it } from 'vitest';
import type { BatchSummary } from '../../api/types';
import { affectsQueue, blockerText, escalations, exceptionSummary, orderExceptions, releaseView, reviewQueue } from './exceptions';
import type { BatchException, Blocker } from './types';

const person = { user_id: 'u1', printed_name: 'Anna Keller' };
function exc(id: string, severity: BatchException['severity'], raised_at: string, dispositioned = false): BatchException {
  return {
    id,
    kind: 'alarm_excursion',
    severity,
    message: id,
    raised_by: person,
    raised_at,
    ...(dispositioned ? { disposition: { outcome: 'accepted', comment: 'ok', by: person, at: raised_at } } : {}),
  } as BatchException;
}

describe('orderExceptions', () => {
  const cases: [string, BatchException[], string[], string[]][] = [
    ['empty', [], [], []],
    [
      'open before closed, whatever the order raised',
      [exc('c1', 'minor', '2026-01-01T10:00:00Z', true), exc('o1', 'minor', '2026-01-01T11:00:00Z')],
      ['o1'],
      ['c1'],
    ],
    [
      'most severe first, then oldest first',
      [
        exc('minor-early', 'minor', '2026-01-01T09:00:00Z'),
        exc('major-late', 'major', '2026-01-01T12:00:00Z'),
        exc('critical', 'critical', '2026-01-01T13:00:00Z'),
        exc('major-early', 'major', '2026-01-01T10:00:00Z'),
      ],
      ['critical', 'major-early', 'major-late', 'minor-early'],
      [],
    ],
    [
      'closed ones ordered the same way',
      [exc('c-minor', 'minor', '2026-01-01T09:00:00Z', true), exc('c-major', 'major', '2026-01-01T10:00:00Z', true)],
      [],
      ['c-major', 'c-minor'],
    ],
  ];
  for (const [name, items, open, closed] of cases) {
    it(name, () => {
      const got = orderExceptions(items);
      expect(got.open.map((e) => e.id)).toEqual(open);
      expect(got.closed.map((e) => e.id)).toEqual(closed);
    });
  }
  it('does not reorder its input', () => {
    const items = [exc('b', 'minor', '2026-01-02T00:00:00Z'), exc('a', 'critical', '2026-01-01T00:00:00Z')];
    orderExceptions(items);
    expect(items.map((e) => e.id)).toEqual(['b', 'a']);
  });
});

const open3: Blocker = { code: 'exceptions_open', message: '3 exception(s) have no disposition', refs: ['a', 'b', 'c'] };
const executed: Blocker = {
  code: 'executed_batch',
  message: 'Eva Lindqvist performed, witnessed or corrected steps of this batch and cannot release it',
  refs: ['mix#1'],
};
const stateBlocker: Blocker = { code: 'state', message: 'batch B-1 is in_progress: only a completed batch can be released', refs: [] };

describe('releaseView', () => {
  const cases: [string, string, Blocker[], boolean, Partial<ReturnType<typeof releaseView>>][] = [
    ['nothing blocks: enabled, names the batch', 'in_review', [], true, { show: true, enabled: true, label: 'Release batch B-1', reasons: [] }],
    ['completed, review not started, nothing blocks', 'completed', [], true, { show: true, enabled: true, label: 'Release batch B-1' }],
    [
      'open exceptions: disabled, says why and what to do',
      'in_review',
      [open3],
      true,
      {
        show: true,
        enabled: false,
        label: 'Cannot release yet',
        reasons: ['3 exception(s) have no disposition. A QA reviewer dispositions each open exception above.'],
      },
    ],
    [
      'the approver executed the batch',
      'in_review',
      [executed],
      true,
      {
        enabled: false,
        reasons: [
          'Eva Lindqvist performed, witnessed or corrected steps of this batch and cannot release it. Another qualified person, who took no part in making it, releases this batch.',
        ],
      },
    ],
    ['two blockers, two reasons', 'in_review', [open3, executed], true, { enabled: false }],
    ['wrong state', 'in_progress', [stateBlocker], true, { show: true, enabled: false, reasons: ['Batch B-1 is in_progress: only a completed batch can be released'] }],
    ['wrong state, no blocker given', 'on_hold', [], true, { enabled: false, reasons: ['Batch B-1 is on hold: only a completed batch can be released.'] }],
    ['no batch.release: no button, still the reasons', 'in_review', [open3], false, { show: false, enabled: false }],
    ['released: nothing to do', 'released', [], true, { show: false, label: 'Released' }],
    ['rejected: nothing to do', 'rejected', [], true, { show: false, label: 'Rejected' }],
  ];
  for (const [name, state, blockers, canRelease, want] of cases) {
    it(name, () => expect(releaseView(state, blockers, canRelease, 'B-1')).toMatchObject(want));
  }
  it('no batch.release keeps the reasons for the reviewer to read', () => {
    expect(releaseView('in_review', [open3], false, 'B-1').reasons).toHaveLength(1);
  });
});

describe('blockerText', () => {
  const cases: [Blocker, string][] = [
    [open3, '3 exception(s) have no disposition. A QA reviewer dispositions each open exception above.'],
    [{ code: 'steps_open', message: '2 step(s) are not finished', refs: [] }, '2 step(s) are not finished. The batch is completed on the floor before it is reviewed.'],
    [{ code: 'something_new', message: 'a reason the web app does not know', refs: [] }, 'A reason the web app does not know'],
  ];
  for (const [b, want] of cases) it(b.code, () => expect(blockerText(b)).toBe(want));
});

function batch(number: string, state: string, completed_at?: string): BatchSummary {
  return { id: number, number, state, completed_at, created_at: '2026-01-01T00:00:00Z' } as BatchSummary;
}

describe('reviewQueue', () => {
  it('keeps completed and in-review batches, the one waiting longest first', () => {
    const got = reviewQueue([
      batch('new', 'completed', '2026-03-01T00:00:00Z'),
      batch('running', 'in_progress'),
      batch('old', 'in_review', '2026-01-15T00:00:00Z'),
      batch('done', 'released', '2026-01-01T00:00:00Z'),
      batch('mid', 'in_review', '2026-02-01T00:00:00Z'),
    ]);
    expect(got.map((b) => b.number)).toEqual(['old', 'mid', 'new']);
  });
});

describe('affectsQueue', () => {
  const cases: [string, { type: string; data?: Record<string, unknown> }, boolean][] = [
    ['reset', { type: 'reset' }, true],
    ['a batch completed', { type: 'batch.completed', data: { state: 'completed' } }, true],
    ['a disposition', { type: 'batch.exception_dispositioned', data: { state: 'in_review' } }, true],
    ['released', { type: 'batch.released', data: { state: 'released' } }, true],
    ['a step done on the floor', { type: 'batch.step_completed', data: { state: 'in_progress' } }, false],
    ['no data', { type: 'batch.created' }, false],
  ];
  for (const [name, e, want] of cases) it(name, () => expect(affectsQueue(e)).toBe(want));
});

describe('exceptionSummary and escalations', () => {
  const escalated = (id: string, ref: string, at: string): BatchException => ({
    ...exc(id, 'minor', at),
    disposition: { outcome: 'escalated', comment: 'c', deviation_ref: ref, by: person, at },
  });
  const cases: [string, BatchException[], string, string[]][] = [
    ['none', [], 'no exceptions', []],
    ['one open', [exc('a', 'minor', '2026-01-01T00:00:00Z')], '1 exception, 1 open', []],
    [
      'all dispositioned',
      [exc('a', 'minor', '2026-01-01T00:00:00Z', true), exc('b', 'major', '2026-01-01T01:00:00Z', true)],
      '2 exceptions, all dispositioned',
      [],
    ],
    [
      'escalations named once, in the order raised',
      [
        escalated('b', 'DEV-2', '2026-01-02T00:00:00Z'),
        escalated('a', 'DEV-1', '2026-01-01T00:00:00Z'),
        escalated('c', 'DEV-2', '2026-01-03T00:00:00Z'),
        exc('d', 'minor', '2026-01-04T00:00:00Z'),
      ],
      '4 exceptions, 1 open; escalated to DEV-1, DEV-2',
      ['DEV-1', 'DEV-2'],
    ],
  ];
  for (const [name, items, summary, refs] of cases) {
    it(name, () => {
      expect(exceptionSummary(items)).toBe(summary);
      expect(escalations(items)).toEqual(refs);
    });
  }
});
