// Materials (material.read): items, lots with their status and expiry, a lot's detail (QC release,
// reject and block, signed; containers and their labels; movements; status history), receipt
// filled by scanning a supplier's label, a scan test, and the lot genealogy as a graph.
// Routed at /materials/*; `rest` is the path below it.
import { match } from '../../lib/router';
import { can } from '../../lib/session';
import { Genealogy } from './Genealogy';
import { ItemDetail, Items, NewItem } from './Items';
import { LotDetail } from './LotDetail';
import { Lots } from './Lots';
import { Link } from './parts';
import { Receive } from './Receive';
import { ScanTest } from './ScanTest';
import './materials.css';

const TABS = [
  { key: 'lots', path: '/materials/lots', label: 'Lots' },
  { key: 'items', path: '/materials/items', label: 'Items' },
  { key: 'receive', path: '/materials/receive', label: 'Receive', permission: 'material.manage' },
  { key: 'scan', path: '/materials/scan', label: 'Scan test' },
];

function screen(rest: string): { tab: string; body: preact.JSX.Element } {
  const path = '/' + rest;
  let p: Record<string, string> | null;
  if (path === '/' || match('/lots', path)) return { tab: 'lots', body: <Lots /> };
  if ((p = match('/lots/:id/genealogy', path))) return { tab: 'lots', body: <Genealogy id={p.id} /> };
  if ((p = match('/lots/:id/movements', path))) return { tab: 'lots', body: <LotDetail id={p.id} view="movements" /> };
  if ((p = match('/lots/:id', path))) return { tab: 'lots', body: <LotDetail id={p.id} view="overview" /> };
  if (match('/items', path)) return { tab: 'items', body: <Items /> };
  if (match('/items/new', path)) return { tab: 'items', body: <NewItem /> };
  if ((p = match('/items/:code', path))) return { tab: 'items', body: <ItemDetail code={p.code} /> };
  if (match('/receive', path)) return { tab: 'receive', body: <Receive /> };
  if (match('/scan', path)) return { tab: 'scan', body: <ScanTest /> };
  return {
    tab: '',
    body: (
      <p role="alert">
        There is no materials page “{rest}”. <Link to="/materials/lots">See the lots</Link>.
      </p>
    ),
  };
}

export default function Materials({ rest }: { rest: string }) {
  const { tab, body } = screen(rest);
  return (
    <div class="mat-screen">
      <nav class="mat-tabs" aria-label="Materials">
        {TABS.filter((t) => !t.permission || can(t.permission)).map((t) => (
          <Link key={t.key} to={t.path} class={t.key === tab ? 'mat-tab-active' : undefined} current={t.key === tab}>
            {t.label}
          </Link>
        ))}
      </nav>
      {body}
    </div>
  );
}
