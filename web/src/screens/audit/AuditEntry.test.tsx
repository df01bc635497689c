// An audit entry as rendered (jsdom): the before/after table, the long-entry toggle, the
// signature manifestation, the stored-text fallback, and the "same …" shortcuts.
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AuditEntry } from './AuditEntry';
import type { AuditFilter, AuditRecord } from './model';

const base: AuditRecord = {
  seq: 1315,
  at: '2026-11-26T02:15:34.735079Z',
  actor: { id: 'u-eva', printed_name: 'Eva Lindqvist' },
  session_id: 's1',
  client_address: 'demo seed',
  action: 'material.lot_released',
  record: { type: 'material_lot', id: 'lot-1' },
  changes: [{ field: 'status', old: 'quarantine', new: 'released' }],
  reason: 'Batch certified by the QP',
  prev_hash: 'a6b7',
  hash: 'a480',
};

let host: HTMLElement;
function show(entry: AuditRecord, onFilter: (f: AuditFilter) => void = () => {}) {
  host = document.createElement('div');
  document.body.appendChild(host);
  act(() => render(<AuditEntry entry={entry} onFilter={onFilter} />, host));
  return host;
}
afterEach(() => {
  render(null, host);
  host.remove();
});

function rows(el: HTMLElement): string[][] {
  return [...el.querySelectorAll('table.diff tbody tr')].map((tr) => [...tr.children].map((c) => c.textContent ?? ''));
}

describe('AuditEntry', () => {
  const cases: [string, Partial<AuditRecord>, string[][]][] = [
    ['a changed value', {}, [['status', 'quarantine', 'released']]],
    ['a value set on creation', { changes: [{ field: 'username', old: null, new: 'test.tom' }] }, [['username', '—', 'test.tom']]],
    ['a list of roles', { changes: [{ field: 'roles', old: ['operator'], new: ['operator', 'supervisor'] }] }, [['roles', 'operator', 'operator, supervisor']]],
    ['only what changed inside', { changes: [{ field: 'entry', old: { value: 1.5, unit: '%' }, new: { value: 1.42, unit: '%' } }] }, [['entry.value', '1.5', '1.42']]],
  ];
  for (const [name, over, want] of cases) {
    it(name, () => expect(rows(show({ ...base, ...over }))).toEqual(want));
  }

  it('shows who, what record and the reason', () => {
    const el = show(base);
    expect(el.querySelector('h3')?.textContent).toContain('#1315 Material lot released');
    expect(el.querySelector('[data-testid="entry-actor"]')?.textContent).toContain('Eva Lindqvist');
    expect(el.querySelector('[data-testid="entry-record"]')?.textContent).toBe('Material lot lot-1');
    expect(el.querySelector('.entry-reason')?.textContent).toBe('Batch certified by the QP');
  });

  it('opens a long entry on request', () => {
    const many = Array.from({ length: 12 }, (_, i) => ({ field: `f${i}`, old: null, new: i }));
    const el = show({ ...base, changes: many });
    expect(rows(el)).toHaveLength(8);
    const toggle = [...el.querySelectorAll('button')].find((b) => b.textContent === 'Show all 12 values')!;
    act(() => toggle.click());
    expect(rows(el)).toHaveLength(12);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
  });

  it('shows a signature instead of its fields', () => {
    const el = show({
      ...base,
      action: 'signature.applied',
      changes: [{ field: 'signature', old: null, new: { id: 'sig-1', printed_name: 'Eva Lindqvist', meaning: 'released', signed_at: '2026-11-26T02:15:34Z' } }],
    });
    expect(el.querySelector('.entry-signature')?.textContent).toContain('by Eva Lindqvist · Released');
    expect(el.querySelector('table.diff')).toBeNull();
  });

  it('shows stored text that is not a list of changes as it is', () => {
    const el = show({ ...base, changes: 'tampered {' });
    expect(el.querySelector('pre.raw-changes')?.textContent).toBe('tampered {');
  });

  it('narrows to the same record, user or action', () => {
    const onFilter = vi.fn();
    const el = show(base, onFilter);
    for (const name of ['Same record', 'Same user', 'Same action']) {
      act(() => [...el.querySelectorAll('button')].find((b) => b.textContent === name)!.click());
    }
    expect(onFilter.mock.calls).toEqual([[{ record_type: 'material_lot', record_id: 'lot-1' }], [{ user: 'u-eva' }], [{ action: 'material.lot_released' }]]);
  });
});
