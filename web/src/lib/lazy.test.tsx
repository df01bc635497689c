import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it } from 'vitest';
import { lazy } from './lazy';

function Screen({ name }: { name: string }) {
  return <p>screen {name}</p>;
}

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await act(async () => await Promise.resolve());
}

describe('lazy', () => {
  const cases: { name: string; preload: 'none' | 'before render' | 'done before render' }[] = [
    { name: 'loads on first render', preload: 'none' },
    { name: 'preloaded while the first render shows Loading', preload: 'before render' },
    { name: 'preloaded and arrived before the first render', preload: 'done before render' },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      let loads = 0;
      const S = lazy(async () => {
        loads += 1;
        return { default: Screen };
      });
      if (c.preload !== 'none') S.preload();
      if (c.preload === 'done before render') await settle();
      const host = document.createElement('div');
      act(() => render(<S name="x" />, host));
      await settle();
      expect(host.textContent).toBe('screen x');
      expect(loads).toBe(1);
      act(() => render(null, host));
    });
  }

  it('shows an error when the module cannot be fetched, and tries again next time', async () => {
    let loads = 0;
    const S = lazy(async (): Promise<{ default: typeof Screen }> => {
      loads += 1;
      throw new Error('offline');
    });
    const host = document.createElement('div');
    act(() => render(<S name="x" />, host));
    await settle();
    expect(host.textContent).toContain('could not be loaded');
    act(() => render(null, host));
    act(() => render(<S name="y" />, host));
    await settle();
    expect(loads).toBe(2);
    act(() => render(null, host));
  });
});
