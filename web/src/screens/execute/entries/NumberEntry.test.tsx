import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ExecContext, type Exec } from '../context';
import type { ActionAnswer, BatchDetail, StepRun } from '../types';
import { NumberEntry } from './NumberEntry';

// The wet massing time of the demo recipe: limits 3–6 min, alarm 3.5–5 min, one decimal.
const run: StepRun = {
  run_id: 'granulation_time#1',
  key: 'granulation_time',
  occurrence: 1,
  state: 'ready',
  version: 2,
  name: 'Wet massing time',
  type: 'numeric_entry',
  step: { key: 'granulation_time', name: 'Wet massing time', type: 'numeric_entry', unit: 'min', decimals: 1, target: 4, limits: { low: 3, high: 6 }, alarm: { low: 3.5, high: 5 } },
};

let root: HTMLDivElement;
let sent: { path: string; body: Record<string, unknown> }[];

beforeEach(() => {
  sessionStorage.clear();
  sent = [];
  root = document.createElement('div');
  document.body.appendChild(root);
  const exec: Exec = {
    batchId: 'b1',
    batch: { state: 'in_progress', ready: [run.run_id] } as BatchDetail,
    runs: [run],
    procedure: null,
    act: vi.fn(async (path: string, body: object) => {
      sent.push({ path, body: body as Record<string, unknown> });
      return { batch: {}, changed_runs: [] } as unknown as ActionAnswer;
    }),
    scanTarget: { current: null },
  };
  act(() => {
    render(
      <ExecContext.Provider value={exec}>
        <NumberEntry run={run} />
      </ExecContext.Provider>,
      root,
    );
  });
});
afterEach(() => {
  render(null, root);
  root.remove();
});

const input = () => root.querySelector('input') as HTMLInputElement;
const verdict = () => root.querySelector('[data-testid="check"]')?.textContent ?? '';
const recordButton = () => [...root.querySelectorAll('button')].find((b) => b.textContent === 'Record') as HTMLButtonElement;
const confirmDialog = () => document.querySelector('[data-testid="confirm-dialog"]');

function typeValue(v: string) {
  act(() => {
    input().value = v;
    input().dispatchEvent(new Event('input', { bubbles: true }));
  });
}
async function click(b: HTMLElement) {
  await act(async () => {
    b.click();
  });
}

describe('NumberEntry: the verdict beside the value, before anything is sent', () => {
  const cases: { typed: string; verdict: string; disabled: boolean; afterRecord: 'sent' | 'confirm' | 'nothing' }[] = [
    { typed: '4.5', verdict: '✓ Within limits', disabled: false, afterRecord: 'sent' },
    { typed: '4,5', verdict: '✓ Within limits', disabled: false, afterRecord: 'sent' },
    { typed: '5.5', verdict: '⚠ 5.5 min is above the alarm limit 5.0 min. It can be recorded with a comment; QA will review it.', disabled: false, afterRecord: 'confirm' },
    { typed: '3.2', verdict: '⚠ 3.2 min is below the alarm limit 3.5 min', disabled: false, afterRecord: 'confirm' },
    { typed: '7', verdict: '✕ 7.0 min is above the upper limit 6.0 min: it cannot be recorded. Check the reading.', disabled: true, afterRecord: 'nothing' },
    { typed: '4.25', verdict: '✕ Enter at most 1 decimal: 4.25 has more.', disabled: true, afterRecord: 'nothing' },
    { typed: 'abc', verdict: '✕ “abc” is not a number. Type digits, e.g. 4.5.', disabled: true, afterRecord: 'nothing' },
    { typed: '', verdict: '', disabled: false, afterRecord: 'nothing' },
  ];
  for (const c of cases) {
    it(JSON.stringify(c.typed), async () => {
      typeValue(c.typed);
      expect(verdict()).toContain(c.verdict);
      expect(recordButton().disabled).toBe(c.disabled);
      expect(input().getAttribute('aria-invalid')).toBe(String(c.disabled));
      const form = root.querySelector('form')!;
      await act(async () => {
        form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
      });
      expect(sent.length).toBe(c.afterRecord === 'sent' ? 1 : 0);
      expect(!!confirmDialog()).toBe(c.afterRecord === 'confirm');
      if (c.afterRecord === 'sent') expect(sent[0]).toEqual({ path: '/steps/granulation_time/complete', body: { occurrence: 1, value: 4.5, unit: 'min' } });
    });
  }

  it('the limits are shown with the unit', () => {
    expect(root.querySelector('[data-testid="limits"]')?.textContent).toBe('Target4.0 minLimits3.0–6.0 minAlarm3.5–5.0 min');
  });

  it('empty: says to type the value', async () => {
    await click(recordButton());
    expect(root.querySelector('[role="alert"]')?.textContent).toContain('Type the value first.');
  });
});

describe('NumberEntry: outside the alarm limits', () => {
  it('needs a comment, then sends it with the value', async () => {
    typeValue('5.5');
    await click(recordButton());
    const dialog = confirmDialog()!;
    const confirm = [...dialog.querySelectorAll('button')].find((b) => b.textContent === 'Record with comment')!;
    await click(confirm);
    expect(dialog.querySelector('[role="alert"]')?.textContent).toContain('Say why');
    expect(sent).toEqual([]);
    const comment = dialog.querySelector('textarea')!;
    act(() => {
      comment.value = 'Power curve levelled off late';
      comment.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await click(confirm);
    expect(sent).toEqual([{ path: '/steps/granulation_time/complete', body: { occurrence: 1, value: 5.5, unit: 'min', comment: 'Power curve levelled off late' } }]);
    expect(confirmDialog()).toBeNull();
  });

  it('"Change the value" goes back with the value kept', async () => {
    typeValue('5.5');
    await click(recordButton());
    await click([...confirmDialog()!.querySelectorAll('button')].find((b) => b.textContent === 'Change the value')!);
    expect(confirmDialog()).toBeNull();
    expect(input().value).toBe('5.5');
    expect(sent).toEqual([]);
  });
});

describe('NumberEntry: the draft', () => {
  it('is kept in sessionStorage per batch and run, and cleared once recorded', async () => {
    typeValue('4.5');
    expect(JSON.parse(sessionStorage.getItem('gemba.draft.b1.granulation_time#1.entry')!)).toEqual({ value: '4.5' });
    await click(recordButton());
    expect(sessionStorage.getItem('gemba.draft.b1.granulation_time#1.entry')).toBeNull();
  });
});
