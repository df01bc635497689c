// One recipe: its header, its version history (who created, submitted, approved and made each
// version effective, with the signatures' meanings), per version "Open" in the builder, "Export
// JSON" and the lifecycle actions; and the visual diff between any two versions, the pair kept in
// the address (?from=&to=) so it can be shared. Kept current by the live recipe events.
import { useCallback, useEffect, useState } from 'preact/hooks';
import { api, ApiError, download } from '../../api/client';
import { Button, ErrorMessage, Loading, Notice, PageHeader, StateBadge } from '../../components/ui';
import { useLiveEvents } from '../../lib/events';
import { formatTime } from '../../lib/format';
import { navigate, useLocation } from '../../lib/router';
import { namesFrom, personName, recipePath, versionPath } from './data';
import { DiffView } from './Diff';
import { LifecycleActions } from './Lifecycle';
import { defaultPair, exportFileName, newestFirst, parseVersionParam, RECIPE_EVENTS, signatureAction } from './model';
import type { RecipeDiff, RecipeSummary, VersionView } from './types';
import './recipes.css';

interface Loaded {
  recipe: RecipeSummary;
  versions: Map<number, VersionView>;
}

async function load(id: string): Promise<Loaded> {
  const recipe = await api.get<RecipeSummary>(recipePath(id));
  // Each version's signatures (and content, for the diff's names) come with the version itself.
  const views = await Promise.all(recipe.versions.map((v) => api.get<VersionView>(versionPath(recipe.id, v.number))));
  return { recipe, versions: new Map(views.map((v) => [v.number, v])) };
}

export default function RecipeDetail({ id }: { id: string }) {
  const { path, params } = useLocation();
  const [data, setData] = useState<Loaded | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [exportError, setExportError] = useState<unknown>(null);

  const reload = useCallback(() => {
    load(id).then(
      (d) => {
        setData(d);
        setError(null);
      },
      setError,
    );
  }, [id]);
  useEffect(reload, [reload]);
  useLiveEvents(RECIPE_EVENTS, (e) => {
    if (e.type === 'reset' || !e.subject || e.subject.id === data?.recipe.id || e.subject.id === id) reload();
  });

  if (error && !data) {
    return (
      <div class="rc-page">
        <PageHeader title="Recipe" />
        <ErrorMessage error={error} />
        {error instanceof ApiError && error.status === 404 ? (
          <p>
            <a href="/recipes" onClick={(e) => (e.preventDefault(), navigate('/recipes'))}>
              Back to the recipes
            </a>
          </p>
        ) : null}
      </div>
    );
  }
  if (!data) return <Loading what="Loading the recipe" />;

  const { recipe, versions } = data;
  const names = namesFrom([...versions.values()], recipe);
  const rid = encodeURIComponent(recipe.id);

  function changed(v: VersionView) {
    setData((d) => (d ? { ...d, versions: new Map(d.versions).set(v.number, { ...d.versions.get(v.number), ...v }) } : d));
    reload();
  }

  async function exportVersion(n: number) {
    setExportError(null);
    try {
      await download(`${versionPath(recipe.id, n)}/export`, exportFileName(recipe.product_code, n));
    } catch (e) {
      setExportError(e);
    }
  }

  return (
    <div class="rc-page">
      <p class="rc-back">
        <a href="/recipes" onClick={(e) => (e.preventDefault(), navigate('/recipes'))}>
          ← Recipes
        </a>
      </p>
      <PageHeader
        title={
          <>
            {recipe.product_name} <span class="rc-code">{recipe.product_code}</span>
          </>
        }
      />
      <dl class="facts rc-facts" data-testid="recipe-header">
        <dt>Product code</dt>
        <dd>{recipe.product_code}</dd>
        <dt>Site</dt>
        <dd>{recipe.site}</dd>
        <dt>Effective version</dt>
        <dd>{recipe.effective_version ? `Version ${recipe.effective_version}` : 'None: no batch can be made from this recipe yet'}</dd>
        <dt>Created</dt>
        <dd>
          {formatTime(recipe.created_at)} by {personName(names, recipe.created_by)}
        </dd>
      </dl>
      <ErrorMessage error={error} onDismiss={() => setError(null)} />

      <h2 id="rc-history-h">Versions</h2>
      <ErrorMessage error={exportError} onDismiss={() => setExportError(null)} />
      <div class="rc-table-wrap">
        <table class="rc-history" aria-labelledby="rc-history-h" data-testid="version-history">
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">State</th>
              <th scope="col">Created</th>
              <th scope="col">Signatures</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {newestFirst(recipe.versions).map((s) => {
              const v = versions.get(s.number);
              return (
                <tr key={s.number} data-testid="version-row" data-version={s.number}>
                  <th scope="row">
                    <span class="rc-vnum">v{s.number}</span>
                    {s.based_on ? <div class="muted small">from v{s.based_on}</div> : null}
                    <div class="muted small">{s.step_count} steps</div>
                  </th>
                  <td>
                    <StateBadge state={s.state} />
                    {v && !v.valid && (s.state === 'draft' || s.state === 'rejected') ? (
                      <div class="small rc-problems">
                        {v.problems.length} problem{v.problems.length === 1 ? '' : 's'} to fix before submitting
                      </div>
                    ) : null}
                  </td>
                  <td>
                    {formatTime(v?.created_at ?? s.updated_at)}
                    <div class="small">by {personName(names, v?.created_by)}</div>
                    {v && v.updated_at !== v.created_at ? (
                      <div class="muted small">
                        last changed {formatTime(v.updated_at)} by {personName(names, v.updated_by)}
                      </div>
                    ) : null}
                  </td>
                  <td>
                    {v && v.signatures.length > 0 ? (
                      <ul class="rc-sigs">
                        {v.signatures.map((g) => (
                          <li key={g.id}>
                            <strong>{signatureAction(g)}</strong> — {g.signer.printed_name}, {formatTime(g.signed_at)}
                            <div class="muted small">
                              {g.meaning_text ?? g.meaning}
                              {g.comment ? `: “${g.comment}”` : ''}
                            </div>
                          </li>
                        ))}
                      </ul>
                    ) : (
                      <span class="muted">none yet</span>
                    )}
                  </td>
                  <td>
                    <div class="rc-row-actions">
                      <Button
                        onClick={() => navigate(`/recipes/${rid}/versions/${s.number}`)}
                        aria-label={`Open version ${s.number}`}
                      >
                        Open
                      </Button>
                      <Button onClick={() => exportVersion(s.number)} aria-label={`Export JSON of version ${s.number}`}>
                        Export JSON
                      </Button>
                    </div>
                    {v ? <LifecycleActions recipeId={recipe.id} version={v} onChanged={changed} /> : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>

      <Compare recipe={recipe} versions={versions} path={path} params={params} />
    </div>
  );
}

function Compare({
  recipe,
  versions,
  path,
  params,
}: {
  recipe: RecipeSummary;
  versions: Map<number, VersionView>;
  path: string;
  params: URLSearchParams;
}) {
  const numbers = recipe.versions.map((v) => v.number).sort((a, b) => a - b);
  const pair = defaultPair(recipe.versions);
  const wantFrom = parseVersionParam(params.get('from'));
  const wantTo = parseVersionParam(params.get('to'));
  const [from, setFrom] = useState<number | null>(wantFrom ?? pair?.from ?? null);
  const [to, setTo] = useState<number | null>(wantTo ?? pair?.to ?? null);
  const [diff, setDiff] = useState<RecipeDiff | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  // The latest version's content moves on while it is a draft: compare again when it does.
  const stamp = [wantFrom, wantTo].map((n) => (n ? versions.get(n)?.version : '')).join('/');

  // The address decides what is compared.
  useEffect(() => {
    if (wantFrom) setFrom(wantFrom);
    if (wantTo) setTo(wantTo);
    if (!wantFrom || !wantTo) {
      setDiff(null);
      return;
    }
    let live = true;
    setBusy(true);
    setError(null);
    api.get<RecipeDiff>(`${recipePath(recipe.id)}/diff?from=${wantFrom}&to=${wantTo}`).then(
      (d) => live && (setDiff(d), setBusy(false)),
      (e) => live && (setError(e), setDiff(null), setBusy(false)),
    );
    return () => {
      live = false;
    };
  }, [recipe.id, wantFrom, wantTo, stamp]);

  if (numbers.length < 2) {
    return (
      <section class="rc-compare" aria-labelledby="rc-compare-h">
        <h2 id="rc-compare-h">Compare versions</h2>
        <p class="muted">There is one version; a comparison needs two.</p>
      </section>
    );
  }

  function compare(e: Event) {
    e.preventDefault();
    if (!from || !to) return;
    navigate(`${path}?from=${from}&to=${to}`);
  }

  const option = (n: number) => (
    <option key={n} value={n}>
      Version {n} ({versions.get(n)?.state.replace('_', ' ') ?? recipe.versions.find((v) => v.number === n)?.state.replace('_', ' ')})
    </option>
  );
  return (
    <section class="rc-compare card" aria-labelledby="rc-compare-h">
      <h2 id="rc-compare-h">Compare versions</h2>
      <form class="inline rc-compare-form" onSubmit={compare}>
        <label>
          From
          <select name="from" value={from ?? ''} onChange={(e) => setFrom(Number((e.target as HTMLSelectElement).value))}>
            {numbers.map(option)}
          </select>
        </label>
        <label>
          To
          <select name="to" value={to ?? ''} onChange={(e) => setTo(Number((e.target as HTMLSelectElement).value))}>
            {numbers.map(option)}
          </select>
        </label>
        <Button kind="primary" type="submit" busy={busy} class="rc-compare-btn">
          Compare
        </Button>
      </form>
      <ErrorMessage error={error} />
      {busy && !diff ? <Loading what="Comparing" /> : null}
      {diff && diff.from === wantFrom && diff.to === wantTo ? (
        <DiffView diff={diff} fromDoc={versions.get(diff.from)?.content} toDoc={versions.get(diff.to)?.content} />
      ) : null}
      {!diff && !busy && !error ? <Notice>Choose two versions and “Compare” to see what changed between them.</Notice> : null}
    </section>
  );
}
