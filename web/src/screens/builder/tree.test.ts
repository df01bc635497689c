// Tables of cases for the builder's tree operations: add, rename (with a key that follows the
// name until saved), delete, move up/down, move to another parent, drag and drop, duplicate;
// keys stay unique across the recipe and the document given is never changed.
import { describe, expect, it } from 'vitest';
import { emptyDocument, type RecipeDocument, type StepType } from './document';
import {
  addOperation,
  addStep,
  addUnitProcedure,
  allKeys,
  changeType,
  deleteNode,
  dropOn,
  duplicate,
  freshKey,
  keyFollowsName,
  moveBy,
  moveTargets,
  moveTo,
  renameWithKey,
  stepDefaults,
  updateStep,
  updateUnitProcedure,
  type NodePath,
  type TreePath,
} from './tree';

// Two unit procedures: a (ops a1 [s1 s2 s3], a2 [s4]), b (ops b1 [s5]).
function sample(): RecipeDocument {
  const d = emptyDocument('P-1', 'Product', 'SITE');
  const step = (key: string) => ({ key, name: `Step ${key.toUpperCase()}`, type: 'instruction' as const, text: 'Do it.' });
  d.formula = [{ key: 'line', material_code: 'RM-1', name: 'Line', quantity: { value: 1, unit: 'kg' }, tolerance: { minus: 1, plus: 1, unit: '%' }, scaling: 'scalable' }];
  d.unit_procedures = [
    {
      key: 'a',
      name: 'A',
      equipment_classes: ['SCALE'],
      operations: [
        { key: 'a1', name: 'A1', steps: [step('s1'), step('s2'), step('s3')] },
        { key: 'a2', name: 'A2', steps: [step('s4')] },
      ],
    },
    { key: 'b', name: 'B', operations: [{ key: 'b1', name: 'B1', steps: [step('s5')] }] },
  ];
  return d;
}

// The tree as "up:op:steps" strings, for compact expectations.
function shape(d: RecipeDocument): string {
  return d.unit_procedures.map((up) => `${up.key}(${up.operations.map((op) => `${op.key}[${op.steps.map((s) => s.key).join(' ')}]`).join(' ')})`).join(' ');
}

function frozen(): RecipeDocument {
  const d = sample();
  const freeze = (o: unknown): void => {
    if (o && typeof o === 'object') {
      Object.freeze(o);
      Object.values(o).forEach(freeze);
    }
  };
  freeze(d);
  return d;
}

describe('fresh keys', () => {
  const cases: [string, string[], string, string][] = [
    ['from a name', [], 'Blend time', 'blend_time'],
    ['taken gets a number', ['blend_time'], 'Blend time', 'blend_time_2'],
    ['next number', ['blend_time', 'blend_time_2'], 'Blend time', 'blend_time_3'],
    ['accents and symbols', [], 'Température (°C)', 'temperature_c'],
    ['starts with a digit', [], '2nd check', 'k_2nd_check'],
    ['reserved variable', [], 'Batch size', 'batch_size_value'],
    ['keeps a trailing number of a name', [], 'Check 2', 'check_2'],
    ['empty', [], '', 'k'],
  ];
  for (const [name, taken, base, want] of cases) it(name, () => expect(freshKey(new Set(taken), base)).toBe(want));

  it('follows its name', () => {
    expect(keyFollowsName('blend_time', 'Blend time')).toBe(true);
    expect(keyFollowsName('blend_time_2', 'Blend time')).toBe(true);
    expect(keyFollowsName('bt', 'Blend time')).toBe(false);
  });
});

describe('structural operations', () => {
  type Op = (d: RecipeDocument) => { doc: RecipeDocument; path: NodePath } | null;
  const cases: [string, Op, string | null, NodePath | null][] = [
    ['add a unit procedure at the end', (d) => addUnitProcedure(d, 'Coating'), 'a(a1[s1 s2 s3] a2[s4]) b(b1[s5]) coating()', { kind: 'up', u: 2 }],
    ['add a unit procedure first', (d) => addUnitProcedure(d, 'A', 0), 'a_2() a(a1[s1 s2 s3] a2[s4]) b(b1[s5])', { kind: 'up', u: 0 }],
    ['add an operation', (d) => addOperation(d, 1, 'Mixing'), 'a(a1[s1 s2 s3] a2[s4]) b(b1[s5] mixing[])', { kind: 'op', u: 1, o: 1 }],
    ['add a step at the end', (d) => addStep(d, 0, 1, 'numeric_entry', undefined, 'Weight'), 'a(a1[s1 s2 s3] a2[s4 weight]) b(b1[s5])', { kind: 'step', u: 0, o: 1, s: 1 }],
    ['add a step after the first', (d) => addStep(d, 0, 0, 'instruction', 1, 'S1'), 'a(a1[s1 s1_2 s2 s3] a2[s4]) b(b1[s5])', { kind: 'step', u: 0, o: 0, s: 1 }],
    ['delete a middle step selects the next', (d) => deleteNode(d, { kind: 'step', u: 0, o: 0, s: 1 }), 'a(a1[s1 s3] a2[s4]) b(b1[s5])', { kind: 'step', u: 0, o: 0, s: 1 }],
    ['delete the last step selects the previous', (d) => deleteNode(d, { kind: 'step', u: 0, o: 0, s: 2 }), 'a(a1[s1 s2] a2[s4]) b(b1[s5])', { kind: 'step', u: 0, o: 0, s: 1 }],
    ['delete the only step selects the operation', (d) => deleteNode(d, { kind: 'step', u: 1, o: 0, s: 0 }), 'a(a1[s1 s2 s3] a2[s4]) b(b1[])', { kind: 'op', u: 1, o: 0 }],
    ['delete an operation', (d) => deleteNode(d, { kind: 'op', u: 0, o: 0 }), 'a(a2[s4]) b(b1[s5])', { kind: 'op', u: 0, o: 0 }],
    ['delete a unit procedure', (d) => deleteNode(d, { kind: 'up', u: 1 }), 'a(a1[s1 s2 s3] a2[s4])', { kind: 'up', u: 0 }],
    ['move a step up', (d) => moveBy(d, { kind: 'step', u: 0, o: 0, s: 2 }, -1), 'a(a1[s1 s3 s2] a2[s4]) b(b1[s5])', { kind: 'step', u: 0, o: 0, s: 1 }],
    ['move a step down', (d) => moveBy(d, { kind: 'step', u: 0, o: 0, s: 0 }, 1), 'a(a1[s2 s1 s3] a2[s4]) b(b1[s5])', { kind: 'step', u: 0, o: 0, s: 1 }],
    ['the first step cannot move up', (d) => moveBy(d, { kind: 'step', u: 0, o: 0, s: 0 }, -1), null, null],
    ['the last unit procedure cannot move down', (d) => moveBy(d, { kind: 'up', u: 1 }, 1), null, null],
    ['move an operation down', (d) => moveBy(d, { kind: 'op', u: 0, o: 0 }, 1), 'a(a2[s4] a1[s1 s2 s3]) b(b1[s5])', { kind: 'op', u: 0, o: 1 }],
    ['move a unit procedure up', (d) => moveBy(d, { kind: 'up', u: 1 }, -1), 'b(b1[s5]) a(a1[s1 s2 s3] a2[s4])', { kind: 'up', u: 0 }],
    ['move a step to another unit procedure', (d) => moveTo(d, { kind: 'step', u: 0, o: 0, s: 1 }, { u: 1, o: 0 }), 'a(a1[s1 s3] a2[s4]) b(b1[s5 s2])', { kind: 'step', u: 1, o: 0, s: 1 }],
    ['move a step to the start of another operation', (d) => moveTo(d, { kind: 'step', u: 0, o: 0, s: 2 }, { u: 0, o: 1 }, 0), 'a(a1[s1 s2] a2[s3 s4]) b(b1[s5])', { kind: 'step', u: 0, o: 1, s: 0 }],
    ['move an operation to another unit procedure', (d) => moveTo(d, { kind: 'op', u: 0, o: 1 }, { u: 1 }), 'a(a1[s1 s2 s3]) b(b1[s5] a2[s4])', { kind: 'op', u: 1, o: 1 }],
    ['moving into its own place changes nothing', (d) => moveTo(d, { kind: 'step', u: 0, o: 0, s: 1 }, { u: 0, o: 0 }, 1), null, null],
    ['a step needs an operation', (d) => moveTo(d, { kind: 'step', u: 0, o: 0, s: 1 }, { u: 1 }), null, null],
    ['drop a step on a later sibling takes its place', (d) => dropOn(d, { kind: 'step', u: 0, o: 0, s: 0 }, { kind: 'step', u: 0, o: 0, s: 2 }), 'a(a1[s2 s3 s1] a2[s4]) b(b1[s5])', { kind: 'step', u: 0, o: 0, s: 2 }],
    ['drop a step on an earlier sibling goes before it', (d) => dropOn(d, { kind: 'step', u: 0, o: 0, s: 2 }, { kind: 'step', u: 0, o: 0, s: 0 }), 'a(a1[s3 s1 s2] a2[s4]) b(b1[s5])', { kind: 'step', u: 0, o: 0, s: 0 }],
    ['drop a step on a step elsewhere goes before it', (d) => dropOn(d, { kind: 'step', u: 0, o: 0, s: 0 }, { kind: 'step', u: 1, o: 0, s: 0 }), 'a(a1[s2 s3] a2[s4]) b(b1[s1 s5])', { kind: 'step', u: 1, o: 0, s: 0 }],
    ['drop a step on an operation appends', (d) => dropOn(d, { kind: 'step', u: 1, o: 0, s: 0 }, { kind: 'op', u: 0, o: 1 }), 'a(a1[s1 s2 s3] a2[s4 s5]) b(b1[])', { kind: 'step', u: 0, o: 1, s: 1 }],
    ['drop a step on its own operation means nothing', (d) => dropOn(d, { kind: 'step', u: 0, o: 0, s: 0 }, { kind: 'op', u: 0, o: 0 }), null, null],
    ['drop an operation on a unit procedure appends', (d) => dropOn(d, { kind: 'op', u: 0, o: 0 }, { kind: 'up', u: 1 }), 'a(a2[s4]) b(b1[s5] a1[s1 s2 s3])', { kind: 'op', u: 1, o: 1 }],
    ['drop an operation on an operation', (d) => dropOn(d, { kind: 'op', u: 1, o: 0 }, { kind: 'op', u: 0, o: 1 }), 'a(a1[s1 s2 s3] b1[s5] a2[s4]) b()', { kind: 'op', u: 0, o: 1 }],
    ['drop a unit procedure on a later one', (d) => dropOn(d, { kind: 'up', u: 0 }, { kind: 'up', u: 1 }), 'b(b1[s5]) a(a1[s1 s2 s3] a2[s4])', { kind: 'up', u: 1 }],
    ['a unit procedure cannot go into an operation', (d) => dropOn(d, { kind: 'up', u: 0 }, { kind: 'op', u: 1, o: 0 }), null, null],
    ['an operation cannot go into a step', (d) => dropOn(d, { kind: 'op', u: 0, o: 0 }, { kind: 'step', u: 1, o: 0, s: 0 }), null, null],
    ['duplicate a step', (d) => duplicate(d, { kind: 'step', u: 0, o: 0, s: 0 }), 'a(a1[s1 s1_2 s2 s3] a2[s4]) b(b1[s5])', { kind: 'step', u: 0, o: 0, s: 1 }],
    ['duplicate an operation with fresh keys inside', (d) => duplicate(d, { kind: 'op', u: 0, o: 1 }), 'a(a1[s1 s2 s3] a2[s4] a2_2[s4_2]) b(b1[s5])', { kind: 'op', u: 0, o: 2 }],
    ['duplicate a unit procedure', (d) => duplicate(d, { kind: 'up', u: 1 }), 'a(a1[s1 s2 s3] a2[s4]) b(b1[s5]) b_2(b1_2[s5_2])', { kind: 'up', u: 2 }],
  ];
  for (const [name, op, want, path] of cases) {
    it(name, () => {
      const d = frozen();
      const before = JSON.stringify(d);
      const r = op(d);
      expect(JSON.stringify(d)).toBe(before);
      if (want === null) {
        expect(r).toBeNull();
        return;
      }
      expect(r).not.toBeNull();
      expect(shape(r!.doc)).toBe(want);
      expect(r!.path).toEqual(path);
      const keys: string[] = [];
      r!.doc.unit_procedures.forEach((up) => {
        keys.push(up.key);
        up.operations.forEach((o) => {
          keys.push(o.key);
          o.steps.forEach((s) => keys.push(s.key));
        });
      });
      expect(new Set(keys).size).toBe(keys.length);
    });
  }
});

describe('new steps of each type', () => {
  const types: [StepType, Record<string, unknown>][] = [
    ['instruction', { text: 'Describe what the operator does.' }],
    ['numeric_entry', { decimals: 1 }],
    ['calculation', { expression: 'batch_size', decimals: 1 }],
    ['dispense', { formula_line: 'line' }],
    ['charge', { formula_line: 'line' }],
    ['equipment_use', { equipment_class: 'SCALE' }],
    ['process_parameter', { equipment_step: 'choose_one', capture: 'value_now', decimals: 1 }],
    ['hold_time', { from_step: 's3', max: 'PT24H' }],
    ['sampling', { sample_label: 'Sample', tests: ['Assay'] }],
    ['sign_off', { meaning: 'performed' }],
    ['choice_entry', { options: ['Option 1', 'Option 2'] }],
  ];
  for (const [type, fields] of types) {
    it(type, () => {
      const r = addStep(sample(), 0, 0, type);
      const s = r.doc.unit_procedures[0].operations[0].steps[3];
      expect(s.type).toBe(type);
      expect(s).toMatchObject(fields);
      expect(allKeys(sample()).has(s.key)).toBe(false);
    });
  }
  it('a process parameter binds the nearest earlier equipment use of its unit procedure', () => {
    let d = addStep(sample(), 0, 0, 'equipment_use', 0, 'Scale').doc;
    d = addStep(d, 0, 1, 'process_parameter').doc;
    expect(d.unit_procedures[0].operations[1].steps[1].equipment_step).toBe('scale');
    expect(stepDefaults(d, 'process_parameter', { u: 1, o: 0, s: 0 })).toEqual({});
  });
});

describe('editing fields', () => {
  it('an emptied optional field is removed, a required one kept', () => {
    let d = updateStep(sample(), { u: 0, o: 0, s: 0 }, { condition: 's1 > 1', witness: 'always' });
    d = updateStep(d, { u: 0, o: 0, s: 0 }, { condition: '', witness: undefined });
    expect(d.unit_procedures[0].operations[0].steps[0]).toEqual({ key: 's1', name: 'Step S1', type: 'instruction', text: 'Do it.' });
    const e = updateStep(addStep(sample(), 0, 0, 'calculation').doc, { u: 0, o: 0, s: 3 }, { expression: '' });
    expect(e.unit_procedures[0].operations[0].steps[3].expression).toBe('');
  });
  it('parallel false and no equipment classes are left out', () => {
    const d = updateUnitProcedure(sample(), 0, { parallel: false, equipment_classes: [] });
    expect('parallel' in d.unit_procedures[0]).toBe(false);
    expect('equipment_classes' in d.unit_procedures[0]).toBe(false);
  });
  const renames: [string, TreePath, string, string[], string][] = [
    ['a new step’s key follows its name', { kind: 'step', u: 0, o: 0, s: 3 }, 'Blend time', [], 'blend_time'],
    ['a saved key stays', { kind: 'step', u: 0, o: 0, s: 3 }, 'Blend time', ['new_instruction'], 'new_instruction'],
    ['a key set by hand stays', { kind: 'step', u: 0, o: 0, s: 0 }, 'Blend time', [], 's1'],
    ['a taken key gets a number', { kind: 'step', u: 0, o: 0, s: 3 }, 'S2', [], 's2_2'],
  ];
  for (const [name, p, to, saved, key] of renames) {
    it(name, () => {
      const d = addStep(sample(), 0, 0, 'instruction').doc;
      const r = renameWithKey(d, p, to, new Set(saved));
      const s = r.unit_procedures[0].operations[0].steps[(p as { s: number }).s];
      expect(s.name).toBe(to);
      expect(s.key).toBe(key);
    });
  }
});

describe('changing a step’s type', () => {
  it('keeps name, key, text and options; takes the new type’s fields', () => {
    let d = updateStep(sample(), { u: 0, o: 0, s: 1 }, { witness: 'always', condition: 's1 > 0', repeat: { times: 3 } });
    d = changeType(d, { u: 0, o: 0, s: 1 }, 'dispense');
    expect(d.unit_procedures[0].operations[0].steps[1]).toEqual({
      key: 's2',
      name: 'Step S2',
      type: 'dispense',
      text: 'Do it.',
      formula_line: 'line',
      witness: 'always',
      condition: 's1 > 0',
    });
  });
  it('keeps the numeric fields between numeric types', () => {
    let d = changeType(sample(), { u: 0, o: 0, s: 0 }, 'numeric_entry');
    d = updateStep(d, { u: 0, o: 0, s: 0 }, { unit: 'kg', decimals: 2, limits: { low: 1, high: 2 }, allow_override: true });
    d = changeType(d, { u: 0, o: 0, s: 0 }, 'calculation');
    expect(d.unit_procedures[0].operations[0].steps[0]).toMatchObject({ type: 'calculation', expression: 'batch_size', unit: 'kg', decimals: 2, limits: { low: 1, high: 2 }, allow_override: true });
  });
  it('the same type changes nothing', () => {
    const d = sample();
    expect(changeType(d, { u: 0, o: 0, s: 0 }, 'instruction')).toBe(d);
  });
});

describe('move targets', () => {
  it('a step lists every operation', () => {
    expect(moveTargets(sample(), { kind: 'step', u: 0, o: 0, s: 0 }).map((t) => t.label)).toEqual(['A › A1', 'A › A2', 'B › B1']);
  });
  it('an operation lists every unit procedure', () => {
    expect(moveTargets(sample(), { kind: 'op', u: 0, o: 0 }).map((t) => t.value)).toEqual(['0', '1']);
  });
  it('a unit procedure has none', () => {
    expect(moveTargets(sample(), { kind: 'up', u: 0 })).toEqual([]);
  });
});
