import type { TTestServer } from '../support/harness';

/** Open311 test client and a strict little XML reader (no dependency), for the Open311 test files. */

export const OPEN311_KEY = 'open311-test-key-0001';
export const OPEN311_KEY_2 = 'open311-test-key-0002';
export const OPEN311_ENV = { OPEN311_API_KEYS: `${OPEN311_KEY}, ${OPEN311_KEY_2}` };

export type TResponse = { status: number; contentType: string; text: string; json: any };

async function read(res: Response): Promise<TResponse> {
  const text = await res.text();
  const contentType = res.headers.get('content-type') ?? '';
  let json: unknown = null;
  if (contentType.startsWith('application/json')) json = JSON.parse(text);
  return { status: res.status, contentType, text, json };
}

export async function o311Get(s: TTestServer, path: string): Promise<TResponse> {
  return read(await fetch(`${s.url}/open311/v2/${path}`));
}

export async function o311PostForm(
  s: TTestServer,
  format: 'json' | 'xml',
  params: Record<string, string> | string,
  headers: Record<string, string> = {},
): Promise<TResponse> {
  const body = typeof params === 'string' ? params : new URLSearchParams(params).toString();
  return read(
    await fetch(`${s.url}/open311/v2/requests.${format}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body,
    }),
  );
}

export async function o311PostRaw(
  s: TTestServer,
  format: 'json' | 'xml',
  body: string | Uint8Array,
  contentType: string | null,
  headers: Record<string, string> = {},
): Promise<TResponse> {
  return read(
    await fetch(`${s.url}/open311/v2/requests.${format}`, {
      method: 'POST',
      headers: { ...(contentType ? { 'content-type': contentType } : {}), ...headers },
      body,
    }),
  );
}

export async function countOf(s: TTestServer, sqlText: string, params: unknown[] = []): Promise<number> {
  const res = await s.ctx.pool.query<{ n: string }>(sqlText, params);
  return Number(res.rows[0]!.n);
}

export type TXmlNode = { tag: string; text: string | null; children: TXmlNode[] };

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(raw: string): string {
  return raw.replace(/&([a-z]+);|&/g, (m, name: string | undefined) => {
    const ch = name ? ENTITIES[name] : undefined;
    if (ch === undefined) throw new Error(`bad entity near ${m}`);
    return ch;
  });
}

/**
 * Parses the XML our Open311 endpoints write (declaration, elements, text; no attributes) and
 * throws on anything not well-formed: unbalanced tags, stray `<` or `&`, text outside the root.
 */
export function parseXml(xml: string): TXmlNode {
  if (!xml.startsWith('<?xml version="1.0" encoding="utf-8"?>')) throw new Error('no XML declaration');
  const re = /<(\/?)([A-Za-z_][\w.-]*)(\/?)>|([^<]+)|(<)/g;
  const body = xml.slice(xml.indexOf('?>') + 2);
  const stack: TXmlNode[] = [];
  let root: TXmlNode | null = null;
  for (const m of body.matchAll(re)) {
    const [, close, tag, selfClose, text, stray] = m;
    if (stray) throw new Error(`stray < at ${m.index}`);
    if (text !== undefined) {
      if (!text.trim()) continue;
      const top = stack.at(-1);
      if (!top) throw new Error('text outside the root element');
      top.text = (top.text ?? '') + decode(text);
      continue;
    }
    if (close) {
      const top = stack.pop();
      if (!top || top.tag !== tag) throw new Error(`unbalanced </${tag}>`);
      if (stack.length === 0) root = top;
      continue;
    }
    const node: TXmlNode = { tag: tag!, text: null, children: [] };
    if (root) throw new Error('more than one root element');
    const parent = stack.at(-1);
    parent?.children.push(node);
    if (selfClose) {
      if (!parent) root = node;
    } else stack.push(node);
  }
  if (stack.length || !root) throw new Error('unclosed element');
  return root;
}

/** An element with only text children as `{ tag: text }`; nested elements are kept as nodes. */
export function fields(node: TXmlNode): Record<string, string | null | TXmlNode> {
  const out: Record<string, string | null | TXmlNode> = {};
  for (const c of node.children) out[c.tag] = c.children.length ? c : c.text;
  return out;
}

/** Deterministic PRNG (mulberry32): the fuzz cases are the same on every run. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
  };
}
