/**
 * Text helpers of the knowledge base: the words to highlight for a Chinese query, the plain text
 * of an article's HTML, and the light markup of the body editor (paragraphs, lists, headings,
 * bold) in both directions. Pure: no React, no requests.
 */

import { kbQueryTerms } from '@hotline/shared';

/**
 * What to mark in a hit for a query: the same words and two-character windows the server
 * searched by (shared `kbQueryTerms`), longest first so a word wins over its parts.
 */
export function highlightTerms(query: string): string[] {
  if (!query.trim()) return [];
  return kbQueryTerms(query, 200)
    .map((t) => t.term)
    .sort((a, b) => b.length - a.length);
}

export type TSegment = { text: string; hit: boolean };

/** Splits text into plain and highlighted segments; overlapping hits merge into one. */
export function highlightSegments(text: string, terms: readonly string[]): TSegment[] {
  if (!text) return [];
  const lower = text.toLowerCase();
  const marks = new Array<boolean>(text.length).fill(false);
  for (const term of terms) {
    if (!term) continue;
    for (let at = lower.indexOf(term); at !== -1; at = lower.indexOf(term, at + 1)) {
      for (let i = at; i < at + term.length; i++) marks[i] = true;
    }
  }
  const segments: TSegment[] = [];
  for (let i = 0; i < text.length; i++) {
    const last = segments[segments.length - 1];
    if (last && last.hit === marks[i]) last.text += text[i];
    else segments.push({ text: text[i]!, hit: marks[i]! });
  }
  return segments;
}

const BLOCKS = new Set(['P', 'DIV', 'LI', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'TR', 'BLOCKQUOTE', 'PRE']);

function parse(html: string): Document | null {
  return typeof DOMParser === 'undefined' ? null : new DOMParser().parseFromString(html, 'text/html');
}

/** The readable text of an article body: one line per paragraph or list item. */
export function htmlToText(html: string): string {
  const doc = parse(html);
  if (!doc) {
    return html
      .replace(/<(br|\/p|\/li|\/h\d|\/div)[^>]*>/gi, '\n')
      .replace(/<[^>]+>/g, '')
      .replace(/\n{2,}/g, '\n')
      .trim();
  }
  const out: string[] = [];
  const walk = (node: Node) => {
    if (node.nodeType === Node.TEXT_NODE) {
      out.push(node.textContent ?? '');
      return;
    }
    if (!(node instanceof Element)) return;
    if (node.tagName === 'BR') out.push('\n');
    const block = BLOCKS.has(node.tagName);
    if (block) out.push('\n');
    node.childNodes.forEach(walk);
    if (block) out.push('\n');
  };
  doc.body.childNodes.forEach(walk);
  return out
    .join('')
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .join('\n');
}

/** The body's paragraphs as plain lines: what the review compares between two versions. */
export function paragraphs(html: string): string[] {
  return htmlToText(html).split('\n').filter(Boolean);
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const inline = (s: string) => escapeHtml(s).replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>');

const BULLET = /^\s*[-*•]\s+/;
const NUMBERED = /^\s*\d+[.、)]\s*/;
const HEADING = /^\s*#{1,3}\s+/;

/**
 * Editor markup → HTML. Blank lines separate paragraphs; `- ` lines make a list, `1. ` lines a
 * numbered list, `## ` a heading, `**…**` bold. Everything else is escaped, so the markup cannot
 * smuggle tags in (the server sanitises again anyway).
 */
export function markupToHtml(src: string): string {
  const html: string[] = [];
  let para: string[] = [];
  // Written by the closures below, so TypeScript must not narrow it to its initial null.
  let list = null as { tag: 'ul' | 'ol'; items: string[] } | null;
  const flushPara = () => {
    if (para.length) html.push(`<p>${para.map(inline).join('<br>')}</p>`);
    para = [];
  };
  const flushList = () => {
    if (list)
      html.push(`<${list.tag}>${list.items.map((i) => `<li>${inline(i)}</li>`).join('')}</${list.tag}>`);
    list = null;
  };
  for (const raw of src.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.trimEnd();
    const tag = BULLET.test(line) ? 'ul' : NUMBERED.test(line) ? 'ol' : null;
    if (tag) {
      flushPara();
      if (list?.tag !== tag) flushList();
      list ??= { tag, items: [] };
      list.items.push(line.replace(tag === 'ul' ? BULLET : NUMBERED, ''));
    } else if (HEADING.test(line)) {
      flushPara();
      flushList();
      html.push(`<h3>${inline(line.replace(HEADING, ''))}</h3>`);
    } else if (!line.trim()) {
      flushPara();
      flushList();
    } else {
      flushList();
      para.push(line.trim());
    }
  }
  flushPara();
  flushList();
  return html.join('\n');
}

/** HTML → editor markup, so an existing article can be edited in the same light form. */
export function htmlToMarkup(html: string): string {
  const doc = parse(html);
  if (!doc) return htmlToText(html);
  const text = (node: Node): string => {
    if (node.nodeType === Node.TEXT_NODE) return (node.textContent ?? '').replace(/\s+/g, ' ');
    if (!(node instanceof Element)) return '';
    const inner = [...node.childNodes].map(text).join('');
    if (node.tagName === 'BR') return '\n';
    if ((node.tagName === 'STRONG' || node.tagName === 'B') && inner.trim()) return `**${inner.trim()}**`;
    return inner;
  };
  const blocks: string[] = [];
  const walk = (node: Node) => {
    if (node instanceof Element && (node.tagName === 'UL' || node.tagName === 'OL')) {
      const items = [...node.children].filter((c) => c.tagName === 'LI');
      blocks.push(
        items.map((li, i) => `${node.tagName === 'UL' ? '-' : `${i + 1}.`} ${text(li).trim()}`).join('\n'),
      );
    } else if (node instanceof Element && /^H[1-6]$/.test(node.tagName)) {
      blocks.push(`## ${text(node).trim()}`);
    } else if (node instanceof Element && (node.tagName === 'DIV' || node.tagName === 'BLOCKQUOTE')) {
      node.childNodes.forEach(walk);
    } else {
      const t = text(node)
        .split('\n')
        .map((l) => l.trim())
        .join('\n')
        .trim();
      if (t) blocks.push(t);
    }
  };
  doc.body.childNodes.forEach(walk);
  return blocks.join('\n\n');
}

/** What an agent reads to the citizen, from the cited article: its text, cut to fit the answer. */
export function answerFromArticle(title: string, bodyHtml: string, max = 2000): string {
  const body = htmlToText(bodyHtml);
  const text = body ? `${title}：\n${body}` : title;
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
