// The editors of the nodes that are not steps: the recipe header, the formula table, the
// equipment requirements (each unit procedure's equipment classes), a unit procedure and an
// operation.
import { useContext, useState } from 'preact/hooks';
import { keyProblem, MATERIAL_UNITS, STEP_INFO, STEP_TYPES, type FormulaLine, type Header, type RecipeDocument, type StepType, type UnitProcedure } from './document';
import { FieldMessages, Fields, NumberField, QuantityField, RangeField, SelectField, TextField, unitOptions, CheckField } from './fields';
import { freshKey, allKeys } from './tree';
import { inputId } from './validation';

type Update = (doc: RecipeDocument) => void;

export function RecipeEditor({ doc, onChange }: { doc: RecipeDocument; onChange: Update }) {
  const setHeader = (patch: Partial<Header>) => {
    const header = { ...doc.header, ...patch } as Header & Record<string, unknown>;
    for (const k of Object.keys(header)) if (header[k] === undefined) delete header[k];
    onChange({ ...doc, header });
  };
  return (
    <section class="bld-editor-body" aria-labelledby="editor-title">
      <h2 id="editor-title">Recipe header</h2>
      <div class="inline">
        <TextField field="product_code" label="Product code (the same in every version)" value={doc.product_code} readOnly onChange={() => undefined} />
        <TextField field="site" label="Site (the same in every version)" value={doc.site} readOnly onChange={() => undefined} />
      </div>
      <TextField field="product_name" label="Product name" value={doc.product_name} onChange={(v) => onChange({ ...doc, product_name: v })} />
      <TextField field="description" label="Description" multiline value={doc.description} onChange={(v) => onChange(v ? { ...doc, description: v } : withoutKey(doc, 'description'))} />
      <QuantityField field="header.batch_size" label="Nominal batch size" units={MATERIAL_UNITS} value={doc.header.batch_size} onChange={(q) => q && setHeader({ batch_size: q })} />
      <RangeField field="header.batch_size_range" label="Batch sizes it may be scaled to" unit={doc.header.batch_size.unit} value={doc.header.batch_size_range} onChange={(r) => setHeader({ batch_size_range: r })} />
      <QuantityField field="header.theoretical_yield" label="Theoretical yield at the nominal size" units={MATERIAL_UNITS} value={doc.header.theoretical_yield} onChange={(q) => q && setHeader({ theoretical_yield: q })} />
      <RangeField field="header.yield_limits" label="Acceptable yield" unit="%" value={doc.header.yield_limits} onChange={(r) => setHeader({ yield_limits: r })} />
      <FieldMessages field="header" />
    </section>
  );
}

function withoutKey<T extends object>(o: T, k: keyof T): T {
  const c = { ...o };
  delete c[k];
  return c;
}

export function FormulaEditor({ doc, onChange, itemCodes }: { doc: RecipeDocument; onChange: Update; itemCodes: string[] }) {
  const { readOnly } = useContext(Fields);
  const set = (i: number, line: FormulaLine) => onChange({ ...doc, formula: doc.formula.map((l, j) => (j === i ? line : l)) });
  const used = (key: string) =>
    doc.unit_procedures.some((up) => up.operations.some((op) => op.steps.some((s) => (s.type === 'dispense' || s.type === 'charge') && s.formula_line === key)));
  function add() {
    const key = freshKey(allKeys(doc), 'material');
    const line: FormulaLine = {
      key,
      material_code: '',
      name: 'New material',
      quantity: { value: 1, unit: 'kg' },
      tolerance: { minus: 1, plus: 1, unit: '%' },
      scaling: 'scalable',
    };
    onChange({ ...doc, formula: [...doc.formula, line] });
    setTimeout(() => document.getElementById(inputId(`formula[${doc.formula.length}].key`))?.focus(), 0);
  }
  return (
    <section class="bld-editor-body" aria-labelledby="editor-title">
      <h2 id="editor-title">Formula</h2>
      <p class="muted">Quantities per nominal batch; every line must be dispensed or charged by a step.</p>
      {doc.formula.length === 0 ? <p>No formula line yet.</p> : null}
      {doc.formula.map((l, i) => {
        const f = (name: string) => `formula[${i}].${name}`;
        return (
          <fieldset key={i} class="bld-formula-line">
            <legend>
              Line {i + 1}: {l.name || l.key} {used(l.key) ? null : <span class="muted small">(not used by a step yet)</span>}
            </legend>
            <div class="inline">
              <TextField field={f('key')} label="Key" mono value={l.key} onChange={(v) => set(i, { ...l, key: v })} local={keyProblem(l.key)} />
              <TextField field={f('material_code')} label="Material code" mono list="bld-item-codes" value={l.material_code} onChange={(v) => set(i, { ...l, material_code: v })} />
              <TextField field={f('name')} label="Name" value={l.name} onChange={(v) => set(i, { ...l, name: v })} class="bld-wide" />
            </div>
            <div class="inline">
              <NumberField field={f('quantity.value')} label="Quantity" value={l.quantity.value} onChange={(n) => set(i, { ...l, quantity: { ...l.quantity, value: n ?? 0 } })} />
              <SelectField field={f('quantity.unit')} label="Unit" value={l.quantity.unit} options={unitOptions(MATERIAL_UNITS)} onChange={(v) => set(i, { ...l, quantity: { ...l.quantity, unit: v } })} />
              <NumberField field={f('tolerance.minus')} label="Tolerance −" value={l.tolerance.minus} onChange={(n) => set(i, { ...l, tolerance: { ...l.tolerance, minus: n ?? 0 } })} />
              <NumberField field={f('tolerance.plus')} label="Tolerance +" value={l.tolerance.plus} onChange={(n) => set(i, { ...l, tolerance: { ...l.tolerance, plus: n ?? 0 } })} />
              <SelectField
                field={f('tolerance.unit')}
                label="Tolerance unit"
                value={l.tolerance.unit}
                options={unitOptions(['%', ...MATERIAL_UNITS])}
                onChange={(v) => set(i, { ...l, tolerance: { ...l.tolerance, unit: v } })}
              />
              <SelectField
                field={f('scaling')}
                label="Scaling"
                value={l.scaling}
                options={[
                  { value: 'scalable', label: 'Scales with the batch' },
                  { value: 'fixed', label: 'Fixed for any batch' },
                ]}
                onChange={(v) => set(i, { ...l, scaling: v as FormulaLine['scaling'] })}
              />
            </div>
            <FieldMessages field={`formula[${i}]`} />
            <FieldMessages field={f('tolerance')} />
            {readOnly ? null : (
              <button type="button" class="btn btn-ghost" onClick={() => onChange({ ...doc, formula: doc.formula.filter((_, j) => j !== i) })}>
                Remove line {i + 1}
              </button>
            )}
          </fieldset>
        );
      })}
      {readOnly ? null : (
        <button type="button" class="btn btn-secondary" onClick={add}>
          Add formula line
        </button>
      )}
      <datalist id="bld-item-codes">
        {itemCodes.map((c) => (
          <option key={c} value={c} />
        ))}
      </datalist>
    </section>
  );
}

export function EquipmentEditor({ doc, onChange, classes }: { doc: RecipeDocument; onChange: Update; classes: { code: string; name: string }[] }) {
  const { readOnly } = useContext(Fields);
  const set = (u: number, list: string[]) =>
    onChange({
      ...doc,
      unit_procedures: doc.unit_procedures.map((up, i) => {
        if (i !== u) return up;
        const next: UnitProcedure = { ...up, equipment_classes: list };
        if (!list.length) delete next.equipment_classes;
        return next;
      }),
    });
  return (
    <section class="bld-editor-body" aria-labelledby="editor-title">
      <h2 id="editor-title">Equipment requirements</h2>
      <p class="muted">The equipment classes each unit procedure needs; every equipment-use step names one of its unit procedure's classes.</p>
      {doc.unit_procedures.length === 0 ? <p>Add a unit procedure first.</p> : null}
      {doc.unit_procedures.map((up, u) => {
        const list = up.equipment_classes ?? [];
        const field = `unit_procedures[${u}].equipment_classes`;
        return (
          <fieldset key={u} class="bld-list">
            <legend>
              {up.name} <code>{up.key}</code>
            </legend>
            {list.length === 0 ? <p class="muted">No equipment class.</p> : null}
            <ol>
              {list.map((c, i) => (
                <li key={i} class="bld-list-row">
                  <SelectField
                    field={`${field}[${i}]`}
                    label={`Equipment class ${i + 1} of ${up.name}`}
                    value={c}
                    options={classes.map((k) => ({ value: k.code, label: `${k.code}: ${k.name}` }))}
                    onChange={(v) => set(u, list.map((x, j) => (j === i ? v : x)))}
                  />
                  {readOnly ? null : (
                    <button type="button" class="btn btn-ghost" onClick={() => set(u, list.filter((_, j) => j !== i))}>
                      Remove {c || `class ${i + 1}`}
                    </button>
                  )}
                </li>
              ))}
            </ol>
            {readOnly ? null : (
              <button
                type="button"
                class="btn btn-secondary"
                onClick={() => {
                  const free = classes.find((k) => !list.includes(k.code));
                  set(u, [...list, free?.code ?? '']);
                  setTimeout(() => document.getElementById(inputId(`${field}[${list.length}]`))?.focus(), 0);
                }}
              >
                Add equipment class to {up.name}
              </button>
            )}
            <FieldMessages field={field} />
          </fieldset>
        );
      })}
    </section>
  );
}

export function UnitProcedureEditor({
  doc,
  u,
  onChange,
  onRename,
  onAddOperation,
  onOpenEquipment,
}: {
  doc: RecipeDocument;
  u: number;
  onChange: Update;
  onRename: (name: string) => void;
  onAddOperation: () => void;
  onOpenEquipment: () => void;
}) {
  const { readOnly } = useContext(Fields);
  const up = doc.unit_procedures[u];
  const base = `unit_procedures[${u}]`;
  const set = (patch: Partial<typeof up>) =>
    onChange({
      ...doc,
      unit_procedures: doc.unit_procedures.map((x, i) => {
        if (i !== u) return x;
        const next = { ...x, ...patch };
        if (!next.parallel) delete next.parallel;
        return next;
      }),
    });
  return (
    <section class="bld-editor-body" aria-labelledby="editor-title">
      <h2 id="editor-title">Unit procedure: {up.name || '(no name)'}</h2>
      <FieldMessages field={base} />
      <div class="inline">
        <TextField field={`${base}.name`} label="Name" value={up.name} onChange={onRename} />
        <TextField field={`${base}.key`} label="Key" mono value={up.key} onChange={(v) => set({ key: v })} local={keyProblem(up.key)} />
      </div>
      <CheckField field={`${base}.parallel`} label="Runs in parallel with the previous unit procedure" checked={!!up.parallel} onChange={(v) => set({ parallel: v })} />
      <p>
        Equipment classes: {(up.equipment_classes ?? []).join(', ') || 'none'}.{' '}
        <button type="button" class="btn btn-ghost" onClick={onOpenEquipment}>
          Edit equipment requirements
        </button>
      </p>
      <FieldMessages field={`${base}.operations`} />
      <p>
        {up.operations.length} operation{up.operations.length === 1 ? '' : 's'}.
      </p>
      {readOnly ? null : (
        <button type="button" class="btn btn-secondary" onClick={onAddOperation}>
          Add operation
        </button>
      )}
    </section>
  );
}

export function OperationEditor({
  doc,
  u,
  o,
  onChange,
  onRename,
  onAddStep,
}: {
  doc: RecipeDocument;
  u: number;
  o: number;
  onChange: Update;
  onRename: (name: string) => void;
  onAddStep: (t: StepType) => void;
}) {
  const { readOnly } = useContext(Fields);
  const [type, setType] = useState<StepType>('instruction');
  const op = doc.unit_procedures[u].operations[o];
  const base = `unit_procedures[${u}].operations[${o}]`;
  const set = (patch: Partial<typeof op>) =>
    onChange({
      ...doc,
      unit_procedures: doc.unit_procedures.map((x, i) => (i !== u ? x : { ...x, operations: x.operations.map((y, j) => (j === o ? { ...y, ...patch } : y)) })),
    });
  return (
    <section class="bld-editor-body" aria-labelledby="editor-title">
      <h2 id="editor-title">Operation: {op.name || '(no name)'}</h2>
      <FieldMessages field={base} />
      <div class="inline">
        <TextField field={`${base}.name`} label="Name" value={op.name} onChange={onRename} />
        <TextField field={`${base}.key`} label="Key" mono value={op.key} onChange={(v) => set({ key: v })} local={keyProblem(op.key)} />
      </div>
      <FieldMessages field={`${base}.steps`} />
      <p>
        {op.steps.length} step{op.steps.length === 1 ? '' : 's'} in {doc.unit_procedures[u].name}.
      </p>
      {readOnly ? null : (
        <div class="bld-add">
          <label for="add-step-type">Type of the new step</label>
          <div class="inline">
            <select id="add-step-type" value={type} onChange={(e) => setType((e.target as HTMLSelectElement).value as StepType)}>
              {STEP_TYPES.map((t) => (
                <option key={t} value={t}>
                  {STEP_INFO[t].label}
                </option>
              ))}
            </select>
            <button type="button" class="btn btn-primary" onClick={() => onAddStep(type)}>
              Add step
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
