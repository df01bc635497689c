// Loading recipes, and the import, which sends the file's text as it is (the server locates a
// problem by byte offset and refuses duplicate keys, which re-serialising in the browser would hide).
import { ApiError, api, noteServerTime, sessionToken } from '../../api/client';
import type { Page } from '../../api/types';
import type { RecipeSummary, VersionSignature, VersionView } from './types';

const PAGE = 500;

// Every recipe, following the cursor (a plant has tens, not thousands).
export async function loadRecipes(): Promise<RecipeSummary[]> {
  const out: RecipeSummary[] = [];
  let cursor: string | null | undefined = '';
  for (let i = 0; i < 20 && cursor !== null && cursor !== undefined; i++) {
    const page: Page<RecipeSummary> = await api.get<Page<RecipeSummary>>(
      `/api/v1/recipes?limit=${PAGE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    out.push(...page.items);
    cursor = page.next_cursor;
  }
  return out;
}

export function recipePath(id: string): string {
  return `/api/v1/recipes/${encodeURIComponent(id)}`;
}

export function versionPath(id: string, n: number): string {
  return `${recipePath(id)}/versions/${n}`;
}

// POST the document's text unchanged to /api/v1/recipes/import.
export async function importRecipe(text: string): Promise<VersionView> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Content-Type': 'application/json' };
  const token = sessionToken();
  if (token) headers['Authorization'] = `Bearer ${token}`;
  headers['Idempotency-Key'] = crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`;
  let response: Response;
  try {
    response = await fetch('/api/v1/recipes/import', { method: 'POST', headers, body: text, credentials: 'omit' });
  } catch {
    throw new ApiError(0, { code: 'unavailable', message: 'The server cannot be reached. Check the network; nothing was imported.' }, null);
  }
  const date = response.headers.get('Date');
  if (date) noteServerTime(Date.parse(date) + 500);
  const body = await response.text();
  if (!response.ok) {
    let parsed = { code: 'internal', message: `The server answered ${response.status}.` } as {
      code: string;
      message: string;
      details?: Record<string, unknown>;
    };
    try {
      const j = JSON.parse(body);
      if (j && j.error && typeof j.error.message === 'string') parsed = j.error;
    } catch {
      /* keep the generic message */
    }
    throw new ApiError(response.status, parsed, response.headers.get('X-Request-Id'));
  }
  return JSON.parse(body) as VersionView;
}

// Printed names by user id: the recipe's and each version's `people`, and the signers.
export function namesFrom(
  versions: readonly Pick<VersionView, 'signatures' | 'people'>[],
  recipe?: Pick<RecipeSummary, 'people'> | null,
): Map<string, string> {
  const names = new Map<string, string>(Object.entries(recipe?.people ?? {}));
  for (const v of versions) {
    for (const [id, name] of Object.entries(v.people ?? {})) names.set(id, name);
    for (const s of v.signatures ?? ([] as VersionSignature[])) names.set(s.signer.id, s.signer.printed_name);
  }
  return names;
}

export function personName(names: Map<string, string>, id: string | null | undefined): string {
  if (!id) return '—';
  return names.get(id) ?? `user ${id}`;
}
