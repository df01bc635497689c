// The operator's home: what is Ready now in the batches in progress (a step to record, or one that
// waits for a witness), my batches (those I recorded or witnessed in), the others in progress, and
// for supervisors the batches waiting to be started. Big tiles, one tap to the step. Kept current
// by live batch events.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api/client';
import type { BatchSummary, Page } from '../api/types';
import { ErrorMessage, Loading, PageHeader, StateBadge } from '../components/ui';
import { useLiveEvents } from '../lib/events';
import { formatQuantity, formatTime } from '../lib/format';
import { navigate } from '../lib/router';
import { can, me } from '../lib/session';
import { useStore } from '../lib/store';
import { actionable, awaitingWitness } from './execute/model';
import type { StepRun, StepsAnswer } from './execute/types';
import './execute/execute.css';

interface Work {
  batches: BatchSummary[];
  waiting: BatchSummary[];
  steps: Map<string, StepsAnswer>;
}

async function loadWork(): Promise<Work> {
  const [running, held, waiting] = await Promise.all([
    api.get<Page<BatchSummary>>('/api/v1/batches?status=in_progress&limit=100'),
    api.get<Page<BatchSummary>>('/api/v1/batches?status=on_hold&limit=100'),
    can('batch.start') ? api.get<Page<BatchSummary>>('/api/v1/batches?status=created&limit=100') : Promise.resolve({ items: [] }),
  ]);
  const answers = await Promise.all(running.items.map((b) => api.get<StepsAnswer>(`/api/v1/batches/${encodeURIComponent(b.id)}/steps`)));
  return { batches: [...running.items, ...held.items], waiting: waiting.items, steps: new Map(answers.map((a) => [a.id, a])) };
}

// "14:02" today, the date and time before.
function since(iso: string | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return d.toDateString() === new Date().toDateString() ? d.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' }) : formatTime(iso);
}

function go(batch: { id: string }, run?: StepRun) {
  navigate(`/batches/${encodeURIComponent(batch.id)}${run ? `?run=${encodeURIComponent(run.run_id)}` : ''}`);
}

function BatchTile({ b }: { b: BatchSummary }) {
  return (
    <li>
      <button type="button" class="tile" onClick={() => go(b)}>
        <span class="tile-title">
          {b.number} <StateBadge state={b.state} />
        </span>
        <span class="tile-meta">
          {b.product_name} · {formatQuantity(b.batch_size)}
        </span>
        <span class="tile-meta">
          <progress max={b.steps_total} value={b.steps_finished} aria-hidden="true" /> {b.steps_finished}/{b.steps_total} steps
          {b.exceptions_open > 0 ? ` · ${b.exceptions_open} open exceptions` : ''}
        </span>
      </button>
    </li>
  );
}

export default function Home() {
  const user = useStore(me);
  const [work, setWork] = useState<Work | null>(null);
  const [error, setError] = useState<unknown>(null);
  const mayRead = can('batch.read');

  function load() {
    if (!mayRead) return;
    loadWork().then((w) => {
      setWork(w);
      setError(null);
    }, setError);
  }
  useEffect(load, []);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useLiveEvents(['batch'], () => {
    clearTimeout(timer.current);
    timer.current = setTimeout(load, 300);
  });

  const title = `Hello, ${user?.printed_name ?? ''}`;
  if (!mayRead) {
    return (
      <div>
        <PageHeader title={title} />
        <p>Your role has no batch screens. The menu above shows what you can open.</p>
      </div>
    );
  }
  if (!work) return error ? <ErrorMessage error={error} /> : <Loading what="Looking for work" />;

  const myId = user?.id;
  const ready: { batch: BatchSummary; run: StepRun }[] = [];
  const mine: BatchSummary[] = [];
  const others: BatchSummary[] = [];
  for (const b of work.batches) {
    const s = work.steps.get(b.id);
    if (s) {
      for (const run of actionable(s, s.steps)) {
        const witness = awaitingWitness(run);
        if (witness ? can('batch.verify') : can('batch.execute')) ready.push({ batch: b, run });
      }
    }
    const involved = s?.steps.some((r) => r.entry?.performer.user_id === myId || r.witnessed_by?.user_id === myId);
    (involved ? mine : others).push(b);
  }

  return (
    <div class="home">
      <PageHeader title={title} />
      <ErrorMessage error={error} />
      <h2>Ready now</h2>
      {ready.length === 0 ? (
        <p class="muted">Nothing is ready in the batches in progress.</p>
      ) : (
        <ul class="tiles" data-testid="ready-now">
          {ready.map(({ batch, run }) => {
            const witness = awaitingWitness(run);
            return (
              <li key={`${batch.id}/${run.run_id}`}>
                <button type="button" class={`tile ${witness ? 'tile-witness' : 'tile-ready'}`} onClick={() => go(batch, run)}>
                  <span class="tile-title">{run.name}</span>
                  <span class="tile-meta">
                    {batch.number} · {batch.product_name}
                  </span>
                  <span class="tile-meta">
                    {witness ? `Needs a witness: recorded by ${run.entry?.performer.printed_name}` : `Ready since ${since(run.ready_at)}`}
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <h2>My batches</h2>
      {mine.length === 0 ? (
        <p class="muted">You have not recorded anything in a batch in progress.</p>
      ) : (
        <ul class="tiles" data-testid="my-batches">
          {mine.map((b) => (
            <BatchTile key={b.id} b={b} />
          ))}
        </ul>
      )}
      {others.length > 0 ? (
        <>
          <h2>Other batches in progress</h2>
          <ul class="tiles">
            {others.map((b) => (
              <BatchTile key={b.id} b={b} />
            ))}
          </ul>
        </>
      ) : null}
      {work.waiting.length > 0 ? (
        <>
          <h2>Waiting to be started</h2>
          <ul class="tiles">
            {work.waiting.map((b) => (
              <BatchTile key={b.id} b={b} />
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}
