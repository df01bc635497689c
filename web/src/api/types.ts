// The shapes the screens read. Only what the web app uses; the server sends more.

export interface PersonRef {
  user_id: string;
  printed_name: string;
}

export interface Session {
  id: string;
  user_id: string;
  state: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  idle_expires_at: string;
  client_address?: string;
  user_agent?: string;
  ended_at?: string | null;
  end_reason?: string | null;
}

export interface Me {
  id: string;
  username: string;
  printed_name: string;
  roles: string[];
  permissions: string[];
  session_id: string;
  must_change_password: boolean;
  password_change_reason: string | null;
  session: Session;
}

export interface LoginAnswer {
  token: string;
  csrf_token: string;
  session: Session;
  user: Me;
  must_change_password: boolean;
}

export interface Quantity {
  value: number;
  unit: string;
}

export interface SignatureManifestation {
  signature_id?: string;
  id?: string;
  printed_name?: string;
  signer?: { id: string; printed_name: string };
  user_id?: string;
  meaning: string;
  meaning_text?: string;
  signed_at: string;
  signed_at_local?: string;
}

export interface BatchSummary {
  id: string;
  number: string;
  state: string;
  version: number;
  product_code: string;
  product_name: string;
  recipe_id: string;
  recipe_version: number;
  batch_size: Quantity;
  created_at: string;
  created_by: PersonRef;
  started_at?: string;
  completed_at?: string;
  review_started_at?: string;
  released_at?: string;
  steps_total: number;
  steps_finished: number;
  exceptions_open: number;
  exceptions_total?: number;
  signatures?: SignatureManifestation[];
}

export interface Page<T> {
  items: T[];
  next_cursor?: string | null;
}

// A signature as the action's body carries it.
export interface SignatureInput {
  username?: string;
  password: string;
  meaning?: string;
  comment?: string;
}

// A signature as a record keeps it (the manifestation's fields, 21 CFR 11.50).
export interface Manifestation {
  signature_id: string;
  printed_name: string;
  user_id: string;
  meaning: string;
  signed_at: string;
}

// The value of a step entry: only the members that were set (docs/batch-record.md).
export interface EntryValue {
  number?: number;
  unit?: string;
  text?: string;
  boolean?: boolean;
  time?: string;
  lot?: string;
  entered_number?: number;
  entered_unit?: string;
  tag?: string;
  tag_time?: string;
  tag_quality?: string;
}

// What was recorded for a step run, and a correction of it (the entry it replaced, why, who).
export interface Entry {
  value: EntryValue;
  source: 'manual' | 'scanned' | 'equipment' | 'calculated';
  performer: PersonRef;
  recorded_at: string;
  comment?: string;
  signature?: Manifestation;
}

export interface Correction {
  previous: Entry;
  reason: string;
  corrected_by: PersonRef;
  corrected_at: string;
  signature?: Manifestation;
}
