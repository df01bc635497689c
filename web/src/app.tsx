// The app's frame: sign-in gate, header, the idle warning and the routes. Each area's screens are
// their own chunk (lazy), so the execution screen loads without the audit or admin code.
import { useEffect, useState } from 'preact/hooks';
import { Header } from './components/Header';
import { IdleWarning } from './components/IdleWarning';
import { ErrorMessage, Loading } from './components/ui';
import { lazy } from './lib/lazy';
import { match, navigate, useLocation } from './lib/router';
import { prefetch, sessionToken } from './api/client';
import { can, me, refreshMe } from './lib/session';
import { useStore } from './lib/store';
import { Login } from './screens/Login';
import { PasswordChange } from './screens/PasswordChange';

const Home = lazy(() => import('./screens/Home'));
const Batches = lazy(() => import('./screens/Batches'));
const Execute = lazy(() => import('./screens/execute/Execute'));
const ReviewList = lazy(() => import('./screens/review/ReviewList'));
const Review = lazy(() => import('./screens/review/Review'));
const Audit = lazy(() => import('./screens/Audit'));
const Admin = lazy(() => import('./screens/admin/Admin'));
const RecipeList = lazy(() => import('./screens/recipes/RecipeList'));
const RecipeDetail = lazy(() => import('./screens/recipes/RecipeDetail'));
const Builder = lazy(() => import('./screens/builder/Builder'));
const Materials = lazy(() => import('./screens/materials/Materials'));
const Logbooks = lazy(() => import('./screens/logbooks/Logbooks'));
const Equipment = lazy(() => import('./screens/logbooks/Equipment'));

interface Route {
  pattern: string;
  permission?: string | string[]; // any one of them
  render: (p: Record<string, string>) => preact.JSX.Element;
  screen?: { preload: () => void }; // its lazily loaded module
  data?: (p: Record<string, string>) => string[]; // what it GETs first, fetched early
}

// An area whose pattern ends in "*" routes its own sub-screens from `rest` (the remaining path).
const ROUTES: Route[] = [
  { pattern: '/', render: () => <Home />, screen: Home },
  { pattern: '/batches', permission: 'batch.read', render: () => <Batches />, screen: Batches },
  { pattern: '/batches/:id', permission: 'batch.read', render: (p) => <Execute id={p.id} />,
    screen: Execute,
    data: (p) => [`/api/v1/batches/${encodeURIComponent(p.id)}/steps`, `/api/v1/batches/${encodeURIComponent(p.id)}/record.json`],
  },
  { pattern: '/review', permission: ['batch.review', 'batch.release'], render: () => <ReviewList />, screen: ReviewList },
  { pattern: '/review/:id', permission: ['batch.review', 'batch.release'], render: (p) => <Review id={p.id} />, screen: Review },
  { pattern: '/audit', permission: 'audit.read', render: () => <Audit />, screen: Audit },
  { pattern: '/admin', permission: 'user.admin', render: () => <Admin />, screen: Admin },
  { pattern: '/admin/:tab', permission: 'user.admin', render: (p) => <Admin tab={p.tab} />, screen: Admin },
  { pattern: '/recipes', permission: 'recipe.read', render: () => <RecipeList />, screen: RecipeList },
  { pattern: '/recipes/:id', permission: 'recipe.read', render: (p) => <RecipeDetail id={p.id} />, screen: RecipeDetail },
  { pattern: '/recipes/:id/versions/:v', permission: 'recipe.read', render: (p) => <Builder id={p.id} version={p.v} />, screen: Builder },
  { pattern: '/materials/*', permission: 'material.read', render: (p) => <Materials rest={p['*']} />, screen: Materials },
  { pattern: '/logbooks/*', permission: 'logbook.read', render: (p) => <Logbooks rest={p['*']} />, screen: Logbooks },
  { pattern: '/equipment/*', permission: 'logbook.read', render: (p) => <Equipment rest={p['*']} />, screen: Equipment },
  { pattern: '/password', render: () => <PasswordChange /> },
];

// The screen the address names starts loading now, with the data it asks for first, while the
// session is checked (instead of one after the other).
export function preloadScreen(path: string): void {
  if (!sessionToken()) return;
  for (const r of ROUTES) {
    const params = match(r.pattern, path);
    if (!params) continue;
    r.screen?.preload();
    r.data?.(params).forEach(prefetch);
    return;
  }
}

function Routes() {
  const { path } = useLocation();
  for (const r of ROUTES) {
    const params = match(r.pattern, path);
    if (!params) continue;
    const needed = r.permission === undefined ? [] : Array.isArray(r.permission) ? r.permission : [r.permission];
    if (needed.length > 0 && !needed.some(can)) {
      return (
        <ErrorMessage
          error={new Error(`Your role does not include this screen (it needs the permission ${needed.join(' or ')}). Ask an administrator if you need it.`)}
        />
      );
    }
    return r.render(params);
  }
  return (
    <div>
      <h1>Not found</h1>
      <p>
        There is no screen at <code>{path}</code>.{' '}
        <a href="/" onClick={(e) => (e.preventDefault(), navigate('/'))}>
          Go home
        </a>
      </p>
    </div>
  );
}

export function App() {
  const user = useStore(me);
  const [starting, setStarting] = useState(true);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    refreshMe()
      .catch(setError)
      .finally(() => setStarting(false));
  }, []);
  if (starting) return <Loading what="Starting" />;
  if (error) return <ErrorMessage error={error} />;
  if (!user) return <Login />;
  if (user.must_change_password) return <PasswordChange forced />;
  return (
    <>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <Header />
      <IdleWarning />
      <main id="main" tabIndex={-1}>
        <Routes />
      </main>
    </>
  );
}
