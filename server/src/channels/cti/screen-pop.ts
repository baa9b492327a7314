import {
  rooms,
  type TCallHistoryTicket,
  type TCallRingingMessage,
  type TTicketStatus,
} from '@hotline/shared';
import { eq, sql } from 'drizzle-orm';
import type { TAppContext } from '../../app-context';
import { citizens } from '../../infra/db/schema';
import type { TUserActor } from '../../modules/auth/actor';
import { openConversationsOf } from '../../modules/triage/caller-conversations';
import { worksTriage } from '../../modules/triage/triage-access';
import { readsConfidential, visibleTicketsCondition } from '../../modules/tickets/ticket-visibility';
import { recordAudit } from '../../modules/audit/audit-log';
import type { TChannelDeps } from '../index';
import { agentAtExtension } from './agent-extensions';
import { normalizePhone, protectCaller } from './call-records';
import type { TCtiEvent } from './cti.schema';

type TRinging = Extract<TCtiEvent, { type: 'call.ringing' }>;

/** What the pop says of a 12388 ticket to someone who may not read it: that it exists, no more. */
const CONFIDENTIAL_LABEL = '【保密】12388';
const HISTORY_LIMIT = 10;

/** The caller's earlier tickets this agent may see: open ones first, then the most recent. */
async function callerHistory(
  ctx: TAppContext,
  actor: TUserActor,
  citizenId: string,
): Promise<TCallHistoryTicket[]> {
  const res = await ctx.db.execute(sql`
    select t.id, t.no, t.title, t.status, t.created_at, t.confidential
    from tickets t
    where t.citizen_id = ${citizenId} and ${visibleTicketsCondition(actor)}
    order by (t.status not in ('closed', 'merged')) desc, t.created_at desc, t.id desc
    limit ${HISTORY_LIMIT}`);
  const reader = readsConfidential(actor);
  return (
    res.rows as {
      id: string;
      no: string;
      title: string;
      status: TTicketStatus;
      created_at: Date | string;
      confidential: boolean;
    }[]
  ).map((r) => ({
    id: r.id,
    no: r.no,
    title: r.confidential && !reader ? CONFIDENTIAL_LABEL : r.title,
    status: r.status,
    createdAt: new Date(r.created_at).toISOString(),
  }));
}

export async function buildRingingMessage(
  ctx: TAppContext,
  actor: TUserActor,
  ev: TRinging,
): Promise<TCallRingingMessage> {
  const caller = protectCaller(ctx, ev.caller_number);
  const [citizen] = await ctx.db
    .select({
      id: citizens.id,
      nameEnc: citizens.nameEnc,
      wechatOpenId: citizens.wechatOpenId,
      weiboUid: citizens.weiboUid,
    })
    .from(citizens)
    .where(eq(citizens.phoneHash, caller.hash))
    .limit(1);
  // The caller may be writing on WeChat / Weibo about the same thing: the agent sees it before answering.
  const [history, conversations] = citizen
    ? await Promise.all([
        callerHistory(ctx, actor, citizen.id),
        worksTriage(actor) ? openConversationsOf(ctx.db, citizen) : Promise.resolve([]),
      ])
    : [[], []];
  return {
    callId: ev.call_id,
    agentExt: ev.agent_ext ?? null,
    queue: ev.queue ?? null,
    caller: normalizePhone(ev.caller_number),
    callerMasked: caller.masked,
    citizenName: citizen?.nameEnc ? ctx.pii.decrypt(citizen.nameEnc) : null,
    history,
    conversations,
    at: ev.occurred_at,
  };
}

export type TPopOutcome = 'shown' | 'no-extension' | 'no-agent' | 'no-socket' | 'not-audited';

/**
 * The screen pop, straight from the request (not through the outbox: it must land within a
 * second, and a pop that arrives after the call is answered is useless). Best effort: when
 * Redis or the socket server is unavailable the call is still stored and folded, only the pop
 * is skipped. It goes to the agent's own room only, because it carries the full number.
 */
export async function popRingingCall(deps: TChannelDeps, ev: TRinging): Promise<TPopOutcome> {
  const { ctx } = deps;
  if (!ev.agent_ext) return 'no-extension';
  const io = deps.live.io;
  if (!io) return 'no-socket';
  const actor = await agentAtExtension(ctx.redis, ctx.config.REDIS_PREFIX, ev.agent_ext);
  if (!actor) return 'no-agent';
  const message = await buildRingingMessage(ctx, actor, ev);
  // The pop shows the full number and name: recorded before it is sent, and not sent unrecorded.
  try {
    await recordAudit(ctx.db, ctx.logger, {
      actor,
      action: 'call.screen_pop',
      subjectType: 'call',
      subjectId: ev.call_id,
      origin: { ip: null, userAgent: null },
      details: {
        fields: message.citizenName ? ['phone', 'name'] : ['phone'],
        historyCount: message.history.length,
        ...(message.agentExt ? { agentExt: message.agentExt } : {}),
      },
      at: ctx.clock(),
    });
  } catch {
    return 'not-audited';
  }
  io.to(rooms.user(actor.id)).emit('call.ringing', message);
  return 'shown';
}
