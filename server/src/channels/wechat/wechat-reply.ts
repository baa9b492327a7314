import { FINAL_STATUSES, STATUS_LABELS, type TTicketStatus } from '@hotline/shared';
import { and, desc, eq, notInArray, sql } from 'drizzle-orm';
import { union } from 'drizzle-orm/pg-core';
import type { TDb } from '../../infra/db/client';
import { citizens, conversations, tickets } from '../../infra/db/schema';
import { encryptWechatMessage, wechatSignature } from './wechat-crypto';
import type { TWechatMessage } from './wechat-message';
import { buildWechatXml } from './wechat-xml';

/** The menu key whose CLICK answers with the sender's latest tickets. */
export const QUERY_STATUS_KEY = 'QUERY_STATUS';
const STATUS_LIMIT = 3;

export const WECHAT_TEXTS = {
  received: '您的留言已收到，我们将尽快处理。',
  ticketNo: (no: string) => `您的工单编号：${no}。`,
  welcome:
    '感谢关注12345政务服务便民热线！请直接发送文字、图片、语音或位置反映问题，点击菜单“查询进度”可查看工单办理状态。',
  noTickets: '暂未查询到您的工单。如需反映问题，请直接发送留言。',
  statusHeader: '您最近的工单：',
} as const;

/**
 * Tickets that came from this OpenID: through its WeChat conversations, or its citizen record.
 * Each branch starts from the sender's own rows (conversations_user_idx, the citizen's unique
 * OpenID) and reaches their tickets by key, so a push costs the same whatever the size of the
 * ticket table; asked on every push, the query is built and prepared once per database.
 */
function prepareLatestTickets(db: TDb, openOnly: boolean) {
  const columns = { no: tickets.no, status: tickets.status, createdAt: tickets.createdAt, id: tickets.id };
  const open = openOnly ? notInArray(tickets.status, [...FINAL_STATUSES]) : undefined;
  const openId = sql.placeholder('openId');
  return union(
    db
      .select(columns)
      .from(conversations)
      .innerJoin(tickets, eq(tickets.id, conversations.ticketId))
      .where(and(eq(conversations.channel, 'wechat'), eq(conversations.externalUserId, openId), open)),
    db
      .select(columns)
      .from(citizens)
      .innerJoin(tickets, eq(tickets.citizenId, citizens.id))
      .where(and(eq(citizens.wechatOpenId, openId), open)),
  )
    .orderBy(desc(tickets.createdAt), desc(tickets.id))
    .limit(sql.placeholder('limit'))
    .prepare(openOnly ? 'wechat_latest_open_tickets' : 'wechat_latest_tickets');
}

const prepared = new WeakMap<TDb, Record<'open' | 'all', ReturnType<typeof prepareLatestTickets>>>();

async function latestTickets(db: TDb, openId: string, limit: number, openOnly: boolean) {
  let queries = prepared.get(db);
  if (!queries) {
    queries = { open: prepareLatestTickets(db, true), all: prepareLatestTickets(db, false) };
    prepared.set(db, queries);
  }
  return queries[openOnly ? 'open' : 'all'].execute({ openId, limit });
}

/**
 * What to answer a push with: the text of a passive reply, or null for a bare `success`.
 * Read-only and computed from the database, so a retried delivery gets the same kind of answer.
 */
export async function composeWechatReply(db: TDb, m: TWechatMessage): Promise<string | null> {
  if (m.kind === 'message') {
    const [open] = await latestTickets(db, m.from, 1, true);
    return open ? WECHAT_TEXTS.received + WECHAT_TEXTS.ticketNo(open.no) : WECHAT_TEXTS.received;
  }
  if (m.type === 'subscribe') return WECHAT_TEXTS.welcome;
  if (m.type === 'CLICK' && m.eventKey === QUERY_STATUS_KEY) {
    const rows = await latestTickets(db, m.from, STATUS_LIMIT, false);
    if (!rows.length) return WECHAT_TEXTS.noTickets;
    const lines = rows.map(
      (t, i) => `${i + 1}. ${t.no} ${STATUS_LABELS[t.status as TTicketStatus]?.zh ?? t.status}`,
    );
    return [WECHAT_TEXTS.statusHeader, ...lines].join('\n');
  }
  return null;
}

/** A passive text reply: To and From swapped from the push. */
export function buildTextReply(m: TWechatMessage, content: string, now: Date): string {
  return buildWechatXml([
    ['ToUserName', m.from],
    ['FromUserName', m.to],
    ['CreateTime', Math.floor(now.getTime() / 1000)],
    ['MsgType', 'text'],
    ['Content', content],
  ]);
}

/** A safe-mode reply: the reply XML encrypted, with its msg_signature. */
export function buildEncryptedReply(
  replyXml: string,
  opts: {
    token: string;
    appId: string;
    encodingAesKey: string;
    timestamp: string;
    nonce: string;
    randomPrefix?: Buffer;
  },
): string {
  const encrypt = encryptWechatMessage(replyXml, opts);
  return buildWechatXml([
    ['Encrypt', encrypt],
    ['MsgSignature', wechatSignature([opts.token, opts.timestamp, opts.nonce, encrypt])],
    ['TimeStamp', Number(opts.timestamp)],
    ['Nonce', opts.nonce],
  ]);
}
