/**
 * The facts a filing records, computed for generated tickets the way create-ticket computes them
 * (repeat caller within 30 days, record completeness, registered promptly after the call), and
 * the arithmetic that plants exact counts so a rate rounds to a wanted 4-decimal figure.
 */
import { isTimely, missingFields, rate } from '@hotline/shared';
import type { TFilingFacts } from './demo-history-lifecycle';

const REPEAT_WINDOW_MS = 30 * 86_400_000;

export type TFilingInput = {
  createdAt: Date;
  channel: string;
  type: string;
  title: string;
  description: string;
  categoryId: string | null;
  districtId: string | null;
  address: string | null;
  /** The caller's phone (the citizen key); null when anonymous. */
  phone: string | null;
  callAnsweredAt?: Date | null;
};

/** Facts per ticket (same order): a caller's earlier ticket within 30 days makes a repeat call. */
export function filingFacts(list: readonly TFilingInput[]): TFilingFacts[] {
  const order = list
    .map((_, i) => i)
    .sort((a, b) => list[a]!.createdAt.getTime() - list[b]!.createdAt.getTime());
  const last = new Map<string, number>();
  const facts: TFilingFacts[] = new Array(list.length);
  for (const i of order) {
    const r = list[i]!;
    const at = r.createdAt.getTime();
    const prev = r.phone ? last.get(r.phone) : undefined;
    if (r.phone) last.set(r.phone, at);
    facts[i] = {
      repeatCaller: prev !== undefined && at - prev <= REPEAT_WINDOW_MS,
      complete:
        missingFields({
          channel: r.channel,
          type: r.type,
          title: r.title,
          description: r.description,
          categoryId: r.categoryId,
          districtId: r.districtId,
          address: r.address,
          hasCitizen: Boolean(r.phone),
        }).length === 0,
      timely: isTimely(r.createdAt, r.callAnsweredAt ?? null),
    };
  }
  return facts;
}

/**
 * How many of `total` must fail so that (total − failing) / total rounds to `target`
 * (the one nearest the exact proportion); null when no count rounds to it.
 */
export function failingFor(total: number, target: number): number | null {
  const guess = Math.round(total * (1 - target));
  for (let d = 0; d <= total; d++) {
    for (const k of [guess - d, guess + d]) {
      if (k >= 0 && k <= total && rate(total - k, total) === target) return k;
    }
    if (guess - d < 0 && guess + d > total) break;
  }
  return null;
}

/**
 * How many redo tickets (one unsatisfied call-back each, then a satisfied one already among the
 * `rated`) make the share satisfied, rated / (rated + n), round to `target`; null when none does.
 */
export function unsatisfiedFor(rated: number, target: number): number | null {
  for (let u = 0; u <= rated; u++) {
    const r = rate(rated, rated + u);
    if (r === target) return u;
    if (r !== null && r < target) return null;
  }
  return null;
}
