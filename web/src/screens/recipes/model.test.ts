// The recipe screens' logic as tables: which lifecycle buttons a state and the permissions allow,
// export file names, the list's glance and search, the default comparison, the history's
// signature labels, the grouping of a diff and the location of an import error.
import { describe, expect, it } from 'vitest';
import {
  allowedActions,
  atAGlance,
  defaultPair,
  exportFileName,
  groupDiff,
  importProblemPlace,
  locateOffset,
  matchesRecipe,
  newRecipeDocument,
  parseVersionParam,
  showValue,
  signatureAction,
  summaryText,
} from './model';
import { FROM_DOC, TO_DOC } from './fixtures';
import type { RecipeDiff, RecipeSummary, VersionState, VersionSummary } from './types';

const AUTHOR = ['recipe.read', 'recipe.author'];
const QP = ['recipe.read', 'recipe.approve', 'recipe.make_effective', 'recipe.retire'];
const ALL = [...AUTHOR, 'recipe.approve', 'recipe.make_effective', 'recipe.retire'];

describe('allowedActions', () => {
  const cases: [string, VersionState, string[], string[], string[], boolean, boolean][] = [
    // name, state, permissions, authors (of user "u"), labels, ownVersion, newDraft
    ['author, draft', 'draft', AUTHOR, ['u'], ['Submit for approval'], false, false],
    ['reader, draft', 'draft', ['recipe.read'], [], [], false, false],
    ['approver, draft', 'draft', QP, [], [], false, false],
    ['approver, in review', 'in_review', QP, ['x'], ['Approve', 'Reject'], false, false],
    ['approver who authored it', 'in_review', ALL, ['u'], [], true, true],
    ['approver who edited it (one of several)', 'in_review', QP, ['x', 'u'], [], true, false],
    ['author, in review', 'in_review', AUTHOR, ['u'], [], false, true],
    ['QP, approved', 'approved', QP, [], ['Make effective', 'Retire'], false, false],
    ['QP, effective', 'effective', QP, [], ['Retire'], false, false],
    ['author, effective', 'effective', AUTHOR, [], [], false, true],
    ['everything, superseded', 'superseded', ALL, [], [], false, true],
    ['everything, retired', 'retired', ALL, [], [], false, true],
    ['author, rejected (edited in place)', 'rejected', AUTHOR, ['u'], [], false, false],
  ];
  for (const [name, state, permissions, authors, labels, own, newDraft] of cases) {
    it(name, () => {
      const a = allowedActions({ state, permissions, userId: 'u', authors });
      expect(a.actions.map((x) => x.label)).toEqual(labels);
      expect(a.ownVersion).toBe(own);
      expect(a.newDraft).toBe(newDraft);
    });
  }

  it('signs with the meanings the server records, a reason where it needs one', () => {
    const a = allowedActions({ state: 'in_review', permissions: QP, userId: 'u', authors: [] }).actions;
    expect(a.map((x) => [x.path, x.meaning, !!x.reason])).toEqual([
      ['approve', 'approved', false],
      ['reject', 'rejected', true],
    ]);
    const b = allowedActions({ state: 'approved', permissions: QP, userId: 'u', authors: [] }).actions;
    expect(b.map((x) => [x.path, x.meaning, !!x.reason])).toEqual([
      ['make-effective', 'released', false],
      ['retire', 'approved', true],
    ]);
  });
});

describe('exportFileName', () => {
  const cases: [string, number, string][] = [
    ['PCM500-FCT', 1, 'PCM500-FCT-v1.json'],
    ['A.B_c', 12, 'A.B_c-v12.json'],
    ['a/b c', 2, 'a_b_c-v2.json'],
    ['..x', 3, 'x-v3.json'],
    ['', 4, 'recipe-v4.json'],
  ];
  for (const [code, n, want] of cases) it(`${code || '(empty)'} v${n}`, () => expect(exportFileName(code, n)).toBe(want));
});

function version(number: number, state: VersionState): VersionSummary {
  return { number, state, id: `v${number}`, version: 1, content_sha256: '', step_count: 0, updated_at: '', updated_by: '', based_on: null };
}
function recipe(states: VersionState[], over: Partial<RecipeSummary> = {}): RecipeSummary {
  const versions = states.map((s, i) => version(i + 1, s));
  return {
    id: 'r',
    product_code: 'PCM500-FCT',
    product_name: 'Paracetamol 500 mg film-coated tablets',
    site: 'DEMO-PLANT',
    created_at: '',
    created_by: '',
    latest_version: versions.length ? versions.length : null,
    effective_version: versions.find((v) => v.state === 'effective')?.number ?? null,
    versions,
    people: {},
    ...over,
  };
}

describe('atAGlance', () => {
  const cases: [VersionState[], ReturnType<typeof atAGlance>][] = [
    [['effective'], { effective: 1, inReview: [], drafts: [], approved: [], latest: 1 }],
    [['superseded', 'effective', 'in_review', 'draft'], { effective: 2, inReview: [3], drafts: [4], approved: [], latest: 4 }],
    [['draft'], { effective: null, inReview: [], drafts: [1], approved: [], latest: 1 }],
    [['retired', 'rejected', 'approved'], { effective: null, inReview: [], drafts: [2], approved: [3], latest: 3 }],
    [[], { effective: null, inReview: [], drafts: [], approved: [], latest: null }],
  ];
  for (const [states, want] of cases) it(states.join(', ') || '(none)', () => expect(atAGlance(recipe(states))).toEqual(want));
});

describe('matchesRecipe', () => {
  const r = recipe(['effective']);
  const cases: [string, boolean][] = [
    ['', true],
    ['pcm500', true],
    ['paracetamol tablets', true],
    ['demo-plant', true],
    ['ibuprofen', false],
    ['paracetamol ibuprofen', false],
  ];
  for (const [text, want] of cases) it(`“${text}”`, () => expect(matchesRecipe(r, text)).toBe(want));
});

describe('defaultPair and the address', () => {
  it('previous and latest', () => {
    expect(defaultPair([{ number: 1 }])).toBeNull();
    expect(defaultPair([{ number: 1 }, { number: 2 }])).toEqual({ from: 1, to: 2 });
    expect(defaultPair([{ number: 3 }, { number: 1 }, { number: 2 }])).toEqual({ from: 2, to: 3 });
  });
  const cases: [string | null, number | null][] = [
    ['1', 1],
    ['12', 12],
    ['0', null],
    ['-1', null],
    ['1.5', null],
    ['abc', null],
    ['', null],
    [null, null],
  ];
  for (const [s, want] of cases) it(`?from=${s}`, () => expect(parseVersionParam(s)).toBe(want));
});

describe('signatureAction', () => {
  const cases: [string, string | undefined, string][] = [
    ['authored', 'submitted version 2 of X (S) for review', 'Submitted'],
    ['approved', 'approved version 2 of X (S)', 'Approved'],
    ['approved', 'retired version 2 of X (S)', 'Retired'],
    ['rejected', 'limits too wide', 'Rejected'],
    ['released', undefined, 'Made effective'],
    ['verified', undefined, 'Verified'],
  ];
  for (const [meaning, comment, want] of cases) it(`${meaning} ${comment ?? ''}`, () => expect(signatureAction({ meaning, comment })).toBe(want));
});

describe('newRecipeDocument', () => {
  it('is the smallest document: empty formula and procedure, yield = batch size', () => {
    expect(newRecipeDocument({ productCode: ' X-1 ', productName: 'Thing ', site: 'BCN', batchSize: 50, unit: 'kg' })).toEqual({
      format: 'gemba.recipe/1',
      product_code: 'X-1',
      product_name: 'Thing',
      site: 'BCN',
      header: { batch_size: { value: 50, unit: 'kg' }, theoretical_yield: { value: 50, unit: 'kg' } },
      formula: [],
      unit_procedures: [],
    });
  });
});

describe('groupDiff', () => {
  const diff: RecipeDiff = {
    from: 1,
    to: 2,
    changes: [
      { element: 'header', change: 'changed', fields: [{ field: 'yield_limits.low', old: 97, new: 96 }] },
      { element: 'step', key: 'tablet_weight', change: 'changed', fields: [{ field: 'limits.high', old: 630, new: 625 }] },
      { element: 'step', key: 'mix_check', change: 'added', to: { unit_procedure: 'granulation', operation: 'mixing', position: 1 } },
      { element: 'formula_line', key: 'binder', change: 'removed', from: { position: 1 } },
      { element: 'step', key: 'lod', change: 'moved', from: { unit_procedure: 'granulation', operation: 'mixing', position: 1 }, to: { unit_procedure: 'granulation', operation: 'mixing', position: 2 } },
    ],
    summary: { added: 1, removed: 1, moved: 1, changed: 2 },
  };
  const view = groupDiff(diff, FROM_DOC, TO_DOC);

  it('groups by place, in document order', () => {
    expect(view.groups.map((g) => g.title)).toEqual([
      'Header',
      'Formula',
      'Unit procedure “Granulation” (granulation) → Operation “Dry mixing” (mixing)',
      'Unit procedure “Compression” (compression) → Operation “In-process checks” (ipc)',
    ]);
  });

  it('names each change by kind, element, name and key, with before and after', () => {
    const rows = view.groups.flatMap((g) => g.entries.map((e) => [e.kind, e.title, e.detail ?? '', e.fields.map((f) => `${f.field}: ${f.before} → ${f.after}`).join('; ')]));
    expect(rows).toEqual([
      ['changed', 'Header', '', 'yield_limits.low: 97 → 96'],
      ['removed', 'Formula line “Povidone K30” (binder)', 'was at position 2', ''],
      ['added', 'Step “Visual check of the blend” (mix_check)', 'at position 2', ''],
      [
        'moved',
        'Step “Loss on drying” (lod)',
        'from “Granulation” (granulation) → “Dry mixing” (mixing), position 2 to “Granulation” (granulation) → “Dry mixing” (mixing), position 3',
        '',
      ],
      ['changed', 'Step “Tablet weight” (tablet_weight)', '', 'limits.high: 630 → 625'],
    ]);
  });

  it('counts', () => {
    expect(view.summary).toEqual({ added: 1, removed: 1, moved: 1, changed: 2 });
    expect(view.total).toBe(5);
    expect(summaryText(view.summary)).toBe('5 changes: 1 added, 1 removed, 1 moved, 2 changed');
  });

  it('puts a unit procedure before its operations, keys without documents', () => {
    const v = groupDiff({
      changes: [
        { element: 'operation', key: 'coat', change: 'added', to: { unit_procedure: 'coating', position: 0 } },
        { element: 'unit_procedure', key: 'coating', change: 'added', to: { position: 2 } },
        { element: 'step', key: 'spray', change: 'added', to: { unit_procedure: 'coating', operation: 'coat', position: 0 } },
      ],
    });
    expect(v.groups.map((g) => [g.title, g.entries.map((e) => e.title)])).toEqual([
      ['Unit procedure coating', ['Unit procedure coating', 'Operation coat']],
      ['Unit procedure coating → Operation coat', ['Step spray']],
    ]);
  });

  it('no changes', () => {
    const v = groupDiff({ changes: [], summary: {} });
    expect(v.groups).toEqual([]);
    expect(summaryText(v.summary)).toBe('No differences');
  });
});

describe('showValue', () => {
  const cases: [unknown, string][] = [
    [undefined, '—'],
    [null, '—'],
    ['PT1H', 'PT1H'],
    [12.5, '12.5'],
    [false, 'false'],
    [['a', 'b'], 'a, b'],
    [{ value: 100, unit: 'kg' }, '100 kg'],
    [{ low: 1, high: 2 }, '{"low":1,"high":2}'],
  ];
  for (const [v, want] of cases) it(JSON.stringify(v) ?? 'undefined', () => expect(showValue(v)).toBe(want));
});

describe('import errors', () => {
  const text = '{\n  "format": "gemba.recipe/1",,\n  "é": 1\n}';
  const cases: [number, { line: number; column: number } | null][] = [
    [0, { line: 1, column: 1 }],
    [2, { line: 2, column: 1 }],
    [30, { line: 2, column: 29 }],
    [38, { line: 3, column: 5 }], // "é" is two bytes
    [-1, null],
    [1000, null],
  ];
  for (const [offset, want] of cases) it(`byte ${offset}`, () => expect(locateOffset(text, offset)).toEqual(want));

  it('names the field, or the line and column', () => {
    expect(importProblemPlace({ field: 'product_code' }, text)).toBe('In the field product_code.');
    expect(importProblemPlace({ offset: 30 }, text)).toBe('At line 2, column 29.');
    expect(importProblemPlace({}, text)).toBeNull();
  });
});
