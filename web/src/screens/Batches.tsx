// The batch list (filter by state and recipe; state, progress and open exceptions at a glance) and,
// for supervisors (batch.start), creating a batch from a recipe's effective version with its size,
// then starting it. Kept current by live batch events.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError, query } from '../api/client';
import type { BatchSummary, Page, Quantity } from '../api/types';
import { Button, ErrorMessage, Loading, Notice, PageHeader, StateBadge } from '../components/ui';
import { useLiveEvents } from '../lib/events';
import { formatQuantity, formatTime, humanize } from '../lib/format';
import { navigate, useLocation } from '../lib/router';
import { can } from '../lib/session';
import { parseNumber } from './execute/validation';
import './execute/execute.css';

const STATES = ['created', 'in_progress', 'on_hold', 'completed', 'in_review', 'released', 'rejected', 'aborted'];

interface Recipe {
  id: string;
  product_code: string;
  product_name: string;
  effective_version: number | null;
}

interface RecipeVersion {
  number: number;
  state: string;
  content: { header: { batch_size: Quantity; batch_size_range?: { low: number; high: number } } };
}

function open(id: string) {
  navigate(`/batches/${encodeURIComponent(id)}`);
}

function NewBatch({ recipes, onClose }: { recipes: Recipe[]; onClose: () => void }) {
  const effective = recipes.filter((r) => r.effective_version !== null);
  const [recipeId, setRecipeId] = useState(effective[0]?.id ?? '');
  const [version, setVersion] = useState<RecipeVersion | null>(null);
  const [size, setSize] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<BatchSummary | null>(null);
  const recipe = effective.find((r) => r.id === recipeId);
  const sizeRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    setVersion(null);
    if (!recipe) return;
    api.get<RecipeVersion>(`/api/v1/recipes/${recipe.id}/versions/${recipe.effective_version}`).then((v) => {
      setVersion(v);
      setSize(String(v.content.header.batch_size.value));
    }, setError);
  }, [recipeId]);

  if (effective.length === 0) return <Notice kind="warning">No recipe has an effective version: a batch can only be made from one.</Notice>;
  const header = version?.content.header;
  const unit = header?.batch_size.unit ?? '';
  const range = header?.batch_size_range;
  const value = parseNumber(size);
  const sizeProblem =
    size && value === null
      ? `“${size}” is not a number.`
      : value !== null && range && (value < range.low || value > range.high)
        ? `The size must be from ${range.low} to ${range.high} ${unit}.`
        : null;

  async function create(e: Event) {
    e.preventDefault();
    setError(null);
    if (!recipe || value === null || sizeProblem) return sizeRef.current?.focus();
    setBusy(true);
    try {
      setCreated(await api.post<BatchSummary>('/api/v1/batches', { recipe_id: recipe.id, batch_size: { value, unit } }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  async function start() {
    if (!created) return;
    setBusy(true);
    setError(null);
    try {
      await api.post(`/api/v1/batches/${encodeURIComponent(created.id)}/start`, {});
      open(created.id);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  if (created) {
    return (
      <section class="card new-batch" aria-labelledby="created-title">
        <h2 id="created-title">Batch {created.number} created</h2>
        <p>
          {created.product_name}, {formatQuantity(created.batch_size)}, recipe version {created.recipe_version}. It is in the state <StateBadge state={created.state} />: start it when
          the line is ready.
        </p>
        <ErrorMessage error={error} />
        <div class="form-actions">
          <Button kind="primary" class="btn-large" busy={busy} onClick={() => void start()}>
            Start batch {created.number}
          </Button>
          <Button onClick={() => open(created.id)}>Open without starting</Button>
          <Button kind="ghost" onClick={onClose}>
            Close
          </Button>
        </div>
      </section>
    );
  }

  return (
    <form class="card new-batch" onSubmit={create} aria-labelledby="new-title">
      <h2 id="new-title">New batch</h2>
      <label>
        Product (effective recipe)
        <select value={recipeId} onChange={(e) => setRecipeId((e.target as HTMLSelectElement).value)}>
          {effective.map((r) => (
            <option key={r.id} value={r.id}>
              {r.product_name} ({r.product_code}), version {r.effective_version}
            </option>
          ))}
        </select>
      </label>
      {version ? (
        <>
          <div class="size-row">
            <label>
              Batch size
              <input ref={sizeRef} inputMode="decimal" autocomplete="off" value={size} aria-invalid={!!sizeProblem} aria-describedby="size-hint" onInput={(e) => setSize((e.target as HTMLInputElement).value)} />
            </label>
            <span class="unit">{unit}</span>
          </div>
          <p id="size-hint" class={sizeProblem ? 'field-error' : 'muted'}>
            {sizeProblem ?? `Nominal ${formatQuantity(header!.batch_size)}${range ? `; allowed ${range.low}–${range.high} ${unit}` : ''}. Quantities of the formula scale with it.`}
          </p>
        </>
      ) : (
        <Loading what="Reading the recipe" />
      )}
      <ErrorMessage error={error} />
      <div class="form-actions">
        <Button kind="primary" type="submit" class="btn-large" busy={busy} disabled={!version || !!sizeProblem}>
          Create the batch
        </Button>
        <Button onClick={onClose}>Cancel</Button>
      </div>
    </form>
  );
}

export default function Batches() {
  const { params } = useLocation();
  const status = params.get('status') ?? '';
  const recipe = params.get('recipe') ?? '';
  const [page, setPage] = useState<Page<BatchSummary> | null>(null);
  const [recipes, setRecipes] = useState<Recipe[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [creating, setCreating] = useState(false);
  const [more, setMore] = useState(false);

  function load() {
    api.get<Page<BatchSummary>>(`/api/v1/batches${query({ status, recipe, limit: 100 })}`).then((p) => {
      setPage(p);
      setError(null);
    }, setError);
  }
  useEffect(load, [status, recipe]);
  useEffect(() => {
    api.get<Page<Recipe>>('/api/v1/recipes?limit=500').then(
      (p) => setRecipes(p.items),
      (e) => {
        if (!(e instanceof ApiError && e.status === 403)) setError(e);
        setRecipes([]);
      },
    );
  }, []);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useLiveEvents(['batch'], () => {
    clearTimeout(timer.current);
    timer.current = setTimeout(load, 300);
  });

  async function loadMore() {
    if (!page?.next_cursor) return;
    setMore(true);
    try {
      const next = await api.get<Page<BatchSummary>>(`/api/v1/batches${query({ status, recipe, limit: 100, cursor: page.next_cursor })}`);
      setPage({ items: [...page.items, ...next.items], next_cursor: next.next_cursor });
    } catch (e) {
      setError(e);
    } finally {
      setMore(false);
    }
  }

  function filter(name: string, value: string) {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    const q = next.toString();
    navigate(`/batches${q ? `?${q}` : ''}`, true);
  }

  return (
    <div>
      <PageHeader title="Batches">
        {can('batch.start') && !creating ? (
          <Button kind="primary" class="btn-large" onClick={() => setCreating(true)}>
            New batch
          </Button>
        ) : null}
      </PageHeader>
      {creating && recipes ? <NewBatch recipes={recipes} onClose={() => setCreating(false)} /> : null}
      <div class="filters">
        <label>
          State
          <select value={status} onChange={(e) => filter('status', (e.target as HTMLSelectElement).value)}>
            <option value="">All states</option>
            {STATES.map((s) => (
              <option key={s} value={s}>
                {humanize(s)}
              </option>
            ))}
          </select>
        </label>
        {recipes && recipes.length > 0 ? (
          <label>
            Product
            <select value={recipe} onChange={(e) => filter('recipe', (e.target as HTMLSelectElement).value)}>
              <option value="">All products</option>
              {recipes.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.product_name}
                </option>
              ))}
            </select>
          </label>
        ) : null}
      </div>
      <ErrorMessage error={error} />
      {!page ? (
        <Loading what="Loading batches" />
      ) : page.items.length === 0 ? (
        <p class="muted">No batches{status ? ` in the state “${humanize(status)}”` : ''}.</p>
      ) : (
        <table class="batches" data-testid="batch-table">
          <thead>
            <tr>
              <th>Batch</th>
              <th>Product</th>
              <th>State</th>
              <th>Progress</th>
              <th>Open exceptions</th>
              <th>Started</th>
            </tr>
          </thead>
          <tbody>
            {page.items.map((b) => (
              <tr key={b.id} class="clickable" onClick={() => open(b.id)}>
                <td>
                  <a
                    href={`/batches/${encodeURIComponent(b.id)}`}
                    onClick={(e) => {
                      e.preventDefault();
                      e.stopPropagation();
                      open(b.id);
                    }}
                  >
                    {b.number}
                  </a>
                </td>
                <td>
                  {b.product_name}
                  <div class="muted small">
                    {formatQuantity(b.batch_size)} · recipe v{b.recipe_version}
                  </div>
                </td>
                <td>
                  <StateBadge state={b.state} />
                </td>
                <td>
                  <progress max={b.steps_total} value={b.steps_finished} aria-label={`${b.number}: steps finished`} /> {b.steps_finished}/{b.steps_total}
                </td>
                <td>{b.exceptions_open > 0 ? <span class="badge badge-warning">{b.exceptions_open}</span> : '—'}</td>
                <td>{formatTime(b.started_at ?? null)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {page?.next_cursor ? (
        <Button busy={more} onClick={() => void loadMore()}>
          Show more
        </Button>
      ) : null}
    </div>
  );
}
