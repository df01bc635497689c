// The item master: the list, one item with its lots, and a new item (material.manage) with the
// server's validation shown at the field it names.
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, query } from '../../api/client';
import { Button, ErrorMessage, Loading, PageHeader } from '../../components/ui';
import { humanize } from '../../lib/format';
import { navigate } from '../../lib/router';
import { can } from '../../lib/session';
import { formatNumber, gtinCheck, ITEM_TYPES } from './model';
import { ExpiryText, Link, lotPath, LotStatusBadge } from './parts';
import type { Item, Lot } from './types';
import { useItems } from './useItems';

const itemPath = (code: string) => `/materials/items/${encodeURIComponent(code)}`;

export function Items() {
  const items = useItems();
  return (
    <section aria-labelledby="items-title">
      <PageHeader title={<span id="items-title">Items</span>}>
        {can('material.manage') ? (
          <Button kind="primary" onClick={() => navigate('/materials/items/new')}>
            New item
          </Button>
        ) : null}
      </PageHeader>
      {items === null ? (
        <Loading what="Loading the items" />
      ) : items.length === 0 ? (
        <p class="mat-empty">The item master is empty.</p>
      ) : (
        <div class="mat-table-wrap">
          <table aria-labelledby="items-title">
            <thead>
              <tr>
                <th scope="col">Code</th>
                <th scope="col">Name</th>
                <th scope="col">Type</th>
                <th scope="col">Unit</th>
                <th scope="col">GTIN</th>
                <th scope="col">Shelf life</th>
              </tr>
            </thead>
            <tbody>
              {items.map((i) => (
                <tr key={i.id}>
                  <td>
                    <Link to={itemPath(i.code)} class="mat-strong-link">
                      {i.code}
                    </Link>
                  </td>
                  <td>
                    {i.name}
                    {i.potency_adjusted ? <div class="muted small">Dispensed by potency (assay)</div> : null}
                  </td>
                  <td>{humanize(i.type)}</td>
                  <td>{i.base_unit}</td>
                  <td class="mono">{i.gtins.join(', ') || '—'}</td>
                  <td>{i.shelf_life_days ? `${i.shelf_life_days} days` : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export function ItemDetail({ code }: { code: string }) {
  const [item, setItem] = useState<Item | null>(null);
  const [lots, setLots] = useState<Lot[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let live = true;
    api
      .get<Item>(`/api/v1/items/${encodeURIComponent(code)}`)
      .then((i) => live && setItem(i))
      .catch((e) => live && setError(e));
    api
      .get<{ items: Lot[] }>(`/api/v1/lots${query({ item: code, limit: 100 })}`)
      .then((r) => live && setLots(r.items))
      .catch(() => live && setLots([]));
    return () => {
      live = false;
    };
  }, [code]);
  if (error) return <ErrorMessage error={error} />;
  if (!item) return <Loading what={`Loading item ${code}`} />;
  return (
    <article aria-labelledby="item-title">
      <PageHeader title={<span id="item-title">{item.code}</span>}>
        {can('material.manage') ? (
          <Button kind="primary" onClick={() => navigate(`/materials/receive?item=${encodeURIComponent(item.code)}`)}>
            Receive a lot of {item.code}
          </Button>
        ) : null}
      </PageHeader>
      <p class="mat-subtitle">{item.name}</p>
      <section class="card">
        <dl class="facts">
          <dt>Type</dt>
          <dd>{humanize(item.type)}</dd>
          <dt>Base unit</dt>
          <dd>{item.base_unit}</dd>
          <dt>GTINs</dt>
          <dd class="mono">{item.gtins.join(', ') || '—'}</dd>
          <dt>Storage</dt>
          <dd>{item.storage_conditions || '—'}</dd>
          <dt>Shelf life</dt>
          <dd>{item.shelf_life_days ? `${item.shelf_life_days} days` : '—'}</dd>
          <dt>Retest interval</dt>
          <dd>{item.retest_interval_days ? `${item.retest_interval_days} days` : '—'}</dd>
          <dt>Dispensed by potency</dt>
          <dd>{item.potency_adjusted ? 'Yes: the target is divided by the lot’s assay' : 'No'}</dd>
        </dl>
      </section>
      <h2>Lots of {item.code}</h2>
      {lots === null ? (
        <Loading what="Loading the lots" />
      ) : lots.length === 0 ? (
        <p class="mat-empty">No lot of this item yet.</p>
      ) : (
        <div class="mat-table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Lot</th>
                <th scope="col">Status</th>
                <th scope="col">Available</th>
                <th scope="col">Expiry</th>
              </tr>
            </thead>
            <tbody>
              {lots.map((l) => (
                <tr key={l.id}>
                  <td>
                    <Link to={lotPath(l)} class="mat-strong-link">
                      {l.lot_number}
                    </Link>
                  </td>
                  <td>
                    <LotStatusBadge status={l.effective_status} />
                  </td>
                  <td class="mat-num">
                    {formatNumber(l.available)} {l.unit}
                  </td>
                  <td>
                    <ExpiryText expiry={l.expiry} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </article>
  );
}

interface ItemForm {
  code: string;
  name: string;
  type: Item['type'];
  base_unit: string;
  storage_conditions: string;
  gtins: string;
  shelf_life_days: string;
  retest_interval_days: string;
  potency_adjusted: boolean;
}

const EMPTY: ItemForm = {
  code: '',
  name: '',
  type: 'raw',
  base_unit: 'kg',
  storage_conditions: '',
  gtins: '',
  shelf_life_days: '',
  retest_interval_days: '',
  potency_adjusted: false,
};

export function NewItem() {
  const [form, setForm] = useState<ItemForm>(EMPTY);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  if (!can('material.manage')) return <ErrorMessage error={new Error('Creating items needs the permission material.manage.')} />;
  const set = <K extends keyof ItemForm>(k: K, v: ItemForm[K]) => setForm({ ...form, [k]: v });
  const field = error instanceof ApiError ? error.field : undefined;
  const gtins = form.gtins
    .split(/[\s,]+/)
    .map((g) => g.trim())
    .filter(Boolean);
  const gtinProblem = gtins.map(gtinCheck).find((p) => p !== null) ?? null;

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const int = (s: string) => (s.trim() ? Number(s) : undefined);
    try {
      const created = await api.post<Item>('/api/v1/items', {
        code: form.code.trim(),
        name: form.name.trim(),
        type: form.type,
        base_unit: form.base_unit.trim(),
        storage_conditions: form.storage_conditions.trim() || undefined,
        gtins,
        shelf_life_days: int(form.shelf_life_days),
        retest_interval_days: int(form.retest_interval_days),
        potency_adjusted: form.potency_adjusted,
      });
      navigate(itemPath(created.code));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const inv = (name: string) => (field === name || field?.startsWith(name + '.') ? 'true' : undefined);
  return (
    <form class="mat-form" onSubmit={submit} aria-labelledby="new-item-title" noValidate>
      <h1 id="new-item-title">New item</h1>
      <ErrorMessage error={error} />
      <div class="mat-form-grid">
        <label>
          Material code
          <input value={form.code} aria-invalid={inv('code')} onInput={(e) => set('code', (e.target as HTMLInputElement).value)} placeholder="RM-0101" />
        </label>
        <label>
          Name
          <input value={form.name} aria-invalid={inv('name')} onInput={(e) => set('name', (e.target as HTMLInputElement).value)} />
        </label>
        <label>
          Type
          <select value={form.type} onChange={(e) => set('type', (e.target as HTMLSelectElement).value as Item['type'])}>
            {ITEM_TYPES.map((t) => (
              <option key={t} value={t}>
                {humanize(t)}
              </option>
            ))}
          </select>
        </label>
        <div class="mat-field">
          <label>
            Base unit
            <input aria-describedby="item-hint-1" value={form.base_unit} aria-invalid={inv('base_unit')} onInput={(e) => set('base_unit', (e.target as HTMLInputElement).value)} />
          </label>
          <span class="hint mat-hint-after" id="item-hint-1">A unit of mass, volume or count from the recipe unit table (kg, g, L, pcs).</span>
        </div>
        <div class="mat-field">
          <label>
            GTIN-14s
            <input aria-describedby="item-hint-2" value={form.gtins} aria-invalid={inv('gtins') ?? (gtinProblem ? 'true' : undefined)} onInput={(e) => set('gtins', (e.target as HTMLInputElement).value)} inputMode="numeric" />
          </label>
          <span class="hint mat-hint-after" id="item-hint-2">{gtinProblem ?? 'Separated by spaces or commas; a scan of AI 01 finds the item.'}</span>
        </div>
        <label>
          Storage conditions
          <input value={form.storage_conditions} onInput={(e) => set('storage_conditions', (e.target as HTMLInputElement).value)} />
        </label>
        <label>
          Shelf life (days)
          <input type="number" min={1} value={form.shelf_life_days} aria-invalid={inv('shelf_life_days')} onInput={(e) => set('shelf_life_days', (e.target as HTMLInputElement).value)} />
        </label>
        <label>
          Retest interval (days)
          <input type="number" min={1} value={form.retest_interval_days} aria-invalid={inv('retest_interval_days')} onInput={(e) => set('retest_interval_days', (e.target as HTMLInputElement).value)} />
        </label>
      </div>
      <label class="mat-check">
        <input type="checkbox" checked={form.potency_adjusted} onChange={(e) => set('potency_adjusted', (e.target as HTMLInputElement).checked)} />
        Dispensed by potency (each lot needs its assay)
      </label>
      <div class="mat-form-actions">
        <Button onClick={() => navigate('/materials/items')}>Cancel</Button>
        <Button kind="primary" type="submit" busy={busy}>
          Create the item
        </Button>
      </div>
    </form>
  );
}
