// Tables of cases for the server's located problems: field path → tree node and input id, the
// location in words of the problems panel, problem counts per node, the problems of an answer,
// and the local check of expressions and conditions.
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import { emptyDocument, type RecipeDocument } from './document';
import { checkExpression } from './expression';
import { durationSeconds, joinDuration, parseNumberText, splitDuration } from './fields';
import { patternProblem } from './StepEditor';
import type { NodePath } from './tree';
import { countAt, inputId, locate, problemsFor, problemsFromError, problemWhere, sentence } from './validation';

function doc(): RecipeDocument {
  const d = emptyDocument('P-1', 'Product', 'SITE');
  d.formula = [{ key: 'api', material_code: 'RM-1', name: 'API', quantity: { value: 1, unit: 'kg' }, tolerance: { minus: 1, plus: 1, unit: '%' }, scaling: 'scalable' }];
  d.unit_procedures = [
    {
      key: 'dispensing',
      name: 'Dispensing',
      operations: [
        {
          key: 'weighing',
          name: 'Weighing',
          steps: [
            { key: 'dispense_api', name: 'Dispense API', type: 'dispense', formula_line: 'api' },
            { key: 'temp', name: 'Room temperature', type: 'numeric_entry', decimals: 1 },
            { key: 'note', name: 'Note', type: 'text_entry' },
          ],
        },
      ],
    },
    {
      key: 'granulation',
      name: 'Granulation',
      operations: [
        { key: 'dry_mixing', name: 'Dry mixing', steps: [{ key: 'ok', name: 'Clean', type: 'boolean_entry' }, { key: 'blend_time', name: 'Blend time', type: 'numeric_entry', decimals: 0 }] },
      ],
    },
    {
      key: 'coating',
      name: 'Coating',
      parallel: true,
      operations: [{ key: 'coat', name: 'Coat', steps: [{ key: 'pan', name: 'Pan speed', type: 'numeric_entry', decimals: 0 }] }],
    },
  ];
  return d;
}

describe('locating a field', () => {
  const cases: [string, NodePath, string, string][] = [
    ['unit_procedures[1].operations[0].steps[1].limits.high', { kind: 'step', u: 1, o: 0, s: 1 }, 'f-unit_procedures-1-operations-0-steps-1-limits-high', 'limits.high'],
    ['unit_procedures[1].operations[0].steps[1]', { kind: 'step', u: 1, o: 0, s: 1 }, 'f-unit_procedures-1-operations-0-steps-1', ''],
    ['content.unit_procedures[0].operations[0].steps[0].key', { kind: 'step', u: 0, o: 0, s: 0 }, 'f-unit_procedures-0-operations-0-steps-0-key', 'key'],
    ['unit_procedures[0].operations[0].steps', { kind: 'op', u: 0, o: 0 }, 'f-unit_procedures-0-operations-0-steps', 'steps'],
    ['unit_procedures[2].operations[0].key', { kind: 'op', u: 2, o: 0 }, 'f-unit_procedures-2-operations-0-key', 'key'],
    ['unit_procedures[0].parallel', { kind: 'up', u: 0 }, 'f-unit_procedures-0-parallel', 'parallel'],
    ['unit_procedures[0].equipment_classes[1]', { kind: 'equipment' }, 'f-unit_procedures-0-equipment_classes-1', 'equipment_classes'],
    ['formula[0].tolerance', { kind: 'formula' }, 'f-formula-0-tolerance', 'formula[0].tolerance'],
    ['formula', { kind: 'formula' }, 'f-formula', 'formula'],
    ['header.batch_size.value', { kind: 'recipe' }, 'f-header-batch_size-value', 'header.batch_size.value'],
    ['unit_procedures', { kind: 'recipe' }, 'f-unit_procedures', 'unit_procedures'],
    ['product_name', { kind: 'recipe' }, 'f-product_name', 'product_name'],
  ];
  for (const [field, node, id, rest] of cases) {
    it(field, () => {
      const at = locate(field);
      expect(at.node).toEqual(node);
      expect(at.inputId).toBe(id);
      expect(at.rest).toBe(rest);
      expect(inputId(field)).toBe(id);
    });
  }
});

describe('where a problem is, in words', () => {
  const cases: [string, string][] = [
    ['unit_procedures[1].operations[0].steps[1].limits.high', 'Unit procedure Granulation › Operation Dry mixing › Number entry Blend time › high limit'],
    ['unit_procedures[1].operations[0].steps[1].limits', 'Unit procedure Granulation › Operation Dry mixing › Number entry Blend time › limits'],
    ['unit_procedures[0].operations[0].steps[0].formula_line', 'Unit procedure Dispensing › Operation Weighing › Dispense Dispense API › formula line'],
    ['unit_procedures[0].operations[0].steps[2]', 'Unit procedure Dispensing › Operation Weighing › Text entry Note'],
    ['unit_procedures[1].operations[0].steps', 'Unit procedure Granulation › Operation Dry mixing › steps'],
    ['unit_procedures[2].key', 'Unit procedure Coating › key'],
    ['unit_procedures[0].operations[0].steps[0].tests[1]', 'Unit procedure Dispensing › Operation Weighing › Dispense Dispense API › tests 2'],
    ['formula[0].tolerance', 'Formula › line 1 (api) › tolerance'],
    ['formula[3]', 'Formula › line 4'],
    ['unit_procedures[1].equipment_classes[0]', 'Equipment requirements › Granulation'],
    ['header.batch_size.value', 'Recipe › batch size'],
    ['unit_procedures', 'Recipe › procedure'],
    ['unit_procedures[9].operations[0].steps[0].key', 'Unit procedure 10 › Operation 1 › Step 1 › key'],
  ];
  for (const [field, want] of cases) it(field, () => expect(problemWhere(doc(), field)).toBe(want));

  const sentences: [string, string][] = [
    ['low (630) > high (570)', 'Low (630) > high (570).'],
    ['must be greater than 0.', 'Must be greater than 0.'],
    ['', ''],
  ];
  for (const [m, want] of sentences) it(`sentence: ${m || '(empty)'}`, () => expect(sentence(m)).toBe(want));
});

describe('problem counts and fields', () => {
  const problems = [
    { field: 'unit_procedures[1].operations[0].steps[1].limits', message: 'low > high' },
    { field: 'unit_procedures[1].operations[0].steps[1].target', message: 'outside' },
    { field: 'unit_procedures[1].operations[0].key', message: 'dup' },
    { field: 'formula[0]', message: 'unused' },
  ];
  const cases: [string, NodePath, number][] = [
    ['the step', { kind: 'step', u: 1, o: 0, s: 1 }, 2],
    ['another step', { kind: 'step', u: 1, o: 0, s: 0 }, 0],
    ['its operation, with its steps', { kind: 'op', u: 1, o: 0 }, 3],
    ['its unit procedure, with everything in it', { kind: 'up', u: 1 }, 3],
    ['another unit procedure', { kind: 'up', u: 0 }, 0],
    ['the formula', { kind: 'formula' }, 1],
    ['the header', { kind: 'recipe' }, 0],
  ];
  for (const [name, node, n] of cases) it(name, () => expect(countAt(problems, node)).toBe(n));
  it('problems of a field include its members, not its neighbours', () => {
    expect(problemsFor(problems, 'unit_procedures[1].operations[0].steps[1]').length).toBe(2);
    expect(problemsFor(problems, 'unit_procedures[1].operations[0].steps[1].limits').length).toBe(1);
    expect(problemsFor(problems, 'unit_procedures[1].operations[0].steps[10]').length).toBe(0);
  });
});

describe('the problems of an answer', () => {
  const list = [{ field: 'unit_procedures', message: 'a recipe needs at least one unit procedure' }];
  const cases: [string, unknown, unknown][] = [
    ['validation 422 lists them', new ApiError(422, { code: 'invalid_argument', message: 'the recipe has a problem', details: { field: 'unit_procedures', problems: list } }, null), list],
    [
      'a refused shape names one field',
      new ApiError(422, { code: 'invalid_argument', message: 'content.unit_procedures[0].name: must not be blank', details: { field: 'content.unit_procedures[0].name' } }, null),
      [{ field: 'unit_procedures[0].name', message: 'must not be blank' }],
    ],
    [
      'as validate names it',
      new ApiError(422, { code: 'invalid_argument', message: 'formula[0].key: "X" is not a valid key', details: { field: 'formula[0].key' } }, null),
      [{ field: 'formula[0].key', message: '"X" is not a valid key' }],
    ],
    ['a missing reason is not a document problem', new ApiError(422, { code: 'invalid_argument', message: 'give a reason', details: { field: 'reason' } }, null), null],
    ['a conflict is not', new ApiError(409, { code: 'conflict', message: 'changed since' }, null), null],
    ['nor a network error', new Error('offline'), null],
  ];
  for (const [name, e, want] of cases) it(name, () => expect(problemsFromError(e)).toEqual(want));
});

describe('expressions checked while typed', () => {
  const at = { u: 1, o: 0, s: 1 }; // Blend time
  const cases: [string, string, boolean, string][] = [
    ['an earlier number', 'temp * 2', true, 'Valid'],
    ['functions and reserved names', 'max(temp, 20) / batch_size + theoretical_yield', true, 'Valid'],
    ['a yes/no answer counts as 1 or 0', 'ok == 1 && temp > 20 || temp < 15', true, 'Valid'],
    ['ternary', 'temp > 20 ? temp : 20', true, 'Valid'],
    ['dispensed quantity', 'dispense_api * 1.5e3', true, 'Valid'],
    ['power and unary minus', '-temp ^ 2', true, 'Valid'],
    ['empty', '  ', false, 'The expression is empty.'],
    ['unknown step', 'tmep + 1', false, '“tmep” is not the key of any step.'],
    ['itself', 'blend_time + 1', false, '“blend_time” is this step itself.'],
    ['a later step', 'pan * 2', false, '“pan” is a later step; only earlier steps can be used.'],
    ['no numeric value', 'note + 1', false, '“note” is a text entry step, which has no numeric value.'],
    ['unknown function', 'foo(temp)', false, '“foo” is not a function; the functions are abs, sqrt, exp, ln, log10, floor, ceil, round, min, max, sum, avg.'],
    ['assignment', 'temp = 2', false, '“=” at position 6: assignment is not allowed; compare with “==”.'],
    ['text', '"a"', false, 'Text in quotes is not allowed: expressions work on numbers.'],
    ['unclosed', '(temp + 1', false, 'A “)” is missing at the end.'],
    ['dangling operator', 'temp +', false, 'The expression ends too early: a value is missing at the end.'],
    ['two results', 'temp, 2', false, 'Only one result is allowed: a “,” belongs inside a function’s parentheses.'],
    ['function without call', 'max + 1', false, 'max is a function: write max(…).'],
    ['empty call', 'max()', false, 'max() needs at least one argument.'],
    ['missing colon', 'temp > 1 ? 2', false, 'The “:” of “? :” is missing at the end.'],
  ];
  for (const [name, text, ok, message] of cases) {
    it(name, () => {
      const r = checkExpression(doc(), at, text);
      expect(r.ok).toBe(ok);
      expect(r.message).toBe(message);
    });
  }
  it('a parallel unit procedure’s step may not be done yet', () => {
    const r = checkExpression(doc(), { u: 2, o: 0, s: 0 }, 'blend_time + 1');
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(/runs in parallel/);
  });
});

describe('inputs', () => {
  const numbers: [string, number | undefined | null][] = [
    ['', undefined],
    ['12', 12],
    ['-0.5', -0.5],
    ['1,5', 1.5],
    ['1e-5', 1e-5],
    ['12a', null],
    ['-', null],
  ];
  for (const [text, want] of numbers) it(`number “${text}”`, () => expect(parseNumberText(text)).toBe(want));

  const durations: [string, number | null, { amount: number; unit: string } | null][] = [
    ['PT30M', 1800, { amount: 30, unit: 'M' }],
    ['PT1H30M', 5400, { amount: 90, unit: 'M' }],
    ['P3D', 259200, { amount: 3, unit: 'D' }],
    ['PT72H', 259200, { amount: 3, unit: 'D' }],
    ['PT45S', 45, { amount: 45, unit: 'S' }],
    ['P1W', null, null],
    ['PT', null, null],
  ];
  for (const [iso, s, split] of durations) {
    it(`duration ${iso}`, () => {
      expect(durationSeconds(iso)).toBe(s);
      expect(splitDuration(iso)).toEqual(split);
    });
  }
  it('joins durations', () => {
    expect(joinDuration(30, 'M')).toBe('PT30M');
    expect(joinDuration(2, 'D')).toBe('P2D');
  });
  it('patterns that compile', () => {
    expect(patternProblem('DEV-[0-9]{4}')).toBeNull();
    expect(patternProblem('(')).toMatch(/^The pattern does not compile/);
  });
});
