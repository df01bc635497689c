// Pure operations on the procedure tree (unit procedures → operations → steps). Each returns a
// new document and leaves the one given untouched, so undo, the unsaved-changes check and Preact's
// rendering can compare by reference. New and duplicated elements get fresh keys, unique across
// the recipe (formula lines, unit procedures, operations and steps together).
import { newStep, STEP_INFO, type Operation, type RecipeDocument, type Step, type StepType, type UnitProcedure } from './document';

export type NodePath =
  | { kind: 'recipe' }
  | { kind: 'formula' }
  | { kind: 'equipment' }
  | { kind: 'up'; u: number }
  | { kind: 'op'; u: number; o: number }
  | { kind: 'step'; u: number; o: number; s: number };

export type TreePath = Extract<NodePath, { kind: 'up' | 'op' | 'step' }>;

export interface Moved {
  doc: RecipeDocument;
  path: NodePath;
}

export function samePath(a: NodePath | null, b: NodePath | null): boolean {
  return !!a && !!b && pathId(a) === pathId(b);
}

// A stable string for a node: "step-1-0-2", also the prefix of its inputs' ids.
export function pathId(p: NodePath): string {
  switch (p.kind) {
    case 'up':
      return `up-${p.u}`;
    case 'op':
      return `op-${p.u}-${p.o}`;
    case 'step':
      return `step-${p.u}-${p.o}-${p.s}`;
    default:
      return p.kind;
  }
}

// The document field path of a node, as the server names it ("unit_procedures[1].operations[0]").
export function fieldPath(p: TreePath): string {
  let f = `unit_procedures[${p.u}]`;
  if (p.kind !== 'up') f += `.operations[${p.o}]`;
  if (p.kind === 'step') f += `.steps[${p.s}]`;
  return f;
}

export function getStep(doc: RecipeDocument, p: { u: number; o: number; s: number }): Step | undefined {
  return doc.unit_procedures[p.u]?.operations[p.o]?.steps[p.s];
}

export function exists(doc: RecipeDocument, p: NodePath): boolean {
  switch (p.kind) {
    case 'up':
      return !!doc.unit_procedures[p.u];
    case 'op':
      return !!doc.unit_procedures[p.u]?.operations[p.o];
    case 'step':
      return !!getStep(doc, p);
    default:
      return true;
  }
}

// Every key in the recipe (formula lines, unit procedures, operations, steps).
export function allKeys(doc: RecipeDocument): Set<string> {
  const keys = new Set<string>();
  doc.formula.forEach((l) => keys.add(l.key));
  for (const up of doc.unit_procedures) {
    keys.add(up.key);
    for (const op of up.operations) {
      keys.add(op.key);
      for (const s of op.steps) keys.add(s.key);
    }
  }
  return keys;
}

// A key made from `base` (a name or key) that no element uses: "blend_time", "blend_time_2"…
export function freshKey(taken: Set<string>, base: string): string {
  let stem = base
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (!/^[a-z]/.test(stem)) stem = `k_${stem}`.replace(/_+$/, '');
  stem = stem.slice(0, 56) || 'k';
  if (stem === 'batch_size' || stem === 'theoretical_yield') stem += '_value';
  let key = stem;
  for (let n = 2; taken.has(key); n++) key = `${stem}_${n}`;
  taken.add(key);
  return key;
}

function withUps(doc: RecipeDocument, ups: UnitProcedure[]): RecipeDocument {
  return { ...doc, unit_procedures: ups };
}
function withOps(doc: RecipeDocument, u: number, ops: Operation[]): RecipeDocument {
  return withUps(doc, doc.unit_procedures.map((up, i) => (i === u ? { ...up, operations: ops } : up)));
}
function withSteps(doc: RecipeDocument, u: number, o: number, steps: Step[]): RecipeDocument {
  const ops = doc.unit_procedures[u].operations.map((op, i) => (i === o ? { ...op, steps } : op));
  return withOps(doc, u, ops);
}
function insert<T>(list: T[], at: number, item: T): T[] {
  const i = Math.max(0, Math.min(at, list.length));
  return [...list.slice(0, i), item, ...list.slice(i)];
}
function without<T>(list: T[], at: number): T[] {
  return list.filter((_, i) => i !== at);
}

export function addUnitProcedure(doc: RecipeDocument, name = 'New unit procedure', at = doc.unit_procedures.length): Moved {
  const key = freshKey(allKeys(doc), name);
  const up: UnitProcedure = { key, name, operations: [] };
  const i = Math.min(at, doc.unit_procedures.length);
  return { doc: withUps(doc, insert(doc.unit_procedures, i, up)), path: { kind: 'up', u: i } };
}

export function addOperation(doc: RecipeDocument, u: number, name = 'New operation', at?: number): Moved {
  const ops = doc.unit_procedures[u].operations;
  const key = freshKey(allKeys(doc), name);
  const i = Math.min(at ?? ops.length, ops.length);
  return { doc: withOps(doc, u, insert(ops, i, { key, name, steps: [] })), path: { kind: 'op', u, o: i } };
}

// A new step of `type` in operation (u, o). Its references start at the first candidate the
// recipe offers (see `stepDefaults`), so the draft stays savable and validation names what to fix.
export function addStep(doc: RecipeDocument, u: number, o: number, type: StepType, at?: number, name?: string): Moved {
  const steps = doc.unit_procedures[u].operations[o].steps;
  const label = name ?? `New ${STEP_INFO[type].label.toLowerCase()}`;
  const key = freshKey(allKeys(doc), label);
  const i = Math.min(at ?? steps.length, steps.length);
  const step = { ...newStep(type, key, label), ...stepDefaults(doc, type, { u, o, s: i }) };
  return { doc: withSteps(doc, u, o, insert(steps, i, step)), path: { kind: 'step', u, o, s: i } };
}

// Reference fields of a new step: the first formula line, the unit procedure's first equipment
// class, the nearest earlier equipment use of the unit procedure, the previous step.
export function stepDefaults(doc: RecipeDocument, type: StepType, at: { u: number; o: number; s: number }): Partial<Step> {
  const before = stepsInOrder(doc).filter(({ path: p }) => p.u < at.u || (p.u === at.u && (p.o < at.o || (p.o === at.o && p.s < at.s))));
  const previous = before[before.length - 1]?.step;
  switch (type) {
    case 'dispense':
    case 'charge':
      return doc.formula[0] ? { formula_line: doc.formula[0].key } : {};
    case 'equipment_use': {
      const cls = doc.unit_procedures[at.u].equipment_classes?.[0];
      return cls ? { equipment_class: cls } : {};
    }
    case 'process_parameter': {
      const eq = before.filter(({ step, path: p }) => p.u === at.u && step.type === 'equipment_use').pop();
      return eq ? { equipment_step: eq.step.key } : {};
    }
    case 'hold_time':
      return previous ? { from_step: previous.key } : {};
    default:
      return {};
  }
}

// The step as another type: name, key, text and the options every step has are kept (repeat
// and override only where the new type allows them), the numeric fields between numeric types;
// the new type's own fields start as for a new step.
export function changeType(doc: RecipeDocument, p: { u: number; o: number; s: number }, type: StepType): RecipeDocument {
  const old = doc.unit_procedures[p.u].operations[p.o].steps[p.s];
  if (old.type === type) return doc;
  const next: Step = { ...newStep(type, old.key, old.name), ...stepDefaults(doc, type, p) };
  if (old.text) next.text = old.text;
  if (old.witness) next.witness = old.witness;
  if (old.condition) next.condition = old.condition;
  if (old.repeat && STEP_INFO[type].repeats) next.repeat = old.repeat;
  if (STEP_INFO[old.type].numeric && STEP_INFO[type].numeric) {
    for (const k of ['unit', 'decimals', 'target', 'limits', 'alarm'] as const) if (old[k] !== undefined) (next as unknown as Record<string, unknown>)[k] = old[k];
  }
  if (old.allow_override && STEP_INFO[type].hardLimits) next.allow_override = true;
  const steps = doc.unit_procedures[p.u].operations[p.o].steps;
  return withSteps(doc, p.u, p.o, steps.map((s, i) => (i === p.s ? next : s)));
}

// Sets fields of a step; a field given as undefined (or '') is removed, so defaults stay absent.
export function updateStep(doc: RecipeDocument, p: { u: number; o: number; s: number }, patch: Partial<Step>): RecipeDocument {
  const steps = doc.unit_procedures[p.u].operations[p.o].steps;
  const next = { ...steps[p.s] } as Record<string, unknown>;
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined || (v === '' && k !== 'key' && k !== 'name' && !REQUIRED_TEXT.has(k))) delete next[k];
    else next[k] = v;
  }
  return withSteps(doc, p.u, p.o, steps.map((s, i) => (i === p.s ? (next as unknown as Step) : s)));
}
// Required fields kept even when empty, so validation names them rather than the shape check.
const REQUIRED_TEXT = new Set(['expression', 'formula_line', 'equipment_class', 'equipment_step', 'tag', 'from_step', 'sample_label']);

export function updateUnitProcedure(doc: RecipeDocument, u: number, patch: Partial<UnitProcedure>): RecipeDocument {
  return withUps(
    doc,
    doc.unit_procedures.map((up, i) => {
      if (i !== u) return up;
      const next = { ...up, ...patch };
      if (!next.parallel) delete next.parallel;
      if (next.equipment_classes && next.equipment_classes.length === 0) delete next.equipment_classes;
      return next;
    }),
  );
}

export function updateOperation(doc: RecipeDocument, u: number, o: number, patch: Partial<Operation>): RecipeDocument {
  return withOps(
    doc,
    u,
    doc.unit_procedures[u].operations.map((op, i) => (i === o ? { ...op, ...patch } : op)),
  );
}

export function rename(doc: RecipeDocument, p: TreePath, name: string): RecipeDocument {
  if (p.kind === 'up') return updateUnitProcedure(doc, p.u, { name });
  if (p.kind === 'op') return updateOperation(doc, p.u, p.o, { name });
  return updateStep(doc, p, { name });
}

function slug(name: string): string {
  return freshKey(new Set(), name);
}

// True when `key` is the one made from `name` ("blend_time" or "blend_time_2" for "Blend time").
export function keyFollowsName(key: string, name: string): boolean {
  const s = slug(name);
  return key === s || new RegExp(`^${s}_\\d+$`).test(key);
}

function nodeOf(doc: RecipeDocument, p: TreePath): { key: string; name: string } {
  const up = doc.unit_procedures[p.u];
  if (p.kind === 'up') return up;
  const op = up.operations[p.o];
  return p.kind === 'op' ? op : op.steps[p.s];
}

// Renames a node; a key never saved that was made from the old name follows the new one, so a new
// step named "Blend time" gets the key blend_time. Saved keys never change by themselves: batch
// values, diffs and audit entries refer to them.
export function renameWithKey(doc: RecipeDocument, p: TreePath, name: string, savedKeys: Set<string>): RecipeDocument {
  const node = nodeOf(doc, p);
  const renamed = rename(doc, p, name);
  if (savedKeys.has(node.key) || !keyFollowsName(node.key, node.name) || !name.trim()) return renamed;
  const taken = allKeys(doc);
  taken.delete(node.key);
  const key = freshKey(taken, name);
  if (p.kind === 'up') return updateUnitProcedure(renamed, p.u, { key });
  if (p.kind === 'op') return updateOperation(renamed, p.u, p.o, { key });
  return updateStep(renamed, p, { key });
}

// Removes a node; the answer's path is the node to select next (a sibling, else the parent).
export function deleteNode(doc: RecipeDocument, p: TreePath): Moved {
  if (p.kind === 'up') {
    const ups = without(doc.unit_procedures, p.u);
    return { doc: withUps(doc, ups), path: ups.length ? { kind: 'up', u: Math.min(p.u, ups.length - 1) } : { kind: 'recipe' } };
  }
  if (p.kind === 'op') {
    const ops = without(doc.unit_procedures[p.u].operations, p.o);
    return { doc: withOps(doc, p.u, ops), path: ops.length ? { kind: 'op', u: p.u, o: Math.min(p.o, ops.length - 1) } : { kind: 'up', u: p.u } };
  }
  const steps = without(doc.unit_procedures[p.u].operations[p.o].steps, p.s);
  return {
    doc: withSteps(doc, p.u, p.o, steps),
    path: steps.length ? { kind: 'step', u: p.u, o: p.o, s: Math.min(p.s, steps.length - 1) } : { kind: 'op', u: p.u, o: p.o },
  };
}

function siblingsCount(doc: RecipeDocument, p: TreePath): number {
  if (p.kind === 'up') return doc.unit_procedures.length;
  if (p.kind === 'op') return doc.unit_procedures[p.u].operations.length;
  return doc.unit_procedures[p.u].operations[p.o].steps.length;
}
function indexOf(p: TreePath): number {
  return p.kind === 'up' ? p.u : p.kind === 'op' ? p.o : p.s;
}
function withIndex(p: TreePath, i: number): TreePath {
  if (p.kind === 'up') return { ...p, u: i };
  if (p.kind === 'op') return { ...p, o: i };
  return { ...p, s: i };
}

function swap<T>(list: T[], a: number, b: number): T[] {
  const out = [...list];
  [out[a], out[b]] = [out[b], out[a]];
  return out;
}

// Moves a node one place up (-1) or down (+1) among its siblings; null at the end of its list.
export function moveBy(doc: RecipeDocument, p: TreePath, delta: -1 | 1): Moved | null {
  const i = indexOf(p);
  const j = i + delta;
  if (j < 0 || j >= siblingsCount(doc, p)) return null;
  let next: RecipeDocument;
  if (p.kind === 'up') next = withUps(doc, swap(doc.unit_procedures, i, j));
  else if (p.kind === 'op') next = withOps(doc, p.u, swap(doc.unit_procedures[p.u].operations, i, j));
  else next = withSteps(doc, p.u, p.o, swap(doc.unit_procedures[p.u].operations[p.o].steps, i, j));
  return { doc: next, path: withIndex(p, j) };
}

// Moves a step into operation (u, o), an operation into unit procedure u, or a unit procedure to
// a position, at index `at` of the destination as it is before the move (end when absent).
// Null when the destination is not a parent of that kind or the move changes nothing.
export function moveTo(doc: RecipeDocument, from: TreePath, to: { u: number; o?: number }, at?: number): Moved | null {
  if (from.kind === 'up') {
    const n = doc.unit_procedures.length;
    let i = Math.min(at ?? to.u, n);
    if (i > from.u) i -= 1;
    if (i === from.u) return null;
    const up = doc.unit_procedures[from.u];
    return { doc: withUps(doc, insert(without(doc.unit_procedures, from.u), i, up)), path: { kind: 'up', u: i } };
  }
  if (from.kind === 'op') {
    if (!doc.unit_procedures[to.u]) return null;
    const op = doc.unit_procedures[from.u].operations[from.o];
    let i = Math.min(at ?? doc.unit_procedures[to.u].operations.length, doc.unit_procedures[to.u].operations.length);
    if (to.u === from.u) {
      if (i > from.o) i -= 1;
      if (i === from.o) return null;
    }
    let next = withOps(doc, from.u, without(doc.unit_procedures[from.u].operations, from.o));
    next = withOps(next, to.u, insert(next.unit_procedures[to.u].operations, i, op));
    return { doc: next, path: { kind: 'op', u: to.u, o: i } };
  }
  if (to.o === undefined || !doc.unit_procedures[to.u]?.operations[to.o]) return null;
  const step = doc.unit_procedures[from.u].operations[from.o].steps[from.s];
  const dest = doc.unit_procedures[to.u].operations[to.o].steps;
  let i = Math.min(at ?? dest.length, dest.length);
  if (to.u === from.u && to.o === from.o) {
    if (i > from.s) i -= 1;
    if (i === from.s) return null;
  }
  let next = withSteps(doc, from.u, from.o, without(doc.unit_procedures[from.u].operations[from.o].steps, from.s));
  next = withSteps(next, to.u, to.o, insert(next.unit_procedures[to.u].operations[to.o].steps, i, step));
  return { doc: next, path: { kind: 'step', u: to.u, o: to.o, s: i } };
}

// The result of dropping `dragged` on `target` (drag and drop): a node dropped on a sibling of
// its kind goes before it; a step dropped on an operation, or an operation on a unit procedure,
// goes at its end. Null when the drop means nothing.
export function dropOn(doc: RecipeDocument, dragged: TreePath, target: TreePath): Moved | null {
  // Within the same list the node takes the target's place (after it when moving down).
  const past = (from: number, to: number, same: boolean) => (same && to > from ? to + 1 : to);
  if (dragged.kind === 'up') {
    if (target.kind !== 'up') return null;
    return moveTo(doc, dragged, { u: target.u }, past(dragged.u, target.u, true));
  }
  if (dragged.kind === 'op') {
    if (target.kind === 'up') return target.u === dragged.u ? null : moveTo(doc, dragged, { u: target.u });
    if (target.kind === 'op') return moveTo(doc, dragged, { u: target.u }, past(dragged.o, target.o, target.u === dragged.u));
    return null;
  }
  if (target.kind === 'op') {
    return target.u === dragged.u && target.o === dragged.o ? null : moveTo(doc, dragged, { u: target.u, o: target.o });
  }
  if (target.kind === 'step') {
    return moveTo(doc, dragged, { u: target.u, o: target.o }, past(dragged.s, target.s, target.u === dragged.u && target.o === dragged.o));
  }
  return null;
}

// The parents a node may be moved to with "Move to…" (its own included), as the select lists them.
export function moveTargets(doc: RecipeDocument, p: TreePath): { value: string; label: string; u: number; o?: number }[] {
  if (p.kind === 'up') return [];
  if (p.kind === 'op') {
    return doc.unit_procedures.map((up, u) => ({ value: `${u}`, label: `Unit procedure ${u + 1}: ${up.name}`, u }));
  }
  const out: { value: string; label: string; u: number; o?: number }[] = [];
  doc.unit_procedures.forEach((up, u) =>
    up.operations.forEach((op, o) => out.push({ value: `${u}.${o}`, label: `${up.name} › ${op.name}`, u, o })),
  );
  return out;
}

function copyStep(s: Step, taken: Set<string>): Step {
  return { ...structuredCopy(s), key: freshKey(taken, s.key.replace(/_\d+$/, '')) };
}
function copyOperation(op: Operation, taken: Set<string>): Operation {
  return { ...op, key: freshKey(taken, op.key.replace(/_\d+$/, '')), steps: op.steps.map((s) => copyStep(s, taken)) };
}
function structuredCopy<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

// A copy placed right after the node, with fresh keys for it and everything inside it.
export function duplicate(doc: RecipeDocument, p: TreePath): Moved {
  const taken = allKeys(doc);
  if (p.kind === 'up') {
    const up = doc.unit_procedures[p.u];
    const copy: UnitProcedure = { ...structuredCopy(up), key: freshKey(taken, up.key.replace(/_\d+$/, '')), name: `${up.name} (copy)` };
    copy.operations = up.operations.map((op) => copyOperation(op, taken));
    return { doc: withUps(doc, insert(doc.unit_procedures, p.u + 1, copy)), path: { kind: 'up', u: p.u + 1 } };
  }
  if (p.kind === 'op') {
    const op = doc.unit_procedures[p.u].operations[p.o];
    const copy = { ...copyOperation(op, taken), name: `${op.name} (copy)` };
    return { doc: withOps(doc, p.u, insert(doc.unit_procedures[p.u].operations, p.o + 1, copy)), path: { kind: 'op', u: p.u, o: p.o + 1 } };
  }
  const step = doc.unit_procedures[p.u].operations[p.o].steps[p.s];
  const copy = { ...copyStep(step, taken), name: `${step.name} (copy)` };
  return {
    doc: withSteps(doc, p.u, p.o, insert(doc.unit_procedures[p.u].operations[p.o].steps, p.s + 1, copy)),
    path: { kind: 'step', u: p.u, o: p.o, s: p.s + 1 },
  };
}

// Steps in procedure order with their paths (for references and expressions).
export function stepsInOrder(doc: RecipeDocument): { step: Step; path: { kind: 'step'; u: number; o: number; s: number } }[] {
  const out: { step: Step; path: { kind: 'step'; u: number; o: number; s: number } }[] = [];
  doc.unit_procedures.forEach((up, u) =>
    up.operations.forEach((op, o) => op.steps.forEach((step, s) => out.push({ step, path: { kind: 'step', u, o, s } }))),
  );
  return out;
}
