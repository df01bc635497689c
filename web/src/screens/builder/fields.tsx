// The builder's inputs. Each input's id is derived from the document field it edits
// (inputId("unit_procedures[0].operations[1].steps[2].limits.high")), so a problem the server
// locates at a field can focus it; the problems located exactly at a field show under it.
import { createContext, type ComponentChildren } from 'preact';
import { useContext, useEffect, useState } from 'preact/hooks';
import { UNITS, type Quantity, type Range } from './document';
import { inputId, sentence, type Problem } from './validation';

export interface FieldContext {
  problems: Problem[];
  readOnly: boolean;
}
export const Fields = createContext<FieldContext>({ problems: [], readOnly: false });

function strip(f: string): string {
  return f.replace(/^content\.?/, '');
}

// The problems located exactly at `field`.
export function useFieldProblems(field: string): Problem[] {
  const { problems } = useContext(Fields);
  return problems.filter((p) => strip(p.field) === field);
}

function messageId(field: string): string {
  return 'm' + inputId(field).slice(1);
}

// The messages under an input (the server's, then a local one).
export function FieldMessages({ field, local, hint }: { field: string; local?: string | null; hint?: ComponentChildren }) {
  const problems = useFieldProblems(field);
  if (!problems.length && !local && !hint) return null;
  return (
    <div id={messageId(field)} class="bld-messages">
      {problems.map((p, i) => (
        <p key={i} class="field-error">
          {sentence(p.message)}
        </p>
      ))}
      {local ? <p class="field-error">{local}</p> : null}
      {hint && !problems.length && !local ? <p class="muted small">{hint}</p> : null}
    </div>
  );
}

function describedBy(field: string, show: boolean): string | undefined {
  return show ? messageId(field) : undefined;
}

interface Base {
  field: string;
  label: string;
  hint?: ComponentChildren;
  class?: string;
}

export function TextField({
  field,
  label,
  value,
  onChange,
  multiline,
  hint,
  list,
  mono,
  readOnly: fixed,
  local,
  class: cls,
}: Base & { value: string | undefined; onChange: (v: string) => void; multiline?: boolean; list?: string; mono?: boolean; readOnly?: boolean; local?: string | null }) {
  const { readOnly } = useContext(Fields);
  const problems = useFieldProblems(field);
  const id = inputId(field);
  const show = problems.length > 0 || !!local || !!hint;
  const common = {
    id,
    value: value ?? '',
    disabled: readOnly,
    readOnly: fixed,
    'aria-invalid': problems.length > 0 || !!local,
    'aria-describedby': describedBy(field, show),
    class: mono ? 'mono' : undefined,
    onInput: (e: Event) => onChange((e.target as HTMLInputElement).value),
  };
  return (
    <div class={`bld-field ${cls ?? ''}`}>
      <label for={id}>{label}</label>
      {multiline ? <textarea rows={3} {...common} /> : <input autocomplete="off" list={list} {...common} />}
      <FieldMessages field={field} local={local} hint={hint} />
    </div>
  );
}

function formatNumber(n: number | undefined): string {
  return n === undefined ? '' : String(n);
}
export function parseNumberText(text: string): number | undefined | null {
  const t = text.trim().replace(',', '.');
  if (!t) return undefined;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t)) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

// A number kept as typed until it parses; an empty input removes the field.
export function NumberField({
  field,
  label,
  value,
  onChange,
  integer,
  hint,
  class: cls,
}: Base & { value: number | undefined; onChange: (v: number | undefined) => void; integer?: boolean }) {
  const { readOnly } = useContext(Fields);
  const problems = useFieldProblems(field);
  const [text, setText] = useState(formatNumber(value));
  useEffect(() => {
    const parsed = parseNumberText(text);
    if (parsed !== value) setText(formatNumber(value));
  }, [value]);
  const parsed = parseNumberText(text);
  const local = parsed === null ? `“${text}” is not a number.` : integer && parsed !== undefined && !Number.isInteger(parsed) ? 'A whole number is needed.' : null;
  const id = inputId(field);
  return (
    <div class={`bld-field bld-number ${cls ?? ''}`}>
      <label for={id}>{label}</label>
      <input
        id={id}
        inputMode="decimal"
        autocomplete="off"
        value={text}
        disabled={readOnly}
        aria-invalid={problems.length > 0 || !!local}
        aria-describedby={describedBy(field, problems.length > 0 || !!local || !!hint)}
        onInput={(e) => {
          const t = (e.target as HTMLInputElement).value;
          setText(t);
          const n = parseNumberText(t);
          if (n !== null && (!integer || n === undefined || Number.isInteger(n))) onChange(n);
        }}
      />
      <FieldMessages field={field} local={local} hint={hint} />
    </div>
  );
}

export function SelectField({
  field,
  label,
  value,
  options,
  onChange,
  hint,
  class: cls,
}: Base & { value: string; options: { value: string; label: string }[]; onChange: (v: string) => void }) {
  const { readOnly } = useContext(Fields);
  const problems = useFieldProblems(field);
  const id = inputId(field);
  const known = options.some((o) => o.value === value);
  return (
    <div class={`bld-field ${cls ?? ''}`}>
      <label for={id}>{label}</label>
      <select
        id={id}
        value={value}
        disabled={readOnly}
        aria-invalid={problems.length > 0}
        aria-describedby={describedBy(field, problems.length > 0 || !!hint)}
        onChange={(e) => onChange((e.target as HTMLSelectElement).value)}
      >
        {known ? null : <option value={value}>{value ? `${value} (choose one)` : '— choose —'}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldMessages field={field} hint={hint} />
    </div>
  );
}

export function CheckField({ field, label, checked, onChange, hint }: Base & { checked: boolean; onChange: (v: boolean) => void }) {
  const { readOnly } = useContext(Fields);
  const problems = useFieldProblems(field);
  const id = inputId(field);
  return (
    <div class="bld-field bld-check">
      <label for={id} class="checkbox">
        <input
          id={id}
          type="checkbox"
          checked={checked}
          disabled={readOnly}
          aria-describedby={describedBy(field, problems.length > 0 || !!hint)}
          onChange={(e) => onChange((e.target as HTMLInputElement).checked)}
        />
        {label}
      </label>
      <FieldMessages field={field} hint={hint} />
    </div>
  );
}

export function unitOptions(units?: string[], none?: string): { value: string; label: string }[] {
  const out = none !== undefined ? [{ value: '', label: none }] : [];
  for (const d of UNITS) for (const u of d.units) if (!units || units.includes(u)) out.push({ value: u, label: `${u} (${d.dimension})` });
  return out;
}

// A two-sided range, each side optional; both empty removes the range.
export function RangeField({ field, label, value, onChange, unit }: Base & { value: Range | undefined; onChange: (v: Range | undefined) => void; unit?: string }) {
  function set(side: 'low' | 'high', n: number | undefined) {
    const next: Range = { ...(value ?? {}) };
    if (n === undefined) delete next[side];
    else next[side] = n;
    onChange(next.low === undefined && next.high === undefined ? undefined : next);
  }
  const suffix = unit ? ` (${unit})` : '';
  return (
    <fieldset class="bld-range">
      <legend>{label}</legend>
      <div class="inline">
        <NumberField field={`${field}.low`} label={`Low${suffix}`} value={value?.low} onChange={(n) => set('low', n)} />
        <NumberField field={`${field}.high`} label={`High${suffix}`} value={value?.high} onChange={(n) => set('high', n)} />
      </div>
      <FieldMessages field={field} />
    </fieldset>
  );
}

export function QuantityField({
  field,
  label,
  value,
  onChange,
  units,
  optional,
}: Base & { value: Quantity | undefined; onChange: (v: Quantity | undefined) => void; units?: string[]; optional?: boolean }) {
  return (
    <fieldset class="bld-range">
      <legend>{label}</legend>
      <div class="inline">
        <NumberField
          field={`${field}.value`}
          label="Value"
          value={value?.value}
          onChange={(n) => (n === undefined ? onChange(optional ? undefined : { value: 0, unit: value?.unit ?? 'kg' }) : onChange({ value: n, unit: value?.unit ?? (units?.[0] ?? 'kg') }))}
        />
        <SelectField
          field={`${field}.unit`}
          label="Unit"
          value={value?.unit ?? ''}
          options={unitOptions(units)}
          onChange={(u) => onChange({ value: value?.value ?? 0, unit: u })}
        />
      </div>
      <FieldMessages field={field} />
    </fieldset>
  );
}

// ISO 8601 durations edited as an amount and a unit; a value the builder cannot show that way
// (weeks, fractions) is edited as text.
const DURATION_UNITS = [
  { value: 'S', label: 'seconds', seconds: 1 },
  { value: 'M', label: 'minutes', seconds: 60 },
  { value: 'H', label: 'hours', seconds: 3600 },
  { value: 'D', label: 'days', seconds: 86400 },
];
export function durationSeconds(iso: string): number | null {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(iso);
  if (!m || iso === 'P' || iso.endsWith('T')) return null;
  return (+(m[1] ?? 0) * 24 + +(m[2] ?? 0)) * 3600 + +(m[3] ?? 0) * 60 + +(m[4] ?? 0);
}
export function splitDuration(iso: string | undefined): { amount: number; unit: string } | null {
  if (!iso) return null;
  const s = durationSeconds(iso);
  if (s === null) return null;
  const u = [...DURATION_UNITS].reverse().find((d) => s % d.seconds === 0 && s >= d.seconds) ?? DURATION_UNITS[0];
  return { amount: s / u.seconds, unit: u.value };
}
export function joinDuration(amount: number, unit: string): string {
  return unit === 'D' ? `P${amount}D` : `PT${amount}${unit}`;
}

export function DurationField({ field, label, value, onChange, hint }: Base & { value: string | undefined; onChange: (v: string | undefined) => void }) {
  const split = splitDuration(value);
  const [unit, setUnit] = useState(split?.unit ?? 'M');
  useEffect(() => {
    if (split) setUnit(split.unit);
  }, [value]);
  const { readOnly } = useContext(Fields);
  if (value && !split) {
    return <TextField field={field} label={`${label} (ISO 8601, e.g. PT30M)`} value={value} onChange={(v) => onChange(v || undefined)} hint={hint} mono />;
  }
  const unitId = `${inputId(field)}-unit`;
  return (
    <div class="bld-duration">
      <NumberField
        field={field}
        label={label}
        value={split?.amount}
        integer
        hint={hint}
        onChange={(n) => onChange(n === undefined ? undefined : joinDuration(n, unit))}
      />
      <div class="bld-field">
        <label for={unitId}>Unit of {label.toLowerCase()}</label>
        <select
          id={unitId}
          value={unit}
          disabled={readOnly}
          onChange={(e) => {
            const u = (e.target as HTMLSelectElement).value;
            setUnit(u);
            if (split) onChange(joinDuration(split.amount, u));
          }}
        >
          {DURATION_UNITS.map((d) => (
            <option key={d.value} value={d.value}>
              {d.label}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}

// A list of one-line texts (options, tests, equipment classes) with add and remove.
export function ListField({
  field,
  label,
  itemLabel,
  items,
  onChange,
  addLabel,
  list,
  hint,
}: Base & { itemLabel: string; items: string[]; onChange: (v: string[]) => void; addLabel: string; list?: string }) {
  const { readOnly } = useContext(Fields);
  return (
    <fieldset class="bld-list">
      <legend>{label}</legend>
      {items.length === 0 ? <p class="muted">None yet.</p> : null}
      <ol>
        {items.map((item, i) => (
          <li key={i} class="bld-list-row">
            <TextField
              field={`${field}[${i}]`}
              label={`${itemLabel} ${i + 1}`}
              value={item}
              list={list}
              onChange={(v) => onChange(items.map((x, j) => (j === i ? v : x)))}
            />
            {readOnly ? null : (
              <button type="button" class="btn btn-ghost" onClick={() => onChange(items.filter((_, j) => j !== i))}>
                Remove {itemLabel.toLowerCase()} {i + 1}
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
            onChange([...items, '']);
            setTimeout(() => document.getElementById(inputId(`${field}[${items.length}]`))?.focus(), 0);
          }}
        >
          {addLabel}
        </button>
      )}
      <FieldMessages field={field} hint={hint} />
    </fieldset>
  );
}
