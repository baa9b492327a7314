import { AppError } from '@hotline/shared';

/**
 * The opaque `cursor` of keyset-paged lists: [timestamp, id] of the last row, base64url JSON.
 * Decoding checks both parts, so a forged cursor is a 400, never a database error.
 */
export function encodeKeysetCursor(at: string, id: string): string {
  return Buffer.from(JSON.stringify([at, id])).toString('base64url');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function decodeKeysetCursor(cursor: string): [at: string, id: string] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(v) &&
      v.length === 2 &&
      typeof v[0] === 'string' &&
      (v[0] === 'infinity' || !Number.isNaN(Date.parse(v[0]))) &&
      typeof v[1] === 'string' &&
      UUID.test(v[1])
    )
      return [v[0], v[1]];
  } catch {
    /* fall through */
  }
  throw new AppError('VALIDATION_FAILED', 'The cursor is not valid', { fields: { cursor: ['invalid'] } });
}
