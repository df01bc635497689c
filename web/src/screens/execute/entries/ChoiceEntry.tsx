// Yes/no questions (boolean_entry) and choices (choice_entry): big buttons, then Record. An answer
// other than the expected one asks for a comment first: it raises an exception QA will review.
import { useState } from 'preact/hooks';
import { ErrorMessage } from '../../../components/ui';
import { ConfirmDialog } from '../ConfirmDialog';
import { useExec } from '../context';
import { draftKey, useDraft } from '../drafts';
import { OptionButtons } from '../fields';
import type { StepRun } from '../types';
import { EntryFormShell, RecordButton, useRunAction, WitnessNote } from './common';

export function ChoiceEntry({ run }: { run: StepRun }) {
  const { batchId } = useExec();
  const spec = run.step;
  const boolean = run.type === 'boolean_entry';
  const options = boolean
    ? [
        { value: 'true', label: 'Yes' },
        { value: 'false', label: 'No' },
      ]
    : (spec.options ?? []).map((o) => ({ value: o, label: o }));
  const expected = spec.expected === undefined ? null : String(spec.expected);
  const expectedLabel = options.find((o) => o.value === expected)?.label;
  const [draft, update, clear] = useDraft<{ choice: string | null }>(draftKey(batchId, run.run_id), { choice: null });
  const { error, setError, busy, act } = useRunAction(run);
  const [confirming, setConfirming] = useState(false);

  async function record(comment?: string) {
    setConfirming(false);
    const value = boolean ? draft.choice === 'true' : draft.choice;
    if (await act({ value, ...(comment ? { comment } : {}) })) clear();
  }

  function submit() {
    setError(null);
    if (draft.choice === null) return setError(new Error('Choose an answer first.'));
    if (expected !== null && draft.choice !== expected) return setConfirming(true);
    void record();
  }

  const chosen = options.find((o) => o.value === draft.choice)?.label;
  return (
    <EntryFormShell onSubmit={submit}>
      <OptionButtons label={spec.name} options={options} value={draft.choice} onChoose={(choice) => update({ choice })} />
      <ErrorMessage error={error} />
      <WitnessNote run={run} />
      <RecordButton busy={busy} disabled={draft.choice === null}>
        {chosen ? `Record “${chosen}”` : 'Record'}
      </RecordButton>
      {confirming ? (
        <ConfirmDialog
          title="Not the expected answer"
          message={`The expected answer is “${expectedLabel}”. Recording “${chosen}” raises an exception that QA reviews. Say what you found.`}
          confirmLabel={`Record “${chosen}” with comment`}
          onConfirm={(comment) => void record(comment)}
          onCancel={() => setConfirming(false)}
        />
      ) : null}
    </EntryFormShell>
  );
}
