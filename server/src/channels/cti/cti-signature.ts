import { createHmac, timingSafeEqual } from 'node:crypto';

/** A request signed more than this far from our clock is refused (replays, stale retries). */
export const CTI_MAX_SKEW_SECONDS = 5 * 60;

/** `sha256=<hex HMAC-SHA256("<timestamp>.<raw body>", secret)>`: what the middleware sends. */
export function signCtiBody(secret: string, timestamp: string, rawBody: Buffer | string): string {
  const mac = createHmac('sha256', secret);
  mac.update(`${timestamp}.`);
  mac.update(rawBody);
  return `sha256=${mac.digest('hex')}`;
}

export type TCtiVerdict =
  { ok: true } | { ok: false; reason: 'missing' | 'bad-timestamp' | 'stale' | 'bad-signature' };

/**
 * Checks the timestamp window first (cheap), then the HMAC over the exact bytes received, in
 * constant time so the comparison does not leak how much of a forged signature was right.
 */
export function verifyCtiSignature(input: {
  secret: string;
  timestamp: string | undefined;
  signature: string | undefined;
  rawBody: Buffer;
  now: Date;
}): TCtiVerdict {
  const { timestamp, signature } = input;
  if (!timestamp || !signature) return { ok: false, reason: 'missing' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'bad-timestamp' };
  const skew = Math.abs(input.now.getTime() / 1000 - Number(timestamp));
  if (skew > CTI_MAX_SKEW_SECONDS) return { ok: false, reason: 'stale' };
  const expected = Buffer.from(signCtiBody(input.secret, timestamp, input.rawBody), 'utf8');
  const given = Buffer.from(signature.trim().toLowerCase(), 'utf8');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'bad-signature' };
  }
  return { ok: true };
}
