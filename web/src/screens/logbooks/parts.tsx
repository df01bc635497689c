// Pieces the equipment and logbook screens share: a status as colour and words, the point-in-time
// control with its "not live" banner, an entry's verification state, and in-app links.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { Button } from '../../components/ui';
import { navigate } from '../../lib/router';
import { isoToLocalInput, keyValues, localInputToIso, statusLabel, toneOf, type LogEntry, type Template } from './model';

const ICON: Record<string, string> = { ok: '✓', busy: '◐', warn: '⚠', bad: '✕' };

// The status as colour, symbol and word: never colour alone.
export function StatusBadge({ status }: { status: string }) {
  const tone = toneOf(status);
  return (
    <span class={`lb-badge lb-tone-${tone}`} data-status={status}>
      <span aria-hidden="true">{ICON[tone]} </span>
      {statusLabel(status)}
    </span>
  );
}

export function VerifiedBadge({ entry, needsVerification }: { entry: LogEntry; needsVerification: boolean }) {
  if (entry.verified) return <span class="lb-badge lb-tone-ok">✓ Verified</span>;
  if (!needsVerification) return <span class="lb-badge lb-tone-none">Recorded</span>;
  return <span class="lb-badge lb-tone-warn">⚠ Awaiting verification</span>;
}

export function Link({ href, children, class: cls, testId }: { href: string; children: ComponentChildren; class?: string; testId?: string }) {
  return (
    <a href={href} class={cls} data-testid={testId} onClick={(e) => (e.preventDefault(), navigate(href))}>
      {children}
    </a>
  );
}

export function formatInstant(iso: string): string {
  return new Date(iso).toLocaleString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}

// "Show … as it was at": a date-time input; `at` null is now (live).
export function PointInTime({ at, what, onChange }: { at: string | null; what: string; onChange: (at: string | null) => void }) {
  const [text, setText] = useState(at ? isoToLocalInput(at) : '');
  const [problem, setProblem] = useState('');
  useEffect(() => setText(at ? isoToLocalInput(at) : ''), [at]);
  function submit(e: Event) {
    e.preventDefault();
    const iso = localInputToIso(text);
    if (!iso) return setProblem('Choose a date and a time.');
    if (Date.parse(iso) > Date.now()) return setProblem('Choose a moment in the past; now is shown live.');
    setProblem('');
    onChange(iso);
  }
  return (
    <div class="lb-when">
      <form class="inline" onSubmit={submit}>
        <label>
          Show {what} as it was at
          <input
            type="datetime-local"
            value={text}
            aria-invalid={!!problem}
            aria-describedby="lb-when-problem"
            onInput={(e) => setText((e.target as HTMLInputElement).value)}
          />
        </label>
        <Button type="submit">Show</Button>
      </form>
      <p id="lb-when-problem" class="lb-problem" aria-live="polite">
        {problem}
      </p>
      {at ? (
        <div class="alert alert-warning lb-past" role="status" data-testid="past-banner">
          <strong>As it was at {formatInstant(at)} — not live</strong>
          <Button kind="primary" onClick={() => onChange(null)}>
            Back to now
          </Button>
        </div>
      ) : (
        <p class="muted lb-live" data-testid="live-note">
          <span class="live-dot on" aria-hidden="true" /> Live: changes appear as they are recorded.
        </p>
      )}
    </div>
  );
}

// Entries as rows: number (a link), logbook, time, who, where, key values, verification.
export function EntryTable({ entries, typeOf, showType = true }: { entries: LogEntry[]; typeOf: (t: string) => Template | undefined; showType?: boolean }) {
  return (
    <table class="lb-entries" data-testid="entry-table">
      <thead>
        <tr>
          <th scope="col">Entry</th>
          {showType ? <th scope="col">Logbook</th> : null}
          <th scope="col">Recorded</th>
          <th scope="col">By</th>
          <th scope="col">Where</th>
          <th scope="col">Values</th>
          <th scope="col">Verification</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((e) => {
          const t = typeOf(e.type);
          return (
            <tr key={e.id} data-testid={`entry-${e.number}`}>
              <td>
                <Link href={`/logbooks/${e.type}/${encodeURIComponent(e.number)}`}>{e.number}</Link>
                {e.revision > 1 ? <span class="muted small"> (rev. {e.revision})</span> : null}
              </td>
              {showType ? <td>{t?.name ?? e.type}</td> : null}
              <td>{formatInstant(e.recorded_at)}</td>
              <td>
                {e.recorded_by.printed_name}
                {e.automatic ? <span class="muted small"> (by the batch)</span> : null}
              </td>
              <td>{[e.equipment?.code, e.room?.code, e.batch?.number].filter(Boolean).join(' · ') || '—'}</td>
              <td>
                {t ? keyValues(t.fields, e) : ''}
                {e.exceptions.length ? <div class="lb-exc">⚠ {e.exceptions.map((x) => x.message).join('; ')}</div> : null}
              </td>
              <td>
                <VerifiedBadge entry={e} needsVerification={!!t?.verification} />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
