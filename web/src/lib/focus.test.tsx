import { render } from 'preact';
import { useRef } from 'preact/hooks';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { useFocusTrap } from './focus';

function Dialog() {
  const ref = useRef<HTMLDivElement>(null);
  useFocusTrap(ref);
  return (
    <div ref={ref}>
      <input aria-label="first" />
      <button type="button" disabled>
        off
      </button>
      <button type="button">last</button>
    </div>
  );
}

function tab(shift = false): boolean {
  const e = new KeyboardEvent('keydown', { key: 'Tab', shiftKey: shift, bubbles: true, cancelable: true });
  document.activeElement!.dispatchEvent(e);
  return e.defaultPrevented;
}

describe('useFocusTrap', () => {
  let host: HTMLElement;
  afterEach(() => {
    act(() => render(null, host));
    host.remove();
  });

  const cases: { name: string; from: 'first' | 'last'; shift: boolean; to: 'first' | 'last' | null }[] = [
    { name: 'Tab on the last wraps to the first', from: 'last', shift: false, to: 'first' },
    { name: 'Shift+Tab on the first wraps to the last', from: 'first', shift: true, to: 'last' },
    { name: 'Tab in the middle is left to the browser', from: 'first', shift: false, to: null },
    { name: 'Shift+Tab on the last is left to the browser', from: 'last', shift: true, to: null },
  ];
  for (const c of cases) {
    it(c.name, () => {
      host = document.createElement('div');
      document.body.appendChild(host);
      act(() => render(<Dialog />, host));
      const first = host.querySelector('input')!;
      const last = host.querySelectorAll('button')[1];
      (c.from === 'first' ? first : last).focus();
      const prevented = tab(c.shift);
      expect(prevented).toBe(c.to !== null);
      if (c.to) expect(document.activeElement).toBe(c.to === 'first' ? first : last);
    });
  }

  it('gives focus back to where it was when the dialog closes', () => {
    const opener = document.createElement('button');
    document.body.appendChild(opener);
    opener.focus();
    host = document.createElement('div');
    document.body.appendChild(host);
    act(() => render(<Dialog />, host));
    host.querySelector('input')!.focus();
    act(() => render(null, host));
    expect(document.activeElement).toBe(opener);
    opener.remove();
  });
});
