// The batches waiting for QA: completed (review not started) and in review, the one waiting
// longest first, with their open exceptions, product and how long they have waited. Kept current
// by the live batch events.
import { useCallback, useEffect, useState } from 'preact/hooks';
import { api, serverNow } from '../../api/client';
import type { BatchSummary, Page } from '../../api/types';
import { ErrorMessage, Loading, Notice, PageHeader, StateBadge } from '../../components/ui';
import { useLiveEvents } from '../../lib/events';
import { formatDuration, formatTime } from '../../lib/format';
import { navigate } from '../../lib/router';
import { affectsQueue, reviewQueue } from './exceptions';
import './review.css';

const LIMIT = 500;

async function loadQueue(): Promise<{ items: BatchSummary[]; truncated: boolean }> {
  const pages = await Promise.all(
    ['completed', 'in_review'].map((s) => api.get<Page<BatchSummary>>(`/api/v1/batches?status=${s}&limit=${LIMIT}`)),
  );
  return { items: reviewQueue(pages.flatMap((p) => p.items)), truncated: pages.some((p) => !!p.next_cursor) };
}

export default function ReviewList() {
  const [queue, setQueue] = useState<{ items: BatchSummary[]; truncated: boolean } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [, setTick] = useState(0);

  const reload = useCallback(() => {
    loadQueue().then(
      (q) => {
        setQueue(q);
        setError(null);
      },
      setError,
    );
  }, []);
  useEffect(reload, [reload]);
  useLiveEvents(['batch'], (e) => {
    if (affectsQueue(e)) reload();
  });
  // The waiting times move on.
  useEffect(() => {
    const t = setInterval(() => setTick((n) => n + 1), 60_000);
    return () => clearInterval(t);
  }, []);

  const now = serverNow().getTime();
  return (
    <div class="rv-page">
      <PageHeader title="Batches awaiting review" />
      <ErrorMessage error={error} />
      {!queue && !error ? <Loading what="Loading the batches in review" /> : null}
      {queue && queue.items.length === 0 ? <Notice>No batch is waiting for review.</Notice> : null}
      {queue && queue.items.length > 0 ? (
        <div class="rv-table-wrap">
          <table class="rv-queue" data-testid="review-queue">
            <caption class="muted">
              {queue.items.length} batch{queue.items.length === 1 ? '' : 'es'}, the one waiting longest first
            </caption>
            <thead>
              <tr>
                <th scope="col">Batch</th>
                <th scope="col">Product</th>
                <th scope="col">Status</th>
                <th scope="col">Open exceptions</th>
                <th scope="col">Completed</th>
                <th scope="col">Waiting</th>
              </tr>
            </thead>
            <tbody>
              {queue.items.map((b) => (
                <tr key={b.id} data-testid="review-row">
                  <td>
                    <a
                      class="rv-open-link"
                      href={`/review/${b.id}`}
                      onClick={(e) => {
                        e.preventDefault();
                        navigate(`/review/${b.id}`);
                      }}
                    >
                      {b.number}
                    </a>
                  </td>
                  <td>
                    {b.product_name}
                    <div class="muted small">{b.product_code}</div>
                  </td>
                  <td>
                    <StateBadge state={b.state} />
                    {b.state === 'completed' ? <div class="muted small">review not started</div> : null}
                  </td>
                  <td>
                    <span class={`rv-open-count${b.exceptions_open ? ' rv-has-open' : ''}`}>{b.exceptions_open}</span>
                  </td>
                  <td>{formatTime(b.completed_at)}</td>
                  <td>{b.completed_at ? formatDuration((now - Date.parse(b.completed_at)) / 1000) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {queue?.truncated ? <p class="muted">Showing the first {LIMIT} of each state.</p> : null}
    </div>
  );
}
