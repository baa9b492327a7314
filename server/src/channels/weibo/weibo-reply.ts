import { STATUS_LABELS, type TTicketStatus } from '@hotline/shared';
import { and, desc, eq, inArray, isNotNull, or } from 'drizzle-orm';
import type { TDbOrTx } from '../../infra/db/client';
import { citizens, conversations, tickets } from '../../infra/db/schema';
import type { TWeiboPush } from './weibo.schema';

/** Menu key of the 「查询进度」 button configured on the account's custom menu. */
export const WEIBO_QUERY_STATUS_KEY = 'QUERY_STATUS';
/** The platform refuses passive text replies of 300 characters or more. */
const MAX_REPLY_CHARS = 299;
const LATEST_TICKETS = 3;

/**
 * The passive reply ("发送被动响应消息"): the response body of the push itself. Sender and
 * receiver swap (we answer from our account to the citizen) and `data` is the URL-encoded JSON of
 * `{ text }`, exactly as the platform documents it. Ids are sent as strings, as in the
 * documentation's own example.
 */
export type TWeiboPassiveReply = {
  result: true;
  sender_id: string;
  receiver_id: string;
  type: 'text';
  data: string;
};

export function weiboTextReply(push: TWeiboPush, text: string): TWeiboPassiveReply {
  return {
    result: true,
    sender_id: push.receiver_id,
    receiver_id: push.sender_id,
    type: 'text',
    data: encodeURIComponent(JSON.stringify({ text: Array.from(text).slice(0, MAX_REPLY_CHARS).join('') })),
  };
}

type TTicketBrief = { no: string; status: string; createdAt: Date };

/**
 * The sender's latest tickets: those their Weibo conversations became, and those of the citizen
 * record bound to their uid. Numbers and statuses only: nothing of the content (12388 tickets
 * included) goes back over the channel.
 */
export async function latestTicketsOfWeiboUser(db: TDbOrTx, uid: string, limit = LATEST_TICKETS) {
  const fromConversations = db
    .select({ id: conversations.ticketId })
    .from(conversations)
    .where(
      and(
        eq(conversations.channel, 'weibo'),
        eq(conversations.externalUserId, uid),
        isNotNull(conversations.ticketId),
      ),
    );
  const ofCitizen = db.select({ id: citizens.id }).from(citizens).where(eq(citizens.weiboUid, uid));
  return db
    .select({ no: tickets.no, status: tickets.status, createdAt: tickets.createdAt })
    .from(tickets)
    .where(or(inArray(tickets.id, fromConversations), inArray(tickets.citizenId, ofCitizen)))
    .orderBy(desc(tickets.createdAt), desc(tickets.id))
    .limit(limit);
}

function chinaDate(d: Date): string {
  // Citizens read dates in Beijing time whatever the server's zone.
  return new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

function statusLabel(status: string): string {
  return STATUS_LABELS[status as TTicketStatus]?.zh ?? status;
}

export function statusReplyText(items: TTicketBrief[]): string {
  if (!items.length) return '暂未查到您的工单。如需反映问题，请直接发送私信，我们会尽快受理。';
  const lines = items.map(
    (t, i) => `${i + 1}. 工单号 ${t.no}：${statusLabel(t.status)}（${chinaDate(t.createdAt)} 受理）`,
  );
  return `您最近的工单办理进度：\n${lines.join('\n')}`;
}

export function receiptReplyText(latest: TTicketBrief | undefined): string {
  const base = '您的私信已收到，我们会尽快处理。';
  if (latest && latest.status !== 'closed' && latest.status !== 'merged')
    return `${base}您的工单 ${latest.no} 正在办理（${statusLabel(latest.status)}），点击菜单「查询进度」可随时查看。`;
  return `${base}点击菜单「查询进度」可查看办理情况。`;
}

/**
 * What to answer a verified, stored push with: a receipt for citizen messages, the ticket status
 * for the QUERY_STATUS menu click, and nothing (an empty body, which the platform accepts without
 * retrying) for the other events. Reads PostgreSQL only, never Redis.
 */
export async function buildWeiboReply(db: TDbOrTx, push: TWeiboPush): Promise<TWeiboPassiveReply | null> {
  if (push.type === 'event') {
    if (push.data.subtype !== 'click' || push.data.key !== WEIBO_QUERY_STATUS_KEY) return null;
    return weiboTextReply(push, statusReplyText(await latestTicketsOfWeiboUser(db, push.sender_id)));
  }
  const [latest] = await latestTicketsOfWeiboUser(db, push.sender_id, 1);
  return weiboTextReply(push, receiptReplyText(latest));
}
