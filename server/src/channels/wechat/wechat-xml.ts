/**
 * The XML WeChat speaks: `<xml><Tag><![CDATA[..]]></Tag><CreateTime>123</CreateTime>…</xml>`.
 * A small strict parser instead of a general XML library: no attributes, no DTDs, no comments,
 * bounded depth and element count, so a hostile body cannot do more than be refused.
 */

export class WechatXmlError extends Error {
  constructor(
    message: string,
    readonly at: number,
  ) {
    super(`${message} at ${at}`);
    this.name = 'WechatXmlError';
  }
}

/** Top-level fields by tag; nested blocks (ScanCodeInfo, SendLocationInfo…) flattened as `Parent.Child`. */
export type TWechatFields = Record<string, string>;

const MAX_DEPTH = 4;
const MAX_ELEMENTS = 200;
const NAME = /[A-Za-z_][A-Za-z0-9_.-]{0,63}/y;
const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

class Parser {
  private pos = 0;
  private elements = 0;
  constructor(private readonly s: string) {}

  fail(message: string): never {
    throw new WechatXmlError(message, this.pos);
  }

  ws() {
    while (this.pos < this.s.length && ' \t\r\n'.includes(this.s[this.pos]!)) this.pos++;
  }

  eat(token: string): boolean {
    if (!this.s.startsWith(token, this.pos)) return false;
    this.pos += token.length;
    return true;
  }

  name(): string {
    NAME.lastIndex = this.pos;
    const m = NAME.exec(this.s);
    if (!m) this.fail('expected a tag name');
    this.pos += m[0].length;
    return m[0];
  }

  document(): TWechatFields {
    if (this.s.charCodeAt(0) === 0xfeff) this.pos = 1;
    this.ws();
    if (this.eat('<?xml')) {
      const end = this.s.indexOf('?>', this.pos);
      if (end < 0) this.fail('unterminated XML declaration');
      this.pos = end + 2;
      this.ws();
    }
    if (!this.eat('<xml>')) this.fail('expected <xml>');
    const fields: TWechatFields = {};
    this.children('xml', '', fields, 1);
    this.ws();
    if (this.pos !== this.s.length) this.fail('content after </xml>');
    return fields;
  }

  /** Child elements up to `</parent>`; only whitespace may sit between them. */
  children(parent: string, prefix: string, out: TWechatFields, depth: number) {
    for (;;) {
      this.ws();
      if (this.eat('</')) {
        if (this.name() !== parent) this.fail(`expected </${parent}>`);
        if (!this.eat('>')) this.fail('expected >');
        return;
      }
      if (!this.eat('<')) this.fail(this.pos >= this.s.length ? 'unexpected end' : 'text between elements');
      if (++this.elements > MAX_ELEMENTS) this.fail('too many elements');
      const tag = this.name();
      const key = prefix + tag;
      if (this.eat('/>')) {
        this.put(out, key, '', depth);
        continue;
      }
      if (!this.eat('>')) this.fail('expected > (attributes are not allowed)');
      const save = this.pos;
      this.ws();
      const nested =
        this.s[this.pos] === '<' && !this.s.startsWith('<![CDATA[', this.pos) && this.s[this.pos + 1] !== '/';
      if (nested) {
        if (depth >= MAX_DEPTH) this.fail('nested too deep');
        this.children(tag, `${key}.`, out, depth + 1);
      } else {
        this.pos = save;
        this.put(out, key, this.text(tag), depth);
      }
    }
  }

  put(out: TWechatFields, key: string, value: string, depth: number) {
    if (Object.hasOwn(out, key)) {
      // Repeated items exist only inside nested blocks (SendPicsInfo.PicList.item); the envelope must be unambiguous.
      if (depth === 1) this.fail(`duplicate <${key}>`);
      return;
    }
    out[key] = value;
  }

  /** A leaf's value: CDATA sections and text (with the five entities and character references) up to `</tag>`. */
  text(tag: string): string {
    let value = '';
    for (;;) {
      if (this.eat('<![CDATA[')) {
        const end = this.s.indexOf(']]>', this.pos);
        if (end < 0) this.fail('unterminated CDATA');
        value += this.s.slice(this.pos, end);
        this.pos = end + 3;
      } else if (this.eat('</')) {
        if (this.name() !== tag) this.fail(`expected </${tag}>`);
        if (!this.eat('>')) this.fail('expected >');
        return value;
      } else if (this.pos >= this.s.length) {
        this.fail('unexpected end');
      } else if (this.s[this.pos] === '<') {
        this.fail('unexpected <');
      } else if (this.s[this.pos] === '&') {
        value += this.entity();
      } else {
        value += this.s[this.pos++];
      }
    }
  }

  entity(): string {
    const end = this.s.indexOf(';', this.pos);
    if (end < 0 || end - this.pos > 12) this.fail('bad entity');
    const body = this.s.slice(this.pos + 1, end);
    this.pos = end + 1;
    if (ENTITIES[body]) return ENTITIES[body];
    const m = /^#(?:x([0-9a-fA-F]{1,6})|([0-9]{1,7}))$/.exec(body);
    const code = m ? parseInt(m[1] ?? m[2]!, m[1] ? 16 : 10) : NaN;
    if (!(code > 0 && code <= 0x10ffff) || (code >= 0xd800 && code <= 0xdfff)) this.fail('bad entity');
    return String.fromCodePoint(code);
  }
}

/** Parses a WeChat XML body into its fields; throws WechatXmlError when it is not well-formed. */
export function parseWechatXml(xml: string): TWechatFields {
  return new Parser(xml).document();
}

function cdata(value: string): string {
  // `]]>` cannot appear inside CDATA: split it across two sections.
  return `<![CDATA[${value.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}

/** Builds a flat `<xml>`: strings as CDATA, numbers as bare text (as WeChat writes CreateTime). */
export function buildWechatXml(fields: [tag: string, value: string | number][]): string {
  const body = fields
    .map(([tag, v]) => `<${tag}>${typeof v === 'number' ? String(v) : cdata(v)}</${tag}>`)
    .join('');
  return `<xml>${body}</xml>`;
}
