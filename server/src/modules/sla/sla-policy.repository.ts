import type { TLine, TTicketType, TUrgency } from '@hotline/shared';
import type { TDuration } from '@hotline/shared';
import type { TDbOrTx } from '../../infra/db/client';
import { slaPolicies } from '../../infra/db/schema';
import { named } from '../../infra/db/named';
import { UNCACHED_READS, type TReferenceReads } from '../dispatch/reference-cache';

export type TSlaPolicy = typeof slaPolicies.$inferSelect;

/** A city's defaults, used only if the table is empty (a fresh database before the seed). */
const FALLBACK: TSlaPolicy = {
  id: '00000000-0000-0000-0000-000000000000',
  name: 'fallback',
  line: null,
  type: null,
  urgency: null,
  signAmount: 2,
  signUnit: 'working_hours',
  handleAmount: 5,
  handleUnit: 'working_days',
  callbackAmount: 2,
  callbackUnit: 'working_days',
  warnRatio: 0.75,
  createdAt: new Date(0),
  updatedAt: new Date(0),
};

/** The most specific policy for line × type × urgency: every set field must match, more set fields win. */
export function pickPolicy(
  policies: readonly TSlaPolicy[],
  t: { line: TLine | string; type: TTicketType | string; urgency: TUrgency | string },
): TSlaPolicy {
  let best: TSlaPolicy | null = null;
  let bestScore = -1;
  for (const p of policies) {
    if (
      (p.line && p.line !== t.line) ||
      (p.type && p.type !== t.type) ||
      (p.urgency && p.urgency !== t.urgency)
    )
      continue;
    // urgency outranks type outranks line: a 特急 ticket is due in hours whatever its type
    const score = (p.urgency ? 4 : 0) + (p.type ? 2 : 0) + (p.line ? 1 : 0);
    if (score > bestScore) {
      best = p;
      bestScore = score;
    }
  }
  return best ?? FALLBACK;
}

export async function findPolicyFor(
  db: TDbOrTx,
  t: { line: string; type: string; urgency: string },
  /** Kept per reference version (sla_policies moves it on, migration 0012); read anew without. */
  reads: TReferenceReads = UNCACHED_READS,
): Promise<TSlaPolicy> {
  return pickPolicy(await reads.get('sla-policies', () => named(db.select().from(slaPolicies))), t);
}

export function durationOf(policy: TSlaPolicy, kind: 'sign' | 'reply' | 'callback'): TDuration {
  const [amount, unit] =
    kind === 'sign'
      ? [policy.signAmount, policy.signUnit]
      : kind === 'reply'
        ? [policy.handleAmount, policy.handleUnit]
        : [policy.callbackAmount, policy.callbackUnit];
  return { amount, unit: unit as TDuration['unit'] };
}
