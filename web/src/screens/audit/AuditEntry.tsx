// One audit trail entry as an auditor reads it: when (server time, to the second), who, what
// action on which record, the reason, the values before and after, the signature it records
// (checked against its record on request), and its place in the hash chain. Buttons narrow the
// trail to the same record, user or action.
import { useState } from 'preact/hooks';
import { api } from '../../api/client';
import { Button, ErrorMessage } from '../../components/ui';
import { formatTime, humanize } from '../../lib/format';
import { diffChanges, signaturesOf, type AuditFilter, type AuditRecord, type DiffRow, type EntrySignature } from './model';

// Rows shown before "Show all"; long entries (a batch's step runs) stay readable in a list.
const FIRST_ROWS = 8;

interface CheckedSignature {
  signer: { id: string; printed_name: string };
  meaning: string;
  meaning_text?: string;
  signed_at: string;
  signed_at_local?: string;
  record: { type: string; id: string };
  valid: boolean;
  content_checked?: boolean;
}

function Cell({ value, kind }: { value: string | null; kind: 'before' | 'after' }) {
  if (value === null) return <td class="muted">—</td>;
  return <td class={`diff-${kind}`}>{value}</td>;
}

function Changes({ rows }: { rows: DiffRow[] }) {
  const [all, setAll] = useState(false);
  if (rows.length === 0) return null;
  const shown = all ? rows : rows.slice(0, FIRST_ROWS);
  return (
    <>
      <table class="diff">
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Before</th>
            <th scope="col">After</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((r, i) => (
            <tr key={i} class={`diff-${r.kind}`}>
              <th scope="row" class="mono">
                {r.field}
              </th>
              <Cell value={r.before} kind="before" />
              <Cell value={r.after} kind="after" />
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length > FIRST_ROWS ? (
        <Button kind="ghost" onClick={() => setAll(!all)} aria-expanded={all}>
          {all ? 'Show fewer values' : `Show all ${rows.length} values`}
        </Button>
      ) : null}
    </>
  );
}

function Signature({ sig }: { sig: EntrySignature }) {
  const [checked, setChecked] = useState<CheckedSignature | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function check() {
    setBusy(true);
    setError(null);
    try {
      setChecked(await api.get<CheckedSignature>(`/api/v1/signatures/${encodeURIComponent(sig.id)}`));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class="entry-signature">
      <div>
        <strong>E-signature</strong>{' '}
        {sig.printed_name ? (
          <>
            by {sig.printed_name}
            {sig.meaning ? <> · {humanize(sig.meaning)}</> : null}
            {sig.signed_at ? <> · {formatTime(sig.signed_at, true)}</> : null}
            {sig.comment ? <> · “{sig.comment}”</> : null}
          </>
        ) : (
          <span class="mono small">{sig.id}</span>
        )}
      </div>
      {checked ? (
        <p class={checked.valid ? 'sig-valid' : 'sig-invalid'} role="status">
          {checked.valid ? '✔ Valid' : '✖ NOT valid'}: {checked.signer.printed_name}, {checked.meaning_text ?? humanize(checked.meaning)},{' '}
          {formatTime(checked.signed_at, true)}; signed {humanize(checked.record.type).toLowerCase()} {checked.record.id}
          {checked.content_checked ? ' (content hash checked against the record)' : ' (content hash not checked)'}
        </p>
      ) : (
        <Button onClick={() => void check()} busy={busy}>
          Check signature
        </Button>
      )}
      <ErrorMessage error={error} />
    </div>
  );
}

export function AuditEntry({ entry, onFilter }: { entry: AuditRecord; onFilter: (f: AuditFilter) => void }) {
  const rows = diffChanges(entry.changes);
  const signatures = signaturesOf(entry);
  // A signature.applied entry's only change is the manifestation shown above the table.
  const showRows = rows && !(entry.action === 'signature.applied' && signatures.length > 0) ? rows : null;
  return (
    <article class="card audit-entry" aria-labelledby={`entry-${entry.seq}`} data-testid="audit-entry" data-seq={entry.seq}>
      <header class="entry-head">
        <h3 id={`entry-${entry.seq}`}>
          <span class="entry-seq">#{entry.seq}</span> {humanize(entry.action)} <code class="entry-action">{entry.action}</code>
        </h3>
        <time dateTime={entry.at}>{formatTime(entry.at, true)}</time>
      </header>
      <dl class="entry-facts">
        <div>
          <dt>By</dt>
          <dd data-testid="entry-actor">
            {entry.actor.printed_name || entry.actor.id}
            {entry.client_address ? <span class="muted small"> · from {entry.client_address}</span> : null}
          </dd>
        </div>
        <div>
          <dt>Record</dt>
          <dd data-testid="entry-record">
            {humanize(entry.record.type)} <span class="mono small">{entry.record.id || '(none)'}</span>
          </dd>
        </div>
        {entry.reason ? (
          <div class="entry-reason-line">
            <dt>Reason</dt>
            <dd class="entry-reason">{entry.reason}</dd>
          </div>
        ) : null}
      </dl>
      {signatures.map((s) => (
        <Signature key={s.id} sig={s} />
      ))}
      {showRows ? <Changes rows={showRows} /> : null}
      {rows === null ? (
        <div>
          <p class="muted">The stored changes are not in the expected form; shown as stored:</p>
          <pre class="raw-changes">{typeof entry.changes === 'string' ? entry.changes : JSON.stringify(entry.changes, null, 2)}</pre>
        </div>
      ) : null}
      <div class="entry-foot">
        <details class="entry-chain">
          <summary>Chain and session</summary>
          <dl class="facts small">
            <dt>Hash</dt>
            <dd class="hash">{entry.hash}</dd>
            <dt>Previous</dt>
            <dd class="hash">{entry.prev_hash}</dd>
            <dt>Session</dt>
            <dd class="mono">{entry.session_id || '—'}</dd>
            <dt>User id</dt>
            <dd class="mono">{entry.actor.id}</dd>
          </dl>
        </details>
        <div class="entry-actions" role="group" aria-label={`Narrow the trail to entry #${entry.seq}'s…`}>
          {entry.record.id ? (
            <Button kind="ghost" onClick={() => onFilter({ record_type: entry.record.type, record_id: entry.record.id })}>
              Same record
            </Button>
          ) : null}
          <Button kind="ghost" onClick={() => onFilter({ user: entry.actor.id })}>
            Same user
          </Button>
          <Button kind="ghost" onClick={() => onFilter({ action: entry.action })}>
            Same action
          </Button>
        </div>
      </div>
    </article>
  );
}
