// The materials API's shapes, as src/gemba/material/views.cc writes them (only what the screens read).

export interface Item {
  id: string;
  code: string;
  name: string;
  type: 'raw' | 'packaging' | 'intermediate' | 'finished';
  base_unit: string;
  storage_conditions: string;
  gtins: string[];
  shelf_life_days: number | null;
  retest_interval_days: number | null;
  potency_adjusted: boolean;
  version: number;
}

export interface Container {
  id: string;
  lot_id: string;
  quantity: number;
  dispensed: boolean;
  created_at: string;
  batch_id?: string;
  step_key?: string;
  occurrence?: number;
}

// Stored statuses; "expired" is only ever an effective status (the server's date is past expiry).
export type LotStatus = 'quarantine' | 'released' | 'rejected' | 'blocked' | 'expired';

export interface Lot {
  id: string;
  lot_number: string;
  item_id: string;
  item_code: string;
  item_name: string;
  supplier: string;
  supplier_lot: string;
  status: LotStatus;
  effective_status: LotStatus;
  quantity: number;
  available: number;
  dispensed: number;
  unit: string;
  expiry: string | null;
  retest: string | null;
  assay_percent: number | null;
  produced_by_batch: string | null;
  received_at: string;
  version: number;
  containers: Container[];
}

export interface Movement {
  id: string;
  kind: 'receipt' | 'dispense' | 'consume' | 'produce' | 'adjust' | 'transfer' | 'return';
  lot_id: string;
  from_container: string | null;
  to_container: string | null;
  quantity: number;
  unit: string;
  batch_id: string | null;
  step_key: string | null;
  occurrence: number | null;
  reason: string | null;
  user_id: string;
  printed_name: string;
  at: string;
}

export interface ScanElement {
  ai: string;
  value: string;
}

export interface ScanAnswer {
  symbology: string;
  elements: ScanElement[];
  human_readable: string;
  item: Item | null;
  lot: Lot | null;
  container: Container | null;
}

export interface GenealogyNode {
  kind: 'lot' | 'batch';
  id: string;
  label: string;
  depth: number;
}

export interface GenealogyEdge {
  parent: number; // index into nodes: where the material came from
  child: number; // index into nodes: what it went into
  quantity: number;
  unit: string;
  depth: number;
}

export type Direction = 'backward' | 'forward';

export interface Genealogy {
  start: { kind: string; id: string; label: string };
  direction: Direction;
  max_depth: number | null;
  nodes: GenealogyNode[];
  edges: GenealogyEdge[];
  paths: number[][];
  paths_truncated: boolean;
}

// A QC status change of a lot (GET /api/v1/lots/{id}/events), with its signature's manifestation.
export interface LotEvent {
  id: string;
  action: string; // release, reject, block
  from_status: string;
  to_status: string;
  reason: string;
  at: string;
  signature: {
    meaning: string;
    meaning_text: string;
    signer: { id: string; printed_name: string };
    signed_at: string;
    valid: boolean;
  } | null;
}
