import type { TTestServer } from '../support/harness';

/** A real 1×1 PNG. */
export const PNG_B64 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
export const JPEG_B64 = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 1)]).toString(
  'base64',
);
export const TEXT_B64 = Buffer.from('这不是图片，只是一段文字。not an image').toString('base64');

let phoneSeq = 0;
/** A fresh phone number per call: the per-phone limit (3 an hour) must not couple the tests. */
export function nextPhone(): string {
  phoneSeq += 1;
  return `139${String(process.pid % 1000).padStart(3, '0')}${String(phoneSeq).padStart(5, '0')}`;
}

let ipSeq = 0;
/** A fresh client address (the server trusts X-Forwarded-For from loopback, as behind its proxy). */
export function nextIp(): string {
  ipSeq += 1;
  return `10.${(ipSeq >> 16) & 255}.${(ipSeq >> 8) & 255}.${ipSeq & 255}`;
}

export function validBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    line: '12345',
    type: 'complaint',
    description: '小区门口道路井盖缺失已有一周，夜间行人容易跌倒，请尽快处理。',
    address: '天宁区青龙街道龙锦路 8 号',
    phone: nextPhone(),
    name: '李女士',
    ...overrides,
  };
}

export type TRes = { status: number; json: any; headers: Headers };

/** A POST as the portal page sends it (JSON, X-Requested-With), from the given client address. */
export async function postPortal(
  s: TTestServer,
  body: unknown,
  opts: { ip?: string; headers?: Record<string, string>; raw?: string; contentType?: string } = {},
): Promise<TRes> {
  const res = await fetch(`${s.url}/api/v1/portal/requests`, {
    method: 'POST',
    headers: {
      'content-type': opts.contentType ?? 'application/json',
      'x-requested-with': 'hotline',
      'x-forwarded-for': opts.ip ?? nextIp(),
      ...opts.headers,
    },
    body: opts.raw ?? JSON.stringify(body),
  });
  const text = await res.text();
  let json: any;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = text;
  }
  return { status: res.status, json, headers: res.headers };
}

export async function getPortal(s: TTestServer, path: string, ip = nextIp()): Promise<TRes> {
  const res = await fetch(`${s.url}/api/v1/portal${path}`, { headers: { 'x-forwarded-for': ip } });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null, headers: res.headers };
}

export function track(s: TTestServer, trackingNo: string, queryCode: string): Promise<TRes> {
  return getPortal(
    s,
    `/track?trackingNo=${encodeURIComponent(trackingNo)}&queryCode=${encodeURIComponent(queryCode)}`,
  );
}

export async function count(s: TTestServer, sqlText: string, params: unknown[] = []): Promise<number> {
  const res = await s.ctx.pool.query<{ n: string }>(sqlText, params);
  return Number(res.rows[0]!.n);
}

/** What a submission may leave behind: counted before and after a refused one. */
export async function storedCounts(s: TTestServer) {
  return {
    inbound: await count(s, `select count(*) as n from inbound_messages where channel = 'web'`),
    tickets: await count(s, `select count(*) as n from tickets where channel = 'web'`),
    attachments: await count(s, `select count(*) as n from attachments`),
  };
}
