// One step run, large: where it sits in the procedure, its instruction, and what can be done now —
// the entry form when it is Ready, the witness's signature when it waits for one, the record when
// it is done (with comments and corrections). Focus goes to its first input whenever it changes
// phase, so the next entry follows the last without a tap.
import { useEffect, useRef } from 'preact/hooks';
import { ErrorMessage, Notice } from '../../components/ui';
import { formatTime } from '../../lib/format';
import { can } from '../../lib/session';
import { useExec } from './context';
import { needsWitness, useRunAction } from './entries/common';
import { EntryForm } from './entries';
import { awaitingWitness, durationText, placeOf, stateLabel, valueText } from './model';
import { RunActions } from './RunActions';
import { RunRecord } from './RunRecord';
import type { StepRun } from './types';

function WitnessBlock({ run }: { run: StepRun }) {
  const { error, busy, act } = useRunAction(run);
  const performer = run.entry?.performer.printed_name ?? '';
  function witness() {
    void act(
      {},
      {
        title: `Witness: ${run.step.name}`,
        meaning: 'verified',
        meaningText: `I checked what ${performer} recorded and confirm it is correct`,
        signer: 'other',
        summary: `${valueText(run.entry?.value, run.step)}, recorded by ${performer}.`,
      },
      'verify',
    );
  }
  return (
    <div class="witness-block">
      <Notice kind="info">
        <span>
          Recorded by <strong>{performer}</strong>. A second person checks it and signs as witness before the batch goes on.
        </span>
      </Notice>
      <RunRecord run={run} />
      <ErrorMessage error={error} />
      {can('batch.verify') ? (
        <button type="button" class="btn btn-primary btn-large btn-record" data-autofocus="" disabled={busy} onClick={witness}>
          Witness — second person signs
        </button>
      ) : (
        <p class="muted">Witnessing needs the permission batch.verify.</p>
      )}
    </div>
  );
}

type Phase = 'entry' | 'witness' | 'record' | 'waiting' | 'readonly';

export function StepPanel({ run }: { run: StepRun }) {
  const { batch, procedure } = useExec();
  const root = useRef<HTMLElement>(null);
  const executing = batch.state === 'in_progress' && can('batch.execute');
  const phase: Phase = !executing
    ? 'readonly'
    : awaitingWitness(run)
      ? 'witness'
      : run.state === 'ready'
        ? 'entry'
        : run.state === 'pending'
          ? 'waiting'
          : 'record';

  useEffect(() => {
    const el = root.current;
    if (!el || document.querySelector('[aria-modal="true"]')) return;
    window.scrollTo(0, 0);
    const target = el.querySelector<HTMLElement>('[data-autofocus]') ?? el.querySelector<HTMLElement>('h2');
    target?.focus();
  }, [run.run_id, phase]);

  const spec = run.step;
  const closed = ['released', 'rejected', 'aborted'].includes(batch.state);
  return (
    <section class={`step-panel phase-${phase}`} ref={root} aria-labelledby={`step-${run.run_id}`} data-testid="step-panel" data-run={run.run_id} data-type={run.type} data-phase={phase}>
      <p class="step-place">{placeOf(procedure, run.key)}</p>
      <div class="step-title">
        <h2 id={`step-${run.run_id}`} tabIndex={-1}>
          {spec.name}
          {run.occurrence > 1 ? <span class="occurrence"> #{run.occurrence}</span> : null}
        </h2>
        <span class={`badge badge-${awaitingWitness(run) ? 'warning' : run.state}`} data-testid="step-state">
          {stateLabel(run.state, run)}
        </span>
        {needsWitness(run) ? <span class="badge">Witness required</span> : null}
        {spec.repeat?.every ? <span class="badge">Every {durationText(spec.repeat.every)}</span> : null}
      </div>
      {spec.text ? <p class="instruction">{spec.text}</p> : null}
      {phase === 'entry' ? <EntryForm key={run.run_id} run={run} /> : null}
      {phase === 'witness' ? <WitnessBlock run={run} /> : null}
      {phase === 'waiting' ? (
        <Notice>
          <span>Not ready yet: {run.due_at ? `due at ${formatTime(run.due_at)}.` : run.not_before ? `from ${formatTime(run.not_before)}.` : 'the steps before it come first.'}</span>
        </Notice>
      ) : null}
      {phase === 'record' || phase === 'readonly' ? (
        run.entry || run.state === 'not_applicable' ? <RunRecord run={run} /> : <p class="muted">{stateLabel(run.state, run)}: nothing recorded yet.</p>
      ) : null}
      {phase !== 'witness' && !closed ? <RunActions key={run.run_id} run={run} mayCorrect={executing} /> : null}
    </section>
  );
}
