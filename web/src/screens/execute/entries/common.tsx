// What every step's entry form shares: completing the run (or another action on it) with busy and
// error state, the big record button, and the note that a witness will sign after.
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { SignatureRequest } from '../../../components/SignatureDialog';
import { Button } from '../../../components/ui';
import { useExec } from '../context';
import type { StepRun } from '../types';

export function useRunAction(run: StepRun) {
  const { act } = useExec();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  // POSTs …/steps/{key}/{action} with the run's occurrence; true when recorded, false when
  // refused (the error is kept to show) or the signature was cancelled.
  async function run_(body: object, sign?: SignatureRequest, action = 'complete'): Promise<boolean> {
    setBusy(true);
    setError(null);
    try {
      const answer = await act(`/steps/${encodeURIComponent(run.key)}/${action}`, { occurrence: run.occurrence, ...body }, sign);
      return answer !== null;
    } catch (e) {
      setError(e);
      return false;
    } finally {
      setBusy(false);
    }
  }
  return { error, setError, busy, act: run_ };
}

export function needsWitness(run: StepRun): boolean {
  const w = run.step.witness;
  return w === 'always' || (w === 'first' && run.occurrence === 1);
}

export function RecordButton({
  busy,
  disabled,
  autofocus,
  children = 'Record',
  onClick,
}: {
  busy?: boolean;
  disabled?: boolean;
  autofocus?: boolean;
  children?: ComponentChildren;
  onClick?: () => void;
}) {
  return (
    <Button
      kind="primary"
      type={onClick ? 'button' : 'submit'}
      class="btn-large btn-record"
      busy={busy}
      disabled={disabled}
      onClick={onClick}
      data-autofocus={autofocus ? '' : undefined}
    >
      {children}
    </Button>
  );
}

export function WitnessNote({ run }: { run: StepRun }) {
  if (!needsWitness(run)) return null;
  return <p class="muted witness-note">After you record it, a second person checks it and signs as witness, on this tablet.</p>;
}

// A form whose Enter and button record the step.
export function EntryFormShell({ onSubmit, children }: { onSubmit: () => void; children: ComponentChildren }) {
  return (
    <form
      class="entry-form"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      {children}
    </form>
  );
}
