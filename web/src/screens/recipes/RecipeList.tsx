// Master batch records: every recipe with its versions' states at a glance (the effective one,
// those in review, the drafts), searchable; authors start a new recipe or import a document.
// Kept current by the live recipe events.
import { useCallback, useEffect, useState } from 'preact/hooks';
import { Button, ErrorMessage, Loading, Notice, PageHeader, StateBadge } from '../../components/ui';
import { useLiveEvents } from '../../lib/events';
import { navigate } from '../../lib/router';
import { can } from '../../lib/session';
import { loadRecipes } from './data';
import { ImportRecipe } from './Import';
import { atAGlance, matchesRecipe, RECIPE_EVENTS } from './model';
import { NewRecipe } from './NewRecipe';
import type { RecipeSummary } from './types';
import './recipes.css';

function VersionLinks({ recipe, numbers, state }: { recipe: RecipeSummary; numbers: number[]; state: string }) {
  if (numbers.length === 0) return <span class="muted">—</span>;
  return (
    <span class="rc-version-links">
      {numbers.map((n) => (
        <a
          key={n}
          href={`/recipes/${encodeURIComponent(recipe.id)}/versions/${n}`}
          onClick={(e) => {
            e.preventDefault();
            navigate(`/recipes/${encodeURIComponent(recipe.id)}/versions/${n}`);
          }}
          aria-label={`Version ${n} of ${recipe.product_code}, ${state}`}
        >
          v{n}
        </a>
      ))}
    </span>
  );
}

export default function RecipeList() {
  const [recipes, setRecipes] = useState<RecipeSummary[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [search, setSearch] = useState('');
  const [dialog, setDialog] = useState<'new' | 'import' | null>(null);
  const author = can('recipe.author');

  const reload = useCallback(() => {
    loadRecipes().then(
      (r) => {
        setRecipes(r);
        setError(null);
      },
      setError,
    );
  }, []);
  useEffect(reload, [reload]);
  useLiveEvents(RECIPE_EVENTS, reload);

  const shown = (recipes ?? []).filter((r) => matchesRecipe(r, search));
  const knownSites = [...new Set((recipes ?? []).map((r) => r.site))];

  return (
    <div class="rc-page">
      <PageHeader title="Recipes">
        {author ? (
          <>
            <Button kind="primary" onClick={() => setDialog('new')}>
              New recipe
            </Button>
            <Button onClick={() => setDialog('import')}>Import JSON</Button>
          </>
        ) : null}
      </PageHeader>
      <p class="muted">Master batch records: each version is a draft until it is approved and made effective for its site.</p>
      <label class="rc-search">
        Search recipes
        <input
          type="search"
          name="search"
          value={search}
          placeholder="Product code, name or site"
          onInput={(e) => setSearch((e.target as HTMLInputElement).value)}
        />
      </label>
      <ErrorMessage error={error} />
      {!recipes && !error ? <Loading what="Loading the recipes" /> : null}
      {recipes && recipes.length === 0 ? <Notice>There is no recipe yet.{author ? ' Start one with “New recipe” or import a document.' : ''}</Notice> : null}
      {recipes && recipes.length > 0 && shown.length === 0 ? <Notice>No recipe matches “{search}”.</Notice> : null}
      {shown.length > 0 ? (
        <div class="rc-table-wrap">
          <table class="rc-recipes" data-testid="recipe-list">
            <caption class="muted">
              {shown.length} of {recipes?.length ?? 0} recipe{recipes?.length === 1 ? '' : 's'}
            </caption>
            <thead>
              <tr>
                <th scope="col">Product</th>
                <th scope="col">Site</th>
                <th scope="col">Effective</th>
                <th scope="col">In review</th>
                <th scope="col">Approved</th>
                <th scope="col">Drafts</th>
                <th scope="col">Latest</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((r) => {
                const g = atAGlance(r);
                const latest = r.versions.find((v) => v.number === g.latest);
                return (
                  <tr key={r.id} data-testid="recipe-row">
                    <td>
                      <a
                        class="rc-open-link"
                        href={`/recipes/${encodeURIComponent(r.id)}`}
                        onClick={(e) => {
                          e.preventDefault();
                          navigate(`/recipes/${encodeURIComponent(r.id)}`);
                        }}
                      >
                        {r.product_code}
                      </a>
                      <div>{r.product_name}</div>
                    </td>
                    <td>{r.site}</td>
                    <td>
                      {g.effective ? (
                        <span class="badge badge-effective">v{g.effective} effective</span>
                      ) : (
                        <span class="muted">none</span>
                      )}
                    </td>
                    <td>
                      <VersionLinks recipe={r} numbers={g.inReview} state="in review" />
                    </td>
                    <td>
                      <VersionLinks recipe={r} numbers={g.approved} state="approved" />
                    </td>
                    <td>
                      <VersionLinks recipe={r} numbers={g.drafts} state="draft" />
                    </td>
                    <td>
                      {latest ? (
                        <>
                          v{latest.number} <StateBadge state={latest.state} />
                        </>
                      ) : (
                        '—'
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
      {dialog === 'new' ? <NewRecipe knownSites={knownSites} onClose={() => setDialog(null)} /> : null}
      {dialog === 'import' ? <ImportRecipe onClose={() => setDialog(null)} /> : null}
    </div>
  );
}
