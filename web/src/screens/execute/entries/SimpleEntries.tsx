// The steps with one plain input: instructions (confirm done), text (with its required form),
// dates, samples (the sample's label, scanned or typed) and sign-offs (a signature with the step's
// meaning).
import { ErrorMessage } from '../../../components/ui';
import { humanize } from '../../../lib/format';
import { useExec, useScanTarget } from '../context';
import { draftKey, useDraft } from '../drafts';
import { ScanField } from '../fields';
import type { StepRun } from '../types';
import { checkText } from '../validation';
import { EntryFormShell, RecordButton, useRunAction, WitnessNote } from './common';

export function InstructionEntry({ run }: { run: StepRun }) {
  const { error, busy, act } = useRunAction(run);
  return (
    <div class="entry-form">
      <ErrorMessage error={error} />
      <WitnessNote run={run} />
      <button type="button" class="btn btn-primary btn-large btn-record" data-autofocus="" disabled={busy} aria-busy={busy} onClick={() => void act({})}>
        {busy ? <span class="spinner" aria-hidden="true" /> : null}
        Done — confirm
      </button>
    </div>
  );
}

export function TextEntry({ run }: { run: StepRun }) {
  const { batchId } = useExec();
  const spec = run.step;
  const [draft, update, clear] = useDraft(draftKey(batchId, run.run_id), { text: '' });
  const check = checkText(draft.text, spec);
  const { error, setError, busy, act } = useRunAction(run);
  const id = `text-${run.run_id}`;
  async function submit() {
    setError(null);
    if (check.status === 'empty') return setError(new Error('Type the text first.'));
    if (check.status !== 'ok') return document.getElementById(id)?.focus();
    if (await act({ value: check.value })) clear();
  }
  return (
    <EntryFormShell onSubmit={() => void submit()}>
      <label for={id} class="entry-label">
        {spec.name}
      </label>
      <input
        id={id}
        class="input-xl"
        data-autofocus=""
        autocomplete="off"
        value={draft.text}
        maxLength={spec.max_length}
        aria-invalid={check.status === 'invalid'}
        aria-describedby={`${id}-check`}
        onInput={(e) => update({ text: (e.target as HTMLInputElement).value })}
      />
      <p id={`${id}-check`} class={`check check-${check.status}`} aria-live="polite">
        {check.status === 'invalid' ? `✕ ${check.message}` : spec.pattern ? `Form: ${spec.pattern}` : ''}
      </p>
      <ErrorMessage error={error} />
      <WitnessNote run={run} />
      <RecordButton busy={busy} disabled={check.status === 'invalid'} />
    </EntryFormShell>
  );
}

export function DateEntry({ run }: { run: StepRun }) {
  const { batchId } = useExec();
  const spec = run.step;
  const [draft, update, clear] = useDraft(draftKey(batchId, run.run_id), { when: '' });
  const { error, setError, busy, act } = useRunAction(run);
  const id = `date-${run.run_id}`;
  async function submit() {
    setError(null);
    if (!draft.when) return setError(new Error(spec.date_only ? 'Choose the date first.' : 'Choose the date and time first.'));
    const time = spec.date_only ? `${draft.when}T00:00:00Z` : new Date(draft.when).toISOString();
    if (await act({ time })) clear();
  }
  return (
    <EntryFormShell onSubmit={() => void submit()}>
      <label for={id} class="entry-label">
        {spec.date_only ? 'Date' : 'Date and time (this tablet’s time zone)'}
      </label>
      <input
        id={id}
        class="input-xl input-date"
        type={spec.date_only ? 'date' : 'datetime-local'}
        data-autofocus=""
        value={draft.when}
        onInput={(e) => update({ when: (e.target as HTMLInputElement).value })}
      />
      <ErrorMessage error={error} />
      <WitnessNote run={run} />
      <RecordButton busy={busy} />
    </EntryFormShell>
  );
}

export function SamplingEntry({ run }: { run: StepRun }) {
  const { batchId } = useExec();
  const spec = run.step;
  const [draft, update, clear] = useDraft(draftKey(batchId, run.run_id), { label: '' });
  const { error, setError, busy, act } = useRunAction(run);
  useScanTarget((scan) => update({ label: scan.text }));
  async function record() {
    setError(null);
    if (!draft.label) return setError(new Error('Scan or type the sample’s label first.'));
    if (await act({ value: draft.label })) clear();
  }
  return (
    <div class="entry-form">
      <dl class="facts">
        {spec.sample_label ? (
          <>
            <dt>Label</dt>
            <dd>{spec.sample_label}</dd>
          </>
        ) : null}
        {spec.quantity ? (
          <>
            <dt>Quantity</dt>
            <dd>
              {spec.quantity.value} {spec.quantity.unit}
            </dd>
          </>
        ) : null}
        {spec.tests?.length ? (
          <>
            <dt>Tests</dt>
            <dd>{spec.tests.join('; ')}</dd>
          </>
        ) : null}
      </dl>
      {draft.label ? (
        <p class="scanned" data-testid="sample-label">
          Sample: <strong>{draft.label}</strong>
        </p>
      ) : null}
      <ScanField id={`sample-${run.run_id}`} label="Sample label (scan, or type and press Enter)" hint={spec.sample_label ? `For example ${spec.sample_label}-${run.occurrence}` : undefined} onSubmit={(text) => update({ label: text })} />
      <ErrorMessage error={error} />
      <WitnessNote run={run} />
      <RecordButton busy={busy} disabled={!draft.label} onClick={() => void record()}>
        Record sample
      </RecordButton>
    </div>
  );
}

export function SignOffEntry({ run }: { run: StepRun }) {
  const { error, busy, act } = useRunAction(run);
  const meaning = run.step.meaning ?? 'performed';
  function sign() {
    void act(
      {},
      {
        title: `Sign: ${run.step.name}`,
        meaning,
        meaningText: run.step.text,
        signer: 'self',
      },
    );
  }
  return (
    <div class="entry-form">
      <ErrorMessage error={error} />
      <button type="button" class="btn btn-primary btn-large btn-record" data-autofocus="" disabled={busy} onClick={sign}>
        Sign — {humanize(meaning)}
      </button>
    </div>
  );
}
