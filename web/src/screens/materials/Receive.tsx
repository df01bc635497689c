// Receipt of a lot (material.manage): a form the supplier's GS1 label fills when scanned — by a
// wedge scanner anywhere on the page, or pasted into the scan field — through POST /api/v1/scan:
// GTIN → item, AI 10 → supplier lot, AI 17 → expiry, AI 310n → a container's quantity. Each
// further scan of the same lot adds a container. Sent once (the Idempotency-Key stays the same
// while the form does), then the new lot opens, in quarantine.
import { useMemo, useRef, useState } from 'preact/hooks';
import { api, ApiError, serverNow } from '../../api/client';
import { Button, ErrorMessage, Notice } from '../../components/ui';
import { navigate, useLocation } from '../../lib/router';
import { can } from '../../lib/session';
import { useScanner } from '../../lib/scanner';
import { formatDate, formatNumber, normalizeScan, parseQuantities, receiptFromScan } from './model';
import { lotPath } from './parts';
import type { Item, Lot, ScanAnswer } from './types';
import { useItems } from './useItems';

interface Form {
  item: string;
  supplier: string;
  supplier_lot: string;
  unit: string;
  containers: string[];
  expiry: string;
  retest: string;
  assay: string;
}

// Enter in a field does not send the receipt: a scanner that ends its code with Enter in a field
// it was not meant for must not receive a lot. Only the button sends it.
function enterDoesNotSubmit(e: KeyboardEvent) {
  if (e.key === 'Enter' && e.target instanceof HTMLInputElement) e.preventDefault();
}

function newKey(): string {
  return crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`;
}

export function Receive() {
  const { params } = useLocation();
  const items = useItems();
  const [form, setForm] = useState<Form>({
    item: params.get('item') ?? '',
    supplier: '',
    supplier_lot: '',
    unit: '',
    containers: [''],
    expiry: '',
    retest: '',
    assay: '',
  });
  const [scanText, setScanText] = useState('');
  const [scanned, setScanned] = useState<{ answer: ScanAnswer; note: string } | null>(null);
  const [scanError, setScanError] = useState<unknown>(null);
  const [scanning, setScanning] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  // One key per distinct body: a retry of the same receipt is answered once, a changed form is new.
  const sent = useRef<{ body: string; key: string } | null>(null);
  const item: Item | undefined = useMemo(() => items?.find((i) => i.code === form.item), [items, form.item]);
  const unit = form.unit || item?.base_unit || '';

  async function readScan(raw: string) {
    const data = normalizeScan(raw);
    if (!data) return;
    setScanning(true);
    setScanError(null);
    try {
      const answer = await api.post<ScanAnswer>('/api/v1/scan', { data });
      const fill = receiptFromScan(answer, serverNow().getUTCFullYear());
      setForm((f) => {
        const sameLot = (!f.item || f.item === fill.item) && (!f.supplier_lot || f.supplier_lot === fill.supplierLot);
        let containers = f.containers;
        if (fill.quantity !== null) {
          const q = String(fill.quantity);
          const empty = containers.findIndex((c) => !c.trim());
          if (!sameLot) containers = [q];
          else if (empty >= 0) containers = containers.map((c, i) => (i === empty ? q : c));
          else containers = [...containers, q];
        }
        return {
          ...f,
          item: fill.item ?? f.item,
          supplier_lot: fill.supplierLot ?? f.supplier_lot,
          expiry: fill.expiry ?? f.expiry,
          unit: fill.unit ?? f.unit,
          containers,
        };
      });
      const parts = [
        fill.item ? `item ${fill.item}` : null,
        fill.supplierLot ? `supplier lot ${fill.supplierLot}` : null,
        fill.expiry ? `expiry ${formatDate(fill.expiry)}` : null,
        fill.quantity !== null ? `a container of ${formatNumber(fill.quantity)} ${fill.unit ?? ''}` : null,
      ].filter(Boolean);
      setScanned({
        answer,
        note: parts.length ? `The scan filled ${parts.join(', ')}.` : 'The scan names nothing a receipt uses (no GTIN, lot, expiry or quantity).',
      });
    } catch (e) {
      setScanError(e);
    } finally {
      setScanning(false);
    }
  }

  useScanner((s) => void readScan(s.text));

  if (!can('material.manage')) return <ErrorMessage error={new Error('Receiving material needs the permission material.manage.')} />;

  const set = <K extends keyof Form>(k: K, v: Form[K]) => setForm((f) => ({ ...f, [k]: v }));
  const quantities = parseQuantities(form.containers);
  const total = quantities?.reduce((s, q) => s + q, 0) ?? 0;
  const field = error instanceof ApiError ? error.field : undefined;
  const inv = (name: string) => (field === name ? 'true' : undefined);

  async function submit(e: Event) {
    e.preventDefault();
    setError(null);
    if (!form.item) return setError(new Error('Choose the item, or scan the supplier’s label.'));
    if (!quantities || quantities.length === 0) return setError(new Error('Give each container’s quantity, a number above 0.'));
    const body = {
      item: form.item,
      supplier: form.supplier.trim(),
      supplier_lot: form.supplier_lot.trim(),
      containers: quantities,
      unit: unit || undefined,
      expiry: form.expiry || undefined,
      retest: form.retest || undefined,
      assay_percent: form.assay.trim() ? Number(form.assay.replace(',', '.')) : undefined,
    };
    const text = JSON.stringify(body);
    if (!sent.current || sent.current.body !== text) sent.current = { body: text, key: newKey() };
    setBusy(true);
    try {
      const lot = await api.post<Lot>('/api/v1/lots', body, { idempotencyKey: sent.current.key });
      navigate(lotPath(lot));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="receive-title">
      <h1 id="receive-title">Receive a lot</h1>
      <p class="muted">
        Scan the supplier’s label (GS1: GTIN, lot, expiry, net weight) to fill the form; scan each container to add it. The lot is
        received in quarantine until QC releases it.
      </p>
      <form
        class="card mat-scan-box"
        onSubmit={(e) => {
          e.preventDefault();
          const t = scanText;
          setScanText('');
          void readScan(t);
        }}
      >
        <div class="mat-field">
          <label>
            Scan or paste the label
            <input
              aria-describedby="rcv-hint-1"
              data-scan-field
              value={scanText}
              onInput={(e) => setScanText((e.target as HTMLInputElement).value)}
              placeholder="(01)09506000134352(17)281130(10)AB-123(3103)025000"
              autocomplete="off"
              spellcheck={false}
            />
          </label>
          <span class="hint mat-hint-after" id="rcv-hint-1">Type the separator (FNC1) as &lt;GS&gt; or |, or use the (AI) form.</span>
        </div>
        <Button type="submit" busy={scanning}>
          Read the scan
        </Button>
        <div aria-live="polite">
          {scanned ? (
            <Notice kind="success">
              <span data-testid="scan-note">
                {scanned.note}
                {scanned.answer.lot ? ` Lot ${scanned.answer.lot.lot_number} already holds this supplier lot; this receipt makes a new lot.` : ''}
              </span>
            </Notice>
          ) : null}
        </div>
        <ErrorMessage error={scanError} onDismiss={() => setScanError(null)} />
      </form>

      <form class="card mat-form" onSubmit={submit} onKeyDown={enterDoesNotSubmit} noValidate aria-label="Receipt">
        <ErrorMessage error={error} />
        <div class="mat-form-grid">
          <label>
            Item
            <select value={form.item} aria-invalid={inv('item')} onChange={(e) => set('item', (e.target as HTMLSelectElement).value)}>
              <option value="">Choose the item</option>
              {(items ?? []).map((i) => (
                <option key={i.id} value={i.code}>
                  {i.code} — {i.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            Supplier
            <input value={form.supplier} aria-invalid={inv('supplier')} onInput={(e) => set('supplier', (e.target as HTMLInputElement).value)} />
          </label>
          <label>
            Supplier lot
            <input value={form.supplier_lot} aria-invalid={inv('supplier_lot')} onInput={(e) => set('supplier_lot', (e.target as HTMLInputElement).value)} />
          </label>
          <div class="mat-field">
            <label>
              Unit
              <input aria-describedby="rcv-hint-2" value={unit} aria-invalid={inv('unit')} onInput={(e) => set('unit', (e.target as HTMLInputElement).value)} />
            </label>
            <span class="hint mat-hint-after" id="rcv-hint-2">{item ? `The item is kept in ${item.base_unit}; another unit of the same kind is converted.` : 'The item’s base unit unless you name another.'}</span>
          </div>
          <div class="mat-field">
            <label>
              Expiry date
              <input aria-describedby="rcv-hint-3" type="date" value={form.expiry} aria-invalid={inv('expiry')} onInput={(e) => set('expiry', (e.target as HTMLInputElement).value)} />
            </label>
            <span class="hint mat-hint-after" id="rcv-hint-3">{item?.shelf_life_days ? `Empty: today + the item’s shelf life (${item.shelf_life_days} days).` : 'As the supplier’s label says.'}</span>
          </div>
          <div class="mat-field">
            <label>
              Retest date
              <input aria-describedby="rcv-hint-4" type="date" value={form.retest} aria-invalid={inv('retest')} onInput={(e) => set('retest', (e.target as HTMLInputElement).value)} />
            </label>
            <span class="hint mat-hint-after" id="rcv-hint-4">{item?.retest_interval_days ? `Empty: today + ${item.retest_interval_days} days.` : 'Optional.'}</span>
          </div>
          {item?.potency_adjusted || form.assay ? (
            <div class="mat-field">
              <label>
                Assay (%)
                <input aria-describedby="rcv-hint-5" inputMode="decimal" value={form.assay} aria-invalid={inv('assay_percent')} onInput={(e) => set('assay', (e.target as HTMLInputElement).value)} />
              </label>
              <span class="hint mat-hint-after" id="rcv-hint-5">From the certificate of analysis: {item?.code} is dispensed by potency.</span>
            </div>
          ) : null}
        </div>
        <fieldset class="mat-containers" aria-invalid={inv('containers')}>
          <legend>Containers ({form.containers.filter((c) => c.trim()).length}, {formatNumber(total)} {unit})</legend>
          {form.containers.map((c, i) => (
            <div class="mat-container-row" key={i}>
              <label>
                Container {i + 1} quantity ({unit || 'unit'})
                <input
                  inputMode="decimal"
                  value={c}
                  onInput={(e) => set('containers', form.containers.map((x, j) => (j === i ? (e.target as HTMLInputElement).value : x)))}
                />
              </label>
              {form.containers.length > 1 ? (
                <Button onClick={() => set('containers', form.containers.filter((_, j) => j !== i))} aria-label={`Remove container ${i + 1}`}>
                  Remove
                </Button>
              ) : null}
            </div>
          ))}
          <Button onClick={() => set('containers', [...form.containers, ''])}>Add a container</Button>
          {quantities === null ? <p class="mat-field-error">Each quantity must be a number above 0.</p> : null}
        </fieldset>
        <div class="mat-form-actions">
          <Button onClick={() => navigate('/materials/lots')}>Cancel</Button>
          <Button kind="primary" type="submit" busy={busy}>
            Receive into quarantine
          </Button>
        </div>
      </form>
    </section>
  );
}
