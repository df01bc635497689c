// Live events: one stream per tab (GET /api/v1/events with the bearer token), resumed with
// Last-Event-ID after a drop; screens subscribe to the types they show. A `reset` (the server no
// longer holds what we missed) reaches every subscriber so each refetches.
import { useEffect, useRef } from 'preact/hooks';
import { sessionToken, noteServerTime } from '../api/client';
import { SseParser } from './sse';
import { store } from './store';

export interface LiveEvent {
  type: string;
  at: string;
  subject?: { type: string; id: string };
  data?: Record<string, unknown>;
}

type Handler = (e: LiveEvent) => void;
const handlers = new Set<{ types: string[] | null; fn: Handler }>();
export const connected = store(false);

let controller: AbortController | null = null;
let lastId: string | undefined;

function dispatch(e: LiveEvent): void {
  for (const h of handlers) {
    if (e.type === 'reset' || !h.types || h.types.some((t) => e.type === t || e.type.startsWith(t + '.'))) {
      h.fn(e);
    }
  }
}

async function run(signal: AbortSignal): Promise<void> {
  let delay = 500;
  while (!signal.aborted) {
    const token = sessionToken();
    if (!token) return;
    try {
      const headers: Record<string, string> = { Accept: 'text/event-stream', Authorization: `Bearer ${token}` };
      if (lastId) headers['Last-Event-ID'] = lastId;
      const response = await fetch('/api/v1/events', { headers, signal, credentials: 'omit' });
      if (response.status === 401) return;
      if (!response.ok || !response.body) throw new Error(`events: ${response.status}`);
      connected.set(true);
      delay = 500;
      const parser = new SseParser();
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        for (const ev of parser.feed(value)) {
          if (ev.id) lastId = ev.id;
          if (ev.event === 'reset') {
            dispatch({ type: 'reset', at: new Date().toISOString() });
            continue;
          }
          try {
            const parsed = JSON.parse(ev.data) as LiveEvent;
            if (parsed.at) noteServerTime(Date.parse(parsed.at));
            dispatch(parsed);
          } catch {
            /* not ours */
          }
        }
      }
    } catch {
      if (signal.aborted) return;
    }
    connected.set(false);
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, 10_000);
  }
}

export function startEvents(): void {
  stopEvents();
  controller = new AbortController();
  void run(controller.signal);
}

export function stopEvents(): void {
  controller?.abort();
  controller = null;
  lastId = undefined;
  connected.set(false);
}

// Calls `fn` for each event whose type is one of `types` or under it ("batch" matches
// "batch.step_completed"); null = every event. Also called with {type: "reset"}.
export function useLiveEvents(types: string[] | null, fn: Handler): void {
  const ref = useRef(fn);
  ref.current = fn;
  const key = types ? types.join(',') : '*';
  useEffect(() => {
    const h = { types, fn: (e: LiveEvent) => ref.current(e) };
    handlers.add(h);
    return () => {
      handlers.delete(h);
    };
  }, [key]);
}
