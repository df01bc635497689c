// The server's validation problems, each located by a field path
// ("unit_procedures[1].operations[0].steps[2].limits.high"), mapped to the tree node that shows
// the field, the id of its input, and a location in words for the problems panel.
import { ApiError } from '../../api/client';
import type { RecipeDocument } from './document';
import { STEP_INFO } from './document';
import type { NodePath } from './tree';
import { pathId } from './tree';

export interface Problem {
  field: string;
  message: string;
}

export interface Located {
  node: NodePath;
  // The id of the input showing the field (or the nearest enclosing one: see focusField).
  inputId: string;
  // The field inside its node ("limits.high"), '' for the node itself.
  rest: string;
}

// The id of the input editing `field`: "f-unit_procedures-1-operations-0-steps-2-limits-high".
export function inputId(field: string): string {
  const f = field.replace(/^content\.?/, '');
  return 'f-' + (f.replace(/[[\].]+/g, '-').replace(/-+$/, '') || 'document');
}

export function locate(field: string): Located {
  const f = field.replace(/^content\.?/, '');
  const id = inputId(f);
  let m = /^unit_procedures\[(\d+)\]\.equipment_classes(?:\[(\d+)\])?(.*)$/.exec(f);
  if (m) return { node: { kind: 'equipment' }, inputId: id, rest: 'equipment_classes' };
  m = /^unit_procedures\[(\d+)\]\.operations\[(\d+)\]\.steps\[(\d+)\]\.?(.*)$/.exec(f);
  if (m) return { node: { kind: 'step', u: +m[1], o: +m[2], s: +m[3] }, inputId: id, rest: m[4] };
  m = /^unit_procedures\[(\d+)\]\.operations\[(\d+)\]\.?(.*)$/.exec(f);
  if (m) return { node: { kind: 'op', u: +m[1], o: +m[2] }, inputId: id, rest: m[3] };
  m = /^unit_procedures\[(\d+)\]\.?(.*)$/.exec(f);
  if (m) return { node: { kind: 'up', u: +m[1] }, inputId: id, rest: m[2] };
  m = /^formula(?:\[(\d+)\])?\.?(.*)$/.exec(f);
  if (m) return { node: { kind: 'formula' }, inputId: id, rest: f };
  return { node: { kind: 'recipe' }, inputId: id, rest: f };
}

// Words for the fields validation names.
const FIELD_WORDS: Record<string, string> = {
  key: 'key',
  name: 'name',
  text: 'text',
  type: 'type',
  unit: 'unit',
  decimals: 'decimals',
  target: 'target',
  limits: 'limits',
  'limits.low': 'low limit',
  'limits.high': 'high limit',
  alarm: 'alarm limits',
  'alarm.low': 'low alarm limit',
  'alarm.high': 'high alarm limit',
  expression: 'expression',
  condition: 'condition',
  repeat: 'repeat',
  'repeat.every': 'repeat interval',
  'repeat.times': 'repeat count',
  witness: 'witness',
  allow_override: 'override',
  formula_line: 'formula line',
  equipment_class: 'equipment class',
  equipment_step: 'equipment step',
  tag: 'tag',
  capture: 'capture',
  window: 'window',
  from_step: 'from step',
  to_step: 'to step',
  min: 'minimum hold',
  max: 'maximum hold',
  sample_label: 'sample label',
  tests: 'tests',
  quantity: 'quantity',
  'quantity.value': 'quantity',
  'quantity.unit': 'quantity unit',
  meaning: 'meaning',
  options: 'options',
  expected: 'expected answer',
  max_length: 'maximum length',
  pattern: 'pattern',
  operations: 'operations',
  steps: 'steps',
  parallel: 'parallel',
  material_code: 'material code',
  tolerance: 'tolerance',
  'tolerance.unit': 'tolerance unit',
  scaling: 'scaling',
  product_code: 'product code',
  product_name: 'product name',
  site: 'site',
  description: 'description',
  unit_procedures: 'procedure',
  'header.batch_size.value': 'batch size',
  'header.batch_size.unit': 'batch size unit',
  'header.batch_size_range': 'batch size range',
  'header.theoretical_yield.value': 'theoretical yield',
  'header.theoretical_yield.unit': 'theoretical yield unit',
  'header.yield_limits': 'yield limits',
};

export function fieldWords(rest: string): string {
  if (!rest) return '';
  const plain = rest.replace(/\[(\d+)\]/g, (_, n) => ` ${Number(n) + 1}`);
  const bare = rest.replace(/\[\d+\]/g, '');
  if (FIELD_WORDS[rest]) return FIELD_WORDS[rest];
  if (FIELD_WORDS[bare]) return rest === bare ? FIELD_WORDS[bare] : plain.replace(/_/g, ' ');
  return plain.replace(/_/g, ' ').replace(/\./g, ' ');
}

// "Unit procedure Granulation › Operation Dry mixing › Step Blend time" for a located node.
export function nodeWords(doc: RecipeDocument, node: NodePath): string {
  switch (node.kind) {
    case 'recipe':
      return 'Recipe';
    case 'formula':
      return 'Formula';
    case 'equipment':
      return 'Equipment requirements';
    default: {
      const up = doc.unit_procedures[node.u];
      const parts = [`Unit procedure ${up?.name ?? node.u + 1}`];
      if (node.kind !== 'up') {
        const op = up?.operations[node.o];
        parts.push(`Operation ${op?.name ?? node.o + 1}`);
        if (node.kind === 'step') {
          const s = op?.steps[node.s];
          parts.push(`${s ? STEP_INFO[s.type]?.label ?? 'Step' : 'Step'} ${s?.name ?? node.s + 1}`);
        }
      }
      return parts.join(' › ');
    }
  }
}

// Where a problem is, in words: "Unit procedure Granulation › Operation Dry mixing › Step Blend
// time › high limit". Formula lines and equipment requirements name their row.
export function problemWhere(doc: RecipeDocument, field: string): string {
  const at = locate(field);
  const f = field.replace(/^content\.?/, '');
  if (at.node.kind === 'formula') {
    const m = /^formula\[(\d+)\]\.?(.*)$/.exec(f);
    if (!m) return 'Formula';
    const line = doc.formula[+m[1]];
    const words = fieldWords(m[2]);
    return `Formula › line ${+m[1] + 1}${line ? ` (${line.key})` : ''}${words ? ` › ${words}` : ''}`;
  }
  if (at.node.kind === 'equipment') {
    const m = /^unit_procedures\[(\d+)\]/.exec(f)!;
    const up = doc.unit_procedures[+m[1]];
    return `Equipment requirements › ${up ? up.name : `unit procedure ${+m[1] + 1}`}`;
  }
  const words = fieldWords(at.rest);
  return nodeWords(doc, at.node) + (words ? ` › ${words}` : '');
}

// A message as a person reads it: capital first letter, full stop.
export function sentence(message: string): string {
  const m = message.trim();
  if (!m) return m;
  const s = m[0].toUpperCase() + m.slice(1);
  return /[.!?]$/.test(s) ? s : `${s}.`;
}

// The problems an answer carries: the validation list (422 of validate, an answer's problems),
// or the single located problem of a document whose shape the server refused.
export function problemsFromError(e: unknown): Problem[] | null {
  if (!(e instanceof ApiError) || (e.status !== 422 && e.status !== 400)) return null;
  const list = e.details['problems'];
  if (Array.isArray(list)) {
    return list.filter((p): p is Problem => !!p && typeof p.field === 'string' && typeof p.message === 'string');
  }
  const field = e.field;
  if (field === undefined || field === 'If-Match' || field === 'reason') return null;
  const bare = field.replace(/^content\.?/, '');
  const prefix = [`${field}: `, `${bare}: `].find((p) => e.message.startsWith(p));
  return [{ field: bare, message: prefix ? e.message.slice(prefix.length) : e.message }];
}

// How many problems lie at a node or inside it (the tree's badges).
export function countAt(problems: Problem[], node: NodePath): number {
  const id = pathId(node);
  let n = 0;
  for (const p of problems) {
    const at = locate(p.field).node;
    const pid = pathId(at);
    if (pid === id || (node.kind !== 'recipe' && node.kind !== 'formula' && node.kind !== 'equipment' && isInside(at, node))) n++;
  }
  return n;
}

function isInside(at: NodePath, node: NodePath): boolean {
  if (node.kind === 'up') return (at.kind === 'op' || at.kind === 'step') && at.u === node.u;
  if (node.kind === 'op') return at.kind === 'step' && at.u === node.u && at.o === node.o;
  return false;
}

// The problems that point at one field (an input shows them under itself).
export function problemsFor(problems: Problem[], field: string): Problem[] {
  return problems.filter((p) => {
    const f = p.field.replace(/^content\.?/, '');
    return f === field || f.startsWith(`${field}.`) || f.startsWith(`${field}[`);
  });
}

// Focuses the input of a field: the exact id, else the first input inside it ("limits" →
// "limits-low"), else the nearest enclosing field's. True when something took the focus.
export function focusField(field: string, root: ParentNode = document): boolean {
  let id = inputId(field);
  for (;;) {
    const exact = root.querySelector<HTMLElement>(`#${CSS.escape(id)}`);
    const inner = exact ?? root.querySelector<HTMLElement>(`[id^="${id}-"]`);
    if (inner) {
      inner.focus();
      inner.scrollIntoView?.({ block: 'center' });
      return true;
    }
    const cut = id.lastIndexOf('-');
    if (cut <= 1) return false;
    id = id.slice(0, cut);
  }
}
