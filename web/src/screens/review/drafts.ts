// What a reviewer has typed into a disposition form and not yet recorded, kept in this tab's
// sessionStorage per user and exception: a refused request, a live refresh or a session that
// ended (sign in again) never loses it, and another person signing in on the tablet never sees it.
import { useState } from 'preact/hooks';
import { me } from '../../lib/session';

export interface DispositionDraft {
  outcome: 'accepted' | 'escalated';
  comment: string;
  deviationRef: string;
}

export const EMPTY_DRAFT: DispositionDraft = { outcome: 'accepted', comment: '', deviationRef: '' };

function key(userId: string, exceptionId: string): string {
  return `gemba.review.draft.${userId}.${exceptionId}`;
}

export function loadDraft(userId: string, exceptionId: string): DispositionDraft {
  try {
    const raw = sessionStorage.getItem(key(userId, exceptionId));
    if (!raw) return EMPTY_DRAFT;
    const d = JSON.parse(raw) as Partial<DispositionDraft>;
    return {
      outcome: d.outcome === 'escalated' ? 'escalated' : 'accepted',
      comment: typeof d.comment === 'string' ? d.comment : '',
      deviationRef: typeof d.deviationRef === 'string' ? d.deviationRef : '',
    };
  } catch {
    return EMPTY_DRAFT;
  }
}

export function saveDraft(userId: string, exceptionId: string, d: DispositionDraft): void {
  if (d.comment === '' && d.deviationRef === '' && d.outcome === 'accepted') {
    sessionStorage.removeItem(key(userId, exceptionId));
  } else {
    sessionStorage.setItem(key(userId, exceptionId), JSON.stringify(d));
  }
}

// The draft of one exception for the signed-in user, saved on every change; clear() after it
// was recorded.
export function useDraft(exceptionId: string): [DispositionDraft, (d: DispositionDraft) => void, () => void] {
  const userId = me.get()?.id ?? '';
  const [draft, setDraft] = useState(() => loadDraft(userId, exceptionId));
  const update = (d: DispositionDraft) => {
    setDraft(d);
    saveDraft(userId, exceptionId, d);
  };
  const clear = () => update(EMPTY_DRAFT);
  return [draft, update, clear];
}
