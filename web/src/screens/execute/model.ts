// What the execution screen derives from a batch's step runs, as pure functions: which run is
// the operator's to do now, the procedure outline, hold-time deadlines, merging an action's answer
// into what is shown, and how a recorded value reads.
import type { BatchDetail, EntryValue, RecordProcedure, RunState, StepRun, StepSpec } from './types';
import { formatNumber } from './validation';

export function isFinished(r: StepRun): boolean {
  return r.state === 'done' || r.state === 'not_applicable';
}

// Recorded, waiting for a second person to sign "verified".
export function awaitingWitness(r: StepRun): boolean {
  return r.state === 'in_progress' && !!r.entry && !r.witness;
}

// What can be worked on now, in order: runs waiting for their witness (nothing after them starts
// before they are witnessed), then the Ready runs in the server's order.
export function actionable(batch: BatchDetail, runs: StepRun[]): StepRun[] {
  const byId = new Map(runs.map((r) => [r.run_id, r]));
  const witness = runs.filter(awaitingWitness);
  const ready = batch.ready.map((id) => byId.get(id)).filter((r): r is StepRun => !!r && r.state === 'ready');
  return [...witness, ...ready];
}

// An action's changed runs put into the list: replaced where known, new occurrences after the last
// run of their step.
export function mergeRuns(runs: StepRun[], changed: StepRun[]): StepRun[] {
  const out = runs.slice();
  for (const c of changed) {
    const i = out.findIndex((r) => r.run_id === c.run_id);
    if (i >= 0) {
      out[i] = c;
      continue;
    }
    let last = -1;
    out.forEach((r, j) => {
      if (r.key === c.key) last = j;
    });
    if (last >= 0) out.splice(last + 1, 0, c);
    else out.push(c);
  }
  return out;
}

// Every run done or not applicable, or only future occurrences of repeating steps left (completing
// the batch ends those series).
export function canCompleteBatch(batch: BatchDetail, runs: StepRun[]): boolean {
  if (batch.state !== 'in_progress' || runs.length === 0) return false;
  return runs.every((r) => isFinished(r) || (r.state === 'pending' && r.occurrence > 1));
}

export interface OutlineStep {
  key: string;
  name: string;
  runs: StepRun[];
}
export interface OutlineOperation {
  key: string;
  name: string;
  steps: OutlineStep[];
}
export interface OutlineUnitProcedure {
  key: string;
  name: string;
  operations: OutlineOperation[];
  finished: number;
  total: number;
}

// Unit procedures → operations → steps, each step with its runs.
export function outline(procedure: RecordProcedure, runs: StepRun[]): OutlineUnitProcedure[] {
  const byKey = new Map<string, StepRun[]>();
  for (const r of runs) {
    const list = byKey.get(r.key) ?? [];
    list.push(r);
    byKey.set(r.key, list);
  }
  return procedure.unit_procedures.map((up) => {
    let finished = 0;
    let total = 0;
    const operations = up.operations.map((op) => ({
      key: op.key,
      name: op.name,
      steps: op.steps.map((s) => {
        const list = byKey.get(s.key) ?? [];
        total += list.length;
        finished += list.filter(isFinished).length;
        return { key: s.key, name: s.name, runs: list };
      }),
    }));
    return { key: up.key, name: up.name, operations, finished, total };
  });
}

// Where a step sits: "Dispensing › Weighing".
export function placeOf(procedure: RecordProcedure | null, key: string): string {
  for (const up of procedure?.unit_procedures ?? []) {
    for (const op of up.operations) {
      if (op.steps.some((s) => s.key === key)) return `${up.name} › ${op.name}`;
    }
  }
  return '';
}

// ISO 8601 durations as recipes write them (P3D, PT30M, P1DT2H, PT1.5H) in seconds; null when
// unreadable. Years and months are not used for hold times.
export function parseDuration(iso: string | undefined): number | null {
  if (!iso) return null;
  const m = /^P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(iso);
  if (!m || iso === 'P' || iso.endsWith('T')) return null;
  const [w, d, h, min, s] = m.slice(1).map((x) => (x ? Number(x) : 0));
  return (((w * 7 + d) * 24 + h) * 60 + min) * 60 + s;
}

// "P3D" → "3 days"; "PT30M" → "30 min".
export function durationText(iso: string | undefined): string {
  const s = parseDuration(iso);
  if (s === null) return iso ?? '';
  if (s % 86400 === 0) return `${s / 86400} day${s === 86400 ? '' : 's'}`;
  if (s % 3600 === 0) return `${s / 3600} h`;
  if (s % 60 === 0) return `${s / 60} min`;
  return `${s} s`;
}

export interface HoldStatus {
  run: StepRun; // the hold-time step's run
  fromName: string;
  startedAt: string | null; // when from_step was done; null: not yet
  deadline: number | null; // ms since the epoch (server clock)
  earliest: number | null;
}

// A hold-time step's clock: it starts when from_step is done and runs out after `max`.
export function holdStatus(run: StepRun, runs: StepRun[]): HoldStatus {
  const from = runs.find((r) => r.key === run.step.from_step && r.occurrence === 1);
  const started = from?.done_at ?? null;
  const start = started ? Date.parse(started) : null;
  const max = parseDuration(run.step.max);
  const min = parseDuration(run.step.min);
  return {
    run,
    fromName: from?.name ?? run.step.from_step ?? '',
    startedAt: started,
    deadline: start !== null && max !== null ? start + max * 1000 : null,
    earliest: start !== null && min !== null ? start + min * 1000 : null,
  };
}

// Hold times whose clock runs now: started, and the hold step not finished.
export function runningHolds(runs: StepRun[]): HoldStatus[] {
  return runs
    .filter((r) => r.type === 'hold_time' && !isFinished(r))
    .map((r) => holdStatus(r, runs))
    .filter((h) => h.startedAt !== null);
}

export function stateLabel(state: RunState, run?: StepRun): string {
  if (run && awaitingWitness(run)) return 'Needs witness';
  switch (state) {
    case 'pending':
      return 'Not yet';
    case 'ready':
      return 'Ready';
    case 'in_progress':
      return 'In progress';
    case 'done':
      return 'Done';
    case 'not_applicable':
      return 'Not applicable';
  }
}

export function dateOnly(iso: string): string {
  return iso.slice(0, 10);
}

// A recorded value as a person reads it, with the unit; what was typed in another unit beside it.
export function valueText(v: EntryValue | undefined, spec?: StepSpec): string {
  if (!v) return '—';
  const parts: string[] = [];
  if (v.number !== undefined) {
    let s = `${formatNumber(v.number, spec?.decimals)}${v.unit ? ` ${v.unit}` : ''}`;
    if (v.entered_number !== undefined && v.entered_unit) s += ` (entered ${formatNumber(v.entered_number)} ${v.entered_unit})`;
    parts.push(s);
  }
  if (v.text !== undefined) parts.push(v.text);
  if (v.boolean !== undefined) parts.push(v.boolean ? 'Yes' : 'No');
  if (v.time !== undefined) parts.push(spec?.date_only ? dateOnly(v.time) : new Date(v.time).toLocaleString('en-GB'));
  if (v.lot) parts.push(`lot ${v.lot.split(',').join(', ')}`);
  return parts.length ? parts.join(' · ') : 'Confirmed';
}
