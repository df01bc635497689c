// One step run as a reviewer reads it, in the exception cards and in the full record: the value
// with who recorded it, when and how, the signatures on it, why it did not apply, its
// corrections (the original kept beside the new value, with the reason) and its comments.
import { formatTime, humanize } from '../../lib/format';
import type { OutlineRun } from './record';
import type { Manifestation } from './types';

// "Anna Keller — 26 Nov 2026, 02:14:45 UTC — Performed", as the PDF prints it.
export function SignatureLine({ sig }: { sig: Manifestation }) {
  return (
    <span class="rv-sig">
      <span aria-hidden="true">✍ </span>
      {sig.printed_name} — {formatTime(sig.signed_at, true)} — {humanize(sig.meaning)}
    </span>
  );
}

export function RunDetails({ run, showOccurrence }: { run: OutlineRun; showOccurrence?: boolean }) {
  return (
    <div class="rv-run">
      <dl class="facts rv-run-facts">
        {showOccurrence ? (
          <>
            <dt>Occurrence</dt>
            <dd>#{run.occurrence}</dd>
          </>
        ) : null}
        <dt>Value</dt>
        <dd>
          <strong class="rv-value">{run.value}</strong>
          {run.state !== 'done' && run.state !== 'not_applicable' ? <span class="badge rv-state"> {humanize(run.state)}</span> : null}
        </dd>
        {run.performer ? (
          <>
            <dt>Recorded by</dt>
            <dd>
              {run.performer}, {formatTime(run.recordedAt, true)}
              {run.source ? <span class="muted"> · {humanize(run.source)}</span> : null}
            </dd>
          </>
        ) : null}
        {run.comment ? (
          <>
            <dt>Comment</dt>
            <dd>“{run.comment}”</dd>
          </>
        ) : null}
        {run.signature ? (
          <>
            <dt>Signed</dt>
            <dd>
              <SignatureLine sig={run.signature} />
            </dd>
          </>
        ) : null}
        {run.witness ? (
          <>
            <dt>Witness</dt>
            <dd>
              <SignatureLine sig={run.witness} />
            </dd>
          </>
        ) : null}
        {run.notApplicableReason ? (
          <>
            <dt>Why not applicable</dt>
            <dd>{run.notApplicableReason}</dd>
          </>
        ) : null}
      </dl>
      {run.corrections.length > 0 ? (
        <div class="rv-corrections">
          <h5>Correction history</h5>
          <ol>
            {run.corrections.map((c, i) => (
              <li key={i}>
                <del>{c.from}</del> <span aria-label="corrected to">→</span> <ins>{c.to}</ins>
                <div>
                  Reason: “{c.reason}”
                  <div class="muted small">
                    Original by {c.originalBy}, {formatTime(c.originalAt, true)}. Corrected by {c.by},{' '}
                    {formatTime(c.at, true)}
                    {c.signedBy ? `, signed by ${c.signedBy}` : ', not signed (automatic)'}.
                  </div>
                </div>
              </li>
            ))}
          </ol>
        </div>
      ) : null}
      {run.comments.length > 0 ? (
        <div class="rv-comments">
          <h5>Comments</h5>
          <ul>
            {run.comments.map((c) => (
              <li key={c.id}>
                {c.flagged ? <span class="badge badge-warning">Flagged for review</span> : null} “{c.text}”
                <div class="muted small">
                  {c.author.printed_name}, {formatTime(c.at, true)}
                </div>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
