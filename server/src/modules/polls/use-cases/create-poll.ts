import type { TCreatePollInput, TPollDetailResponse } from '@hotline/shared';
import { sql } from 'drizzle-orm';
import type { TUseCaseContext } from '../../../app-context';
import { pollCampaigns } from '../../../infra/db/schema';
import type { TUserActor } from '../../auth/actor';
import { assertPollStaff } from '../poll-access';
import { getPoll, listSamples } from '../polls.repository';

const POLL_DRAW_LOCK_KEY = 712340;

/**
 * Opens a 12340 satisfaction poll and draws its sample in the same transaction: closed tickets
 * of the period, in an order that is random across tickets but fixed for the campaign
 * (md5 of campaign id and ticket id), so the draw can be re-checked later and gives the same
 * sample. Left out: confidential (12388) reports, whose reporters must never get a call about
 * them; tickets without a phone to call; and tickets another poll already sampled, so no
 * citizen is polled twice about the same request.
 */
export async function createPoll(
  ctx: TUseCaseContext,
  actor: TUserActor,
  input: TCreatePollInput,
): Promise<TPollDetailResponse> {
  assertPollStaff(actor);
  const pollId = await ctx.db.transaction(async (tx) => {
    // Two polls drawn at the same moment would not see each other's samples: draw one at a time.
    await tx.execute(sql`select pg_advisory_xact_lock(${POLL_DRAW_LOCK_KEY})`);
    const [campaign] = await tx
      .insert(pollCampaigns)
      .values({
        name: input.name,
        questions: input.questions,
        periodFrom: new Date(input.periodFrom),
        periodTo: new Date(input.periodTo),
        sampleSize: input.sampleSize,
        status: 'open',
        createdBy: actor.id,
        createdAt: ctx.clock(),
      })
      .returning({ id: pollCampaigns.id });
    const id = campaign!.id;
    await tx.execute(sql`
      insert into poll_samples (campaign_id, ticket_id)
      select ${id}::uuid, t.id
      from tickets t
      join citizens ci on ci.id = t.citizen_id
      where t.status = 'closed'
        and t.closed_at >= ${new Date(input.periodFrom)} and t.closed_at < ${new Date(input.periodTo)}
        and t.confidential = false and t.line <> '12388'
        and ci.phone_enc is not null
        and not exists (select 1 from poll_samples ps where ps.ticket_id = t.id)
      order by md5(${id}::text || t.id::text)
      limit ${input.sampleSize}`);
    return id;
  });
  const [poll, samples] = await Promise.all([getPoll(ctx.db, pollId), listSamples(ctx.db, pollId)]);
  return { poll, samples };
}
