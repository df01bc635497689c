// One lot: what it is and how much of it there is, its containers (each with its label), QC's
// release, reject and block (each signed, with the meaning the server records), its status
// history and, as a second view, every movement.
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../../api/client';
import type { SignatureInput } from '../../api/types';
import { SignatureDialog } from '../../components/SignatureDialog';
import { Button, ErrorMessage, Loading, Notice } from '../../components/ui';
import { useLiveEvents } from '../../lib/events';
import { formatTime, humanize } from '../../lib/format';
import { can } from '../../lib/session';
import { LabelPreview } from './LabelPreview';
import { formatDate, formatNumber, QC_MEANING, qcActions, retestDue, statusInfo, type QcAction } from './model';
import { ExpiryText, Link, lotPath, LotStatusBadge, RetestText, today } from './parts';
import type { Lot, LotEvent, Movement } from './types';

type View = 'overview' | 'movements';

export function LotDetail({ id, view }: { id: string; view: View }) {
  const [lot, setLot] = useState<Lot | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    let live = true;
    api
      .get<Lot>(`/api/v1/lots/${encodeURIComponent(id)}`)
      .then((l) => {
        if (!live) return;
        setLot(l);
        setError(null);
      })
      .catch((e) => live && setError(e));
    return () => {
      live = false;
    };
  }, [id, tick]);
  const refresh = () => setTick((t) => t + 1);
  useLiveEvents(['material'], (e) => {
    if (e.type === 'reset' || !lot || !e.subject || e.subject.id === lot.id) refresh();
  });

  if (error && !lot) return <ErrorMessage error={error} />;
  if (!lot) return <Loading what={`Loading lot ${id}`} />;
  const base = lotPath(lot);
  return (
    <article aria-labelledby="lot-title" data-lot={lot.lot_number}>
      <div class="page-header">
        <div>
          <h1 id="lot-title">Lot {lot.lot_number}</h1>
          <p class="mat-subtitle">
            <Link to={`/materials/items/${encodeURIComponent(lot.item_code)}`}>{lot.item_code}</Link> — {lot.item_name}
          </p>
        </div>
        <div class="mat-lot-state">
          <LotStatusBadge status={lot.effective_status} />
          <span class="muted small">{statusInfo(lot.effective_status).meaning}</span>
        </div>
      </div>
      <nav class="mat-subnav" aria-label={`Lot ${lot.lot_number}`}>
        <Link to={base} current={view === 'overview'}>
          Overview
        </Link>
        <Link to={`${base}/movements`} current={view === 'movements'}>
          Movements
        </Link>
        <Link to={`${base}/genealogy?direction=${lot.produced_by_batch ? 'backward' : 'forward'}`}>Genealogy</Link>
      </nav>
      {view === 'movements' ? <Movements lot={lot} tick={tick} /> : <Overview lot={lot} onChange={setLot} tick={tick} />}
    </article>
  );
}

function Overview({ lot, onChange, tick }: { lot: Lot; onChange: (l: Lot) => void; tick: number }) {
  const [label, setLabel] = useState<string | null>(null);
  const stock = lot.containers.filter((c) => !c.dispensed);
  const dispensed = lot.containers.filter((c) => c.dispensed);
  return (
    <>
      <div class="mat-detail-grid">
        <section class="card" aria-labelledby="facts-title">
          <h2 id="facts-title">The lot</h2>
          <dl class="facts">
            <dt>Quantity</dt>
            <dd data-testid="lot-quantity">
              {formatNumber(lot.quantity)} {lot.unit}
              <span class="muted small">
                {' '}
                ({formatNumber(lot.available)} {lot.unit} in stock, {formatNumber(lot.dispensed)} {lot.unit} dispensed)
              </span>
            </dd>
            <dt>Expiry</dt>
            <dd>
              <ExpiryText expiry={lot.expiry} />
            </dd>
            <dt>Retest</dt>
            <dd>
              <RetestText retest={lot.retest} />
            </dd>
            <dt>Assay</dt>
            <dd>{lot.assay_percent === null ? '—' : `${formatNumber(lot.assay_percent, 2)} %`}</dd>
            <dt>Supplier</dt>
            <dd>{lot.supplier || '—'}</dd>
            <dt>Supplier lot</dt>
            <dd>{lot.supplier_lot || '—'}</dd>
            {lot.produced_by_batch ? (
              <>
                <dt>Made by batch</dt>
                <dd>
                  <Link to={`/batches/${encodeURIComponent(lot.produced_by_batch)}`}>Open the batch</Link>
                </dd>
              </>
            ) : null}
            <dt>Received</dt>
            <dd>{formatTime(lot.received_at)}</dd>
          </dl>
        </section>
        <QcPanel lot={lot} onChange={onChange} />
      </div>

      <section class="card" aria-labelledby="containers-title">
        <h2 id="containers-title">Containers</h2>
        <div class="mat-table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Container</th>
                <th scope="col">Quantity</th>
                <th scope="col">Kind</th>
                <th scope="col">Created</th>
                <th scope="col">
                  <span class="visually-hidden">Label</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {[...stock, ...dispensed].map((c) => (
                <tr key={c.id} data-container={c.id}>
                  <td class="mono">{c.id}</td>
                  <td class="mat-num">
                    {formatNumber(c.quantity)} {lot.unit}
                  </td>
                  <td>
                    {c.dispensed ? (
                      <>
                        Dispensed for{' '}
                        <Link to={`/batches/${encodeURIComponent(c.batch_id ?? '')}`}>{c.step_key ? humanize(c.step_key) : 'a batch'}</Link>
                      </>
                    ) : (
                      'Stock'
                    )}
                  </td>
                  <td>{formatTime(c.created_at)}</td>
                  <td>
                    <Button onClick={() => setLabel(c.id)} aria-label={`Label of container ${c.id}`}>
                      Label
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <StatusHistory lot={lot} tick={tick} />
      {label ? <LabelPreview container={label} onClose={() => setLabel(null)} /> : null}
    </>
  );
}

function QcPanel({ lot, onChange }: { lot: Lot; onChange: (l: Lot) => void }) {
  const [pending, setPending] = useState<QcAction | null>(null);
  const [retest, setRetest] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const actions = qcActions(lot.status, lot.effective_status);
  const due = retestDue(lot.retest, today());
  if (!can('material.release')) {
    return (
      <section class="card" aria-labelledby="qc-title">
        <h2 id="qc-title">Quality control</h2>
        <p class="muted">Releasing, rejecting or blocking a lot needs the permission material.release (QC).</p>
      </section>
    );
  }

  async function sign(action: QcAction, signature: SignatureInput) {
    const { meaning, needsReason } = QC_MEANING[action];
    const body: Record<string, unknown> = { signature: { username: signature.username, password: signature.password, meaning } };
    if (needsReason) body.reason = signature.comment ?? '';
    if (action === 'release' && retest) body.retest = retest;
    try {
      const next = await api.post<Lot>(`/api/v1/lots/${encodeURIComponent(lot.id)}/${action}`, body);
      setPending(null);
      setError(null);
      setRetest('');
      setDone(`Lot ${next.lot_number} is now ${statusInfo(next.effective_status).label.toLowerCase()}.`);
      onChange(next);
    } catch (e) {
      // A refusal that is not about the signature closes the dialog and is shown beside the buttons.
      if (e instanceof ApiError && !(e.field ?? '').startsWith('signature')) {
        setPending(null);
        setError(e);
        return;
      }
      throw e;
    }
  }

  const meaningText: Record<QcAction, string> = {
    release: `I release lot ${lot.lot_number} for use`,
    reject: `I reject lot ${lot.lot_number}: it may never be used`,
    block: `I approve blocking lot ${lot.lot_number} until QC releases it`,
  };

  return (
    <section class="card" aria-labelledby="qc-title">
      <h2 id="qc-title">Quality control</h2>
      {done ? <Notice kind="success">{done}</Notice> : null}
      <ErrorMessage error={error} onDismiss={() => setError(null)} />
      {actions.length === 0 ? (
        <p class="muted">
          {lot.status === 'rejected' ? 'A rejected lot has no further QC decision.' : 'No QC decision applies to this lot now.'}
        </p>
      ) : (
        <>
          {lot.effective_status === 'expired' ? <p>The lot is past its expiry date: it can be rejected or blocked, never released.</p> : null}
          {actions.includes('release') && due ? (
            <label>
              New retest date (the retest was due on {formatDate(lot.retest)})
              <input type="date" value={retest} min={today()} onInput={(e) => setRetest((e.target as HTMLInputElement).value)} />
            </label>
          ) : null}
          <div class="mat-qc-actions">
            {actions.map((a) => (
              <Button
                key={a}
                kind={a === 'release' ? 'primary' : 'danger'}
                onClick={() => {
                  setDone(null);
                  setError(null);
                  setPending(a);
                }}
              >
                {QC_MEANING[a].verb} lot…
              </Button>
            ))}
          </div>
          <p class="muted small">Each decision is signed with your password; reject and block need a reason.</p>
        </>
      )}
      {pending ? (
        <SignatureDialog
          request={{
            title: `${QC_MEANING[pending].verb} lot ${lot.lot_number}`,
            meaning: QC_MEANING[pending].meaning,
            meaningText: meaningText[pending],
            signer: 'self',
            summary: `${lot.item_code} ${lot.item_name}, ${formatNumber(lot.quantity)} ${lot.unit}, now ${statusInfo(lot.effective_status).label.toLowerCase()}.`,
            askComment: QC_MEANING[pending].needsReason,
            commentLabel: 'Reason',
            commentRequired: QC_MEANING[pending].needsReason,
          }}
          onSign={(s) => sign(pending, s)}
          onCancel={() => setPending(null)}
        />
      ) : null}
    </section>
  );
}

// QC's status changes (who, when, why), each with its signature as recorded.
function StatusHistory({ lot, tick }: { lot: Lot; tick: number }) {
  const [events, setEvents] = useState<LotEvent[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let live = true;
    api
      .get<{ items: LotEvent[] }>(`/api/v1/lots/${encodeURIComponent(lot.id)}/events`)
      .then((r) => live && setEvents(r.items))
      .catch((e) => live && setError(e));
    return () => {
      live = false;
    };
  }, [lot.id, lot.version, tick]);

  return (
    <section class="card" aria-labelledby="history-title">
      <h2 id="history-title">Status history</h2>
      {error ? (
        <ErrorMessage error={error} />
      ) : events === null ? (
        <Loading what="Loading the history" />
      ) : events.length === 0 ? (
        <p class="muted">No QC decision is recorded yet: the lot is as it was received.</p>
      ) : (
        <ol class="mat-history">
          {events.map((e) => (
            <li key={e.id}>
              <time dateTime={e.at}>{formatTime(e.at)}</time>
              <span>
                <strong>{humanize(e.action)}</strong> — {statusInfo(e.from_status).label} → {statusInfo(e.to_status).label}
                {e.signature ? (
                  <>
                    {' '}
                    — {e.signature.meaning_text}: {e.signature.signer.printed_name}
                    {e.signature.valid ? null : <strong class="mat-warning"> (signature does not match the record)</strong>}
                  </>
                ) : (
                  <strong class="mat-warning"> — no signature found</strong>
                )}
                {e.reason ? <div class="muted">{e.reason}</div> : null}
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function Movements({ lot, tick }: { lot: Lot; tick: number }) {
  const [moves, setMoves] = useState<Movement[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let live = true;
    api
      .get<{ items: Movement[] }>(`/api/v1/lots/${encodeURIComponent(lot.id)}/movements`)
      .then((r) => live && setMoves(r.items))
      .catch((e) => live && setError(e));
    return () => {
      live = false;
    };
  }, [lot.id, lot.version, tick]);
  if (error) return <ErrorMessage error={error} />;
  if (!moves) return <Loading what="Loading the movements" />;
  return (
    <section class="card" aria-labelledby="moves-title">
      <h2 id="moves-title">Movements, oldest first</h2>
      {moves.length === 0 ? (
        <p class="muted">No movement yet.</p>
      ) : (
        <div class="mat-table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Kind</th>
                <th scope="col">Quantity</th>
                <th scope="col">From → to</th>
                <th scope="col">Batch and step</th>
                <th scope="col">By</th>
              </tr>
            </thead>
            <tbody>
              {moves.map((m) => (
                <tr key={m.id} data-kind={m.kind}>
                  <td>{formatTime(m.at)}</td>
                  <td>
                    {humanize(m.kind)}
                    {m.reason ? <div class="muted small">{m.reason}</div> : null}
                  </td>
                  <td class="mat-num">
                    {formatNumber(m.quantity)} {m.unit}
                  </td>
                  <td class="mono">
                    {m.from_container ?? '—'} → {m.to_container ?? '—'}
                  </td>
                  <td>
                    {m.batch_id ? (
                      <Link to={`/batches/${encodeURIComponent(m.batch_id)}`}>{m.step_key ? humanize(m.step_key) : 'Open the batch'}</Link>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td>{m.printed_name}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
