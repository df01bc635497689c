// Disposition drafts survive in sessionStorage per user and exception, and an empty draft leaves
// nothing behind.
import { beforeEach, describe, expect, it } from 'vitest';
import { EMPTY_DRAFT, loadDraft, saveDraft, type DispositionDraft } from './drafts';

beforeEach(() => sessionStorage.clear());

describe('disposition drafts', () => {
  const typed: DispositionDraft = { outcome: 'escalated', comment: 'Chipped tablets: investigate', deviationRef: 'DEV-2026-00042' };
  const cases: [string, () => void, string, string, DispositionDraft][] = [
    ['nothing saved: empty', () => {}, 'david', 'x1', EMPTY_DRAFT],
    ['saved: read back', () => saveDraft('david', 'x1', typed), 'david', 'x1', typed],
    ['another exception: empty', () => saveDraft('david', 'x1', typed), 'david', 'x2', EMPTY_DRAFT],
    ['another person on the tablet: empty', () => saveDraft('david', 'x1', typed), 'eva', 'x1', EMPTY_DRAFT],
    ['cleared: empty', () => (saveDraft('david', 'x1', typed), saveDraft('david', 'x1', EMPTY_DRAFT)), 'david', 'x1', EMPTY_DRAFT],
    ['unreadable: empty', () => sessionStorage.setItem('gemba.review.draft.david.x1', '{nope'), 'david', 'x1', EMPTY_DRAFT],
    [
      'foreign members dropped, outcome defaults to accepted',
      () => sessionStorage.setItem('gemba.review.draft.david.x1', JSON.stringify({ outcome: 'maybe', comment: 'c', extra: 1 })),
      'david',
      'x1',
      { outcome: 'accepted', comment: 'c', deviationRef: '' },
    ],
  ];
  for (const [name, given, user, exception, want] of cases) {
    it(name, () => {
      given();
      expect(loadDraft(user, exception)).toEqual(want);
    });
  }
  it('an empty draft removes the stored one', () => {
    saveDraft('david', 'x1', typed);
    saveDraft('david', 'x1', EMPTY_DRAFT);
    expect(sessionStorage.length).toBe(0);
  });
});
