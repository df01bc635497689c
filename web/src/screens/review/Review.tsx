// Review by exception of one batch: the open exceptions first, each with its context and a
// disposition form; then those already dispositioned; then release or rejection (signed); the
// full record on demand and its PDF.
import { useEffect, useState } from 'preact/hooks';
import { download, serverNow } from '../../api/client';
import { Button, ErrorMessage, Loading, Notice, PageHeader, StateBadge } from '../../components/ui';
import { formatDuration, formatQuantity, formatTime, humanize } from '../../lib/format';
import { navigate } from '../../lib/router';
import { can } from '../../lib/session';
import { ExceptionCard } from './ExceptionCard';
import { awaitingReview, orderExceptions } from './exceptions';
import { RecordView } from './RecordView';
import { ReleasePanel } from './ReleasePanel';
import { useReview } from './useReview';
import './review.css';

function PdfButton({ batchId, number }: { batchId: string; number: string }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  async function get() {
    setBusy(true);
    setError(null);
    try {
      await download(`/api/v1/batches/${batchId}/record.pdf`, `${number}-record.pdf`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }
  return (
    <>
      <Button onClick={() => void get()} busy={busy}>
        Download record (PDF)
      </Button>
      {error ? <ErrorMessage error={error} onDismiss={() => setError(null)} /> : null}
    </>
  );
}

export default function Review({ id }: { id: string }) {
  const { data, error, reload } = useReview(id);
  const [recorded, setRecorded] = useState<string | null>(null);
  const [focusAfter, setFocusAfter] = useState<string | null>(null);

  // After a disposition: once the list has been reloaded, focus the next open exception (or the
  // release section when none is left).
  const open = data ? orderExceptions(data.items).open : [];
  useEffect(() => {
    if (!focusAfter || !data || open.some((e) => e.id === focusAfter)) return;
    const target = open.length ? document.getElementById(`exc-${open[0].id}`) : document.getElementById('rv-release-h');
    target?.focus();
    setFocusAfter(null);
  }, [data, focusAfter]);

  if (error && !data) return <ErrorMessage error={error} />;
  if (!data) return <Loading what="Loading the batch's exceptions" />;

  const { batch, items, release_blockers } = data;
  const { closed } = orderExceptions(items);
  const whyNoForm = !can('batch.review')
    ? 'a QA reviewer (permission batch.review) records its disposition.'
    : awaitingReview(batch.state)
      ? null
      : `its disposition is recorded once the batch is completed (it is ${humanize(batch.state).toLowerCase()} now).`;

  function onDone(exceptionId: string) {
    const e = open.find((x) => x.id === exceptionId);
    const step = e?.run?.step?.name;
    setRecorded(`Disposition recorded: ${humanize(e?.kind)}${step ? ` on “${step}”` : ''}.`);
    setFocusAfter(exceptionId);
    reload();
  }

  return (
    <div class="rv-page">
      <PageHeader
        title={
          <>
            Review {batch.number} <StateBadge state={batch.state} />
          </>
        }
      >
        <PdfButton batchId={batch.id} number={batch.number} />
        <Button onClick={() => navigate('/review')}>All batches in review</Button>
      </PageHeader>
      <p class="rv-batch-line">
        {batch.product_code} · {batch.product_name} · {formatQuantity(batch.batch_size)} · recipe v{batch.recipe_version}
        <br />
        <span class="muted">
          Completed {formatTime(batch.completed_at)}
          {batch.review_started_at ? ` · review started ${formatTime(batch.review_started_at)}` : ' · review not started'}
          {' · '}
          {batch.steps_finished}/{batch.steps_total} steps finished
          {batch.yield_percent !== undefined ? ` · yield ${batch.yield_percent} %` : ''}
          {batch.completed_at && awaitingReview(batch.state)
            ? ` · waiting ${formatDuration((serverNow().getTime() - Date.parse(batch.completed_at)) / 1000)}`
            : ''}
        </span>
      </p>
      {error ? <ErrorMessage error={error} /> : null}

      <section aria-labelledby="rv-exc-h">
        <h2 id="rv-exc-h">
          Exceptions <span class="muted rv-count">{open.length} open of {items.length}</span>
        </h2>
        {recorded ? (
          <Notice kind="success">
            <span data-testid="disposition-recorded">{recorded}</span>
          </Notice>
        ) : null}
        {open.length === 0 ? (
          <Notice kind="success">
            <span data-testid="no-open-exceptions">{items.length ? 'Every exception has a disposition.' : 'This batch raised no exceptions.'}</span>
          </Notice>
        ) : null}
        {open.map((e, i) => (
          <ExceptionCard key={e.id} batchId={batch.id} e={e} index={i + 1} whyNoForm={whyNoForm} onDone={onDone} />
        ))}
        {closed.length > 0 ? (
          <details class="rv-closed-list">
            <summary>
              Dispositioned exceptions <span class="muted">({closed.length})</span>
            </summary>
            {closed.map((e, i) => (
              <ExceptionCard key={e.id} batchId={batch.id} e={e} index={open.length + i + 1} whyNoForm={null} onDone={onDone} />
            ))}
          </details>
        ) : null}
      </section>

      <ReleasePanel batch={batch} blockers={release_blockers} exceptions={items} onChanged={reload} />
      <RecordView batchId={batch.id} version={batch.version} />
    </div>
  );
}
