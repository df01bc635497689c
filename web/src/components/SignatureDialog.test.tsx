import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/client';
import type { Me, SignatureInput } from '../api/types';
import { me } from '../lib/session';
import { SignatureDialog, type SignatureRequest } from './SignatureDialog';

const anna = { id: 'u-anna', username: 'op.anna', printed_name: 'Anna Keller', roles: ['operator'], permissions: [] } as unknown as Me;

let root: HTMLDivElement;
beforeEach(() => {
  me.set(anna);
  root = document.createElement('div');
  document.body.appendChild(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
  me.set(null);
});

function show(request: SignatureRequest, onSign: (s: SignatureInput) => Promise<void>, onCancel = () => {}) {
  act(() => {
    render(<SignatureDialog request={request} onSign={onSign} onCancel={onCancel} />, root);
  });
  const q = <T extends Element>(sel: string) => root.querySelector(sel) as T;
  return {
    text: (testId: string) => q(`[data-testid="${testId}"]`).textContent ?? '',
    username: q<HTMLInputElement>('input[name="username"]'),
    password: q<HTMLInputElement>('input[name="password"]'),
    comment: q<HTMLTextAreaElement>('textarea[name="comment"]'),
    alert: () => root.querySelector('[role="alert"]')?.textContent ?? null,
    dialog: () => root.querySelector('[data-testid="signature-dialog"]'),
  };
}

function type(el: HTMLInputElement | HTMLTextAreaElement, value: string) {
  act(() => {
    el.value = value;
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

async function submit() {
  await act(async () => {
    root.querySelector('form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
  });
}

const witness: SignatureRequest = { title: 'Witness: Tooling', meaning: 'verified', meaningText: 'I checked it', signer: 'other' };
const own: SignatureRequest = { title: 'Sign: Dispensing complete', meaning: 'performed', signer: 'self' };

describe('SignatureDialog shows what will be recorded before the password', () => {
  const cases: { name: string; request: SignatureRequest; signedBy: string; meaning: string; username: string; readOnly: boolean; focused: 'username' | 'password' }[] = [
    { name: 'own signature', request: own, signedBy: 'Anna Keller', meaning: 'Performed', username: 'op.anna', readOnly: true, focused: 'password' },
    { name: 'witness on the same tablet', request: witness, signedBy: 'the person whose user name is typed below', meaning: 'Verified — I checked it', username: '', readOnly: false, focused: 'username' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const d = show(c.request, async () => {});
      expect(d.text('sig-name')).toBe(c.signedBy);
      expect(d.text('sig-meaning')).toBe(c.meaning);
      expect(d.text('sig-time')).toMatch(/\d\d:\d\d:\d\d/);
      expect(d.username.value).toBe(c.username);
      expect(d.username.readOnly).toBe(c.readOnly);
      expect(d.password.value).toBe('');
      expect(document.activeElement).toBe(c.focused === 'username' ? d.username : d.password);
    });
  }
});

describe('SignatureDialog signing', () => {
  const refused = new ApiError(422, { code: 'invalid_argument', message: 'the user name or password is incorrect; the signature was not applied', details: { field: 'signature.password' } }, 'r1');
  const sameperson = new ApiError(403, { code: 'permission_denied', message: 'the witness must be a different person from the one who performed it (Anna Keller)' }, 'r2');
  const expired = new ApiError(401, { code: 'unauthenticated', message: 'session expired' }, 'r3');
  const cases: {
    name: string;
    request: SignatureRequest;
    username?: string;
    password: string;
    comment?: string;
    answer?: Error;
    want: { signed?: SignatureInput; alert?: string; password: string; username: string; comment?: string; cancelled?: boolean; open: boolean };
  }[] = [
    {
      name: 'a witness types their user name and password',
      request: witness,
      username: ' op.ben ',
      password: 'gemba-demo-2026',
      want: { signed: { username: 'op.ben', password: 'gemba-demo-2026', meaning: 'verified' }, password: 'gemba-demo-2026', username: ' op.ben ', open: true },
    },
    {
      name: 'own signature sends the signed-in user name',
      request: own,
      password: 'gemba-demo-2026',
      want: { signed: { username: 'op.anna', password: 'gemba-demo-2026', meaning: 'performed' }, password: 'gemba-demo-2026', username: 'op.anna', open: true },
    },
    {
      name: 'no password: asks for it, sends nothing',
      request: witness,
      username: 'op.ben',
      password: '',
      want: { alert: 'Type the user name and the password', password: '', username: 'op.ben', open: true },
    },
    {
      name: 'refused password: the message, the password cleared, the rest kept',
      request: { ...witness, askComment: true },
      username: 'op.ben',
      password: 'wrong',
      comment: 'checked on the scale display',
      answer: refused,
      want: { alert: 'the user name or password is incorrect', password: '', username: 'op.ben', comment: 'checked on the scale display', open: true },
    },
    {
      name: 'the performer as witness: refused, the dialog stays for another person',
      request: witness,
      username: 'op.anna',
      password: 'gemba-demo-2026',
      answer: sameperson,
      want: { alert: 'Not permitted. the witness must be a different person', password: '', username: 'op.anna', open: true },
    },
    {
      name: 'a required comment left empty: asks for it',
      request: { ...own, askComment: true, commentRequired: true, commentLabel: 'Reason' },
      password: 'gemba-demo-2026',
      want: { alert: 'Reason is required', password: 'gemba-demo-2026', username: 'op.anna', open: true },
    },
    {
      name: 'a comment goes with the signature',
      request: { ...own, askComment: true, commentLabel: 'Reason' },
      password: 'gemba-demo-2026',
      comment: ' read from the HMI ',
      want: { signed: { username: 'op.anna', password: 'gemba-demo-2026', meaning: 'performed', comment: 'read from the HMI' }, password: 'gemba-demo-2026', username: 'op.anna', open: true },
    },
    {
      name: 'the session ended: the dialog is given up',
      request: own,
      password: 'gemba-demo-2026',
      answer: expired,
      want: { password: '', username: 'op.anna', cancelled: true, open: true },
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const onSign = vi.fn(async (_s: SignatureInput) => {
        if (c.answer) throw c.answer;
      });
      const onCancel = vi.fn();
      const d = show(c.request, onSign, onCancel);
      if (c.username !== undefined) type(d.username, c.username);
      type(d.password, c.password);
      if (c.comment !== undefined) type(d.comment, c.comment);
      await submit();
      if (c.want.signed) expect(onSign).toHaveBeenCalledWith(c.want.signed);
      else if (!c.answer) expect(onSign).not.toHaveBeenCalled();
      if (c.want.alert) expect(d.alert()).toContain(c.want.alert);
      expect(d.password.value).toBe(c.want.password);
      expect(d.username.value).toBe(c.want.username);
      if (c.want.comment !== undefined) expect(d.comment.value).toBe(c.want.comment);
      expect(onCancel).toHaveBeenCalledTimes(c.want.cancelled ? 1 : 0);
      expect(!!d.dialog()).toBe(c.want.open);
    });
  }

  it('Escape cancels', () => {
    const onCancel = vi.fn();
    const d = show(own, async () => {}, onCancel);
    act(() => {
      d.password.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    });
    expect(onCancel).toHaveBeenCalledTimes(1);
  });
});
