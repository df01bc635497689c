// Administration (user.admin): accounts, a new account, and the live security-event feed, as tabs
// at /admin (accounts), /admin/users?user={id} (one account), /admin/new and /admin/security.
// The feed listens on every tab, so events are not lost while the administrator works on an
// account.
import { PageHeader } from '../../components/ui';
import { navigate, useLocation } from '../../lib/router';
import { useStore } from '../../lib/store';
import { CreateUser } from './CreateUser';
import { feed, SecurityFeed, useSecurityEvents } from './SecurityFeed';
import { UserDetail } from './UserDetail';
import { UserList } from './UserList';
import './admin.css';

const TABS: { tab: string; path: string; label: string }[] = [
  { tab: 'users', path: '/admin', label: 'Accounts' },
  { tab: 'new', path: '/admin/new', label: 'New account' },
  { tab: 'security', path: '/admin/security', label: 'Security events' },
];

export default function Admin({ tab = 'users' }: { tab?: string }) {
  useSecurityEvents();
  const events = useStore(feed).length;
  const { params } = useLocation();
  const userId = tab === 'users' ? params.get('user') : null;

  let body;
  if (tab === 'users') body = userId ? <UserDetail id={userId} /> : <UserList />;
  else if (tab === 'new') body = <CreateUser />;
  else if (tab === 'security') body = <SecurityFeed />;
  else body = <p>There is no administration page “{tab}”.</p>;

  return (
    <div class="admin-screen">
      <PageHeader title="Administration" />
      <nav class="tabs" aria-label="Administration">
        {TABS.map((t) => (
          <a
            key={t.tab}
            href={t.path}
            aria-current={t.tab === tab && !userId ? 'page' : undefined}
            class={t.tab === tab ? 'tab-active' : undefined}
            onClick={(e) => {
              e.preventDefault();
              navigate(t.path);
            }}
          >
            {t.label}
            {t.tab === 'security' && events > 0 ? <span class="tab-count">({events})</span> : null}
          </a>
        ))}
      </nav>
      {userId ? (
        <a
          class="back-link"
          href="/admin"
          onClick={(e) => {
            e.preventDefault();
            navigate('/admin');
          }}
        >
          ← All accounts
        </a>
      ) : null}
      {body}
    </div>
  );
}
