// The diff as rendered (jsdom): each change under its place, marked in words (not colour alone),
// with its values before and after, and the summary count.
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { DiffView } from './Diff';
import { FROM_DOC, TO_DOC } from './fixtures';
import type { DiffChange, RecipeDiff } from './types';

let host: HTMLElement;
function show(changes: DiffChange[], summary: RecipeDiff['summary'] = undefined) {
  host = document.createElement('div');
  document.body.appendChild(host);
  const diff: RecipeDiff = { from: 1, to: 2, changes, summary };
  act(() => render(<DiffView diff={diff} fromDoc={FROM_DOC} toDoc={TO_DOC} />, host));
  return host;
}
afterEach(() => {
  render(null, host);
  host.remove();
});

const text = (el: Element | null) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();

// [group heading, mark, title, detail, [field, before, after][]] for each change shown.
function shown(el: HTMLElement) {
  return [...el.querySelectorAll('[data-testid="diff-change"]')].map((li) => [
    text(li.closest('section')?.querySelector('h3') ?? null),
    text(li.querySelector('.rc-mark')),
    text(li.querySelector('.rc-change-title')),
    text(li.querySelector('.rc-change-head .muted')),
    [...li.querySelectorAll('tbody tr')].map((tr) => [...tr.children].map((c) => text(c))),
  ]);
}

describe('DiffView', () => {
  const cases: [string, DiffChange[], unknown[][], string][] = [
    [
      'an added step',
      [{ element: 'step', key: 'mix_check', change: 'added', to: { unit_procedure: 'granulation', operation: 'mixing', position: 1 } }],
      [
        [
          'Unit procedure “Granulation” (granulation) → Operation “Dry mixing” (mixing)',
          '+ Added',
          'Step “Visual check of the blend” (mix_check)',
          'at position 2',
          [],
        ],
      ],
      '1 change: 1 added',
    ],
    [
      'a removed formula line',
      [{ element: 'formula_line', key: 'binder', change: 'removed', from: { position: 1 } }],
      [['Formula', '− Removed', 'Formula line “Povidone K30” (binder)', 'was at position 2', []]],
      '1 change: 1 removed',
    ],
    [
      'a changed limit',
      [{ element: 'step', key: 'tablet_weight', change: 'changed', fields: [{ field: 'limits.high', old: 630, new: 625 }] }],
      [
        [
          'Unit procedure “Compression” (compression) → Operation “In-process checks” (ipc)',
          '~ Changed',
          'Step “Tablet weight” (tablet_weight)',
          '',
          [['limits.high', '630', '625']],
        ],
      ],
      '1 change: 1 changed',
    ],
    [
      'a header change and a new field',
      [
        {
          element: 'header',
          change: 'changed',
          fields: [
            { field: 'batch_size', old: { value: 100, unit: 'kg' }, new: { value: 120, unit: 'kg' } },
            { field: 'yield_limits.low', old: null, new: 96 },
          ],
        },
      ],
      [
        [
          'Header',
          '~ Changed',
          'Header',
          '',
          [
            ['batch_size', '100 kg', '120 kg'],
            ['yield_limits.low', '—', '96'],
          ],
        ],
      ],
      '1 change: 1 changed',
    ],
    ['no changes', [], [], 'No differences'],
  ];
  for (const [name, changes, want, summary] of cases) {
    it(name, () => {
      const el = show(changes);
      expect(shown(el)).toEqual(want);
      expect(text(el.querySelector('[data-testid="diff-summary"]'))).toBe(`Version 1 → version 2: ${summary}`);
    });
  }

  it('marks each kind by a class as well as its words', () => {
    const el = show([
      { element: 'step', key: 'mix_check', change: 'added', to: { unit_procedure: 'granulation', operation: 'mixing', position: 1 } },
      { element: 'formula_line', key: 'binder', change: 'removed', from: { position: 1 } },
    ]);
    expect([...el.querySelectorAll('[data-testid="diff-change"]')].map((li) => [li.getAttribute('data-kind'), li.className])).toEqual([
      ['removed', 'rc-change rc-removed'],
      ['added', 'rc-change rc-added'],
    ]);
  });

  it('says when the versions are the same', () => {
    expect(text(show([]))).toContain('The two versions have the same content.');
  });
});
