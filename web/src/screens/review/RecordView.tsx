// The complete batch record (record.json) on demand, readable: header, formula, then each unit
// procedure collapsed to one line (steps, exceptions, corrections) that opens to its operations and
// steps with every run's value, people, signatures, corrections and comments; then the batch-level
// signatures. The SHA-256 shown is the one printed on every page of the PDF.
import { useState } from 'preact/hooks';
import { request } from '../../api/client';
import { Button, ErrorMessage, Loading } from '../../components/ui';
import { formatQuantity, formatTime, humanize } from '../../lib/format';
import { batchLevelExceptions, recordOutline, type OutlineStep, type OutlineUnit } from './record';
import { RunDetails, SignatureLine } from './RunDetails';
import type { BatchRecord } from './types';
import { count } from './values';

interface Loaded {
  record: BatchRecord;
  outline: OutlineUnit[];
  sha256: string | null;
}

async function loadRecord(batchId: string): Promise<Loaded> {
  const response = await request<Response>('GET', `/api/v1/batches/${batchId}/record.json`, undefined, { raw: true });
  const record = (await response.json()) as BatchRecord;
  const digest = response.headers.get('Digest');
  return { record, outline: recordOutline(record), sha256: digest?.startsWith('sha-256=') ? digest.slice(8) : null };
}

function StepView({ step }: { step: OutlineStep }) {
  return (
    <li class={`rv-step${step.exceptions.length ? ' rv-step-exc' : ''}`} data-testid="record-step">
      <div class="rv-step-head">
        <strong>{step.name}</strong> <span class="muted small">{humanize(step.type)}</span>
        {step.exceptions.map((e) => (
          <span key={e.id} class={`badge ${e.disposition ? 'badge-done' : 'badge-open'}`}>
            {humanize(e.kind)}
            {e.disposition ? ` · ${e.disposition.outcome}` : ' · open'}
          </span>
        ))}
      </div>
      {step.text ? <p class="rv-instruction small">{step.text}</p> : null}
      {step.spec.length > 0 ? <p class="rv-spec-line small">{step.spec.join(' · ')}</p> : null}
      {step.runs.map((r) => (
        <RunDetails key={r.occurrence} run={r} showOccurrence={step.runs.length > 1} />
      ))}
    </li>
  );
}

function UnitView({ unit, open, onToggle }: { unit: OutlineUnit; open: boolean; onToggle: (open: boolean) => void }) {
  return (
    <details class="rv-unit" open={open} onToggle={(e) => onToggle((e.currentTarget as HTMLDetailsElement).open)}>
      <summary>
        <span class="rv-unit-name">{unit.name}</span>
        <span class="muted small">
          {count(unit.steps, 'step')}
          {unit.exceptions ? ` · ${count(unit.exceptions, 'exception')}${unit.openExceptions ? `, ${unit.openExceptions} open` : ''}` : ''}
          {unit.corrections ? ` · ${count(unit.corrections, 'correction')}` : ''}
        </span>
      </summary>
      {unit.operations.map((o) => (
        <section key={o.key} class="rv-operation" aria-label={o.name}>
          <h4>{o.name}</h4>
          <ol class="rv-steps">
            {o.steps.map((s) => (
              <StepView key={s.key} step={s} />
            ))}
          </ol>
        </section>
      ))}
    </details>
  );
}

function RecordBody({ loaded }: { loaded: Loaded }) {
  const { record, outline, sha256 } = loaded;
  const b = record.batch;
  const [open, setOpen] = useState<Set<string>>(new Set());
  const toggle = (key: string, isOpen: boolean) =>
    setOpen((prev) => {
      if (prev.has(key) === isOpen) return prev;
      const next = new Set(prev);
      if (isOpen) next.add(key);
      else next.delete(key);
      return next;
    });
  const batchExceptions = batchLevelExceptions(record);
  return (
    <div class="rv-record" data-testid="record">
      <dl class="facts rv-record-facts">
        <dt>Product</dt>
        <dd>
          {b.product_code} · {b.product_name}
        </dd>
        <dt>Recipe</dt>
        <dd>version {b.recipe_version}</dd>
        <dt>Batch size</dt>
        <dd>{formatQuantity(b.batch_size)}</dd>
        <dt>Started · completed</dt>
        <dd>
          {formatTime(b.started_at)} · {formatTime(b.completed_at)}
        </dd>
        {b.yield_percent !== undefined ? (
          <>
            <dt>Yield</dt>
            <dd>{b.yield_percent} %</dd>
          </>
        ) : null}
        <dt>Record generated</dt>
        <dd>{formatTime(record.generated_at, true)}</dd>
        {sha256 ? (
          <>
            <dt>SHA-256</dt>
            <dd class="mono small rv-hash">{sha256}</dd>
          </>
        ) : null}
      </dl>

      <h3>Formula</h3>
      <div class="rv-table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Material</th>
              <th scope="col">Target</th>
              <th scope="col">Range</th>
            </tr>
          </thead>
          <tbody>
            {record.formula.map((f) => (
              <tr key={f.key}>
                <td>
                  {f.material_code} · {f.name}
                </td>
                <td>{formatQuantity({ value: f.target, unit: f.unit })}</td>
                <td>
                  {f.low !== undefined && f.high !== undefined
                    ? `${formatQuantity({ value: f.low, unit: f.unit })} – ${formatQuantity({ value: f.high, unit: f.unit })}`
                    : '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <div class="rv-record-steps-head">
        <h3>Steps</h3>
        <div class="page-actions">
          <Button onClick={() => setOpen(new Set(outline.map((u) => u.key)))}>Expand all</Button>
          <Button onClick={() => setOpen(new Set())}>Collapse all</Button>
        </div>
      </div>
      {outline.map((u) => (
        <UnitView key={u.key} unit={u} open={open.has(u.key)} onToggle={(o) => toggle(u.key, o)} />
      ))}

      {batchExceptions.length > 0 ? (
        <>
          <h3>Batch-level exceptions</h3>
          <ul>
            {batchExceptions.map((e) => (
              <li key={e.id}>
                {humanize(e.kind)}: {e.message}
                {e.disposition ? ` — ${e.disposition.outcome} by ${e.disposition.by.printed_name}` : ' — open'}
              </li>
            ))}
          </ul>
        </>
      ) : null}

      <h3>Batch signatures</h3>
      {record.signatures.length ? (
        <ul class="rv-batch-sigs">
          {record.signatures.map((s) => (
            <li key={s.signature_id}>
              <SignatureLine sig={s} />
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">None yet.</p>
      )}
    </div>
  );
}

export function RecordView({ batchId, version }: { batchId: string; version: number }) {
  const [shown, setShown] = useState(false);
  const [loaded, setLoaded] = useState<{ version: number; data: Loaded } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function show() {
    setShown(true);
    if (loaded && loaded.version === version) return;
    setBusy(true);
    setError(null);
    try {
      setLoaded({ version, data: await loadRecord(batchId) });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const stale = loaded && loaded.version !== version;
  return (
    <section class="card" aria-labelledby="rv-record-h">
      <div class="page-header">
        <h2 id="rv-record-h">Full batch record</h2>
        <div class="page-actions">
          {shown && stale ? (
            <Button onClick={() => void show()} busy={busy}>
              Reload (the record changed)
            </Button>
          ) : null}
          <Button aria-expanded={shown} onClick={() => (shown ? setShown(false) : void show())} busy={busy && !loaded}>
            {shown ? 'Hide the full record' : 'Show the full record'}
          </Button>
        </div>
      </div>
      {!shown ? <p class="muted">Every step, value, signature and correction of the batch, as in the PDF.</p> : null}
      {shown ? <ErrorMessage error={error} /> : null}
      {shown && busy && !loaded ? <Loading what="Loading the record" /> : null}
      {shown && loaded ? <RecordBody loaded={loaded.data} /> : null}
    </section>
  );
}
