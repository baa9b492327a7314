import { AppError } from '@hotline/shared';
import { eq } from 'drizzle-orm';
import { tickets } from '../../../infra/db/schema';
import type { TActionHandler } from './action-types';
import { cancelOpenAssignments } from './assignments';

/** 合并: a duplicate joins its parent ticket; its own work and clocks stop. */
export const mergeTicket: TActionHandler<'merge'> = async ({ tx, ticket, input, now }) => {
  if (input.parentId === ticket.id)
    throw new AppError('UNPROCESSABLE', 'A ticket cannot be merged into itself');
  const [parent] = await tx.select().from(tickets).where(eq(tickets.id, input.parentId));
  if (!parent)
    throw new AppError('UNPROCESSABLE', 'The parent ticket does not exist', { parentId: input.parentId });
  if (parent.status === 'merged' || parent.status === 'closed') {
    throw new AppError('UNPROCESSABLE', `The parent ticket is ${parent.status}`, {
      parentId: input.parentId,
    });
  }
  if (parent.confidential !== ticket.confidential) {
    throw new AppError('UNPROCESSABLE', 'Confidential and ordinary tickets cannot be merged');
  }
  await cancelOpenAssignments(tx, ticket.id, now);
  return { patch: { parentId: parent.id }, payload: { parentId: parent.id, parentNo: parent.no } };
};
