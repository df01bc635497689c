// Hold times: how long an intermediate may wait. The clock starts when the start step was done and
// runs to its maximum; the screen counts down on the server's clock and says when it is overdue.
// Confirming after the maximum records a hold-time violation, so it asks for a comment first.
import { useEffect, useState } from 'preact/hooks';
import { serverNow } from '../../../api/client';
import { ErrorMessage } from '../../../components/ui';
import { formatDuration, formatTime } from '../../../lib/format';
import { ConfirmDialog } from '../ConfirmDialog';
import { useExec } from '../context';
import { durationText, holdStatus, type HoldStatus } from '../model';
import type { StepRun } from '../types';
import { RecordButton, useRunAction } from './common';

// The server's time now, every second.
export function useServerNow(): number {
  const [now, setNow] = useState(serverNow().getTime());
  useEffect(() => {
    const t = setInterval(() => setNow(serverNow().getTime()), 1000);
    return () => clearInterval(t);
  }, []);
  return now;
}

export function HoldClock({ hold, now }: { hold: HoldStatus; now: number }) {
  if (hold.deadline === null) return <span class="muted">Starts when “{hold.fromName}” is done</span>;
  const left = (hold.deadline - now) / 1000;
  return (
    <span class={`hold-clock ${left < 0 ? 'hold-overdue' : left < 3600 ? 'hold-soon' : ''}`} data-testid="hold-clock">
      {left < 0 ? formatDuration(left) : `${formatDuration(left)} left`}
    </span>
  );
}

export function HoldTimeEntry({ run }: { run: StepRun }) {
  const { runs } = useExec();
  const hold = holdStatus(run, runs);
  const now = useServerNow();
  const { error, busy, act } = useRunAction(run);
  const [confirming, setConfirming] = useState(false);
  const overdue = hold.deadline !== null && now > hold.deadline;
  return (
    <div class="entry-form">
      <dl class="facts">
        <dt>Started</dt>
        <dd>{hold.startedAt ? `${formatTime(hold.startedAt)} (“${hold.fromName}” done)` : '—'}</dd>
        {run.step.max ? (
          <>
            <dt>Maximum</dt>
            <dd>
              {durationText(run.step.max)}
              {hold.deadline !== null ? `, until ${formatTime(new Date(hold.deadline).toISOString())}` : ''}
            </dd>
          </>
        ) : null}
        {run.step.min ? (
          <>
            <dt>Minimum</dt>
            <dd>{durationText(run.step.min)}</dd>
          </>
        ) : null}
        <dt>Time</dt>
        <dd class="hold-big">
          <HoldClock hold={hold} now={now} />
        </dd>
      </dl>
      <ErrorMessage error={error} />
      <RecordButton busy={busy} autofocus onClick={() => (overdue ? setConfirming(true) : void act({}))}>
        {overdue ? 'Confirm (hold time exceeded)' : 'Confirm within the hold time'}
      </RecordButton>
      {confirming ? (
        <ConfirmDialog
          title="Hold time exceeded"
          message={`The maximum hold time (${durationText(run.step.max)}) has passed. Confirming records a hold-time violation (a major exception) for QA. Say what happened.`}
          confirmLabel="Confirm with comment"
          onConfirm={(comment) => {
            setConfirming(false);
            void act({ comment });
          }}
          onCancel={() => setConfirming(false)}
        />
      ) : null}
    </div>
  );
}
