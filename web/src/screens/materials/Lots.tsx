// The lots, newest first, filtered by item and status (in the address, so a filter can be shared);
// each with its status in colour and words and its expiry as a sentence.
import { useEffect, useState } from 'preact/hooks';
import { api, query } from '../../api/client';
import { Button, ErrorMessage, Loading, PageHeader } from '../../components/ui';
import { useLiveEvents } from '../../lib/events';
import { navigate, useLocation } from '../../lib/router';
import { can } from '../../lib/session';
import { formatNumber, LOT_STATUSES, statusInfo } from './model';
import { ExpiryText, Link, lotPath, LotStatusBadge } from './parts';
import type { Item, Lot } from './types';
import { useItems } from './useItems';

export function Lots() {
  const { params } = useLocation();
  const item = params.get('item') ?? '';
  const status = params.get('status') ?? '';
  const items = useItems();
  const [lots, setLots] = useState<Lot[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    let live = true;
    setError(null);
    api
      .get<{ items: Lot[] }>(`/api/v1/lots${query({ item, status, limit: 500 })}`)
      .then((r) => live && setLots(r.items))
      .catch((e) => live && setError(e));
    return () => {
      live = false;
    };
  }, [item, status, tick]);
  useLiveEvents(['material'], () => setTick((t) => t + 1));
  useEffect(() => {
    const onVisible = () => document.visibilityState === 'visible' && setTick((t) => t + 1);
    document.addEventListener('visibilitychange', onVisible);
    return () => document.removeEventListener('visibilitychange', onVisible);
  }, []);

  const setFilter = (k: string, v: string) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    const q = next.toString();
    navigate(`/materials/lots${q ? `?${q}` : ''}`, true);
  };

  return (
    <section aria-labelledby="lots-title">
      <PageHeader title={<span id="lots-title">Lots</span>}>
        {can('material.manage') ? (
          <Button kind="primary" onClick={() => navigate('/materials/receive')}>
            Receive a lot
          </Button>
        ) : null}
      </PageHeader>
      <form class="mat-filters" role="search" aria-label="Filter the lots" onSubmit={(e) => e.preventDefault()}>
        <label>
          Item
          <select value={item} onChange={(e) => setFilter('item', (e.target as HTMLSelectElement).value)}>
            <option value="">All items</option>
            {(items ?? []).map((i: Item) => (
              <option key={i.id} value={i.code}>
                {i.code} — {i.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Status
          <select value={status} onChange={(e) => setFilter('status', (e.target as HTMLSelectElement).value)}>
            <option value="">Any status</option>
            {LOT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {statusInfo(s).label}
              </option>
            ))}
          </select>
        </label>
      </form>
      <ErrorMessage error={error} />
      {lots === null && !error ? <Loading what="Loading the lots" /> : null}
      {lots && lots.length === 0 ? <p class="mat-empty">No lot matches this filter.</p> : null}
      {lots && lots.length > 0 ? (
        <div class="mat-table-wrap">
          <table class="mat-lots" aria-labelledby="lots-title">
            <thead>
              <tr>
                <th scope="col">Lot</th>
                <th scope="col">Item</th>
                <th scope="col">Status</th>
                <th scope="col">Available</th>
                <th scope="col">Expiry</th>
                <th scope="col">Supplier lot</th>
              </tr>
            </thead>
            <tbody>
              {lots.map((l) => (
                <tr key={l.id} data-lot={l.lot_number}>
                  <td>
                    <Link to={lotPath(l)} class="mat-strong-link">
                      {l.lot_number}
                    </Link>
                  </td>
                  <td>
                    <span class="mono">{l.item_code}</span>
                    <div class="muted small">{l.item_name}</div>
                  </td>
                  <td>
                    <LotStatusBadge status={l.effective_status} />
                  </td>
                  <td class="mat-num">
                    {formatNumber(l.available)} {l.unit}
                    {l.dispensed > 0 ? <div class="muted small">{formatNumber(l.dispensed)} {l.unit} dispensed</div> : null}
                  </td>
                  <td>
                    <ExpiryText expiry={l.expiry} />
                  </td>
                  <td>
                    {l.supplier_lot}
                    <div class="muted small">{l.supplier}</div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
