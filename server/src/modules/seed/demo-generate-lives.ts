/**
 * The lives of a generated period's tickets (buildLife, each from its own seeded generator so one
 * can be rebuilt alone), cut at the end of the period, and the planted exceptions: late replies
 * and unsatisfied call-backs (with their redo) in exactly the numbers that make the period's
 * 按时办结率 and 满意率 round to the wanted figures when computed from the events.
 */
import { createHash } from 'node:crypto';
import type { TUnitRef } from './demo-history-lifecycle';
import {
  buildLife,
  lastEventAt,
  type TFilingFacts,
  type TLife,
  type TLifeContext,
  type TOutcome,
} from './demo-history-lifecycle';
import { createRng, type TRng } from './demo-history-compose';
import { failingFor, unsatisfiedFor } from './demo-generate-facts';
import type { TGenSpec } from './demo-generate-plan';

export type TLifeFlags = {
  lateSign?: boolean;
  lateReply?: boolean;
  wrongUnit?: TUnitRef | null;
  extensionDays?: number;
  redo?: boolean;
};

export type TGenTicket = {
  spec: TGenSpec;
  filing: TFilingFacts;
  flags: TLifeFlags;
  satisfaction: 'satisfied' | 'basically_satisfied';
  life: TLife;
  /** Which draw of the ticket's generator made the life (0 unless re-drawn while planting). */
  variant?: number;
};

export type TLifeTargets = { onTimeRate: number; satisfactionRate: number };

const DAY = 86_400_000;
const DOWNGRADE: TOutcome[] = ['closed', 'resolved', 'in_progress', 'dispatched', 'registered'];

const ticketSeed = (seed: number, n: number) => (seed ^ Math.imul(n, 0x9e3779b1)) >>> 0;

/**
 * The ticket's own generator. mulberry32 streams of different seeds are windows of one cycle and
 * a few of 15,000 tickets' windows overlap, so row ids come from a hash of (seed, ticket, draw),
 * never from the stream (overlapping windows gave two tickets the same assignment id).
 */
function ticketRng(seed: number, n: number, variant: number): TRng {
  const rng = createRng(ticketSeed(seed + variant, n));
  let k = 0;
  return {
    ...rng,
    uuid: () => {
      const h = createHash('sha1').update(`${seed}:${n}:${variant}:${k++}`).digest('hex');
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[parseInt(h[16]!, 16) % 4]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
    },
  };
}

/** The ticket's life as far as it got before `end`: a callback after the period leaves it resolved, and so on. */
export function lifeOf(
  ctx: Omit<TLifeContext, 'rng'>,
  seed: number,
  g: Omit<TGenTicket, 'life'> & { variant?: number },
  end: Date,
): TLife {
  const s = g.spec;
  let flags = g.flags;
  for (const outcome of DOWNGRADE.slice(DOWNGRADE.indexOf(s.outcome))) {
    const life = buildLife(
      { ...ctx, rng: ticketRng(seed, s.n, g.variant ?? 0) },
      {
        ...s,
        ...flags,
        outcome,
        ticketId: s.id,
        meta: s,
        filing: g.filing,
        satisfaction: g.satisfaction,
      },
    );
    if (lastEventAt(life) < end || outcome === 'registered') return life;
    flags = { ...flags, redo: false };
  }
  throw new Error('unreachable');
}

export type TLifeCounts = { replies: number; lateReplies: number; rated: number; unsatisfied: number };

export function countFacts(tickets: readonly TGenTicket[]): TLifeCounts {
  const c: TLifeCounts = { replies: 0, lateReplies: 0, rated: 0, unsatisfied: 0 };
  for (const t of tickets) {
    for (const e of t.life.events) {
      const p = e.payload as Record<string, unknown>;
      if (e.type === 'ticket.replied') {
        c.replies += 1;
        if (p.onTime === false) c.lateReplies += 1;
      } else if (e.type === 'ticket.callback_recorded' && p.satisfaction) {
        c.rated += 1;
        if (p.satisfaction === 'unsatisfied') c.unsatisfied += 1;
      }
    }
  }
  return c;
}

const replyLate = (l: TLife) =>
  l.events.some((e) => e.type === 'ticket.replied' && (e.payload as { onTime?: boolean }).onTime === false);

/**
 * Plants unsatisfied call-backs, then late replies (adding or taking away), until both rates
 * computed from the events round to the targets. Only tickets well inside the period are touched.
 */
export function plantRates(
  ctx: Omit<TLifeContext, 'rng'>,
  seed: number,
  tickets: TGenTicket[],
  end: Date,
  targets: TLifeTargets,
  rng: TRng,
): TLifeCounts {
  const settled = tickets.filter(
    (t) => t.life.status === 'closed' && t.spec.createdAt.getTime() < end.getTime() - 45 * DAY,
  );
  const pool = [...settled];
  const take = () => pool.splice(rng.int(0, pool.length - 1), 1)[0];
  // Another draw of the same ticket (variant) when the first does not come out as wanted.
  const retry = (t: TGenTicket, flags: TLifeFlags, ok: (l: TLife) => boolean): boolean => {
    for (let variant = t.variant ?? 0; variant < (t.variant ?? 0) + 8; variant++) {
      const life = lifeOf(ctx, seed, { ...t, variant, flags: { ...t.flags, ...flags } }, end);
      if (life.status !== t.life.status || !ok(life)) continue;
      Object.assign(t, { flags: { ...t.flags, ...flags }, life, variant });
      return true;
    }
    return false;
  };

  const base = countFacts(tickets);
  const unsatisfied = unsatisfiedFor(base.rated - base.unsatisfied, targets.satisfactionRate);
  if (unsatisfied === null)
    throw new Error(`No count of unsatisfied call-backs gives ${targets.satisfactionRate}`);
  for (let planted = base.unsatisfied; planted < unsatisfied;) {
    const t = take();
    if (!t) throw new Error('Not enough settled tickets to plant unsatisfied call-backs');
    if (!t.flags.redo && retry(t, { redo: true }, () => true)) planted += 1;
  }

  let counts = countFacts(tickets);
  const late = failingFor(counts.replies, targets.onTimeRate);
  if (late === null) throw new Error(`No count of late replies gives ${targets.onTimeRate}`);
  for (let n = counts.lateReplies; n < late;) {
    const t = take();
    if (!t) throw new Error('Not enough settled tickets to plant late replies');
    if (!t.flags.redo && !replyLate(t.life) && retry(t, { lateReply: true }, replyLate)) n += 1;
  }
  let excess = countFacts(tickets).lateReplies - late;
  for (const t of tickets) {
    if (excess <= 0) break;
    if (
      replyLate(t.life) &&
      !t.flags.lateReply &&
      retry(t, { lateReply: false, lateSign: false }, (l) => !replyLate(l))
    )
      excess -= 1;
  }
  counts = countFacts(tickets);
  if (counts.lateReplies !== late || counts.unsatisfied !== unsatisfied)
    throw new Error(`Planting missed: ${JSON.stringify({ counts, late, unsatisfied })}`);
  return counts;
}
