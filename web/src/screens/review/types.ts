// The shapes review reads: GET /batches/{id}/exceptions (each exception with its run and the step's
// spec, plus what still blocks release) and GET /batches/{id}/record.json (docs/batch-record.md).
// Only the members the screens use; the server sends more.
import type { BatchSummary, Correction, Entry, EntryValue, Manifestation, PersonRef } from '../../api/types';

export type { Correction, Entry, EntryValue, Manifestation };



export interface RunComment {
  id: string;
  text: string;
  author: PersonRef;
  at: string;
  flagged?: boolean;
}

export interface Limits {
  low?: number;
  high?: number;
}

// A step's spec, flattened as the recipe writes it (the members depend on the step type).
export interface StepSpec {
  unit?: string;
  target?: number;
  limits?: Limits;
  alarm?: Limits;
  expected?: boolean | string;
  formula_line?: string;
  equipment_class?: string;
  tag?: string;
  expression?: string;
  condition?: string;
  from_step?: string;
  min?: string;
  max?: string;
  sample_label?: string;
  meaning?: string;
  witness?: string;
  date_only?: boolean;
  repeat?: { every?: string };
}

export interface Run {
  occurrence: number;
  state: string;
  entry?: Entry;
  corrections?: Correction[];
  witness?: Manifestation;
  not_applicable_reason?: string;
  comments?: RunComment[];
}

// A run as GET …/exceptions gives it: the run plus its step (spec members at the top level).
export interface ExceptionRun extends Run {
  key: string;
  run_id: string;
  step?: StepSpec & { key: string; name: string; type: string; text?: string };
}

export interface Disposition {
  outcome: 'accepted' | 'escalated';
  comment: string;
  deviation_ref?: string;
  by: PersonRef;
  at: string;
  signature?: Manifestation; // "reviewed"; dispositions recorded before signing began have none
}

export type Severity = 'minor' | 'major' | 'critical';

export interface BatchException {
  id: string;
  kind: string;
  severity: Severity;
  step_key?: string;
  occurrence?: number;
  message: string;
  raised_by: PersonRef;
  raised_at: string;
  disposition?: Disposition;
  run?: ExceptionRun;
}

export interface Blocker {
  code: 'state' | 'steps_open' | 'exceptions_open' | 'yield_unjustified' | 'executed_batch' | string;
  message: string;
  refs: string[];
}

export interface ReviewBatch extends BatchSummary {
  yield_percent?: number;
  reject_reason?: string;
}

export interface ExceptionsAnswer {
  batch: ReviewBatch;
  items: BatchException[];
  release_blockers: Blocker[];
}

// record.json
export interface RecordStep {
  key: string;
  name: string;
  type: string;
  text?: string;
  spec?: StepSpec;
  runs: Run[];
}

export interface RecordOperation {
  key: string;
  name: string;
  steps: RecordStep[];
}

export interface RecordUnitProcedure {
  key: string;
  name: string;
  operations: RecordOperation[];
}

export interface FormulaLine {
  key: string;
  material_code: string;
  name: string;
  unit: string;
  target: number;
  low?: number;
  high?: number;
}

export interface BatchRecord {
  format: string;
  generated_at: string;
  batch: ReviewBatch;
  formula: FormulaLine[];
  signatures: Manifestation[];
  unit_procedures: RecordUnitProcedure[];
  exceptions: BatchException[];
}
