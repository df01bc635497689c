// The lifecycle buttons as rendered (jsdom): what a state and the user's permissions offer, the
// author's own version, and what a signed action sends (body, If-Match) and hands back.
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Me } from '../../api/types';
import { me } from '../../lib/session';
import { LifecycleActions } from './Lifecycle';
import type { VersionState, VersionView } from './types';

const eva = { id: 'u-eva', username: 'qp.eva', printed_name: 'Eva Lindqvist', roles: ['qa_approver'], permissions: ['recipe.read', 'recipe.approve', 'recipe.make_effective', 'recipe.retire'] } as unknown as Me;
const farid = { id: 'u-farid', username: 'eng.farid', printed_name: 'Farid Haddad', roles: ['process_engineer'], permissions: ['recipe.read', 'recipe.author'] } as unknown as Me;

function version(state: VersionState, authors = ['u-farid']): VersionView {
  return {
    recipe_id: 'r1',
    id: 'v-id',
    number: 2,
    state,
    version: 7,
    product_code: 'PCM500-FCT',
    product_name: 'Paracetamol 500 mg film-coated tablets',
    site: 'DEMO-PLANT',
    content_sha256: '',
    step_count: 74,
    review_round: 1,
    created_at: '',
    created_by: 'u-farid',
    updated_at: '',
    updated_by: 'u-farid',
    based_on: 1,
    authors,
    people: { 'u-farid': 'Farid Haddad' },
    valid: true,
    problems: [],
    signatures: [],
    content: { format: 'gemba.recipe/1' },
  };
}

let root: HTMLDivElement;
const fetchMock = vi.fn();
beforeEach(() => {
  root = document.createElement('div');
  document.body.appendChild(root);
  sessionStorage.setItem('gemba.token', 't');
  globalThis.fetch = fetchMock;
});
const realFetch = globalThis.fetch;
afterEach(async () => {
  act(() => render(null, root));
  root.remove();
  me.set(null);
  fetchMock.mockReset();
  globalThis.fetch = realFetch;
  // Let preact's after-paint timers run while the environment still exists.
  await new Promise((r) => setTimeout(r, 120));
});

function show(user: Me, v: VersionView, onChanged = (_: VersionView) => {}) {
  me.set(user);
  act(() => render(<LifecycleActions recipeId="r1" version={v} onChanged={onChanged} />, root));
  return [...root.querySelectorAll('button')].map((b) => b.textContent);
}

describe('LifecycleActions', () => {
  const cases: [string, Me, VersionState, string[]][] = [
    ['the author of a draft', farid, 'draft', ['Submit for approval']],
    ['the QP, a draft', eva, 'draft', []],
    ['the QP, in review', eva, 'in_review', ['Approve', 'Reject']],
    ['the author, in review', farid, 'in_review', ['New draft']],
    ['the QP, approved', eva, 'approved', ['Make effective', 'Retire']],
    ['the QP, effective', eva, 'effective', ['Retire']],
    ['the author, effective', farid, 'effective', ['New draft']],
    ['the QP, superseded', eva, 'superseded', []],
  ];
  for (const [name, user, state, want] of cases) it(name, () => expect(show(user, version(state))).toEqual(want));

  it('the author of a rejected version is told how to resubmit it', () => {
    expect(show(farid, version('rejected'))).toEqual([]);
    expect(root.querySelector('[data-testid="rejected-hint"]')?.textContent).toContain('returns to draft');
  });

  it('an approver who edited the version is told why there is no Approve', () => {
    expect(show(eva, version('in_review', ['u-farid', 'u-eva']))).toEqual([]);
    expect(root.querySelector('[data-testid="own-version"]')?.textContent).toContain('another person');
  });

  it('rejects with a reason, signed, If-Match, and hands back the version read again', async () => {
    const answers = [
      new Response(JSON.stringify({ ...version('rejected'), version: 8, content: undefined }), { status: 200 }),
      new Response(JSON.stringify({ ...version('rejected'), version: 8 }), { status: 200 }),
    ];
    fetchMock.mockImplementation(() => Promise.resolve(answers.shift()));
    const changed = vi.fn();
    show(eva, version('in_review'), changed);
    act(() => (root.querySelector('button.btn-danger') as HTMLButtonElement).click());
    expect(root.querySelector('[data-testid="sig-meaning"]')?.textContent).toContain('Rejected');
    const set = (sel: string, value: string) =>
      act(() => {
        const el = root.querySelector(sel) as HTMLInputElement;
        el.value = value;
        el.dispatchEvent(new Event('input', { bubbles: true }));
      });
    set('input[name="password"]', 'pw');
    set('textarea[name="comment"]', 'Limits too wide');
    await act(async () => {
      root.querySelector('[data-testid="signature-dialog"] form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    });
    await act(async () => {
      await new Promise((r) => setTimeout(r, 0));
    });
    const [url, init] = fetchMock.mock.calls[0];
    expect(url).toBe('/api/v1/recipes/r1/versions/2/reject');
    expect(init.headers['If-Match']).toBe('"v7"');
    expect(JSON.parse(init.body)).toEqual({
      signature: { username: 'qp.eva', password: 'pw', meaning: 'rejected', comment: 'Limits too wide' },
      reason: 'Limits too wide',
    });
    expect(fetchMock.mock.calls[1][0]).toBe('/api/v1/recipes/r1/versions/2');
    expect(changed).toHaveBeenCalledWith(expect.objectContaining({ state: 'rejected', version: 8, content: { format: 'gemba.recipe/1' } }));
    expect(root.querySelector('[data-testid="signature-dialog"]')).toBeNull();
  });

  it('keeps the dialog open with the server’s refusal', async () => {
    fetchMock.mockResolvedValue(
      new Response(JSON.stringify({ error: { code: 'failed_precondition', message: 'the version has 2 validation problem(s); fix them, then submit it again' } }), { status: 409 }),
    );
    const changed = vi.fn();
    show(farid, version('draft'), changed);
    act(() => (root.querySelector('button.btn-primary') as HTMLButtonElement).click());
    act(() => {
      const el = root.querySelector('input[name="password"]') as HTMLInputElement;
      el.value = 'pw';
      el.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await act(async () => {
      root.querySelector('[data-testid="signature-dialog"] form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    });
    await act(async () => {
      await new Promise((r) => setTimeout(r, 0));
    });
    expect(root.querySelector('[data-testid="signature-dialog"] [role="alert"]')?.textContent).toContain('validation problem');
    expect(changed).not.toHaveBeenCalled();
    expect(JSON.parse(fetchMock.mock.calls[0][1].body).signature.meaning).toBe('authored');
  });
});
