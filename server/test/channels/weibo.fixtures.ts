import { randomBytes } from 'node:crypto';
import { computeWeiboSignature } from '../../src/channels/weibo/weibo-signature';
import type { TTestServer } from '../support/harness';

export const WEIBO_SECRET = 'weibo-test-app-secret-0123456789';
export const OUR_ACCOUNT = '1902538057';

/** Formats an instant as Weibo does, in Beijing time: "Mon Jul 16 18:09:20 +0800 2012". */
export function weiboCreatedAt(d: Date): string {
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const b = new Date(d.getTime() + 8 * 3600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return (
    `${days[b.getUTCDay()]} ${months[b.getUTCMonth()]} ${p(b.getUTCDate())} ` +
    `${p(b.getUTCHours())}:${p(b.getUTCMinutes())}:${p(b.getUTCSeconds())} +0800 ${b.getUTCFullYear()}`
  );
}

/** A text push from `sender` as the platform sends it (ids as JSON numbers). */
export function weiboPush(sender: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'text',
    receiver_id: Number(OUR_ACCOUNT),
    sender_id: Number(sender),
    created_at: weiboCreatedAt(new Date()),
    text: '小区门口垃圾三天没人清运了',
    data: {},
    ...overrides,
  };
}

export type TSignedQuery = { signature: string; timestamp: string; nonce: string };

export function signedQuery(opts: { secret?: string; at?: Date; nonce?: string } = {}): TSignedQuery {
  const timestamp = String(Math.floor((opts.at ?? new Date()).getTime() / 1000));
  const nonce = opts.nonce ?? randomBytes(6).toString('hex');
  return {
    signature: computeWeiboSignature(opts.secret ?? WEIBO_SECRET, timestamp, nonce),
    timestamp,
    nonce,
  };
}

export type TWeiboResponse = { status: number; text: string; json: any; contentType: string | null };

/** POSTs a body to /channels/weibo with a signed query (or the query given). */
export async function postWeibo(
  s: TTestServer,
  body: string | Buffer | Record<string, unknown>,
  query: Partial<TSignedQuery> & Record<string, string> = signedQuery(),
): Promise<TWeiboResponse> {
  const payload = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
  const res = await fetch(`${s.url}/channels/weibo?${new URLSearchParams(query)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: payload,
  });
  const text = await res.text();
  let json: any;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  return { status: res.status, text, json, contentType: res.headers.get('content-type') };
}

/** The `{ text }` inside a passive reply's URL-encoded `data`. */
export function replyText(reply: { data: string }): string {
  return (JSON.parse(decodeURIComponent(reply.data)) as { text: string }).text;
}

export async function countRows(s: TTestServer, sqlText: string, params: unknown[] = []): Promise<number> {
  const res = await s.ctx.pool.query<{ n: string }>(sqlText, params);
  return Number(res.rows[0]!.n);
}

export const weiboInboundCount = (s: TTestServer) =>
  countRows(s, `select count(*) as n from inbound_messages where channel = 'weibo'`);
