import { and, eq, isNull } from 'drizzle-orm';
import type { TTx } from '../../infra/db/client';
import { citizens, conversations, tickets } from '../../infra/db/schema';

type TChannelIdentity = { channel: string; externalUserId: string };

const identityColumn = (channel: string) =>
  channel === 'wechat' ? citizens.wechatOpenId : citizens.weiboUid;
const identityValue = (channel: string, value: string | null) =>
  channel === 'wechat' ? { wechatOpenId: value } : { weiboUid: value };

/**
 * Ties the channel identity (WeChat OpenID / Weibo uid) to a citizen record, so later messages,
 * calls and tickets of the same person meet in one history. Returns the citizen the conversation
 * belongs to.
 *
 * - A phone was given (the ticket has a citizen): that citizen gets the identity. A record that
 *   held only this identity (made by an earlier conversion without a phone) is folded into it.
 *   A record that holds it together with another phone keeps it: we cannot tell who is right,
 *   and the ticket is reachable through the conversation anyway.
 * - No phone: the citizen record holding the identity, created with nothing else if none does;
 *   the ticket points at it unless the citizen asked to stay anonymous.
 */
export async function linkChannelCitizen(
  tx: TTx,
  who: TChannelIdentity,
  ticket: { id: string; citizenId: string | null },
  anonymous: boolean,
): Promise<string> {
  const column = identityColumn(who.channel);
  const [holder] = await tx
    .select({ id: citizens.id, phoneHash: citizens.phoneHash })
    .from(citizens)
    .where(eq(column, who.externalUserId))
    .for('update');

  if (ticket.citizenId) {
    if (holder?.id === ticket.citizenId) return ticket.citizenId;
    if (holder && holder.phoneHash) return ticket.citizenId;
    if (holder) {
      await tx.update(tickets).set({ citizenId: ticket.citizenId }).where(eq(tickets.citizenId, holder.id));
      await tx
        .update(conversations)
        .set({ citizenId: ticket.citizenId })
        .where(eq(conversations.citizenId, holder.id));
      await tx.update(citizens).set(identityValue(who.channel, null)).where(eq(citizens.id, holder.id));
    }
    await tx
      .update(citizens)
      .set(identityValue(who.channel, who.externalUserId))
      .where(eq(citizens.id, ticket.citizenId));
    return ticket.citizenId;
  }

  let citizenId = holder?.id;
  if (!citizenId) {
    const [created] = await tx
      .insert(citizens)
      .values(identityValue(who.channel, who.externalUserId))
      .onConflictDoNothing()
      .returning({ id: citizens.id });
    citizenId =
      created?.id ??
      (await tx.select({ id: citizens.id }).from(citizens).where(eq(column, who.externalUserId)))[0]!.id;
  }
  if (!anonymous) {
    await tx
      .update(tickets)
      .set({ citizenId })
      .where(and(eq(tickets.id, ticket.id), isNull(tickets.citizenId)));
  }
  return citizenId;
}
