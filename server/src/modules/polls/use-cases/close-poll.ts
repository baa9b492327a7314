import type { TPollCampaignView } from '@hotline/shared';
import { eq } from 'drizzle-orm';
import type { TUseCaseContext } from '../../../app-context';
import { pollCampaigns } from '../../../infra/db/schema';
import type { TUserActor } from '../../auth/actor';
import { assertPollStaff } from '../poll-access';
import { getPoll } from '../polls.repository';

/** Stops a poll taking answers. Closing a closed poll changes nothing; pending samples stay pending. */
export async function closePoll(
  ctx: TUseCaseContext,
  actor: TUserActor,
  pollId: string,
): Promise<TPollCampaignView> {
  assertPollStaff(actor);
  await ctx.db.update(pollCampaigns).set({ status: 'closed' }).where(eq(pollCampaigns.id, pollId));
  return getPoll(ctx.db, pollId);
}
