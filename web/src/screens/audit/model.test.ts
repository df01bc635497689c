// Tables of cases for the audit viewer's logic: filter ↔ query string, local time ↔ UTC, old/new
// values as rows, signatures of an entry, and the verification report as sentences.
import { describe, expect, it } from 'vitest';
import {
  csvQuery,
  diffChanges,
  filterFromParams,
  filterQuery,
  isoToLocalInput,
  localInputToIso,
  pageQuery,
  signaturesOf,
  verifySummary,
  type AuditFilter,
  type AuditRecord,
  type DiffRow,
  type VerifyReport,
} from './model';

describe('filter → query string', () => {
  const cases: [string, AuditFilter, string][] = [
    ['nothing', {}, ''],
    ['record', { record_type: 'batch', record_id: '01a2' }, '?record_type=batch&record_id=01a2'],
    ['trims and drops blanks', { action: ' user.login ', user: '  ' }, '?action=user.login'],
    ['time range', { from: '2026-11-25T00:00:00Z', to: '2026-11-26T00:00:00Z' }, '?from=2026-11-25T00%3A00%3A00Z&to=2026-11-26T00%3A00%3A00Z'],
    ['newest first is the default', { order: 'desc' }, ''],
    ['oldest first', { order: 'asc', user: 'u1' }, '?user=u1&order=asc'],
  ];
  for (const [name, f, want] of cases) it(name, () => expect(filterQuery(f)).toBe(want));

  it('a page adds limit and cursor', () => {
    expect(pageQuery({ action: 'user.login' })).toBe('?action=user.login&limit=50');
    expect(pageQuery({ action: 'user.login' }, '1318')).toBe('?action=user.login&limit=50&cursor=1318');
  });
  it('the export asks for CSV up to the server cap', () => {
    expect(csvQuery({ record_type: 'user' })).toBe('?record_type=user&format=csv&limit=100000');
  });
});

describe('query string → filter', () => {
  const cases: [string, string, AuditFilter][] = [
    ['empty', '', {}],
    ['known keys only', 'record_type=batch&foo=1&cursor=9', { record_type: 'batch' }],
    ['blank values dropped', 'action=&user=%20', {}],
    ['order checked', 'order=sideways', {}],
    ['order asc', 'order=asc&action=user.login', { order: 'asc', action: 'user.login' }],
  ];
  for (const [name, q, want] of cases) it(name, () => expect(filterFromParams(new URLSearchParams(q))).toEqual(want));

  it('round-trips', () => {
    const f: AuditFilter = { record_type: 'user', record_id: 'x y', from: '2026-11-25T10:00:00Z', order: 'asc' };
    expect(filterFromParams(new URLSearchParams(filterQuery(f)))).toEqual(f);
  });
});

describe('local time ↔ UTC', () => {
  const local = new Date(2026, 10, 25, 13, 52); // 25 Nov 2026 13:52 in the test's zone
  const cases: [string, string, string][] = [
    ['minutes', '2026-11-25T13:52', local.toISOString().replace('.000Z', 'Z')],
    ['seconds', '2026-11-25T13:52:40', new Date(local.getTime() + 40_000).toISOString().replace('.000Z', 'Z')],
    ['empty', '', ''],
    ['nonsense', 'yesterday', ''],
  ];
  for (const [name, input, want] of cases) it(name, () => expect(localInputToIso(input)).toBe(want));

  it('back to the input', () => {
    expect(isoToLocalInput(local.toISOString())).toBe('2026-11-25T13:52');
    expect(isoToLocalInput(new Date(local.getTime() + 40_000).toISOString())).toBe('2026-11-25T13:52:40');
    expect(isoToLocalInput(undefined)).toBe('');
    expect(isoToLocalInput('bad')).toBe('');
  });
});

describe('old/new values → rows', () => {
  const cases: [string, unknown, DiffRow[] | null][] = [
    ['a changed value', [{ field: 'status', old: 'quarantine', new: 'released' }], [{ field: 'status', before: 'quarantine', after: 'released', kind: 'changed' }]],
    ['set on creation', [{ field: 'username', old: null, new: 'test.tom' }], [{ field: 'username', before: null, after: 'test.tom', kind: 'added' }]],
    ['cleared', [{ field: 'cleared_for', old: 'PCM-2026-0002', new: null }], [{ field: 'cleared_for', before: 'PCM-2026-0002', after: null, kind: 'removed' }]],
    ['empty text reads as (empty)', [{ field: 'email', old: null, new: '' }], [{ field: 'email', before: null, after: '(empty)', kind: 'added' }]],
    ['numbers and booleans', [{ field: 'failed_attempts', old: 4, new: 0 }, { field: 'automatic', old: false, new: true }], [
      { field: 'failed_attempts', before: '4', after: '0', kind: 'changed' },
      { field: 'automatic', before: 'false', after: 'true', kind: 'changed' },
    ]],
    ['a list of names is one value', [{ field: 'roles', old: ['operator'], new: ['operator', 'supervisor'] }], [
      { field: 'roles', before: 'operator', after: 'operator, supervisor', kind: 'changed' },
    ]],
    ['an emptied list', [{ field: 'roles', old: ['auditor'], new: [] }], [{ field: 'roles', before: 'auditor', after: '(none)', kind: 'changed' }]],
    ['only the nested values that changed', [{ field: 'entry', old: { value: { number: 1.5, unit: '%' }, source: 'manual' }, new: { value: { number: 1.42, unit: '%' }, source: 'manual' } }], [
      { field: 'entry.value.number', before: '1.5', after: '1.42', kind: 'changed' },
    ]],
    ['nested keys added and removed', [{ field: 'lot', old: { a: 1, b: 2 }, new: { a: 1, c: 3 } }], [
      { field: 'lot.c', before: null, after: '3', kind: 'added' },
      { field: 'lot.b', before: '2', after: null, kind: 'removed' },
    ]],
    ['a new list of records is opened up', [{ field: 'runs', old: null, new: [{ key: 'dry_mix', state: 'done' }, { key: 'add_binder', state: 'ready' }] }], [
      { field: 'runs[0].key', before: null, after: 'dry_mix', kind: 'added' },
      { field: 'runs[0].state', before: null, after: 'done', kind: 'added' },
      { field: 'runs[1].key', before: null, after: 'add_binder', kind: 'added' },
      { field: 'runs[1].state', before: null, after: 'ready', kind: 'added' },
    ]],
    ['an empty object', [{ field: 'value', old: null, new: {} }], [{ field: 'value', before: null, after: '(empty)', kind: 'added' }]],
    ['unchanged value still shown once', [{ field: 'site', old: 'main', new: 'main' }], [{ field: 'site', before: 'main', after: 'main', kind: 'same' }]],
    ['no changes', [], []],
    ['stored text that is not the list', 'tampered {', null],
    ['a list of something else', [{ nope: 1 }], null],
  ];
  for (const [name, changes, want] of cases) it(name, () => expect(diffChanges(changes)).toEqual(want));
});

describe('signatures of an entry', () => {
  const base: AuditRecord = {
    seq: 1,
    at: '2026-11-26T02:15:34.732458Z',
    actor: { id: 'u', printed_name: 'Eva Lindqvist' },
    session_id: '',
    client_address: '',
    action: 'signature.applied',
    record: { type: 'material_lot_event', id: 'r' },
    changes: [],
    reason: '',
    prev_hash: '',
    hash: '',
  };
  const cases: [string, unknown, ReturnType<typeof signaturesOf>][] = [
    ['a manifestation', [{ field: 'signature', old: null, new: { id: 's1', printed_name: 'Eva Lindqvist', meaning: 'released', signed_at: '2026-11-26T02:15:34Z', comment: '' } }], [
      { id: 's1', printed_name: 'Eva Lindqvist', meaning: 'released', signed_at: '2026-11-26T02:15:34Z', comment: undefined },
    ]],
    ['an id', [{ field: 'state', old: 'approved', new: 'effective' }, { field: 'signature', old: null, new: 's2' }], [{ id: 's2' }]],
    ['none', [{ field: 'state', old: 'a', new: 'b' }], []],
    ['not a list', 'x', []],
  ];
  for (const [name, changes, want] of cases) it(name, () => expect(signaturesOf({ ...base, changes })).toEqual(want));
});

describe('verification report → sentences', () => {
  const when = (iso: string) => `at ${iso}`;
  const intact: VerifyReport = {
    intact: true,
    entries: 1322,
    last_seq: 1322,
    last_hash: '1b41',
    checkpoints: 13,
    latest_checkpoint: { seq: 1300, at: 'T', key_id: '945c' },
    broken: null,
    warnings: [],
  };
  const cases: [string, VerifyReport, { ok: boolean; headline: string; checked: string[] }][] = [
    ['intact', intact, {
      ok: true,
      headline: 'Audit trail intact',
      checked: [
        'Recomputed the SHA-256 chain of all 1,322 entries (#1 to #1,322): each links to the one before and hashes to what is stored.',
        '13 signed checkpoints; the newest, at entry #1,300, was signed at T with key 945c and the chain reaches it with the same hash.',
      ],
    }],
    ['broken', { ...intact, intact: false, entries: 1299, broken: { seq: 1300, kind: 'checkpoint_mismatch', message: 'm' } }, {
      ok: false,
      headline: 'Audit trail BROKEN at entry #1,300 (checkpoint mismatch)',
      checked: ['1,299 entries were checked before the break.', '13 signed checkpoints; the newest, at entry #1,300, was signed at T with key 945c.'],
    }],
    ['no checkpoint yet', { ...intact, entries: 5, last_seq: 5, checkpoints: 0, latest_checkpoint: null }, {
      ok: true,
      headline: 'Audit trail intact',
      checked: [
        'Recomputed the SHA-256 chain of all 5 entries (#1 to #5): each links to the one before and hashes to what is stored.',
        'No signed checkpoint yet: a cut-off of the newest entries could not be detected.',
      ],
    }],
  ];
  for (const [name, r, want] of cases) it(name, () => expect(verifySummary(r, when)).toEqual(want));
});
