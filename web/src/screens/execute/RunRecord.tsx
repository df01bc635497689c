// What is recorded for a step run, as the batch record shows it: the value with its unit and source,
// who recorded it and when, the signature, the witness, every correction with the original value
// struck through and the reason, the comments, and why a step did not apply.
import { formatTime, humanize } from '../../lib/format';
import { valueText } from './model';
import type { Entry, Manifestation, StepRun } from './types';

function Signed({ sig }: { sig: Manifestation }) {
  return (
    <span class="signed">
      Signed by <strong>{sig.printed_name}</strong> — {formatTime(sig.signed_at, true)} — {humanize(sig.meaning)}
    </span>
  );
}

function EntryFacts({ entry, run }: { entry: Entry; run: StepRun }) {
  return (
    <>
      <dt>Value</dt>
      <dd class="record-value" data-testid="recorded-value">
        {valueText(entry.value, run.step)}
      </dd>
      <dt>Source</dt>
      <dd>{humanize(entry.source)}</dd>
      <dt>Recorded by</dt>
      <dd>
        {entry.performer.user_id ? entry.performer.printed_name : 'The system'} — {formatTime(entry.recorded_at, true)}
      </dd>
      {entry.comment ? (
        <>
          <dt>Comment</dt>
          <dd>{entry.comment}</dd>
        </>
      ) : null}
      {entry.signature ? (
        <>
          <dt>Signature</dt>
          <dd>
            <Signed sig={entry.signature} />
          </dd>
        </>
      ) : null}
    </>
  );
}

export function RunRecord({ run }: { run: StepRun }) {
  return (
    <div class="run-record" data-testid="run-record">
      <dl class="facts">
        {run.entry ? <EntryFacts entry={run.entry} run={run} /> : null}
        {run.witness ? (
          <>
            <dt>Witness</dt>
            <dd>
              <Signed sig={run.witness} />
            </dd>
          </>
        ) : null}
        {run.not_applicable_reason ? (
          <>
            <dt>Not applicable</dt>
            <dd>{run.not_applicable_reason}</dd>
          </>
        ) : null}
        {run.done_at ? (
          <>
            <dt>Done</dt>
            <dd>{formatTime(run.done_at, true)}</dd>
          </>
        ) : null}
      </dl>
      {run.corrections?.length ? (
        <section aria-label="Corrections">
          <h3>Corrections</h3>
          <ol class="corrections">
            {run.corrections.map((c, i) => (
              <li key={i}>
                <del>{valueText(c.previous.value, run.step)}</del> (recorded by {c.previous.performer.printed_name}, {formatTime(c.previous.recorded_at)}) — corrected by{' '}
                {c.corrected_by.printed_name}, {formatTime(c.corrected_at, true)}. Reason: {c.reason}
              </li>
            ))}
          </ol>
        </section>
      ) : null}
      {run.comments?.length ? (
        <section aria-label="Comments">
          <h3>Comments</h3>
          <ul class="comments">
            {run.comments.map((c) => (
              <li key={c.id}>
                {c.flagged ? <span class="badge badge-warning">For QA</span> : null} {c.text}{' '}
                <span class="muted small">
                  — {c.author.printed_name}, {formatTime(c.at)}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
