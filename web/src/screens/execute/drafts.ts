// What an operator has typed for a step and not yet recorded, kept in sessionStorage per batch and
// run: an error, a refresh or a reload of the tab never loses it. Cleared once the server has
// recorded the step. Components using a draft are keyed by run, so a key never changes under one.
import { useState } from 'preact/hooks';

const PREFIX = 'gemba.draft.';

export function draftKey(batchId: string, runId: string, part = 'entry'): string {
  return `${PREFIX}${batchId}.${runId}.${part}`;
}

function read<T extends object>(key: string, initial: T): T {
  try {
    const raw = sessionStorage.getItem(key);
    return raw === null ? initial : { ...initial, ...(JSON.parse(raw) as Partial<T>) };
  } catch {
    return initial;
  }
}

// A draft object: [value, update (merged in and saved at once), clear].
export function useDraft<T extends object>(key: string, initial: T): [T, (patch: Partial<T>) => void, () => void] {
  const [value, setValue] = useState<T>(() => read(key, initial));
  function update(patch: Partial<T>) {
    setValue((v) => {
      const next = { ...v, ...patch };
      try {
        sessionStorage.setItem(key, JSON.stringify(next));
      } catch {
        /* storage full or disabled: the draft lives in memory only */
      }
      return next;
    });
  }
  function clear() {
    sessionStorage.removeItem(key);
    setValue(initial);
  }
  return [value, update, clear];
}
