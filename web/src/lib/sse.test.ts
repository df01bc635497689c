import { describe, expect, it } from 'vitest';
import { SseParser } from './sse';

describe('SseParser', () => {
  const cases: { name: string; chunks: string[]; events: { id?: string; event: string; data: string }[] }[] = [
    { name: 'one event', chunks: ['id: 1\nevent: a\ndata: {"x":1}\n\n'], events: [{ id: '1', event: 'a', data: '{"x":1}' }] },
    { name: 'split across chunks', chunks: ['id: 2\nev', 'ent: b\ndata: he', 'llo\n', '\n'], events: [{ id: '2', event: 'b', data: 'hello' }] },
    { name: 'CRLF lines', chunks: ['id: 3\r\nevent: c\r\ndata: x\r\n\r\n'], events: [{ id: '3', event: 'c', data: 'x' }] },
    { name: 'keep-alive comment only', chunks: [': keep-alive\n\n'], events: [] },
    { name: 'multi-line data', chunks: ['data: a\ndata: b\n\n'], events: [{ id: undefined, event: 'message', data: 'a\nb' }] },
    { name: 'id carries over', chunks: ['id: 9\ndata: a\n\ndata: b\n\n'], events: [{ id: '9', event: 'message', data: 'a' }, { id: '9', event: 'message', data: 'b' }] },
    { name: 'incomplete event waits', chunks: ['data: a\n'], events: [] },
    { name: 'reset without data', chunks: ['event: reset\n\n'], events: [{ id: undefined, event: 'reset', data: '' }] },
    { name: 'no space after colon', chunks: ['data:x\n\n'], events: [{ id: undefined, event: 'message', data: 'x' }] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const p = new SseParser();
      const out = c.chunks.flatMap((ch) => p.feed(ch));
      expect(out).toEqual(c.events);
    });
  }
});
