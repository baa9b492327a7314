import { encryptWechatMessage } from '../../src/channels/wechat/wechat-crypto';
import { startTestServer, type TTestServer } from '../support/harness';
import {
  eventXml,
  nextMsgId,
  OFFICIAL,
  textXml,
  WECHAT_ENV,
  WechatPlatform,
  wechatRowCount,
} from './wechat-client';
import { FUZZ_LIMITS, reportFuzz } from './fuzz-support';

/** mulberry32: a small seeded PRNG, so a failing body can be reproduced from the seed and index. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  return { next, int, pick };
}

const SEED = 0x12345;
const CASES = 1500;
const r = prng(SEED);

const SNIPPETS = [
  '<',
  '>',
  '</',
  '/>',
  '<![CDATA[',
  ']]>',
  '&',
  '&amp;',
  '&#0;',
  '&#xD800;',
  '<xml>',
  '</xml>',
  '<MsgType>event</MsgType>',
  '<MsgId>abc</MsgId>',
  '<CreateTime>-1</CreateTime>',
  '<Encrypt>',
  '\u0000',
  '\uFFFF',
  '"',
  '<!DOCTYPE x>',
  '<?xml?>',
  '<A b="c">',
];

function validBody(): string {
  const from = `oFuzz${r.int(50)}`;
  switch (r.int(4)) {
    case 0:
      return textXml({ from, msgId: nextMsgId(), content: '路灯不亮' });
    case 1:
      return eventXml({
        from,
        event: r.pick(['subscribe', 'CLICK', 'VIEW']),
        eventKey: 'QUERY_STATUS',
        createTime: 1,
      });
    case 2:
      return textXml({ from, msgId: nextMsgId() }).replace('text', 'location');
    default:
      return OFFICIAL.decrypted;
  }
}

/** One malformed (or occasionally still valid) XML document. */
function mutate(xml: string): string {
  switch (r.int(9)) {
    case 0:
      return xml.slice(0, r.int(xml.length));
    case 1: {
      const at = r.int(xml.length);
      return xml.slice(0, at) + r.pick(SNIPPETS) + xml.slice(at);
    }
    case 2: {
      const at = r.int(xml.length);
      return xml.slice(0, at) + xml.slice(at + 1 + r.int(20));
    }
    case 3:
      return xml.replace(
        /<(CreateTime|MsgId|MsgType|FromUserName|Location_X)>[^]*?<\/\1>/,
        (_m, tag: string) =>
          `<${tag}>${r.pick(['abc', '', '1.5e300', '-1', '９９', 'x'.repeat(100), '<![CDATA[]]>'])}</${tag}>`,
      );
    case 4:
      return xml.replace('</xml>', `<${'T'.repeat(1 + r.int(200))}>${'x'.repeat(r.int(60_000))}</T></xml>`);
    case 5:
      return xml.replace('</xml>', `${'<a>'.repeat(1 + r.int(300))}x${'</a>'.repeat(r.int(300))}</xml>`);
    case 6:
      return xml.replace(/<(\w+)>/, '<$1><$1>');
    case 7:
      return String.fromCharCode(...Array.from({ length: r.int(300) }, () => r.int(0x3000)));
    default:
      return xml.replaceAll('<![CDATA[', '');
  }
}

function randomBytes(): Buffer {
  return Buffer.from(Array.from({ length: r.int(2000) }, () => r.int(256)));
}

function badBase64(): string {
  const good = encryptWechatMessage(validBody(), {
    encodingAesKey: OFFICIAL.encodingAESKey,
    appId: OFFICIAL.appId,
  });
  switch (r.int(5)) {
    case 0:
      return good.slice(0, r.int(good.length));
    case 1:
      return good.replace(/[A-Za-z]/, '!');
    case 2:
      return Buffer.from(Array.from({ length: 32 * (1 + r.int(4)) }, () => r.int(256))).toString('base64');
    case 3:
      return `${good}====`;
    default:
      return good.split('').reverse().join('');
  }
}

let s: TTestServer;
let wx: WechatPlatform;

beforeAll(async () => {
  s = await startTestServer('wechat_fuzz', { env: { ...WECHAT_ENV, ...FUZZ_LIMITS } });
  wx = new WechatPlatform(s, () => new Date());
}, 60_000);
afterAll(async () => s?.stop());

test(`${CASES} malformed WeChat pushes get 4xx or 200 answers, never 5xx, and refused ones store nothing (seed ${SEED})`, async () => {
  const statuses: Record<number, number> = {};
  let fiveXx = 0;
  let stored = 0;
  for (let i = 0; i < CASES; i++) {
    const before = await wechatRowCount(s);
    let res: { status: number; text: string };
    const kind = r.int(5);
    if (kind === 0) res = await wx.postPlain(mutate(validBody()));
    else if (kind === 1) res = await wx.postPlain(randomBytes());
    else if (kind === 2) res = await wx.postSafe(mutate(validBody()));
    else if (kind === 3) {
      const enc = badBase64();
      res = await wx.postEnvelope(
        `<xml><ToUserName>gh_1</ToUserName><Encrypt><![CDATA[${enc}]]></Encrypt></xml>`,
        enc,
      );
    } else {
      const enc = encryptWechatMessage(validBody(), {
        encodingAesKey: OFFICIAL.encodingAESKey,
        appId: OFFICIAL.appId,
      });
      res = await wx.postEnvelope(
        mutate(`<xml><ToUserName>gh_1</ToUserName><Encrypt>${enc}</Encrypt></xml>`),
        enc,
      );
    }
    statuses[res.status] = (statuses[res.status] ?? 0) + 1;
    const context = { case: i, kind, status: res.status, text: res.text.slice(0, 200) };
    expect({ ...context, ok: res.status === 200 || (res.status >= 400 && res.status < 500) }).toEqual({
      ...context,
      ok: true,
    });
    if (res.status >= 500) fiveXx++;
    if (res.status !== 200) {
      const added = (await wechatRowCount(s)) - before;
      stored += added;
      expect({ case: i, stored: added }).toEqual({ case: i, stored: 0 });
    }
  }
  reportFuzz('wechat', {
    inputs: CASES,
    fiveXx,
    stored,
    share: 1500,
    note: `stored counts refused inputs; ${statuses[200] ?? 0} mutations were still valid messages and answered 200`,
  });
  // The corpus really exercises the refusals, not only the happy path.
  expect(statuses[400]).toBeGreaterThan(CASES / 3);
  expect(statuses[413]).toBeGreaterThan(0);
}, 120_000);
