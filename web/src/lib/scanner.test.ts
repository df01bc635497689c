import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BurstDetector, GS, installScanner, keyText, scanKind, type Scan } from './scanner';

// Keys as they arrive: a character (or 'Enter', 'Shift', 'Backspace') and the milliseconds since
// the previous key.
type Keys = [string, number][];

function typed(text: string, gap: number): Keys {
  return [...text].map((c) => [c, gap] as [string, number]);
}

describe('BurstDetector', () => {
  const cases: { name: string; keys: Keys; want: (string | null)[] }[] = [
    { name: 'scanner burst ending in Enter', keys: [...typed('FLOOR-SCALE-01', 8), ['Enter', 8]], want: ['FLOOR-SCALE-01'] },
    { name: 'person typing slowly', keys: [...typed('4.55', 180), ['Enter', 200]], want: [null] },
    { name: 'too short to be a scan', keys: [...typed('123', 5), ['Enter', 5]], want: [null] },
    { name: 'exactly the minimum length', keys: [...typed('1234', 5), ['Enter', 5]], want: ['1234'] },
    { name: 'burst without Enter is no scan', keys: typed('ABCDEFG', 5), want: [] },
    { name: 'Enter too late after the burst', keys: [...typed('ABCDEFG', 5), ['Enter', 400]], want: [null] },
    { name: 'a pause splits: only the fast tail counts', keys: [...typed('xy', 5), ['z', 300], ...typed('ABCD', 5), ['Enter', 5]], want: ['zABCD'] },
    { name: 'a slow key inside the burst restarts it', keys: [...typed('AB', 5), ['C', 120], ['D', 5], ['Enter', 5]], want: [null] },
    { name: 'Shift for "(" stays in the burst', keys: [['Shift', 3], ['(', 3], ['9', 3], ['1', 3], ['Shift', 3], [')', 3], ['C', 3], ['Enter', 3]], want: ['(91)C'] },
    { name: 'Backspace ends the burst', keys: [...typed('ABCD', 5), ['Backspace', 5], ['Enter', 5]], want: [null] },
    { name: 'GS inside a GS1 string is kept', keys: [...typed(`]d291C-1${GS}10L-1`, 4), ['Enter', 4]], want: [`]d291C-1${GS}10L-1`] },
    { name: 'two scans in a row', keys: [...typed('AAAA', 5), ['Enter', 5], ...typed('BBBB', 300), ['Enter', 5]], want: ['AAAA', null] },
    { name: 'two scans in a row, both fast', keys: [...typed('AAAA', 5), ['Enter', 5], ['B', 400], ...typed('BBB', 5), ['Enter', 5]], want: ['AAAA', 'BBBB'] },
    { name: 'Enter with nothing typed', keys: [['Enter', 5]], want: [null] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const d = new BurstDetector();
      let t = 1000;
      const got: (string | null)[] = [];
      for (const [key, gap] of c.keys) {
        t += gap;
        const b = d.feed(key, t);
        if (key === 'Enter') got.push(b ? b.text : null);
      }
      expect(got).toEqual(c.want);
    });
  }
});

describe('scanKind', () => {
  const cases: [string, 'gs1' | 'plain'][] = [
    [']d291C-000021' + GS + '10L-2026-00009', 'gs1'],
    [']C10112345678901231', 'gs1'],
    [']Q3011234567890123110ABC', 'gs1'],
    ['(91)C-000021(10)L-2026-00009', 'gs1'],
    ['(01)12345678901231(17)291130(10)AB12', 'gs1'],
    ['91C-000021' + GS + '10L-2026-00009', 'gs1'],
    ['FLOOR-SCALE-01', 'plain'],
    ['IPC-LOD-1', 'plain'],
    ['(note) not gs1', 'plain'],
    ['', 'plain'],
  ];
  for (const [text, want] of cases) it(JSON.stringify(text), () => expect(scanKind(text)).toBe(want));
});

describe('keyText', () => {
  const cases: [Partial<KeyboardEvent>, string][] = [
    [{ key: 'a' }, 'a'],
    [{ key: ']', ctrlKey: true }, GS],
    [{ key: GS }, GS],
    [{ key: 'c', ctrlKey: true }, 'Modifier'],
    [{ key: 'Enter' }, 'Enter'],
  ];
  for (const [e, want] of cases) {
    it(JSON.stringify(e), () => expect(keyText({ ctrlKey: false, altKey: false, metaKey: false, ...e } as KeyboardEvent)).toBe(want));
  }
});

// The document-level listener, with fake timers standing in for the scanner's speed.
describe('installScanner', () => {
  let scans: Scan[];
  let stop: () => void;
  let enabled: boolean;
  let formSubmits: number;

  beforeEach(() => {
    vi.useFakeTimers();
    scans = [];
    enabled = true;
    formSubmits = 0;
    document.body.innerHTML = `
      <form id="f"><input id="value" /><input id="scan" data-scan-field /><input id="pw" type="password" /></form>
      <button id="btn">Record</button>`;
    document.getElementById('f')!.addEventListener('keydown', (e) => {
      if ((e as KeyboardEvent).key === 'Enter') formSubmits++;
    });
    stop = installScanner(document, (s) => scans.push(s), { enabled: () => enabled, now: () => Date.now() });
  });
  afterEach(() => {
    stop();
    vi.useRealTimers();
  });

  // Types like a keyboard: keydown, then (unless prevented) the character lands in the input.
  function type(target: HTMLElement, text: string, gapMs: number, enter = true) {
    const keys = [...text, ...(enter ? ['Enter'] : [])];
    for (const key of keys) {
      vi.advanceTimersByTime(gapMs);
      const e = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true });
      const go = target.dispatchEvent(e);
      if (go && key.length === 1 && target instanceof HTMLInputElement) {
        target.value += key;
        target.dispatchEvent(new Event('input', { bubbles: true }));
      }
    }
  }
  const el = (id: string) => document.getElementById(id) as HTMLInputElement;

  const cases: {
    name: string;
    focus: string;
    before?: string;
    text: string;
    gap: number;
    disabled?: boolean;
    want: { scans: Partial<Scan>[]; value?: string; submits: number };
  }[] = [
    {
      name: 'burst on a button reaches the handler',
      focus: 'btn',
      text: '(91)C-000021(10)L-2026-00009',
      gap: 5,
      want: { scans: [{ text: '(91)C-000021(10)L-2026-00009', kind: 'gs1', via: 'burst' }], submits: 0 },
    },
    {
      name: 'burst into a value field: the field gets its value back, the form is not submitted',
      focus: 'value',
      before: '4.5',
      text: 'FLOOR-SCALE-01',
      gap: 5,
      want: { scans: [{ text: 'FLOOR-SCALE-01', kind: 'plain', via: 'burst' }], value: '4.5', submits: 0 },
    },
    {
      name: 'typing a value by hand and Enter is not a scan',
      focus: 'value',
      text: '97.25',
      gap: 150,
      want: { scans: [], value: '97.25', submits: 1 },
    },
    {
      name: 'typed by hand into the scan field, then Enter',
      focus: 'scan',
      text: 'IPC-LOD-1',
      gap: 200,
      want: { scans: [{ text: 'IPC-LOD-1', kind: 'plain', via: 'field' }], value: '', submits: 0 },
    },
    {
      name: 'burst into the scan field empties it',
      focus: 'scan',
      text: ']d291C-1',
      gap: 4,
      want: { scans: [{ text: ']d291C-1', kind: 'gs1', via: 'burst' }], value: '', submits: 0 },
    },
    {
      name: 'a password field never scans',
      focus: 'pw',
      text: 'gemba-demo-2026',
      gap: 5,
      want: { scans: [], submits: 1 },
    },
    {
      name: 'nothing while disabled (a dialog is open)',
      focus: 'btn',
      text: 'FLOOR-SCALE-01',
      gap: 5,
      disabled: true,
      want: { scans: [], submits: 0 },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      enabled = !c.disabled;
      const target = document.getElementById(c.focus)!;
      if (c.before !== undefined) (target as HTMLInputElement).value = c.before;
      target.focus();
      type(target, c.text, c.gap);
      expect(scans.map((s) => ({ text: s.text, kind: s.kind, via: s.via }))).toEqual(c.want.scans.map((s) => expect.objectContaining(s)));
      if (c.want.value !== undefined) expect(el(c.focus).value).toBe(c.want.value);
      expect(formSubmits).toBe(c.want.submits);
    });
  }

  it('a burst typed into a field fires the field’s input handler with the restored value', () => {
    const seen: string[] = [];
    el('value').addEventListener('input', (e) => seen.push((e.target as HTMLInputElement).value));
    el('value').value = '12';
    type(el('value'), 'ABCDE', 5);
    expect(seen.at(-1)).toBe('12');
  });

  it('a burst a pause cut in two inside the scan field scans the whole field', () => {
    el('scan').focus();
    type(el('scan'), '(91)C-0', 5, false);
    vi.advanceTimersByTime(200);
    type(el('scan'), '00021(10)L-1', 5);
    expect(scans.map((s) => s.text)).toEqual(['(91)C-000021(10)L-1']);
    expect(el('scan').value).toBe('');
  });

  it('stops listening when uninstalled', () => {
    stop();
    type(el('btn'), 'ABCDEFG', 5);
    expect(scans).toEqual([]);
  });
});
