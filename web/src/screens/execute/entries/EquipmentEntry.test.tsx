import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../../api/client';
import type { Me } from '../../../api/types';
import type { SignatureRequest } from '../../../components/SignatureDialog';
import type { Scan } from '../../../lib/scanner';
import { me } from '../../../lib/session';
import { ExecContext, type Exec } from '../context';
import type { ActionAnswer, BatchDetail, StepRun } from '../types';
import { EquipmentEntry } from './EquipmentEntry';

const run: StepRun = {
  run_id: 'bind_floor_scale#1',
  key: 'bind_floor_scale',
  occurrence: 1,
  state: 'ready',
  version: 2,
  name: 'Floor scale',
  type: 'equipment_use',
  step: { key: 'bind_floor_scale', name: 'Floor scale', type: 'equipment_use', equipment_class: 'FLOOR-SCALE' },
};

function interlock(overridable: boolean): ApiError {
  const reasons = [
    { reason: 'dirty', message: 'FLOOR-SCALE-01 is dirty since 02:16: record a cleaning', overridable },
    { reason: 'no_line_clearance', message: 'room DSP-101 is not cleared for batch PCM-2026-0009', overridable },
  ];
  return new ApiError(409, { code: 'failed_precondition', message: 'FLOOR-SCALE-01 is dirty …; room DSP-101 …', details: { reason: 'dirty', overridable, reasons } }, 'r1');
}

let root: HTMLDivElement | null = null;
afterEach(() => {
  if (root) {
    render(null, root);
    root.remove();
  }
  sessionStorage.clear();
  me.set(null);
});

// The entry with an `act` that answers each call in turn (an error is thrown).
function mount(answers: (Error | null)[], permissions: string[] = []) {
  me.set({ id: 'u', username: 'op.anna', printed_name: 'Anna Keller', roles: [], permissions } as unknown as Me);
  const calls: { body: Record<string, unknown>; sign?: SignatureRequest }[] = [];
  const scanTarget: Exec['scanTarget'] = { current: null };
  const exec: Exec = {
    batchId: 'b1',
    batch: { state: 'in_progress', ready: [run.run_id] } as BatchDetail,
    runs: [run],
    procedure: null,
    act: vi.fn(async (_path: string, body: object, sign?: SignatureRequest) => {
      calls.push({ body: body as Record<string, unknown>, sign });
      const a = answers.shift();
      if (a) throw a;
      return { batch: {}, changed_runs: [] } as unknown as ActionAnswer;
    }),
    scanTarget,
  };
  root = document.createElement('div');
  document.body.appendChild(root);
  act(() => {
    render(
      <ExecContext.Provider value={exec}>
        <EquipmentEntry run={run} />
      </ExecContext.Provider>,
      root!,
    );
  });
  const r = root;
  return {
    calls,
    async scan(s: Scan) {
      await act(async () => scanTarget.current!(s));
    },
    text: () => r.textContent ?? '',
    button: (name: string) => [...r.querySelectorAll('button')].find((b) => b.textContent === name) as HTMLButtonElement | undefined,
    reason: () => r.querySelector('textarea') as HTMLTextAreaElement | null,
  };
}

describe('EquipmentEntry scans', () => {
  const cases: { name: string; scan: Scan; want: Record<string, unknown> | null; says?: string }[] = [
    { name: 'a scanned asset label', scan: { text: 'FLOOR-SCALE-02', kind: 'plain', via: 'burst' }, want: { occurrence: 1, value: 'FLOOR-SCALE-02', source: 'scanned' } },
    { name: 'a code typed by hand', scan: { text: 'FLOOR-SCALE-02', kind: 'plain', via: 'field' }, want: { occurrence: 1, value: 'FLOOR-SCALE-02', source: 'manual' } },
    { name: 'a material label is not equipment', scan: { text: '(91)C-000021(10)L-1', kind: 'gs1', via: 'burst' }, want: null, says: 'That is a material label, not equipment' },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const e = mount([null]);
      await e.scan(c.scan);
      expect(e.calls.map((x) => x.body)).toEqual(c.want ? [c.want] : []);
      if (c.says) expect(e.text()).toContain(c.says);
    });
  }
});

describe('EquipmentEntry interlock refusals', () => {
  const cases: { name: string; overridable: boolean; permissions: string[]; signer?: 'self' | 'other' }[] = [
    { name: 'overridable, by the supervisor on this tablet', overridable: true, permissions: ['equipment.override_interlock'], signer: 'self' },
    { name: 'overridable, the operator asks a supervisor to sign', overridable: true, permissions: [], signer: 'other' },
    { name: 'not overridable: only put right and check again', overridable: false, permissions: ['equipment.override_interlock'] },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const e = mount([interlock(c.overridable), null], c.permissions);
      await e.scan({ text: 'FLOOR-SCALE-01', kind: 'plain', via: 'burst' });
      // Each reason on its own line, and what to do.
      expect(e.text()).toContain('FLOOR-SCALE-01 may not be used now.');
      expect(e.text()).toContain('is dirty since 02:16');
      expect(e.text()).toContain('is not cleared for batch PCM-2026-0009');
      expect(!!e.button('Check again')).toBe(true);
      const override = e.button('Override and sign');
      expect(!!override).toBe(c.overridable);
      if (!override) return;
      // No reason: nothing is sent.
      await act(async () => override.click());
      expect(e.calls).toHaveLength(1);
      act(() => {
        e.reason()!.value = 'Room cleared on the paper form; logbook entry follows';
        e.reason()!.dispatchEvent(new Event('input', { bubbles: true }));
      });
      await act(async () => e.button('Override and sign')!.click());
      expect(e.calls).toHaveLength(2);
      expect(e.calls[1].body).toEqual({
        occurrence: 1,
        value: 'FLOOR-SCALE-01',
        source: 'scanned',
        manual_override: true,
        comment: 'Room cleared on the paper form; logbook entry follows',
      });
      expect(e.calls[1].sign).toMatchObject({ meaning: 'performed', signer: c.signer });
    });
  }
});
