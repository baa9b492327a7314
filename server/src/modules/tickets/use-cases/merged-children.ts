import { and, eq, sql } from 'drizzle-orm';
import type { TUseCaseContext } from '../../../app-context';
import type { TTx } from '../../../infra/db/client';
import { assignments, tickets } from '../../../infra/db/schema';
import { SYSTEM_MERGE } from '../../auth/actor';
import type { TTicketRow } from './action-types';
import { notifyCitizen } from './notify-citizen';
import { recordTicketEvent } from './publish';

/**
 * 并单: a merged child stays `merged` (KPIs count the parent once), but whoever looks at the
 * child sees the parent's progress on its timeline, and when the parent is resolved the child's
 * citizen gets the parent's answer through their own channel.
 */
export async function propagateToChildren(
  ctx: TUseCaseContext,
  tx: TTx,
  parent: TTicketRow,
  fromStatus: string,
  now: Date,
): Promise<void> {
  if (parent.status === fromStatus) return;
  const children = await tx
    .select()
    .from(tickets)
    .where(and(eq(tickets.parentId, parent.id), eq(tickets.status, 'merged')));
  if (!children.length) return;
  const answer = parent.status === 'resolved' ? await answerOf(tx, parent.id) : null;
  for (const child of children) {
    const [updated] = await tx
      .update(tickets)
      .set({ version: sql`${tickets.version} + 1`, updatedAt: now })
      .where(eq(tickets.id, child.id))
      .returning();
    const citizenNotified = answer
      ? await notifyCitizen(tx, ctx.pii, child, `您反映的问题（工单 ${child.no}）已办结：${answer}`)
      : null;
    await recordTicketEvent(tx, {
      ticket: updated!,
      type: 'ticket.parent_progressed',
      actor: SYSTEM_MERGE,
      unitId: null,
      fromStatus: child.status,
      payload: {
        parentId: parent.id,
        parentNo: parent.no,
        parentStatus: parent.status,
        ...(answer ? { reply: answer, citizenNotified } : {}),
      },
      now,
    });
  }
}

/** What the citizen is told: the lead unit's last reply. */
async function answerOf(tx: TTx, ticketId: string): Promise<string | null> {
  const [row] = await tx
    .select({ content: assignments.replyContent })
    .from(assignments)
    .where(and(eq(assignments.ticketId, ticketId), eq(assignments.role, 'lead')))
    .orderBy(sql`${assignments.repliedAt} desc nulls last`)
    .limit(1);
  return row?.content ?? null;
}
