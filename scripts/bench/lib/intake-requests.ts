/**
 * The requests the intake benchmark sends, each different: a ticket as the console's create form
 * posts it (new caller number, category, district, idempotency key), and a WeChat text push as the
 * platform sends it in safe mode (fresh MsgId and timestamp, encrypted and signed).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { encryptWechatMessage, wechatSignature } from '../../../server/src/channels/wechat/wechat-crypto';
import { buildWechatXml } from '../../../server/src/channels/wechat/wechat-xml';

const TITLES = ['路灯不亮', '小区噪音扰民', '占道经营', '垃圾未及时清运', '道路破损', '夜间施工扰民'];
const TYPES = ['complaint', 'help', 'consultation', 'report', 'suggestion'] as const;
const NAMES = ['王先生', '李女士', '张先生', '刘女士', '陈先生'];

export type TRequest = { path: string; headers?: Record<string, string>; body?: string };

/** POST /api/v1/tickets as agent `cookie`; every call a new caller and key. */
export function ticketRequests(o: {
  cookie: string;
  categoryIds: string[];
  districtIds: string[];
  /** Distinguishes phone numbers across the points of one run. */
  phoneBase: number;
}): () => TRequest {
  let seq = 0;
  const headers = {
    'content-type': 'application/json',
    cookie: o.cookie,
    'x-requested-with': 'hotline',
  };
  return () => {
    const i = seq++;
    const title = TITLES[i % TITLES.length]!;
    return {
      path: '/api/v1/tickets',
      headers,
      body: JSON.stringify({
        line: '12345',
        channel: 'phone',
        type: TYPES[i % TYPES.length],
        categoryId: o.categoryIds[i % o.categoryIds.length],
        urgency: 'normal',
        title: `${title}`,
        description: `市民来电反映：${title}，已持续多日，影响居民正常生活，希望有关部门尽快处理并回复。（${i}）`,
        address: `玄武区中山路${(i % 500) + 1}号`,
        districtId: o.districtIds[i % o.districtIds.length],
        citizen: { phone: `13${String(o.phoneBase + i).padStart(9, '0')}`, name: NAMES[i % NAMES.length] },
        confidential: false,
        draft: false,
        idempotencyKey: randomUUID(),
      }),
    };
  };
}

export type TWechatConfig = { token: string; appId: string; encodingAesKey: string; account: string };

/** A configuration for the benchmark's server: a random token and AES key. */
export function benchWechatConfig(): TWechatConfig {
  return {
    token: `bench${randomBytes(8).toString('hex')}`,
    appId: 'wxbench0000000001',
    // 43 base64 characters: base64 of 32 bytes without its '='.
    encodingAesKey: randomBytes(32).toString('base64').slice(0, 43),
    account: 'gh_bench00000001',
  };
}

/** POST /channels/wechat in safe mode: a text message from one of 2,000 followers. */
export function wechatRequests(cfg: TWechatConfig, msgIdBase: bigint): () => TRequest {
  let seq = 0;
  const headers = { 'content-type': 'text/xml' };
  return () => {
    const i = seq++;
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = String(100_000_000 + (i % 900_000_000));
    const xml = buildWechatXml([
      ['ToUserName', cfg.account],
      ['FromUserName', `oBench${String(i % 2000).padStart(6, '0')}`],
      ['CreateTime', Number(timestamp)],
      ['MsgType', 'text'],
      ['Content', `${TITLES[i % TITLES.length]}，麻烦尽快处理（${i}）`],
      ['MsgId', String(msgIdBase + BigInt(i))],
    ]);
    const encrypt = encryptWechatMessage(xml, { encodingAesKey: cfg.encodingAesKey, appId: cfg.appId });
    const query = new URLSearchParams({
      signature: wechatSignature([cfg.token, timestamp, nonce]),
      timestamp,
      nonce,
      openid: `oBench${String(i % 2000).padStart(6, '0')}`,
      encrypt_type: 'aes',
      msg_signature: wechatSignature([cfg.token, timestamp, nonce, encrypt]),
    });
    return {
      path: `/channels/wechat?${query}`,
      headers,
      body: `<xml><ToUserName><![CDATA[${cfg.account}]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`,
    };
  };
}
