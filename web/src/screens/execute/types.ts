// The shapes the execution screens read: a batch's step runs (GET …/steps), the answers of step
// actions, the record's procedure and formula (GET …/record.json), scans and weighings. Only the
// members these screens use.
import type { BatchSummary, Correction, Entry, EntryValue, Manifestation, PersonRef, Quantity } from '../../api/types';

export type { Correction, Entry, EntryValue, Manifestation };

export interface Limits {
  low?: number;
  high?: number;
}

// A step of the master record, as every run carries it (`step`).
export interface StepSpec {
  key: string;
  name: string;
  type: string;
  text?: string;
  unit?: string;
  decimals?: number;
  target?: number;
  limits?: Limits;
  alarm?: Limits;
  allow_override?: boolean;
  witness?: 'always' | 'first' | 'never';
  repeat?: { every?: string; times?: number };
  expected?: boolean | string;
  options?: string[];
  pattern?: string;
  max_length?: number;
  date_only?: boolean;
  equipment_class?: string;
  formula_line?: string;
  sample_label?: string;
  tests?: string[];
  quantity?: Quantity;
  meaning?: string;
  from_step?: string;
  to_step?: string;
  min?: string;
  max?: string;
  expression?: string;
  condition?: string;
  equipment_step?: string;
  tag?: string;
}



export interface StepComment {
  id: string;
  text: string;
  author: PersonRef;
  at: string;
  flagged?: boolean;
}

export type RunState = 'pending' | 'ready' | 'in_progress' | 'done' | 'not_applicable';

export interface StepRun {
  run_id: string;
  key: string;
  occurrence: number;
  state: RunState;
  version: number;
  name: string;
  type: string;
  step: StepSpec;
  due_at?: string;
  not_before?: string;
  ready_at?: string;
  done_at?: string;
  entry?: Entry;
  corrections?: Correction[];
  witness?: Manifestation;
  witnessed_by?: PersonRef;
  not_applicable_reason?: string;
  blocked_reason?: string;
  comments?: StepComment[];
}

export interface BatchDetail extends BatchSummary {
  ready: string[];
  hold_reason?: string;
  yield_percent?: number;
}

export interface StepsAnswer extends BatchDetail {
  steps: StepRun[];
}

// What every batch and step action answers.
export interface ActionAnswer {
  batch: BatchDetail;
  changed_runs: StepRun[];
}

export interface FormulaLine {
  key: string;
  material_code: string;
  name: string;
  unit: string;
  target: number;
  low: number;
  high: number;
}

// The procedure as record.json lays it out (only what the outline needs).
export interface RecordProcedure {
  formula: FormulaLine[];
  unit_procedures: {
    key: string;
    name: string;
    operations: { key: string; name: string; steps: { key: string; name: string }[] }[];
  }[];
}

// POST /api/v1/scan
export interface ScanAnswer {
  human_readable: string;
  item?: { code: string; name: string; potency_adjusted?: boolean; base_unit?: string };
  lot?: { id: string; lot_number: string; effective_status: string; expiry?: string | null; assay_percent?: number | null; unit: string };
  container?: { id: string; quantity: number; dispensed: boolean; batch_id?: string; step_key?: string };
}

export interface Portion {
  id: string;
  source_container: string;
  dispensed_container: string;
  lot_number: string;
  tare: number;
  gross: number;
  net: number;
  counted: number;
  assay_percent: number | null;
  unit: string;
  printed_name: string;
  at: string;
}

export interface PortionsAnswer {
  items: Portion[];
  total: number;
}

export interface DispenseAnswer {
  portion: Portion;
  portions: Portion[];
  total: number;
  target: number;
  low: number;
  high: number;
  unit: string;
  complete: boolean;
  label: string;
}
