import { describe, expect, it } from 'vitest';
import { match } from './router';

describe('match', () => {
  const cases: [string, string, Record<string, string> | null][] = [
    ['/', '/', {}],
    ['/batches', '/batches', {}],
    ['/batches', '/batches/', {}],
    ['/batches/:id', '/batches/0193abc', { id: '0193abc' }],
    ['/batches/:id', '/batches', null],
    ['/batches/:id', '/batches/a/b', null],
    ['/batches/:id', '/batches/PCM%2F42', { id: 'PCM/42' }],
    ['/batches/:id', '/batches/%zz', null],
    ['/review/:id', '/batches/x', null],
    ['/materials/*', '/materials', { '*': '' }],
    ['/materials/*', '/materials/', { '*': '' }],
    ['/materials/*', '/materials/lots/L-1/genealogy', { '*': 'lots/L-1/genealogy' }],
    ['/materials/*', '/material', null],
    ['/materials/*', '/batches/x', null],
    ['/equipment/:code/*', '/equipment/TAB-01', { code: 'TAB-01', '*': '' }],
    ['/equipment/:code/*', '/equipment', null],
  ];
  for (const [pattern, path, want] of cases) {
    it(`${pattern} ~ ${path}`, () => expect(match(pattern, path)).toEqual(want));
  }
});
