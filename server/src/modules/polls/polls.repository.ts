import {
  AppError,
  CONFIDENTIAL_TITLE,
  satisfactionRateOf,
  type TPollCampaignView,
  type TPollProgress,
  type TPollSampleView,
} from '@hotline/shared';
import { sql, type SQL } from 'drizzle-orm';
import type { TDbOrTx } from '../../infra/db/client';

type TRow = Record<string, unknown>;
const iso = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string).toISOString());

/**
 * A campaign with its progress, counted from its samples in one pass. The satisfaction rate is
 * the hotline's usual one: (满意 + 基本满意) / samples with a rating.
 */
const CAMPAIGN_SELECT = sql`
  select c.id, c.name, c.questions, c.period_from, c.period_to, c.sample_size, c.status, c.created_at,
    count(s.id)::int as sampled,
    (count(*) filter (where s.status = 'pending'))::int as pending,
    (count(*) filter (where s.status = 'answered'))::int as answered,
    (count(*) filter (where s.status = 'unreachable'))::int as unreachable,
    (count(*) filter (where s.status = 'refused'))::int as refused,
    (count(*) filter (where s.status = 'answered' and s.satisfaction is not null))::int as rated,
    (count(*) filter (where s.status = 'answered' and s.satisfaction = 'satisfied'))::int as satisfied,
    (count(*) filter (where s.status = 'answered' and s.satisfaction = 'basically_satisfied'))::int
      as basically_satisfied,
    (count(*) filter (where s.status = 'answered' and s.satisfaction = 'unsatisfied'))::int as unsatisfied
  from poll_campaigns c
  left join poll_samples s on s.campaign_id = c.id`;

function toCampaign(r: TRow): TPollCampaignView {
  const counts = {
    sampled: Number(r.sampled),
    pending: Number(r.pending),
    answered: Number(r.answered),
    unreachable: Number(r.unreachable),
    refused: Number(r.refused),
    rated: Number(r.rated),
    satisfied: Number(r.satisfied),
    basicallySatisfied: Number(r.basically_satisfied),
    unsatisfied: Number(r.unsatisfied),
  };
  const progress: TPollProgress = { ...counts, satisfactionRate: satisfactionRateOf(counts) };
  return {
    id: r.id as string,
    name: r.name as string,
    questions: r.questions as TPollCampaignView['questions'],
    periodFrom: iso(r.period_from)!,
    periodTo: iso(r.period_to)!,
    sampleSize: Number(r.sample_size),
    status: r.status as TPollCampaignView['status'],
    createdAt: iso(r.created_at)!,
    progress,
  };
}

async function selectCampaigns(db: TDbOrTx, where: SQL): Promise<TPollCampaignView[]> {
  const { rows } = await db.execute(
    sql`${CAMPAIGN_SELECT} where ${where} group by c.id order by c.created_at desc, c.id desc`,
  );
  return rows.map(toCampaign);
}

export function listPolls(db: TDbOrTx): Promise<TPollCampaignView[]> {
  return selectCampaigns(db, sql`true`);
}

export async function getPoll(db: TDbOrTx, pollId: string): Promise<TPollCampaignView> {
  const [poll] = await selectCampaigns(db, sql`c.id = ${pollId}`);
  if (!poll) throw new AppError('NOT_FOUND', 'Poll not found', { pollId });
  return poll;
}

function toSample(r: TRow): TPollSampleView {
  // Sampling leaves confidential tickets out; a ticket made confidential afterwards still says nothing.
  const confidential = Boolean(r.confidential);
  return {
    id: r.id as string,
    ticketId: r.ticket_id as string,
    ticketNo: r.ticket_no as string,
    ticketTitle: confidential ? CONFIDENTIAL_TITLE : (r.ticket_title as string),
    line: r.line as TPollSampleView['line'],
    closedAt: iso(r.closed_at),
    phoneMasked: confidential ? null : ((r.phone_masked as string | null) ?? null),
    status: r.status as TPollSampleView['status'],
    answers: (r.answers as TPollSampleView['answers']) ?? null,
    satisfaction: (r.satisfaction as TPollSampleView['satisfaction']) ?? null,
    answeredByName: (r.answered_by_name as string | null) ?? null,
    answeredAt: iso(r.answered_at),
  };
}

/** The samples of a campaign (or one of them): ticket number and title, the phone only masked. */
export async function listSamples(
  db: TDbOrTx,
  pollId: string,
  sampleId?: string,
): Promise<TPollSampleView[]> {
  const { rows } = await db.execute(sql`
    select s.id, s.ticket_id, s.status, s.answers, s.satisfaction, s.answered_at,
      t.no as ticket_no, t.title as ticket_title, t.line, t.closed_at, t.confidential,
      ci.phone_masked, u.display_name as answered_by_name
    from poll_samples s
    join tickets t on t.id = s.ticket_id
    left join citizens ci on ci.id = t.citizen_id
    left join users u on u.id = s.answered_by
    where s.campaign_id = ${pollId} ${sampleId ? sql`and s.id = ${sampleId}` : sql``}
    order by t.no, s.id`);
  return rows.map(toSample);
}
