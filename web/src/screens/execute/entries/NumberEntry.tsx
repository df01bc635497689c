// Numbers: a value typed by the operator (numeric_entry), checked live against the limits; outside
// the alarm limits it asks for a comment, outside the hard limits it is refused before sending
// (unless the step allows an override). Process parameters and calculations normally come from
// the system; when they cannot (no equipment connection, a calculation error) the value is entered
// by hand as a manual override: a reason and the signature of a person allowed to approve it.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ErrorMessage, Notice } from '../../../components/ui';
import { can } from '../../../lib/session';
import { ConfirmDialog } from '../ConfirmDialog';
import { useExec } from '../context';
import { draftKey, useDraft } from '../drafts';
import { NumberField } from '../fields';
import type { StepRun } from '../types';
import { checkNumber, formatNumber } from '../validation';
import { EntryFormShell, RecordButton, useRunAction, WitnessNote } from './common';

function focusField(id: string) {
  document.getElementById(id)?.focus();
}

export function NumberEntry({ run }: { run: StepRun }) {
  const { batchId } = useExec();
  const spec = run.step;
  const [draft, update, clear] = useDraft(draftKey(batchId, run.run_id), { value: '' });
  const check = checkNumber(draft.value, spec);
  const { error, setError, busy, act } = useRunAction(run);
  const [confirming, setConfirming] = useState(false);
  const id = `value-${run.run_id}`;

  async function record(comment?: string) {
    if (!('value' in check)) return;
    setConfirming(false);
    if (await act({ value: check.value, unit: spec.unit, ...(comment ? { comment } : {}) })) clear();
    else focusField(id);
  }

  function submit() {
    setError(null);
    if (check.status === 'empty') {
      setError(new Error('Type the value first.'));
      return focusField(id);
    }
    if (check.status === 'invalid' || (check.status === 'refused' && !check.overridable)) return focusField(id);
    if (check.status === 'alarm' || check.status === 'refused') return setConfirming(true);
    void record();
  }

  return (
    <EntryFormShell onSubmit={submit}>
      <NumberField id={id} label="Value" spec={spec} value={draft.value} check={check} onValue={(value) => update({ value })} />
      <ErrorMessage error={error} />
      <WitnessNote run={run} />
      <RecordButton busy={busy} disabled={check.status === 'invalid' || (check.status === 'refused' && !check.overridable)} />
      {confirming && (check.status === 'alarm' || check.status === 'refused') ? (
        <ConfirmDialog
          title={check.status === 'refused' ? 'Outside the limits: record as an override?' : 'Outside the alarm limits'}
          message={check.message}
          confirmLabel="Record with comment"
          onConfirm={(comment) => void record(comment)}
          onCancel={() => setConfirming(false)}
        />
      ) : null}
    </EntryFormShell>
  );
}

// Process parameters and calculations: from the system, or by hand as a signed manual override.
export function SystemValueEntry({ run }: { run: StepRun }) {
  const { batchId } = useExec();
  const spec = run.step;
  const [draft, update, clear] = useDraft(draftKey(batchId, run.run_id), { value: '', reason: '', manual: false });
  const check = checkNumber(draft.value, spec);
  const { error, setError, busy, act } = useRunAction(run);
  const id = `value-${run.run_id}`;
  const reasonId = `reason-${run.run_id}`;
  const isCalculation = run.type === 'calculation';
  const mayRead = !isCalculation && !run.blocked_reason;
  const opened = useRef(draft.manual);
  useEffect(() => {
    if (draft.manual && !opened.current) focusField(id);
    opened.current = draft.manual;
  }, [draft.manual]);

  async function readFromEquipment() {
    await act({});
  }

  async function recordManual() {
    setError(null);
    if (check.status === 'empty') {
      setError(new Error('Type the value read from the display first.'));
      return focusField(id);
    }
    if (!('value' in check) || check.status === 'refused') return focusField(id);
    if (!draft.reason.trim()) {
      setError(new Error('Give the reason for entering the value by hand.'));
      return focusField(reasonId);
    }
    const shown = `${formatNumber(check.value, spec.decimals)}${spec.unit ? ` ${spec.unit}` : ''}`;
    const ok = await act(
      { value: check.value, unit: spec.unit, manual_override: true, comment: draft.reason.trim() },
      {
        title: `Sign: ${spec.name} entered by hand`,
        meaning: 'performed',
        meaningText: 'I approve this value entered by hand in place of the system’s',
        signer: can('batch.hold') ? 'self' : 'other',
        summary: `${shown} — ${draft.reason.trim()}. Needs a person allowed to approve overrides (permission batch.hold), e.g. the supervisor.`,
      },
    );
    if (ok) clear();
  }

  return (
    <div class="entry-form">
      <p class="system-source">
        {isCalculation ? (
          <>
            Calculated by the system: <code>{spec.expression}</code>
          </>
        ) : (
          <>
            Read by the system from the equipment{spec.tag ? <> (tag <code>{spec.tag}</code>)</> : null}.
          </>
        )}
      </p>
      {run.blocked_reason ? (
        <Notice kind="warning">
          <span>
            <strong>No value from the system:</strong> {run.blocked_reason}
          </span>
        </Notice>
      ) : null}
      {mayRead ? (
        <RecordButton busy={busy && !draft.manual} onClick={() => void readFromEquipment()}>
          Read from the equipment
        </RecordButton>
      ) : null}
      {!draft.manual ? (
        <button type="button" class="btn btn-secondary btn-large" data-autofocus="" onClick={() => update({ manual: true })}>
          Enter the value by hand (manual override)
        </button>
      ) : (
        <EntryFormShell onSubmit={() => void recordManual()}>
          <fieldset class="override">
            <legend>Manual override</legend>
            <NumberField id={id} label="Value read from the display" spec={spec} value={draft.value} check={check} onValue={(value) => update({ value })} />
            <label for={reasonId}>Reason for entering it by hand (required)</label>
            <textarea id={reasonId} rows={2} value={draft.reason} onInput={(e) => update({ reason: (e.target as HTMLTextAreaElement).value })} />
            <p class="muted">A person allowed to approve overrides (e.g. the supervisor) signs the value. QA reviews it as a major exception.</p>
            <RecordButton busy={busy} disabled={check.status === 'invalid' || check.status === 'refused'}>
              Record by hand and sign
            </RecordButton>
            <button type="button" class="btn btn-ghost" onClick={() => update({ manual: false })}>
              Cancel the manual entry
            </button>
          </fieldset>
        </EntryFormShell>
      )}
      <ErrorMessage error={error} />
    </div>
  );
}
