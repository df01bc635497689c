// Fetching for the equipment and logbook screens: the templates (kept for the tab: they change
// only when a process engineer defines a new version), the board now or at a past instant, and a
// live refresh that waits for a burst of events to settle.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, query } from '../../api/client';
import { useLiveEvents } from '../../lib/events';
import type { Board, Template } from './model';

// The event families that change a status or add an entry.
export const LIVE_TYPES = ['logbook', 'equipment', 'room', 'batch'];

let templates: Promise<Template[]> | null = null;
export function loadTemplates(): Promise<Template[]> {
  if (!templates) {
    templates = api.get<{ items: Template[] }>('/api/v1/logbooks').then((r) => r.items);
    templates.catch(() => (templates = null));
  }
  return templates;
}

export function useTemplates(): { types: Template[] | null; error: unknown } {
  const [types, setTypes] = useState<Template[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    loadTemplates().then(setTypes, setError);
  }, []);
  return { types, error };
}

let rooms: Promise<Map<string, string>> | null = null;
// Room id → code.
export function loadRooms(): Promise<Map<string, string>> {
  if (!rooms) {
    rooms = api.get<{ items: { id: string; code: string }[] }>('/api/v1/rooms').then((r) => new Map(r.items.map((i) => [i.id, i.code])));
    rooms.catch(() => (rooms = null));
  }
  return rooms;
}

// The board at `at` (RFC 3339), or now.
export function fetchBoard(at: string | null): Promise<Board> {
  return api.get<Board>(`/api/v1/equipment/board${query({ at })}`);
}

// Calls `fn` once a burst of live events has settled (unless `paused`), and every `everyMs`:
// time alone changes a status (a clean hold expires), which no event announces.
export function useLiveRefresh(fn: () => void, paused: boolean, everyMs = 60_000): void {
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const latest = useRef(fn);
  latest.current = fn;
  useLiveEvents(LIVE_TYPES, () => {
    if (paused) return;
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => latest.current(), 300);
  });
  useEffect(() => {
    if (paused) return;
    const t = setInterval(() => latest.current(), everyMs);
    return () => {
      clearInterval(t);
      if (timer.current) clearTimeout(timer.current);
    };
  }, [paused, everyMs]);
}
