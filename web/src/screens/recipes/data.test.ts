import { describe, expect, it } from 'vitest';
import { namesFrom, personName } from './data';
import type { VersionSignature } from './types';

describe('names of the people a recipe names', () => {
  const signer = (id: string, printed_name: string) => ({ signer: { id, printed_name } }) as unknown as VersionSignature;
  const names = namesFrom(
    [
      { people: { u1: 'Farid Haddad' }, signatures: [signer('u2', 'Eva Lindqvist')] },
      { people: { u3: 'Gina Rossi' }, signatures: [] },
    ],
    { people: { u0: 'Carla Mendes', u1: 'Farid Haddad' } },
  );
  const cases: [string | null | undefined, string][] = [
    ['u0', 'Carla Mendes'], // the recipe's creator
    ['u1', 'Farid Haddad'], // a version's author
    ['u2', 'Eva Lindqvist'], // a signer only
    ['u3', 'Gina Rossi'],
    ['u9', 'user u9'], // a name the server did not give: the id, never a guess
    ['', '—'],
    [null, '—'],
  ];
  for (const [id, want] of cases) it(`${id}`, () => expect(personName(names, id)).toBe(want));
});
