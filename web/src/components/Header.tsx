// The header on every screen: where you are, the server's time (the time every record gets), who
// is signed in and as what, the live-connection state, and sign out.
import { useEffect, useState } from 'preact/hooks';
import { serverNow } from '../api/client';
import { connected } from '../lib/events';
import { formatClock, humanize } from '../lib/format';
import { navigate, useLocation } from '../lib/router';
import { can, logout, me, roleNames } from '../lib/session';
import { useStore } from '../lib/store';

interface NavItem {
  to: string;
  label: string;
  permission?: string | string[]; // any one of them
}

export const NAV: NavItem[] = [
  { to: '/', label: 'Home' },
  { to: '/batches', label: 'Batches', permission: 'batch.read' },
  { to: '/review', label: 'Review', permission: ['batch.review', 'batch.release'] },
  { to: '/equipment', label: 'Equipment', permission: 'logbook.read' },
  { to: '/logbooks', label: 'Logbooks', permission: 'logbook.read' },
  { to: '/materials', label: 'Materials', permission: 'material.read' },
  { to: '/recipes', label: 'Recipes', permission: 'recipe.read' },
  { to: '/audit', label: 'Audit trail', permission: 'audit.read' },
  { to: '/admin', label: 'Administration', permission: 'user.admin' },
];

function ServerClock() {
  const [now, setNow] = useState(serverNow());
  useEffect(() => {
    const t = setInterval(() => setNow(serverNow()), 1000);
    return () => clearInterval(t);
  }, []);
  return (
    <span class="server-clock" title="Server time: every record is stamped with it" data-testid="server-time">
      {formatClock(now)}
    </span>
  );
}

export function Header() {
  const user = useStore(me);
  const live = useStore(connected);
  const names = useStore(roleNames);
  const { path } = useLocation();
  if (!user) return null;
  const items = NAV.filter((n) => !n.permission || (Array.isArray(n.permission) ? n.permission.some(can) : can(n.permission)));
  return (
    <header class="app-header">
      <a
        class="brand"
        href="/"
        onClick={(e) => {
          e.preventDefault();
          navigate('/');
        }}
      >
        Gemba
      </a>
      <nav aria-label="Main">
        {items.map((n) => {
          const active = n.to === '/' ? path === '/' : path === n.to || path.startsWith(n.to + '/');
          return (
            <a
              key={n.to}
              href={n.to}
              aria-current={active ? 'page' : undefined}
              onClick={(e) => {
                e.preventDefault();
                navigate(n.to);
              }}
            >
              {n.label}
            </a>
          );
        })}
      </nav>
      <div class="header-right">
        <span class={`live-dot ${live ? 'on' : 'off'}`} title={live ? 'Live updates connected' : 'Live updates reconnecting'} role="img" aria-label={live ? 'Live updates connected' : 'Live updates reconnecting'} />
        <ServerClock />
        <span class="who" data-testid="who">
          <strong>{user.printed_name}</strong>
          <span class="muted small">{user.roles.map((r) => names[r] ?? humanize(r)).join(', ')}</span>
        </span>
        <button type="button" class="btn btn-ghost" onClick={() => void logout()}>
          Sign out
        </button>
      </div>
    </header>
  );
}
