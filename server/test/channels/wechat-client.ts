import { and, eq, sql } from 'drizzle-orm';
import fixture from './fixtures/wechat-official-sample.json';
import {
  decryptWechatMessage,
  encryptWechatMessage,
  wechatSignature,
} from '../../src/channels/wechat/wechat-crypto';
import { buildWechatXml, parseWechatXml, type TWechatFields } from '../../src/channels/wechat/wechat-xml';
import { inboundMessages } from '../../src/infra/db/schema';
import type { TTestServer } from '../support/harness';

/** The official WXBizMsgCrypt sample: the servers under test are configured with its token, app id and key. */
export const OFFICIAL = fixture;
export const WECHAT_ENV = {
  WECHAT_TOKEN: OFFICIAL.token,
  WECHAT_APPID: OFFICIAL.appId,
  WECHAT_ENCODING_AES_KEY: OFFICIAL.encodingAESKey,
};
export const ACCOUNT = 'gh_10f6c3c3ac5a';

export type TWechatResponse = { status: number; text: string; type: string | null };

/** Speaks to /channels/wechat the way the WeChat platform does. */
export class WechatPlatform {
  constructor(
    private readonly s: TTestServer,
    private readonly now: () => Date,
  ) {}

  timestamp(offsetS = 0): string {
    return String(Math.floor(this.now().getTime() / 1000) + offsetS);
  }

  async send(method: 'GET' | 'POST', query: Record<string, string>, body?: string | Buffer) {
    const res = await fetch(`${this.s.url}/channels/wechat?${new URLSearchParams(query)}`, {
      method,
      headers: body !== undefined ? { 'content-type': 'text/xml' } : {},
      body,
    });
    return { status: res.status, text: await res.text(), type: res.headers.get('content-type') };
  }

  /** Plaintext mode: `signature` over token, timestamp and nonce only (the body is not signed). */
  postPlain(
    xml: string | Buffer,
    o: { timestamp?: string; nonce?: string; token?: string } = {},
  ): Promise<TWechatResponse> {
    const timestamp = o.timestamp ?? this.timestamp();
    const nonce = o.nonce ?? '1320562132';
    const signature = wechatSignature([o.token ?? OFFICIAL.token, timestamp, nonce]);
    return this.send('POST', { signature, timestamp, nonce, openid: 'o' }, xml);
  }

  /** Safe mode (or compatible mode, which also carries the plaintext fields beside Encrypt). */
  postSafe(
    xml: string,
    o: { timestamp?: string; nonce?: string; appId?: string; compatible?: boolean; encrypt?: string } = {},
  ): Promise<TWechatResponse> {
    const encrypt =
      o.encrypt ??
      encryptWechatMessage(xml, {
        encodingAesKey: OFFICIAL.encodingAESKey,
        appId: o.appId ?? OFFICIAL.appId,
      });
    const timestamp = o.timestamp ?? this.timestamp();
    const nonce = o.nonce ?? '1320562132';
    const encryptTag = `<Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`;
    // Compatible mode carries every plaintext field beside Encrypt; safe mode only the account.
    const body = o.compatible
      ? xml.replace(/<\/xml>$/, encryptTag)
      : `<xml><ToUserName><![CDATA[${ACCOUNT}]]></ToUserName>${encryptTag}`;
    return this.postEnvelope(body, encrypt, { timestamp, nonce });
  }

  /** A safe-mode envelope as given, signed over the Encrypt value given. */
  postEnvelope(body: string, encrypt: string, o: { timestamp?: string; nonce?: string } = {}) {
    const timestamp = o.timestamp ?? this.timestamp();
    const nonce = o.nonce ?? '1320562132';
    const msg_signature = wechatSignature([OFFICIAL.token, timestamp, nonce, encrypt]);
    const signature = wechatSignature([OFFICIAL.token, timestamp, nonce]);
    return this.send('POST', { signature, timestamp, nonce, encrypt_type: 'aes', msg_signature }, body);
  }
}

/** Checks a safe-mode reply's MsgSignature and decrypts it, as the platform does. */
export function openEncryptedReply(text: string): TWechatFields {
  const outer = parseWechatXml(text);
  const expected = wechatSignature([OFFICIAL.token, outer.TimeStamp!, outer.Nonce!, outer.Encrypt!]);
  if (outer.MsgSignature !== expected) throw new Error('reply MsgSignature does not verify');
  const { xml } = decryptWechatMessage(outer.Encrypt!, {
    encodingAesKey: OFFICIAL.encodingAESKey,
    appId: OFFICIAL.appId,
  });
  return parseWechatXml(xml);
}

let seq = 0;
/** A fresh MsgId above 2^53, as WeChat's are. */
export function nextMsgId(): string {
  return `60547685900647${String(13728 + ++seq).padStart(5, '0')}`;
}

export function textXml(o: { from: string; msgId: string; content?: string; createTime?: number }): string {
  return buildWechatXml([
    ['ToUserName', ACCOUNT],
    ['FromUserName', o.from],
    ['CreateTime', o.createTime ?? Math.floor(Date.now() / 1000)],
    ['MsgType', 'text'],
    ['Content', o.content ?? '小区门口路灯不亮了'],
    ['MsgId', o.msgId],
  ]);
}

export function eventXml(o: { from: string; event: string; eventKey?: string; createTime: number }): string {
  return buildWechatXml([
    ['ToUserName', ACCOUNT],
    ['FromUserName', o.from],
    ['CreateTime', o.createTime],
    ['MsgType', 'event'],
    ['Event', o.event],
    ...(o.eventKey !== undefined ? [['EventKey', o.eventKey] as [string, string]] : []),
  ]);
}

export async function wechatRowCount(s: TTestServer): Promise<number> {
  const [r] = await s.ctx.db
    .select({ n: sql<number>`count(*)::int` })
    .from(inboundMessages)
    .where(eq(inboundMessages.channel, 'wechat'));
  return r!.n;
}

export async function wechatRows(s: TTestServer, externalId: string) {
  return s.ctx.db
    .select()
    .from(inboundMessages)
    .where(and(eq(inboundMessages.channel, 'wechat'), eq(inboundMessages.externalId, externalId)));
}
