// The audit trail's chain verification (GET /api/v1/audit/verify): intact or broken, what was
// checked (entries, signed checkpoints), and when — run on opening the viewer and on request.
import { useEffect, useState } from 'preact/hooks';
import { api, serverNow } from '../../api/client';
import { Button, ErrorMessage } from '../../components/ui';
import { formatClock, formatTime } from '../../lib/format';
import { verifySummary, type VerifyReport } from './model';

export function ChainStatus() {
  const [report, setReport] = useState<VerifyReport | null>(null);
  const [checkedAt, setCheckedAt] = useState<Date | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function verify() {
    setBusy(true);
    setError(null);
    try {
      const r = await api.get<VerifyReport>('/api/v1/audit/verify');
      setReport(r);
      setCheckedAt(serverNow());
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  useEffect(() => {
    void verify();
  }, []);

  const summary = report ? verifySummary(report, (iso) => formatTime(iso, true)) : null;
  return (
    <section
      class={`card chain-status ${summary ? (summary.ok ? 'chain-ok' : 'chain-broken') : ''}`}
      aria-labelledby="chain-title"
      data-testid="chain-status"
    >
      <div class="chain-head">
        <h2 id="chain-title">
          {summary ? (
            <>
              <span aria-hidden="true">{summary.ok ? '✔ ' : '✖ '}</span>
              {summary.headline}
            </>
          ) : (
            'Chain verification'
          )}
        </h2>
        <Button onClick={() => void verify()} busy={busy}>
          {report ? 'Verify again' : 'Verify'}
        </Button>
      </div>
      <ErrorMessage error={error} />
      {busy && !report ? <p class="muted">Recomputing the chain…</p> : null}
      {report && summary ? (
        <>
          {report.broken ? (
            <p class="chain-break" role="alert">
              {report.broken.message}
            </p>
          ) : null}
          <ul class="chain-checked">
            {summary.checked.map((s) => (
              <li key={s}>{s}</li>
            ))}
            {report.intact && report.entries > 0 ? (
              <li>
                Newest entry's hash: <code class="hash">{report.last_hash}</code>
              </li>
            ) : null}
            {report.warnings.map((w) => (
              <li key={w} class="chain-warning">
                Warning: {w}
              </li>
            ))}
          </ul>
          {checkedAt ? <p class="muted small">Verified at {formatClock(checkedAt)} (server time), by the server.</p> : null}
        </>
      ) : null}
    </section>
  );
}
