/**
 * Opaque page tokens. A token encodes the offset into the (stable, ordered)
 * result list; a token that does not decode is the caller's error, as with
 * the real services.
 */
import type { SimError } from './errors';

const PREFIX = 'sim1:';

export function encodeToken(offset: number): string {
  return Buffer.from(`${PREFIX}${offset}`).toString('base64url');
}

export function decodeToken(token: string): number | undefined {
  const text = Buffer.from(token, 'base64url').toString('utf8');
  if (!text.startsWith(PREFIX)) return undefined;
  const offset = Number(text.slice(PREFIX.length));
  return Number.isSafeInteger(offset) && offset >= 0 ? offset : undefined;
}

export function paginate<T>(
  items: readonly T[],
  pageSize: number,
  token: string | undefined,
  invalidToken: () => SimError,
): { page: T[]; nextToken?: string } {
  let offset = 0;
  if (token !== undefined && token !== '') {
    const decoded = decodeToken(token);
    if (decoded === undefined) throw invalidToken();
    offset = decoded;
  }
  const end = offset + pageSize;
  return { page: items.slice(offset, end), ...(end < items.length ? { nextToken: encodeToken(end) } : {}) };
}
