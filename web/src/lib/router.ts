// History routing: paths like /batches/{id}/execute; the server answers index.html for them.
import { store, useStore } from './store';

export const location = store(window.location.pathname + window.location.search);

window.addEventListener('popstate', () => location.set(window.location.pathname + window.location.search));

export function navigate(to: string, replace = false): void {
  if (to === location.get()) return;
  if (replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  location.set(to);
  window.scrollTo(0, 0);
}

export function useLocation(): { path: string; params: URLSearchParams } {
  const full = useStore(location);
  const q = full.indexOf('?');
  return {
    path: q < 0 ? full : full.slice(0, q),
    params: new URLSearchParams(q < 0 ? '' : full.slice(q + 1)),
  };
}

// "/batches/:id/execute" against "/batches/0193/execute" → {id: "0193"}; null when it does not match.
// A last segment "*" matches the rest of the path, none or more segments, as {"*": "a/b"}, so an
// area can route its own sub-screens.
export function match(pattern: string, path: string): Record<string, string> | null {
  const p = pattern.split('/').filter(Boolean);
  const s = path.split('/').filter(Boolean);
  const rest = p.length > 0 && p[p.length - 1] === '*';
  if (rest) p.pop();
  if (rest ? s.length < p.length : p.length !== s.length) return null;
  const out: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    if (p[i].startsWith(':')) {
      try {
        out[p[i].slice(1)] = decodeURIComponent(s[i]);
      } catch {
        return null;
      }
    } else if (p[i] !== s[i]) {
      return null;
    }
  }
  if (rest) out['*'] = s.slice(p.length).join('/');
  return out;
}
