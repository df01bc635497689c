// Charging: the dispensed containers of the formula line go into the equipment. Each one is
// scanned and checked to be this batch's, for this line; when all are scanned, the charge is
// recorded with the dispensed quantity and lots (the server consumes the containers).
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../../../api/client';
import { ErrorMessage } from '../../../components/ui';
import { scanKind, type Scan } from '../../../lib/scanner';
import { useExec, useScanTarget } from '../context';
import { draftKey, useDraft } from '../drafts';
import { ScanField } from '../fields';
import { valueText } from '../model';
import { batchPath } from '../useBatch';
import type { PortionsAnswer, StepRun } from '../types';
import { RecordButton, useRunAction, WitnessNote } from './common';
import { resolveContainer } from './material';

interface Charged {
  container: string;
  lot: string;
}

export function ChargeEntry({ run }: { run: StepRun }) {
  const { batchId, procedure, runs } = useExec();
  const line = procedure?.formula.find((l) => l.key === run.step.formula_line);
  const dispensed = runs.find((r) => r.type === 'dispense' && r.step.formula_line === run.step.formula_line && r.entry);
  const [portions, setPortions] = useState<PortionsAnswer | null>(null);
  const [draft, update, clear] = useDraft<{ charged: Charged[] }>(draftKey(batchId, run.run_id), { charged: [] });
  const { error, setError, busy, act } = useRunAction(run);

  useEffect(() => {
    if (!dispensed) return;
    api
      .get<PortionsAnswer>(`${batchPath(batchId)}/steps/${encodeURIComponent(dispensed.key)}/portions?occurrence=${dispensed.occurrence}`)
      .then(setPortions, setError);
  }, [dispensed?.run_id]);

  const expected = portions?.items.map((p) => p.dispensed_container) ?? [];
  const allScanned = expected.length > 0 ? expected.every((c) => draft.charged.some((s) => s.container === c)) : draft.charged.length > 0;
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (allScanned) root.current?.querySelector<HTMLElement>('.btn-record')?.focus();
  }, [allScanned]);

  async function onScan(scan: Scan) {
    setError(null);
    try {
      const a = await resolveContainer(scan);
      const c = a.container;
      const what = line ? `${line.material_code} ${line.name}` : 'this line';
      if (!c.dispensed) throw new Error(`Container ${c.id} is a stock container. Scan the containers dispensed for ${what}.`);
      if (c.batch_id !== batchId) throw new Error(`Container ${c.id} was dispensed for another batch. Scan the containers dispensed for this batch.`);
      if (dispensed && c.step_key !== dispensed.key) {
        throw new Error(`Container ${c.id} holds ${a.item?.code ?? 'another material'} dispensed at another step; this charge needs ${what}.`);
      }
      if (draft.charged.some((s) => s.container === c.id)) return;
      update({ charged: [...draft.charged, { container: c.id, lot: a.lot?.lot_number ?? '' }] });
    } catch (e) {
      setError(e);
    }
  }
  useScanTarget(onScan);

  async function record() {
    setError(null);
    if (!allScanned) return setError(new Error('Scan every dispensed container of this material first.'));
    const v = dispensed?.entry?.value;
    const lot = v?.lot ?? [...new Set(draft.charged.map((c) => c.lot))].join(',');
    if (await act({ value: v?.number, unit: v?.unit ?? line?.unit, lot, source: 'scanned' })) clear();
  }

  return (
    <div class="entry-form charge" ref={root}>
      <div class="material-line">
        {line ? (
          <div>
            <strong>{line.material_code}</strong> {line.name}
          </div>
        ) : null}
        {dispensed?.entry ? (
          <p>
            Dispensed at “{dispensed.name}”: <strong>{valueText(dispensed.entry.value)}</strong>
          </p>
        ) : (
          <p class="muted">Nothing was dispensed for this material yet.</p>
        )}
      </div>
      {expected.length > 0 ? (
        <p class="entry-label">
          Dispensed containers: {expected.filter((c) => draft.charged.some((s) => s.container === c)).length} of {expected.length} scanned
        </p>
      ) : null}
      {expected.length > 0 ? (
        <ul class="checklist" aria-label="Dispensed containers to charge">
          {expected.map((c) => {
            const done = draft.charged.some((s) => s.container === c);
            return (
              <li key={c} class={done ? 'checked' : ''} data-testid="charge-container">
                <span aria-hidden="true">{done ? '✓' : '○'}</span> {c} <span class="sr-only">{done ? 'scanned' : 'not scanned yet'}</span>
              </li>
            );
          })}
        </ul>
      ) : null}
      <ScanField
        id={`charge-${run.run_id}`}
        label="Scan each dispensed container"
        hint="Or type the container number (e.g. C-000059) and press Enter."
        onSubmit={(text) => void onScan({ text, kind: scanKind(text), via: 'field' })}
      />
      <ErrorMessage error={error} />
      <WitnessNote run={run} />
      <RecordButton busy={busy} disabled={!allScanned} autofocus={allScanned} onClick={() => void record()}>
        Record the charge
      </RecordButton>
    </div>
  );
}
