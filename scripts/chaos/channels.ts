import { signCtiBody } from '../../server/src/channels/cti/cti-signature';
import { wechatSignature } from '../../server/src/channels/wechat/wechat-crypto';
import { CTI_SECRET, callScript, ringing } from '../../server/test/channels/cti.fixtures';
import { OPEN311_KEY } from '../../server/test/channels/open311.fixtures';
import { nextIp, nextPhone, validBody } from '../../server/test/channels/portal.fixtures';
import { OFFICIAL, textXml } from '../../server/test/channels/wechat-client';
import {
  signedQuery,
  WEIBO_SECRET,
  weiboCreatedAt,
  weiboPush,
} from '../../server/test/channels/weibo.fixtures';

/** Every way a citizen's request (or a call) enters the system, as the load generator drives them. */
export const CHANNELS = ['staff', 'portal', 'open311', 'wechat', 'weibo', 'cti'] as const;
export type TChaosChannel = (typeof CHANNELS)[number];

/** What one HTTP attempt asks for; the load generator adds the base URL, a timeout and retries. */
export type TRequest = { method: 'POST'; path: string; headers: Record<string, string>; body: string };

/**
 * One submission: a unique key, and the request(s) that carry it. A CTI call is several events,
 * each acknowledged on its own; the call counts as acknowledged once all of them are.
 * `request()` is called per attempt, so signatures and timestamps are fresh on a retry while the
 * idempotency key (message id, Idempotency-Key, event id) stays the same, as a real sender's.
 */
export type TSubmission = {
  channel: TChaosChannel;
  /** The key the system dedupes on (ticket idempotency key, inbound external id, call id). */
  key: string;
  /** Carried in the submission's text as `[chaos:<tag>]`: finds the rows it became, by content. */
  tag: string;
  parts: { request: (cookie: string) => TRequest; accepted: (status: number, text: string) => boolean }[];
};

/** The text every submission carries, so rows can be counted by content, not only by the system's own keys. */
export const marker = (key: string) => `[chaos:${key}]`;

export type TCatalogue = { categoryIds: string[]; serviceCodes: string[] };

const json = (body: unknown, headers: Record<string, string> = {}) => ({
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});
const ok2xx = (status: number) => status >= 200 && status < 300;

export function makeSubmission(
  channel: TChaosChannel,
  n: number,
  runId: string,
  cat: TCatalogue,
): TSubmission {
  const key = `chaos-${channel}-${runId}-${n}`;
  const pick = <T>(xs: T[]) => xs[n % xs.length]!;
  const text = `小区门口路灯不亮，晚上出行不便，请尽快维修 ${marker(key)}`;
  switch (channel) {
    case 'staff': {
      const body = {
        line: '12345',
        channel: 'web',
        type: 'complaint',
        categoryId: pick(cat.categoryIds),
        title: `路灯不亮 ${n}`,
        description: text,
        idempotencyKey: key,
      };
      return {
        channel,
        key,
        tag: key,
        parts: [
          {
            request: (cookie) => ({
              method: 'POST',
              path: '/api/v1/tickets',
              ...json(body, { cookie, 'x-requested-with': 'hotline' }),
            }),
            accepted: ok2xx,
          },
        ],
      };
    }
    case 'portal': {
      const body = validBody({ categoryId: pick(cat.categoryIds), description: text });
      const ip = nextIp();
      return {
        channel,
        key,
        tag: key,
        parts: [
          {
            request: () => ({
              method: 'POST',
              path: '/api/v1/portal/requests',
              ...json(body, { 'x-requested-with': 'hotline', 'x-forwarded-for': ip, 'idempotency-key': key }),
            }),
            accepted: ok2xx,
          },
        ],
      };
    }
    case 'open311': {
      const form = new URLSearchParams({
        api_key: OPEN311_KEY,
        service_code: pick(cat.serviceCodes),
        description: text,
        address_string: '天宁区青龙街道龙锦路 8 号',
        phone: nextPhone(),
      }).toString();
      return {
        channel,
        key,
        tag: key,
        parts: [
          {
            request: () => ({
              method: 'POST',
              path: '/open311/v2/requests.json',
              headers: { 'content-type': 'application/x-www-form-urlencoded', 'idempotency-key': key },
              body: form,
            }),
            accepted: ok2xx,
          },
        ],
      };
    }
    case 'wechat': {
      // MsgIds are digits; the key is the dedupe key the adapter stores (`msg:<MsgId>`).
      const msgId = `9${runId.replace(/\D/g, '').slice(-8).padStart(8, '0')}${String(n).padStart(9, '0')}`;
      const xml = textXml({ from: `oChaos${runId}${n % 97}`, msgId, content: text });
      return {
        channel,
        key: `msg:${msgId}`,
        tag: key,
        parts: [
          {
            request: () => {
              const timestamp = String(Math.floor(Date.now() / 1000));
              const nonce = String(n);
              const signature = wechatSignature([OFFICIAL.token, timestamp, nonce]);
              const q = new URLSearchParams({ signature, timestamp, nonce, openid: 'o' });
              return {
                method: 'POST',
                path: `/channels/wechat?${q}`,
                headers: { 'content-type': 'text/xml' },
                body: xml,
              };
            },
            accepted: (status) => status === 200,
          },
        ],
      };
    }
    case 'weibo': {
      // The platform's retry key is sender + created_at: a sender of its own per submission.
      const sender = String(3_000_000_000 + n);
      const createdAt = new Date();
      const push = weiboPush(sender, { created_at: weiboCreatedAt(createdAt), text });
      return {
        channel,
        key: `${sender}:${Math.floor(createdAt.getTime() / 1000)}`,
        tag: key,
        parts: [
          {
            request: () => ({
              method: 'POST',
              path: `/channels/weibo?${new URLSearchParams(signedQuery())}`,
              ...json(push),
            }),
            accepted: (status) => status === 200,
          },
        ],
      };
    }
    case 'cti': {
      const callId = key;
      const events = callScript(callId, new Date(), [
        { atS: 0, ...ringing(`1390000${String(n % 10_000).padStart(4, '0')}`, null) },
        { atS: 4, type: 'call.answered', agent_id: 'agent1', agent_ext: '8001' },
        { atS: 90, type: 'call.ended', hangup_cause: 'NORMAL_CLEARING', duration_s: 90, billsec_s: 86 },
      ]);
      return {
        channel,
        key: callId,
        tag: key,
        parts: events.map((ev) => {
          const body = JSON.stringify(ev);
          return {
            request: () => {
              const timestamp = String(Math.floor(Date.now() / 1000));
              return {
                method: 'POST',
                path: '/channels/cti/events',
                headers: {
                  'content-type': 'application/json',
                  'x-hotline-timestamp': timestamp,
                  'x-hotline-signature': signCtiBody(CTI_SECRET, timestamp, body),
                },
                body,
              };
            },
            accepted: (status, t) => status === 200 && t.includes('"ok":true'),
          };
        }),
      };
    }
  }
}

/** The channels' secrets, as the servers are configured with them (the test fixtures' values). */
export function channelEnv(): Record<string, string> {
  return {
    CTI_SHARED_SECRET: CTI_SECRET,
    WECHAT_TOKEN: OFFICIAL.token,
    WECHAT_APPID: OFFICIAL.appId,
    WECHAT_ENCODING_AES_KEY: OFFICIAL.encodingAESKey,
    WEIBO_APP_SECRET: WEIBO_SECRET,
    OPEN311_API_KEYS: OPEN311_KEY,
    PORTAL_CAPTCHA: 'false',
  };
}
