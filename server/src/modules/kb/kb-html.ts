import sanitizeHtml from 'sanitize-html';

/**
 * What an article's rich text may hold: paragraphs, emphasis, lists, two heading levels, links
 * (web pages and phone numbers only) and simple tables. Everything else — scripts, styles, event
 * handlers, images, iframes — is dropped on the server, because agents open these pages in the
 * same console that holds citizens' data.
 */
const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'strong',
    'em',
    'u',
    'ol',
    'ul',
    'li',
    'h3',
    'h4',
    'a',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
  ],
  allowedAttributes: { a: ['href', 'target', 'rel'], th: ['colspan', 'rowspan'], td: ['colspan', 'rowspan'] },
  allowedSchemes: ['http', 'https', 'tel'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  transformTags: {
    b: 'strong',
    i: 'em',
    h1: 'h3',
    h2: 'h3',
    h5: 'h4',
    h6: 'h4',
    a: sanitizeHtml.simpleTransform('a', { target: '_blank', rel: 'noopener noreferrer' }),
  },
  // Text of dropped tags stays (a <div> becomes its text), except where it is code or markup.
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'template', 'iframe', 'object'],
};

/** Block ends become spaces in the plain text, so words of two paragraphs do not run together. */
const BLOCK_END = /<\/(p|li|h3|h4|td|th|tr)>|<br\s*\/?>/gi;
const TAG = /<[^>]*>/g;
const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
  '&nbsp;': ' ',
};

export type TKbBody = { html: string; text: string };

/** The stored HTML and its plain text (for search and snippets). */
export function sanitizeKbBody(raw: string): TKbBody {
  const html = sanitizeHtml(raw, OPTIONS).trim();
  const text = html
    .replace(BLOCK_END, ' ')
    .replace(TAG, '')
    .replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (m) => ENTITIES[m] ?? m)
    .replace(/\s+/g, ' ')
    .trim();
  return { html, text };
}
