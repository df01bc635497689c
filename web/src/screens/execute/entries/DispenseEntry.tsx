// Dispensing: weigh the formula line container by container. Scan a container of a released lot,
// type tare and gross from the scale; the server checks the material, the lot's status and the
// line's limits (the scan interlock) and moves the net into a new, labelled dispensed container.
// When the weighed total lies within the line's window, the step is completed with it.
import { useEffect, useState } from 'preact/hooks';
import { api, download } from '../../../api/client';
import { Button, ErrorMessage } from '../../../components/ui';
import { formatTime, humanize } from '../../../lib/format';
import { scanKind, type Scan } from '../../../lib/scanner';
import { useExec, useScanTarget } from '../context';
import { draftKey, useDraft } from '../drafts';
import { ScanField } from '../fields';
import { batchPath } from '../useBatch';
import type { DispenseAnswer, FormulaLine, PortionsAnswer, ScanAnswer, StepRun } from '../types';
import { formatNumber, parseNumber } from '../validation';
import { RecordButton, useRunAction, WitnessNote } from './common';
import { resolveContainer } from './material';

const EPS = 1e-9;

function q(n: number, unit: string): string {
  return `${formatNumber(Math.round(n * 1e6) / 1e6)} ${unit}`;
}

// Why this container cannot be weighed for the line, seen before asking the server.
function containerProblem(a: ScanAnswer, line: FormulaLine): string | null {
  if (a.container?.dispensed) return `Container ${a.container.id} is itself a dispensed container: scan a stock container of ${line.material_code}.`;
  if (a.item && a.item.code !== line.material_code) {
    return `Wrong material: container ${a.container?.id} holds ${a.item.code} ${a.item.name}; this line needs ${line.material_code} ${line.name}.`;
  }
  return null;
}

export function DispenseEntry({ run }: { run: StepRun }) {
  const { batchId, procedure } = useExec();
  const line = procedure?.formula.find((l) => l.key === run.step.formula_line);
  const [portions, setPortions] = useState<PortionsAnswer | null>(null);
  const [draft, update, clear] = useDraft<{ scanned: ScanAnswer | null; tare: string; gross: string }>(draftKey(batchId, run.run_id), {
    scanned: null,
    tare: '',
    gross: '',
  });
  const complete = useRunAction(run);
  const [weighing, setWeighing] = useState(false);
  const [weighError, setWeighError] = useState<unknown>(null);
  const [label, setLabel] = useState<{ path: string; container: string } | null>(null);
  const base = `${batchPath(batchId)}/steps/${encodeURIComponent(run.key)}`;
  const tareId = `tare-${run.run_id}`;

  useEffect(() => {
    api.get<PortionsAnswer>(`${base}/portions?occurrence=${run.occurrence}`).then(setPortions, setWeighError);
  }, [base, run.occurrence]);

  async function onScan(scan: Scan) {
    if (!line) return;
    setWeighError(null);
    try {
      const a = await resolveContainer(scan);
      const problem = containerProblem(a, line);
      if (problem) throw new Error(problem);
      update({ scanned: a });
      document.getElementById(tareId)?.focus();
    } catch (e) {
      setWeighError(e);
    }
  }
  useScanTarget(onScan);

  if (!line) return <p class="muted">Loading the formula…</p>;
  const total = portions?.total ?? 0;
  const missing = line.target - total;
  const assay = draft.scanned?.item?.potency_adjusted ? (draft.scanned.lot?.assay_percent ?? null) : null;
  const tare = parseNumber(draft.tare);
  const gross = parseNumber(draft.gross);
  const net = tare !== null && gross !== null ? gross - tare : null;
  const counted = net !== null ? (assay !== null ? (net * assay) / 100 : net) : null;
  let weighProblem: string | null = null;
  if (draft.tare && tare === null) weighProblem = `Tare “${draft.tare}” is not a number.`;
  else if (draft.gross && gross === null) weighProblem = `Gross “${draft.gross}” is not a number.`;
  else if (tare !== null && tare < 0) weighProblem = 'The tare cannot be negative.';
  else if (net !== null && net <= 0) weighProblem = 'The gross must be more than the tare.';
  else if (counted !== null && total + counted > line.high + EPS) {
    weighProblem = `That brings the total to ${q(total + counted, line.unit)}, above the upper limit ${q(line.high, line.unit)}: at most ${q(line.high - total, line.unit)} more.`;
  }
  const within = total >= line.low - EPS && total <= line.high + EPS;

  async function recordWeighing() {
    setWeighError(null);
    if (!draft.scanned?.container) return setWeighError(new Error('Scan the container first.'));
    if (tare === null || gross === null) {
      setWeighError(new Error('Type the tare and the gross from the scale.'));
      return document.getElementById(tareId)?.focus();
    }
    if (weighProblem) return;
    setWeighing(true);
    try {
      const a = await api.post<DispenseAnswer>(`${base}/dispense`, {
        container: draft.scanned.container.id,
        tare,
        gross,
        unit: line!.unit,
        occurrence: run.occurrence,
      });
      setPortions({ items: a.portions, total: a.total });
      setLabel({ path: `${a.label}?format=pdf`, container: a.portion.dispensed_container });
      clear();
    } catch (e) {
      setWeighError(e);
    } finally {
      setWeighing(false);
    }
  }

  return (
    <div class="entry-form dispense">
      <div class="material-line">
        <div>
          <strong>{line.material_code}</strong> {line.name}
        </div>
        <dl class="limits">
          <div>
            <dt>Target</dt>
            <dd>{q(line.target, line.unit)}</dd>
          </div>
          <div>
            <dt>Window</dt>
            <dd>
              {formatNumber(Math.ceil(line.low * 1000 - EPS) / 1000)}–{formatNumber(Math.floor(line.high * 1000 + EPS) / 1000)} {line.unit}
            </dd>
          </div>
          <div>
            <dt>Weighed</dt>
            <dd data-testid="dispensed-total">{q(total, line.unit)}</dd>
          </div>
          <div>
            <dt>Still to weigh</dt>
            <dd>{missing > EPS ? q(missing, line.unit) : '—'}</dd>
          </div>
        </dl>
        <progress max={line.target} value={Math.min(total, line.target)} aria-label="Weighed of the target" />
      </div>

      {portions && portions.items.length > 0 ? (
        <table class="portions">
          <caption class="sr-only">Containers weighed</caption>
          <thead>
            <tr>
              <th>Container</th>
              <th>Lot</th>
              <th>Tare</th>
              <th>Gross</th>
              <th>Net</th>
              <th>By</th>
            </tr>
          </thead>
          <tbody>
            {portions.items.map((p) => (
              <tr key={p.id}>
                <td>
                  {p.source_container} → {p.dispensed_container}
                </td>
                <td>{p.lot_number}</td>
                <td>{q(p.tare, p.unit)}</td>
                <td>{q(p.gross, p.unit)}</td>
                <td>
                  {q(p.net, p.unit)}
                  {p.assay_percent !== null && p.assay_percent !== 100 ? ` (counts ${q(p.counted, p.unit)})` : ''}
                </td>
                <td>
                  {p.printed_name}, {formatTime(p.at)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {label ? (
        <p>
          <Button onClick={() => void download(label.path, `${label.container}.pdf`)}>Print the label of {label.container}</Button>
        </p>
      ) : null}

      {missing > EPS || !within ? (
        <fieldset class="weigh">
          <legend>Weigh a container</legend>
          <ScanField id={`container-${run.run_id}`} label="Scan the container label" hint="Or type the container number (e.g. C-000021) and press Enter." onSubmit={(text) => void onScan({ text, kind: scanKind(text), via: 'field' })} />
          {draft.scanned?.container ? (
            <p class="scanned" data-testid="scanned-container">
              Container <strong>{draft.scanned.container.id}</strong> · lot <strong>{draft.scanned.lot?.lot_number}</strong> ({humanize(draft.scanned.lot?.effective_status)}) ·{' '}
              {q(draft.scanned.container.quantity, draft.scanned.lot?.unit ?? line.unit)} in it
              {assay !== null ? ` · assay ${assay} %: weigh ${q(missing / (assay / 100), line.unit)} for the target` : ''}
            </p>
          ) : null}
          <form
            class="weigh-row"
            onSubmit={(e) => {
              e.preventDefault();
              void recordWeighing();
            }}
          >
            <label>
              Tare ({line.unit})
              <input id={tareId} class="input-xl" inputMode="decimal" autocomplete="off" value={draft.tare} onInput={(e) => update({ tare: (e.target as HTMLInputElement).value })} />
            </label>
            <label>
              Gross ({line.unit})
              <input class="input-xl" inputMode="decimal" autocomplete="off" value={draft.gross} onInput={(e) => update({ gross: (e.target as HTMLInputElement).value })} />
            </label>
            <div class="net" aria-live="polite">
              Net
              <strong data-testid="net">{net !== null ? q(net, line.unit) : '—'}</strong>
            </div>
            <p class="check check-refused full" aria-live="polite">
              {weighProblem ? `✕ ${weighProblem}` : ''}
            </p>
            <Button kind="primary" type="submit" class="btn-large" busy={weighing} disabled={!draft.scanned || !!weighProblem}>
              Record weighing
            </Button>
          </form>
          <ErrorMessage error={weighError} />
        </fieldset>
      ) : null}

      <ErrorMessage error={complete.error} />
      <WitnessNote run={run} />
      <RecordButton busy={complete.busy} disabled={!portions?.items.length || !within} autofocus={within} onClick={() => void complete.act({ source: 'scanned' })}>
        {within ? `Complete dispensing: ${q(total, line.unit)}` : 'Complete dispensing'}
      </RecordButton>
    </div>
  );
}
