import {
  AppError,
  FINAL_POLL_SAMPLE_STATUSES,
  SATISFACTIONS,
  type TPollQuestion,
  type TPollSampleView,
  type TRecordPollAnswerInput,
  type TSatisfaction,
} from '@hotline/shared';
import { and, eq, inArray } from 'drizzle-orm';
import type { TUseCaseContext } from '../../../app-context';
import type { TTx } from '../../../infra/db/client';
import { pollCampaigns, pollSamples, tickets } from '../../../infra/db/schema';
import type { TUserActor } from '../../auth/actor';
import { recordTicketEvent } from '../../tickets/use-cases/publish';
import { assertPollStaff } from '../poll-access';
import { listSamples } from '../polls.repository';

type TAnswers = Record<string, TSatisfaction | boolean | string>;
export type TRecordPollAnswerResult = { sample: TPollSampleView; replayed: boolean };

/**
 * Records the outcome of one poll call. A sample takes one final outcome (answered or refused):
 * the same submission again (a double click, a retried request) answers 200 with the first
 * record and `replayed: true`; a different one is a 409, so one citizen's answer is never
 * overwritten by a second agent. Unreachable is not final: the agent may call again later.
 */
export async function recordPollAnswer(
  ctx: TUseCaseContext,
  actor: TUserActor,
  pollId: string,
  sampleId: string,
  input: TRecordPollAnswerInput,
): Promise<TRecordPollAnswerResult> {
  assertPollStaff(actor);
  const replayed = await ctx.db.transaction(async (tx) => {
    // Shares the row with a concurrent close: an answer lands before the close or is refused after it.
    const [campaign] = await tx.select().from(pollCampaigns).where(eq(pollCampaigns.id, pollId)).for('share');
    if (!campaign) throw new AppError('NOT_FOUND', 'Poll not found', { pollId });
    const answers = input.status === 'answered' ? checkAnswers(campaign.questions, input.answers) : null;
    const satisfaction = answers ? ratingOf(campaign.questions, answers) : null;

    // A closed poll takes no new outcome, but a replay of one recorded before still answers 200.
    const [updated] =
      campaign.status === 'open'
        ? await tx
            .update(pollSamples)
            .set({
              status: input.status,
              answers,
              satisfaction,
              answeredBy: actor.id,
              answeredAt: ctx.clock(),
            })
            .where(
              and(
                eq(pollSamples.id, sampleId),
                eq(pollSamples.campaignId, pollId),
                inArray(pollSamples.status, ['pending', 'unreachable']),
              ),
            )
            .returning({ id: pollSamples.id, ticketId: pollSamples.ticketId })
        : [];
    if (updated) {
      if (satisfaction) await recordPollRating(tx, actor, updated.ticketId, satisfaction, ctx.clock());
      return false;
    }

    const [existing] = await tx
      .select()
      .from(pollSamples)
      .where(and(eq(pollSamples.id, sampleId), eq(pollSamples.campaignId, pollId)));
    if (!existing) throw new AppError('NOT_FOUND', 'Poll sample not found', { pollId, sampleId });
    const final = FINAL_POLL_SAMPLE_STATUSES.includes(existing.status as TPollSampleView['status']);
    if (
      final &&
      existing.status === input.status &&
      sameAnswers(existing.answers as TAnswers | null, answers)
    )
      return true;
    if (campaign.status !== 'open') throw new AppError('CONFLICT', 'This poll is closed', { pollId });
    throw new AppError('CONFLICT', 'This sample already has a final outcome', {
      sampleId,
      status: existing.status,
    });
  });
  const [sample] = await listSamples(ctx.db, pollId, sampleId);
  return { sample: sample!, replayed };
}

/**
 * A rated answer counts in the lead unit's 满意率 like a call-back: the ticket's timeline gets a
 * `ticket.poll_answered` event (in the answer's transaction) which the KPI roll-up reads.
 */
async function recordPollRating(
  tx: TTx,
  actor: TUserActor,
  ticketId: string,
  satisfaction: TSatisfaction,
  now: Date,
): Promise<void> {
  const [ticket] = await tx.select().from(tickets).where(eq(tickets.id, ticketId));
  if (!ticket) throw new AppError('NOT_FOUND', 'Ticket not found', { ticketId });
  await recordTicketEvent(tx, {
    ticket,
    type: 'ticket.poll_answered',
    actor,
    unitId: actor.unitId,
    fromStatus: ticket.status,
    payload: { satisfaction, leadUnitId: ticket.leadUnitId },
    now,
  });
}

/** Every answer belongs to a question and fits its kind; ratings and yes/no are required, text is not. */
function checkAnswers(questions: TPollQuestion[], given: Record<string, unknown>): TAnswers {
  const fields: Record<string, string[]> = {};
  const known = new Set(questions.map((q) => q.id));
  for (const id of Object.keys(given)) if (!known.has(id)) fields[`answers.${id}`] = ['no such question'];
  const answers: TAnswers = {};
  for (const q of questions) {
    const value = given[q.id];
    if (q.kind === 'satisfaction') {
      if (SATISFACTIONS.includes(value as TSatisfaction)) answers[q.id] = value as TSatisfaction;
      else fields[`answers.${q.id}`] = [`one of ${SATISFACTIONS.join(', ')}`];
    } else if (q.kind === 'yes_no') {
      if (typeof value === 'boolean') answers[q.id] = value;
      else fields[`answers.${q.id}`] = ['true or false'];
    } else if (typeof value === 'string') {
      if (value !== '') answers[q.id] = value;
    } else if (value !== undefined) fields[`answers.${q.id}`] = ['text'];
  }
  if (Object.keys(fields).length > 0)
    throw new AppError('VALIDATION_FAILED', 'The answers do not fit the questions', { fields, form: [] });
  return answers;
}

/** The sample's rating is the answer to the poll's first satisfaction question (creation requires one). */
function ratingOf(questions: TPollQuestion[], answers: TAnswers): TSatisfaction | null {
  const first = questions.find((q) => q.kind === 'satisfaction');
  return first ? (answers[first.id] as TSatisfaction) : null;
}

function sameAnswers(a: TAnswers | null, b: TAnswers | null): boolean {
  if (!a || !b) return a === b;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}
