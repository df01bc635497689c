// Review-by-exception logic with no screen in it: the order exceptions are worked in, what the
// release button says given the server's release blockers, what a reviewer does about each
// blocker, and which batches wait for review in which order.
import type { BatchSummary } from '../../api/types';
import type { BatchException, Blocker } from './types';
import { count } from './values';

const SEVERITY_RANK: Record<string, number> = { critical: 0, major: 1, minor: 2 };

// Open first; within each group the most severe first, then in the order raised.
export function orderExceptions(items: BatchException[]): { open: BatchException[]; closed: BatchException[] } {
  const bySeverityThenTime = (a: BatchException, b: BatchException) =>
    (SEVERITY_RANK[a.severity] ?? 3) - (SEVERITY_RANK[b.severity] ?? 3) || a.raised_at.localeCompare(b.raised_at);
  return {
    open: items.filter((e) => !e.disposition).sort(bySeverityThenTime),
    closed: items.filter((e) => e.disposition).sort(bySeverityThenTime),
  };
}

// Batch states in which review and release act (the server: "completed or in review").
export function awaitingReview(state: string): boolean {
  return state === 'completed' || state === 'in_review';
}

export interface ReleaseView {
  // Whether the signed-in user sees a release button at all.
  show: boolean;
  enabled: boolean;
  label: string;
  // Why it cannot be released now, one sentence each (empty when it can).
  reasons: string[];
}

const ADVICE: Record<string, string> = {
  exceptions_open: 'A QA reviewer dispositions each open exception above.',
  steps_open: 'The batch is completed on the floor before it is reviewed.',
  yield_unjustified: 'Disposition an exception on the yield step, or reject the batch.',
  executed_batch: 'Another qualified person, who took no part in making it, releases this batch.',
};

// The server's blocker message and what to do about it.
export function blockerText(b: Blocker): string {
  const advice = ADVICE[b.code];
  const message = b.message.charAt(0).toUpperCase() + b.message.slice(1);
  return advice ? `${message}. ${advice}` : message;
}

export function releaseView(state: string, blockers: Blocker[], canRelease: boolean, number: string): ReleaseView {
  if (state === 'released') return { show: false, enabled: false, label: 'Released', reasons: [] };
  if (state === 'rejected') return { show: false, enabled: false, label: 'Rejected', reasons: [] };
  if (!canRelease) return { show: false, enabled: false, label: '', reasons: blockers.map(blockerText) };
  if (!awaitingReview(state) || blockers.length > 0) {
    const reasons = blockers.map(blockerText);
    if (reasons.length === 0) reasons.push(`Batch ${number} is ${state.replace(/_/g, ' ')}: only a completed batch can be released.`);
    return { show: true, enabled: false, label: 'Cannot release yet', reasons };
  }
  return { show: true, enabled: true, label: `Release batch ${number}`, reasons: [] };
}

// The review queue: the batch waiting longest first (it was completed first).
export function reviewQueue(batches: BatchSummary[]): BatchSummary[] {
  return batches
    .filter((b) => awaitingReview(b.state))
    .sort((a, b) => (a.completed_at ?? a.created_at).localeCompare(b.completed_at ?? b.created_at));
}

// Whether a live event can change the review queue: a batch reaching, in or leaving review (the
// event carries the batch's state after it), or a reset of the stream.
export function affectsQueue(e: { type: string; data?: Record<string, unknown> }): boolean {
  if (e.type === 'reset') return true;
  const state = e.data?.['state'];
  return typeof state === 'string' && ['completed', 'in_review', 'released', 'rejected'].includes(state);
}

// The deviation references of the exceptions escalated, in the order raised, each once.
export function escalations(items: BatchException[]): string[] {
  const refs = items
    .filter((e) => e.disposition?.outcome === 'escalated')
    .sort((a, b) => a.raised_at.localeCompare(b.raised_at))
    .map((e) => e.disposition?.deviation_ref || 'no reference');
  return [...new Set(refs)];
}

// One line for what the signer is signing: "13 exceptions, all dispositioned; escalated to
// DEV-2026-00042".
export function exceptionSummary(items: BatchException[]): string {
  if (items.length === 0) return 'no exceptions';
  const open = items.filter((e) => !e.disposition).length;
  const refs = escalations(items);
  return (
    `${count(items.length, 'exception')}, ${open === 0 ? 'all dispositioned' : `${open} open`}` +
    (refs.length ? `; escalated to ${refs.join(', ')}` : '')
  );
}
