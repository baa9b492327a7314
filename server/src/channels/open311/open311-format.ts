import type { Response } from 'express';

/**
 * GeoReport v2 output: every endpoint builds one JSON-shaped value and this file writes it as
 * JSON or XML, so both formats always carry the same fields. The XML writer is a few lines of
 * our own (no dependency): element names come from our code, text is escaped and stripped of
 * characters XML 1.0 cannot carry (a fuzzed description must not make the document invalid).
 */

export type TFormat = 'json' | 'xml';
export type TJson = string | number | boolean | null | undefined | TJson[] | { [key: string]: TJson };

export const FORMATS: readonly TFormat[] = ['json', 'xml'];
export const CONTENT_TYPES: Record<TFormat, string> = {
  json: 'application/json; charset=utf-8',
  xml: 'text/xml; charset=utf-8',
};

/** The element name of one entry of a list, by the list's element name (as in the spec's examples). */
const ITEM_TAGS: Record<string, string> = {
  attributes: 'attribute',
  values: 'value',
  endpoints: 'endpoint',
  formats: 'format',
};

const TAG = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
// Everything outside the XML 1.0 Char production (control characters, lone surrogates, U+FFFE/F).
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function escapeXml(text: string): string {
  return text
    .replace(NOT_XML_CHAR, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function element(tag: string, value: TJson, indent: string): string {
  if (!TAG.test(tag)) throw new Error(`not an XML element name: ${tag}`);
  if (value === null || value === undefined) return `${indent}<${tag}/>`;
  if (Array.isArray(value)) {
    const itemTag = ITEM_TAGS[tag] ?? 'item';
    if (value.length === 0) return `${indent}<${tag}/>`;
    const inner = value.map((v) => element(itemTag, v, `${indent}  `)).join('\n');
    return `${indent}<${tag}>\n${inner}\n${indent}</${tag}>`;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 0) return `${indent}<${tag}/>`;
    const inner = entries.map(([k, v]) => element(k, v, `${indent}  `)).join('\n');
    return `${indent}<${tag}>\n${inner}\n${indent}</${tag}>`;
  }
  return `${indent}<${tag}>${escapeXml(String(value))}</${tag}>`;
}

/**
 * An XML document: a list becomes `<root><item>…</item>…</root>` (services/service,
 * service_requests/request, errors/error), an object becomes `<root>…fields…</root>`.
 */
export function toXml(root: string, item: string, data: TJson): string {
  const body = Array.isArray(data)
    ? data.length === 0
      ? `<${root}/>`
      : `<${root}>\n${data.map((d) => element(item, d, '  ')).join('\n')}\n</${root}>`
    : element(root, data, '');
  return `<?xml version="1.0" encoding="utf-8"?>\n${body}\n`;
}

export function send(
  res: Response,
  format: TFormat,
  doc: { root: string; item: string; data: TJson },
  status = 200,
): void {
  const body = format === 'xml' ? toXml(doc.root, doc.item, doc.data) : JSON.stringify(doc.data);
  res.status(status).set('content-type', CONTENT_TYPES[format]).send(body);
}

/** The spec's error document: `[{ code, description }]` / `<errors><error>…</error></errors>`. */
export function sendError(res: Response, format: TFormat, status: number, description: string): void {
  send(res, format, { root: 'errors', item: 'error', data: [{ code: status, description }] }, status);
}

/** An error the routes turn into the spec's error document with its HTTP status. */
export class Open311Error extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 413 | 415 | 503,
    message: string,
  ) {
    super(message);
    this.name = 'Open311Error';
  }
}

const SHANGHAI_OFFSET_MS = 8 * 3600_000;

/** ISO 8601 in China time with its zone (`2024-05-06T09:30:00+08:00`), as the spec asks. */
export function toOpen311Datetime(d: Date | string | null | undefined): string | null {
  if (d === null || d === undefined) return null;
  const t = new Date(d);
  if (Number.isNaN(t.getTime())) return null;
  const local = new Date(t.getTime() + SHANGHAI_OFFSET_MS).toISOString();
  return `${local.slice(0, 19)}+08:00`;
}
