// "New recipe": product, site and batch size become version 1, an (almost) empty draft the MBR
// builder then fills. The server may list validation problems for it (a draft may carry them);
// a refusal keeps everything typed and marks the field it names.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError } from '../../api/client';
import type { Page } from '../../api/types';
import { Button, ErrorMessage } from '../../components/ui';
import { navigate } from '../../lib/router';
import { Modal } from './Modal';
import { BATCH_UNITS, newRecipeDocument } from './model';
import type { VersionView } from './types';

interface Site {
  code: string;
  name: string;
}

interface Form {
  productCode: string;
  productName: string;
  site: string;
  batchSize: string;
  unit: string;
}

// Which field of the form a server field path is about.
function formField(field: string | undefined): keyof Form | null {
  if (!field) return null;
  if (field.startsWith('product_code')) return 'productCode';
  if (field.startsWith('product_name')) return 'productName';
  if (field.startsWith('site')) return 'site';
  if (field.startsWith('header.batch_size.unit')) return 'unit';
  if (field.startsWith('header.batch_size')) return 'batchSize';
  return null;
}

export function NewRecipe({ knownSites, onClose }: { knownSites: string[]; onClose: () => void }) {
  const [sites, setSites] = useState<Site[]>([]);
  const [form, setForm] = useState<Form>({ productCode: '', productName: '', site: knownSites[0] ?? '', batchSize: '', unit: 'kg' });
  const [error, setError] = useState<unknown>(null);
  const [bad, setBad] = useState<keyof Form | null>(null);
  const [busy, setBusy] = useState(false);
  const first = useRef<HTMLInputElement>(null);

  useEffect(() => {
    first.current?.focus();
    api.get<Page<Site>>('/api/v1/sites').then(
      (p) => {
        setSites(p.items);
        setForm((f) => (f.site ? f : { ...f, site: p.items[0]?.code ?? '' }));
      },
      () => undefined, // the sites the recipes use are offered anyway
    );
  }, []);

  // The plant's sites, and the sites existing recipes are written for.
  const options = [...sites.map((s) => ({ code: s.code, label: `${s.code} — ${s.name}` }))];
  for (const code of knownSites) if (!options.some((o) => o.code === code)) options.push({ code, label: code });

  const set = (k: keyof Form) => (e: Event) => setForm({ ...form, [k]: (e.target as HTMLInputElement).value });

  async function submit(e: Event) {
    e.preventDefault();
    const size = Number(form.batchSize.replace(',', '.'));
    const missing: [keyof Form, string][] = [];
    if (!form.productCode.trim()) missing.push(['productCode', 'the product code']);
    if (!form.productName.trim()) missing.push(['productName', 'the product name']);
    if (!form.site.trim()) missing.push(['site', 'the site']);
    if (!form.batchSize.trim() || !Number.isFinite(size)) missing.push(['batchSize', 'the batch size (a number)']);
    if (missing.length) {
      setBad(missing[0][0]);
      setError(new Error(`Fill in ${missing.map(([, w]) => w).join(', ')}.`));
      return;
    }
    setBusy(true);
    setError(null);
    setBad(null);
    try {
      const doc = newRecipeDocument({ productCode: form.productCode, productName: form.productName, site: form.site, batchSize: size, unit: form.unit });
      const v = await api.post<VersionView>('/api/v1/recipes', doc);
      navigate(`/recipes/${encodeURIComponent(v.recipe_id)}/versions/${v.number}`);
    } catch (err) {
      setError(err);
      setBad(formField(err instanceof ApiError ? err.field : undefined));
      setBusy(false);
    }
  }

  const invalid = (k: keyof Form) => (bad === k ? 'true' : undefined);
  return (
    <Modal id="new-recipe" title="New recipe" busy={busy} onClose={onClose}>
      <p class="muted">Version 1 starts as an empty draft; you add the formula and the procedure in the builder.</p>
      <form onSubmit={submit} noValidate>
        <label>
          Product code
          <input ref={first} name="product_code" value={form.productCode} onInput={set('productCode')} aria-invalid={invalid('productCode')} autocomplete="off" />
        </label>
        <label>
          Product name
          <input name="product_name" value={form.productName} onInput={set('productName')} aria-invalid={invalid('productName')} autocomplete="off" />
        </label>
        <label>
          Site
          {options.length > 0 ? (
            <select name="site" value={form.site} onChange={set('site')} aria-invalid={invalid('site')}>
              {options.map((o) => (
                <option key={o.code} value={o.code}>
                  {o.label}
                </option>
              ))}
            </select>
          ) : (
            <input name="site" value={form.site} onInput={set('site')} aria-invalid={invalid('site')} autocomplete="off" />
          )}
        </label>
        <div class="inline">
          <label>
            Batch size
            <input name="batch_size" inputMode="decimal" value={form.batchSize} onInput={set('batchSize')} aria-invalid={invalid('batchSize')} autocomplete="off" />
          </label>
          <label>
            Unit
            <select name="unit" value={form.unit} onChange={set('unit')} aria-invalid={invalid('unit')}>
              {BATCH_UNITS.map((u) => (
                <option key={u} value={u}>
                  {u}
                </option>
              ))}
            </select>
          </label>
        </div>
        <ErrorMessage error={error} />
        <div class="modal-actions">
          <Button onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button kind="primary" type="submit" busy={busy}>
            Create and open the builder
          </Button>
        </div>
      </form>
    </Modal>
  );
}
