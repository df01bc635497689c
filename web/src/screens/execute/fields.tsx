// The inputs steps share: a number with its unit and limits beside it and a live verdict under it;
// big option buttons for yes/no and choices; the scan field. Each has a visible label.
import type { TargetedKeyboardEvent } from 'preact';
import { formatNumber, rangeText, type NumberCheck } from './validation';
import type { StepSpec } from './types';

// Target, limits and alarm limits, with the unit.
export function LimitsList({ spec, id }: { spec: StepSpec; id?: string }) {
  const unit = spec.unit;
  const rows: [string, string][] = [];
  if (spec.target !== undefined) rows.push(['Target', `${formatNumber(spec.target, spec.decimals)}${unit ? ` ${unit}` : ''}`]);
  const limits = rangeText(spec.limits, unit, spec.decimals);
  if (limits) rows.push(['Limits', limits]);
  const alarm = rangeText(spec.alarm, unit, spec.decimals);
  if (alarm) rows.push(['Alarm', alarm]);
  if (rows.length === 0) return null;
  return (
    <dl class="limits" id={id} data-testid="limits">
      {rows.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

export function CheckLine({ check, id }: { check: NumberCheck; id: string }) {
  const text = 'message' in check ? check.message : check.status === 'ok' ? 'Within limits' : '';
  const icon = { empty: '', ok: '✓', alarm: '⚠', refused: '✕', invalid: '✕' }[check.status];
  return (
    <p id={id} class={`check check-${check.status}`} aria-live="polite" data-testid="check">
      {text ? (
        <>
          <span aria-hidden="true">{icon} </span>
          {text}
        </>
      ) : null}
    </p>
  );
}

export function NumberField({
  id,
  label,
  spec,
  value,
  check,
  onValue,
  autofocus = true,
}: {
  id: string;
  label: string;
  spec: StepSpec;
  value: string;
  check: NumberCheck;
  onValue: (v: string) => void;
  autofocus?: boolean;
}) {
  const bad = check.status === 'invalid' || check.status === 'refused';
  return (
    <div class="number-field">
      <label for={id} class="entry-label">
        {label}
        {spec.unit ? ` (${spec.unit})` : ''}
      </label>
      <div class="number-row">
        <div class="input-unit">
          <input
            id={id}
            class="input-xl"
            inputMode="decimal"
            autocomplete="off"
            value={value}
            data-autofocus={autofocus ? '' : undefined}
            aria-invalid={bad}
            aria-describedby={`${id}-limits ${id}-check`}
            onInput={(e) => onValue((e.target as HTMLInputElement).value)}
          />
          {spec.unit ? <span class="unit" aria-hidden="true">{spec.unit}</span> : null}
        </div>
        <LimitsList spec={spec} id={`${id}-limits`} />
      </div>
      <CheckLine check={check} id={`${id}-check`} />
    </div>
  );
}

// Exclusive big buttons (yes/no, a choice's options): a radio group a gloved finger can hit.
export function OptionButtons({
  label,
  options,
  value,
  onChoose,
}: {
  label: string;
  options: { value: string; label: string }[];
  value: string | null;
  onChoose: (v: string) => void;
}) {
  function onKeyDown(e: TargetedKeyboardEvent<HTMLDivElement>) {
    const i = options.findIndex((o) => o.value === value);
    const step = e.key === 'ArrowRight' || e.key === 'ArrowDown' ? 1 : e.key === 'ArrowLeft' || e.key === 'ArrowUp' ? -1 : 0;
    if (!step) return;
    e.preventDefault();
    const next = options[(i + step + options.length) % options.length];
    onChoose(next.value);
    (e.currentTarget.querySelector(`[data-value="${CSS.escape(next.value)}"]`) as HTMLElement | null)?.focus();
  }
  return (
    <div class="option-group" role="radiogroup" aria-label={label} onKeyDown={onKeyDown}>
      {options.map((o, i) => {
        const checked = o.value === value;
        return (
          <button
            key={o.value}
            type="button"
            role="radio"
            aria-checked={checked}
            data-value={o.value}
            tabIndex={checked || (value === null && i === 0) ? 0 : -1}
            data-autofocus={(value === null ? i === 0 : checked) ? '' : undefined}
            class={`option ${checked ? 'option-on' : ''}`}
            onClick={() => onChoose(o.value)}
          >
            {o.label}
          </button>
        );
      })}
    </div>
  );
}

// Where a person can type (or a scanner type) a code, ended with Enter or the button.
export function ScanField({
  id,
  label,
  hint,
  onSubmit,
  busy,
}: {
  id: string;
  label: string;
  hint?: string;
  onSubmit: (text: string) => void;
  busy?: boolean;
}) {
  return (
    <div class="scan-field">
      <label for={id} class="entry-label">
        {label}
      </label>
      <div class="scan-row">
        <input id={id} data-scan-field="" data-autofocus="" autocomplete="off" autocapitalize="characters" spellcheck={false} class="input-xl" aria-describedby={hint ? `${id}-hint` : undefined} />
        <button
          type="button"
          class="btn btn-secondary btn-large"
          disabled={busy}
          onClick={(e) => {
            const input = (e.currentTarget.parentElement as HTMLElement).querySelector('input') as HTMLInputElement;
            const text = input.value.trim();
            if (!text) return input.focus();
            input.value = '';
            onSubmit(text);
          }}
        >
          Use
        </button>
      </div>
      {hint ? (
        <p id={`${id}-hint`} class="muted small">
          {hint}
        </p>
      ) : null}
    </div>
  );
}
