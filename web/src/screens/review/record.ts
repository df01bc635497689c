// The batch record (record.json) as an outline a reviewer reads: unit procedures → operations →
// steps → runs, each run's value already worded, with the exceptions raised on each step and
// counts per unit procedure for its collapsed heading.
import { entryValueText, specLines, correctionHistory, type CorrectionStep } from './values';
import type { BatchException, BatchRecord, Manifestation, Run, RunComment, StepSpec } from './types';

export interface OutlineRun {
  occurrence: number;
  state: string;
  value: string;
  source?: string;
  performer?: string;
  recordedAt?: string;
  comment?: string;
  signature?: Manifestation;
  witness?: Manifestation;
  notApplicableReason?: string;
  corrections: CorrectionStep[];
  comments: RunComment[];
}

export interface OutlineStep {
  key: string;
  name: string;
  type: string;
  text?: string;
  spec: string[];
  runs: OutlineRun[];
  exceptions: BatchException[];
}

export interface OutlineOperation {
  key: string;
  name: string;
  steps: OutlineStep[];
}

export interface OutlineUnit {
  key: string;
  name: string;
  operations: OutlineOperation[];
  steps: number;
  exceptions: number;
  openExceptions: number;
  corrections: number;
}

// One run worded: its value (or why it did not apply), who recorded it when, and its history.
export function outlineRun(r: Run, stepType?: string, spec?: StepSpec): OutlineRun {
  return {
    occurrence: r.occurrence,
    state: r.state,
    value: r.state === 'not_applicable' ? 'Not applicable' : entryValueText(r.entry, stepType, spec),
    source: r.entry?.source,
    performer: r.entry?.performer.printed_name,
    recordedAt: r.entry?.recorded_at,
    comment: r.entry?.comment,
    signature: r.entry?.signature,
    witness: r.witness,
    notApplicableReason: r.not_applicable_reason,
    corrections: correctionHistory(r, stepType, spec),
    comments: r.comments ?? [],
  };
}

export function recordOutline(record: BatchRecord): OutlineUnit[] {
  const byStep = new Map<string, BatchException[]>();
  for (const e of record.exceptions ?? []) {
    if (!e.step_key) continue;
    const list = byStep.get(e.step_key) ?? [];
    list.push(e);
    byStep.set(e.step_key, list);
  }
  return record.unit_procedures.map((u) => {
    const operations: OutlineOperation[] = u.operations.map((o) => ({
      key: o.key,
      name: o.name,
      steps: o.steps.map((s) => ({
        key: s.key,
        name: s.name,
        type: s.type,
        text: s.text,
        spec: specLines(s.spec, record.formula),
        exceptions: byStep.get(s.key) ?? [],
        runs: s.runs.map((r) => outlineRun(r, s.type, s.spec)),
      })),
    }));
    const steps = operations.flatMap((o) => o.steps);
    const exceptions = steps.flatMap((s) => s.exceptions);
    return {
      key: u.key,
      name: u.name,
      operations,
      steps: steps.length,
      exceptions: exceptions.length,
      openExceptions: exceptions.filter((e) => !e.disposition).length,
      corrections: steps.reduce((n, s) => n + s.runs.reduce((m, r) => m + r.corrections.length, 0), 0),
    };
  });
}

// Exceptions not tied to a step (batch-level), which the outline cannot place.
export function batchLevelExceptions(record: BatchRecord): BatchException[] {
  return (record.exceptions ?? []).filter((e) => !e.step_key);
}
