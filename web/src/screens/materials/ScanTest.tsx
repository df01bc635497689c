// Scan test: what the server makes of a barcode. Scan anywhere on the page, or type or paste the
// code (FNC1 typed as <GS> or |); the answer lists every GS1 element (AI, name, raw value, what
// it means) and the item, lot and container it names, or the server's reason it cannot be read.
import { useState } from 'preact/hooks';
import { api, serverNow } from '../../api/client';
import { Button, ErrorMessage } from '../../components/ui';
import { useScanner } from '../../lib/scanner';
import { elementRow, formatNumber, normalizeScan } from './model';
import { ExpiryText, Link, lotPath, LotStatusBadge } from './parts';
import type { ScanAnswer } from './types';

const EXAMPLE = '(01)09506000134352(17)281130(10)AB-123(3103)025000';

export function ScanTest() {
  const [text, setText] = useState('');
  const [sentText, setSentText] = useState('');
  const [answer, setAnswer] = useState<ScanAnswer | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function read(raw: string) {
    const data = normalizeScan(raw);
    if (!data) return;
    setBusy(true);
    setError(null);
    setAnswer(null);
    setSentText(data);
    try {
      setAnswer(await api.post<ScanAnswer>('/api/v1/scan', { data }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }
  useScanner((s) => {
    setText(s.text.replace(/\x1d/g, '<GS>'));
    void read(s.text);
  });

  const year = serverNow().getUTCFullYear();
  return (
    <section aria-labelledby="scan-title">
      <h1 id="scan-title">Scan test</h1>
      <p class="muted">
        Scan a label anywhere on this page, or type or paste its code. Where the scanner sends the FNC1 separator (GS, ASCII 29),
        type <code>&lt;GS&gt;</code> or <code>|</code>; the human-readable form with the AIs in brackets works too, e.g.{' '}
        <code>{EXAMPLE}</code>.
      </p>
      <form
        class="card mat-scan-box"
        onSubmit={(e) => {
          e.preventDefault();
          void read(text);
        }}
      >
        <label>
          Code to read
          <input
            value={text}
            onInput={(e) => setText((e.target as HTMLInputElement).value)}
            autocomplete="off"
            spellcheck={false}
            class="mono"
            placeholder={EXAMPLE}
          />
        </label>
        <div class="mat-form-actions">
          <Button onClick={() => setText(EXAMPLE)}>Use an example</Button>
          <Button kind="primary" type="submit" busy={busy}>
            Read
          </Button>
        </div>
      </form>
      <div aria-live="polite">
        {error ? (
          <div data-testid="scan-error">
            <p>
              The server could not read <code class="mat-raw">{visible(sentText)}</code>:
            </p>
            <ErrorMessage error={error} />
          </div>
        ) : null}
        {answer ? <ScanResult answer={answer} year={year} /> : null}
      </div>
    </section>
  );
}

// GS shown as ␝ so the separators can be seen.
function visible(s: string): string {
  return s.replace(/\x1d/g, '␝');
}

function ScanResult({ answer, year }: { answer: ScanAnswer; year: number }) {
  const rows = answer.elements.map((e) => elementRow(e, year));
  return (
    <>
      <section class="card" aria-labelledby="elements-title">
        <h2 id="elements-title">GS1 elements</h2>
        <p>
          Read as <code class="mat-raw">{answer.human_readable}</code>
          {answer.symbology ? <span class="muted"> · symbology {answer.symbology}</span> : null}
        </p>
        <div class="mat-table-wrap">
          <table data-testid="scan-elements">
            <thead>
              <tr>
                <th scope="col">AI</th>
                <th scope="col">Name</th>
                <th scope="col">Raw</th>
                <th scope="col">Value</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.ai} data-ai={r.ai}>
                  <td class="mono">({r.ai})</td>
                  <td>{r.name}</td>
                  <td class="mono">{r.raw}</td>
                  <td>{r.value}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section class="card" aria-labelledby="resolves-title">
        <h2 id="resolves-title">What it names here</h2>
        {!answer.item && !answer.lot && !answer.container ? (
          <p data-testid="scan-resolves">Nothing in this plant: no item has this GTIN, and it names no container of ours.</p>
        ) : (
          <dl class="facts" data-testid="scan-resolves">
            {answer.item ? (
              <>
                <dt>Item</dt>
                <dd>
                  <Link to={`/materials/items/${encodeURIComponent(answer.item.code)}`}>{answer.item.code}</Link> — {answer.item.name}
                </dd>
              </>
            ) : null}
            {answer.lot ? (
              <>
                <dt>Lot</dt>
                <dd>
                  <Link to={lotPath(answer.lot)}>{answer.lot.lot_number}</Link> <LotStatusBadge status={answer.lot.effective_status} />{' '}
                  <ExpiryText expiry={answer.lot.expiry} />
                </dd>
              </>
            ) : answer.item ? (
              <>
                <dt>Lot</dt>
                <dd>No lot of {answer.item.code} has this lot number yet.</dd>
              </>
            ) : null}
            {answer.container ? (
              <>
                <dt>Container</dt>
                <dd>
                  <span class="mono">{answer.container.id}</span>, {formatNumber(answer.container.quantity)} {answer.lot?.unit ?? ''}
                  {answer.container.dispensed ? ' (dispensed for a batch)' : ''}
                </dd>
              </>
            ) : null}
          </dl>
        )}
      </section>
    </>
  );
}
