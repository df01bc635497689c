// The editor of one step: the fields every step has, the fields of its type, then the options
// (witness, condition, repeat, override). Expressions and conditions are checked as they are
// typed (locally at once, then by the server's validation of the whole draft).
import { useContext, useState } from 'preact/hooks';
import { CAPTURES, keyProblem, SIGN_OFF_MEANINGS, STEP_INFO, STEP_TYPES, type RecipeDocument, type Step, type StepType } from './document';
import { availableVariables, checkExpression } from './expression';
import { CheckField, DurationField, FieldMessages, Fields, ListField, NumberField, QuantityField, RangeField, SelectField, TextField, unitOptions } from './fields';
import { fieldPath, stepsInOrder } from './tree';
import { inputId, sentence } from './validation';

export interface StepAt {
  u: number;
  o: number;
  s: number;
}

// An expression input with its verdict beside it: what the local check finds wrong at once, else
// the server's problem at this field (unknown to the local check: no finite value…), else "✓ valid".
function ExpressionField({ field, label, value, onChange, doc, at, optional }: { field: string; label: string; value: string | undefined; onChange: (v: string) => void; doc: RecipeDocument; at: StepAt; optional?: boolean }) {
  const { problems, readOnly } = useContext(Fields);
  const id = inputId(field);
  const server = problems.filter((p) => p.field.replace(/^content\.?/, '') === field);
  const text = value ?? '';
  const local = optional && !text.trim() ? null : checkExpression(doc, at, text);
  const vars = availableVariables(doc, at);
  const bad = server.length > 0 || (local !== null && !local.ok);
  const verdictId = `v${id.slice(1)}`;
  return (
    <div class="bld-field bld-expression">
      <label for={id}>{label}</label>
      <input
        id={id}
        class="mono"
        autocomplete="off"
        spellcheck={false}
        value={text}
        disabled={readOnly}
        aria-invalid={bad}
        aria-describedby={verdictId}
        onInput={(e) => onChange((e.target as HTMLInputElement).value)}
      />
      <div id={verdictId} class="bld-verdict" aria-live="polite">
        {local !== null && !local.ok ? (
          <p class="field-error">{local.message}</p>
        ) : server.length ? (
          server.map((p, i) => (
            <p key={i} class="field-error">
              {sentence(p.message)}
            </p>
          ))
        ) : local === null ? (
          <p class="muted small">Empty: the step always applies.</p>
        ) : (
          <p class="bld-valid">✓ valid</p>
        )}
        <p class="muted small">
          Variables here: {vars.length ? vars.join(', ') : 'none'}. Functions: abs, sqrt, exp, ln, log10, floor, ceil, round, min, max, sum, avg.
        </p>
      </div>
    </div>
  );
}

function stepOptions(doc: RecipeDocument, filter: (s: Step, p: StepAt) => boolean) {
  return stepsInOrder(doc)
    .filter(({ step, path }) => filter(step, path))
    .map(({ step }) => ({ value: step.key, label: `${step.name} (${step.key})` }));
}

function before(a: StepAt, b: StepAt): boolean {
  return a.u < b.u || (a.u === b.u && (a.o < b.o || (a.o === b.o && a.s < b.s)));
}

export function StepEditor({
  doc,
  at,
  onChange,
  onRename,
  onChangeType,
  onAddAfter,
}: {
  doc: RecipeDocument;
  at: StepAt;
  onChange: (patch: Partial<Step>) => void;
  onRename: (name: string) => void;
  onChangeType: (type: StepType) => void;
  onAddAfter: (type: StepType) => void;
}) {
  const { readOnly } = useContext(Fields);
  const step = doc.unit_procedures[at.u].operations[at.o].steps[at.s];
  const base = fieldPath({ kind: 'step', ...at });
  const f = (name: string) => `${base}.${name}`;
  const info = STEP_INFO[step.type];
  const [newType, setNewType] = useState<StepType>('instruction');
  if (!info) return <p class="field-error">Unknown step type “{step.type}”.</p>;
  const unitList = info.numeric ? unitOptions(undefined, '(none: dimensionless)') : [];
  const duplicateKey = stepsInOrder(doc).some(({ step: s, path }) => s.key === step.key && !(path.u === at.u && path.o === at.o && path.s === at.s));

  return (
    <section class="bld-editor-body" aria-labelledby="editor-title">
      <h2 id="editor-title">
        {info.label}: {step.name || '(no name)'}
      </h2>
      <FieldMessages field={base} />
      <div class="inline">
        <TextField field={f('name')} label="Name" value={step.name} onChange={onRename} />
        <TextField
          field={f('key')}
          label="Key"
          mono
          value={step.key}
          onChange={(v) => onChange({ key: v })}
          local={keyProblem(step.key, 'step') ?? (duplicateKey ? `Another step has the key “${step.key}”.` : null)}
          hint="Stable across versions; expressions use it as a variable."
        />
      </div>
      <TextField
        field={f('text')}
        label={step.type === 'instruction' ? 'Text (what the operator reads; required)' : 'Text (what the operator reads)'}
        multiline
        value={step.text}
        onChange={(v) => onChange({ text: v })}
      />

      <SelectField
        field={f('type')}
        label="Type (changing it keeps the name, key, text and options)"
        value={step.type}
        options={STEP_TYPES.map((t) => ({ value: t, label: STEP_INFO[t].label }))}
        onChange={(t) => onChangeType(t as StepType)}
      />
      <h3>{info.label}</h3>
      {step.type === 'calculation' ? (
        <ExpressionField field={f('expression')} label="Expression" value={step.expression} onChange={(v) => onChange({ expression: v })} doc={doc} at={at} />
      ) : null}
      {step.type === 'process_parameter' ? (
        <>
          <div class="inline">
            <SelectField
              field={f('equipment_step')}
              label="Equipment step (an earlier equipment use of this unit procedure)"
              value={step.equipment_step ?? ''}
              options={stepOptions(doc, (s, p) => s.type === 'equipment_use' && p.u === at.u && before(p, at))}
              onChange={(v) => onChange({ equipment_step: v })}
            />
            <TextField field={f('tag')} label="Tag (bound on the equipment)" mono value={step.tag} onChange={(v) => onChange({ tag: v })} hint="For example impeller.power." />
          </div>
          <div class="inline">
            <SelectField
              field={f('capture')}
              label="Capture"
              value={step.capture ?? 'value_now'}
              options={CAPTURES.map((c) => ({ value: c, label: c === 'value_now' ? 'Value now' : c === 'mean' ? 'Mean over the window' : `${c === 'min' ? 'Minimum' : 'Maximum'} over the window` }))}
              onChange={(v) => onChange({ capture: v as Step['capture'], ...(v === 'value_now' ? { window: undefined } : step.window ? {} : { window: 'PT10M' }) })}
            />
            {step.capture && step.capture !== 'value_now' ? <DurationField field={f('window')} label="Window" value={step.window} onChange={(v) => onChange({ window: v })} /> : null}
          </div>
        </>
      ) : null}
      {info.numeric ? (
        <>
          <div class="inline">
            <SelectField field={f('unit')} label="Unit" value={step.unit ?? ''} options={unitList} onChange={(v) => onChange({ unit: v || undefined })} />
            <NumberField field={f('decimals')} label="Decimals recorded" integer value={step.decimals} onChange={(n) => onChange({ decimals: n ?? 0 })} />
            <NumberField field={f('target')} label="Target" value={step.target} onChange={(n) => onChange({ target: n })} />
          </div>
          <RangeField field={f('limits')} label="Hard limits (specification)" unit={step.unit} value={step.limits} onChange={(r) => onChange({ limits: r })} />
          <RangeField field={f('alarm')} label="Alarm limits (within the hard limits)" unit={step.unit} value={step.alarm} onChange={(r) => onChange({ alarm: r })} />
        </>
      ) : null}
      {step.type === 'text_entry' ? (
        <div class="inline">
          <NumberField field={f('max_length')} label="Maximum length" integer value={step.max_length} onChange={(n) => onChange({ max_length: n })} hint="200 when empty." />
          <TextField
            field={f('pattern')}
            label="Pattern (regular expression the whole text must match)"
            mono
            value={step.pattern}
            onChange={(v) => onChange({ pattern: v })}
            local={patternProblem(step.pattern)}
          />
        </div>
      ) : null}
      {step.type === 'choice_entry' ? (
        <>
          <ListField field={f('options')} label="Options" itemLabel="Option" addLabel="Add option" items={step.options ?? []} onChange={(v) => onChange({ options: v })} />
          <SelectField
            field={f('expected')}
            label="Expected answer (another is an exception)"
            value={typeof step.expected === 'string' ? step.expected : ''}
            options={[{ value: '', label: 'Any answer' }, ...(step.options ?? []).filter(Boolean).map((o) => ({ value: o, label: o }))]}
            onChange={(v) => onChange({ expected: v || undefined })}
          />
        </>
      ) : null}
      {step.type === 'boolean_entry' ? (
        <SelectField
          field={f('expected')}
          label="Expected answer (another is an exception)"
          value={step.expected === true ? 'yes' : step.expected === false ? 'no' : ''}
          options={[
            { value: '', label: 'Either answer' },
            { value: 'yes', label: 'Yes' },
            { value: 'no', label: 'No' },
          ]}
          onChange={(v) => onChange({ expected: v === 'yes' ? true : v === 'no' ? false : undefined })}
        />
      ) : null}
      {step.type === 'datetime_entry' ? <CheckField field={f('date_only')} label="Date only (no time)" checked={!!step.date_only} onChange={(v) => onChange({ date_only: v || undefined })} /> : null}
      {step.type === 'dispense' || step.type === 'charge' ? (
        <SelectField
          field={f('formula_line')}
          label="Formula line"
          value={step.formula_line ?? ''}
          options={doc.formula.map((l) => ({ value: l.key, label: `${l.name} (${l.key}), ${l.quantity.value} ${l.quantity.unit}` }))}
          onChange={(v) => onChange({ formula_line: v })}
          hint={doc.formula.length ? undefined : 'Add the line to the formula first.'}
        />
      ) : null}
      {step.type === 'equipment_use' ? (
        <SelectField
          field={f('equipment_class')}
          label="Equipment class (one of the unit procedure's requirements)"
          value={step.equipment_class ?? ''}
          options={(doc.unit_procedures[at.u].equipment_classes ?? []).filter(Boolean).map((c) => ({ value: c, label: c }))}
          onChange={(v) => onChange({ equipment_class: v })}
          hint={(doc.unit_procedures[at.u].equipment_classes ?? []).length ? undefined : 'Add the class to the equipment requirements of this unit procedure first.'}
        />
      ) : null}
      {step.type === 'hold_time' ? (
        <>
          <div class="inline">
            <SelectField
              field={f('from_step')}
              label="From step (held from its completion)"
              value={step.from_step ?? ''}
              options={stepOptions(doc, (_, p) => before(p, at))}
              onChange={(v) => onChange({ from_step: v })}
            />
            <SelectField
              field={f('to_step')}
              label="To step (empty: this step)"
              value={step.to_step ?? ''}
              options={[{ value: '', label: 'This step' }, ...stepOptions(doc, (_, p) => before(p, at))]}
              onChange={(v) => onChange({ to_step: v || undefined })}
            />
          </div>
          <div class="inline">
            <DurationField field={f('min')} label="Minimum hold" value={step.min} onChange={(v) => onChange({ min: v })} />
            <DurationField field={f('max')} label="Maximum hold" value={step.max} onChange={(v) => onChange({ max: v })} />
          </div>
        </>
      ) : null}
      {step.type === 'sampling' ? (
        <>
          <TextField field={f('sample_label')} label="Sample label" value={step.sample_label} onChange={(v) => onChange({ sample_label: v })} />
          <ListField field={f('tests')} label="Tests" itemLabel="Test" addLabel="Add test" items={step.tests ?? []} onChange={(v) => onChange({ tests: v })} />
          <QuantityField field={f('quantity')} label="Sample quantity (optional)" optional value={step.quantity} onChange={(q) => onChange({ quantity: q })} />
        </>
      ) : null}
      {step.type === 'sign_off' ? (
        <SelectField
          field={f('meaning')}
          label="Meaning of the signature"
          value={step.meaning ?? 'performed'}
          options={SIGN_OFF_MEANINGS.map((m) => ({ value: m, label: m[0].toUpperCase() + m.slice(1) }))}
          onChange={(v) => onChange({ meaning: v })}
        />
      ) : null}

      <h3>Options</h3>
      <SelectField
        field={f('witness')}
        label="Witness (a second person verifies)"
        value={step.witness ?? 'none'}
        options={[
          { value: 'none', label: 'No witness' },
          { value: 'always', label: 'Every occurrence' },
          { value: 'first', label: 'The first occurrence of a repeating step' },
        ]}
        onChange={(v) => onChange({ witness: v === 'none' ? undefined : (v as Step['witness']) })}
      />
      <ExpressionField field={f('condition')} label="Condition (the step applies only when this is non-zero)" optional value={step.condition} onChange={(v) => onChange({ condition: v })} doc={doc} at={at} />
      {info.repeats ? (
        <fieldset class="bld-range">
          <legend>Repeat</legend>
          <div class="inline">
            <DurationField field={f('repeat.every')} label="Every" value={step.repeat?.every} onChange={(v) => onChange({ repeat: repeatWith(step.repeat, { every: v }) })} hint="While the operation runs; 1 minute to 24 hours." />
            <NumberField field={f('repeat.times')} label="Times" integer value={step.repeat?.times} onChange={(n) => onChange({ repeat: repeatWith(step.repeat, { times: n }) })} hint="2 to 1000." />
          </div>
          <FieldMessages field={f('repeat')} />
        </fieldset>
      ) : (
        <p class="muted">{info.label} steps do not repeat.</p>
      )}
      {info.hardLimits ? (
        <CheckField
          field={f('allow_override')}
          label="Allow a value outside the hard limits to be kept, with a comment (an exception for review)"
          checked={!!step.allow_override}
          onChange={(v) => onChange({ allow_override: v || undefined })}
        />
      ) : null}

      {readOnly ? null : (
        <div class="bld-add">
          <label for="add-after-type">Add a step after this one</label>
          <div class="inline">
            <select id="add-after-type" value={newType} onChange={(e) => setNewType((e.target as HTMLSelectElement).value as StepType)}>
              {STEP_TYPES.map((t) => (
                <option key={t} value={t}>
                  {STEP_INFO[t].label}
                </option>
              ))}
            </select>
            <button type="button" class="btn btn-secondary" onClick={() => onAddAfter(newType)}>
              Add step after
            </button>
          </div>
        </div>
      )}
    </section>
  );
}

function repeatWith(r: Step['repeat'], patch: { every?: string; times?: number }): Step['repeat'] {
  const next: { every?: string; times?: number } = { ...(r ?? {}), ...patch };
  if (next.every === undefined) delete next.every;
  if (next.times === undefined) delete next.times;
  return next.every === undefined && next.times === undefined ? undefined : next;
}

export function patternProblem(pattern: string | undefined): string | null {
  if (!pattern) return null;
  try {
    new RegExp(`^(?:${pattern})$`);
    return null;
  } catch (e) {
    return `The pattern does not compile: ${(e as Error).message}.`;
  }
}
