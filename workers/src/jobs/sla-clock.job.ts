import { z } from 'zod';
import { QUEUE_NAMES } from './queue-names';

/**
 * The SLA timers: one delayed job per deadline and instant (warning, breach). A deadline that
 * moves (extension, suspension) gets new jobs with new ids; the stale ones find nothing to do.
 */
export const SLA_CLOCK_QUEUE = QUEUE_NAMES.slaClock;
export const SLA_CLOCK_KINDS = ['warn', 'breach'] as const;
export type TSlaClockKind = (typeof SLA_CLOCK_KINDS)[number];

export const ZSlaClockJobV1 = z.object({
  v: z.literal(1),
  kind: z.enum(SLA_CLOCK_KINDS),
  deadlineId: z.uuid(),
});
export const ZSlaClockJob = z.discriminatedUnion('v', [ZSlaClockJobV1]);
export type TSlaClockJob = z.infer<typeof ZSlaClockJob>;

/** Fire the breach job a second after the due instant, so `due_at < now` holds when it runs. */
export const BREACH_GRACE_MS = 1000;

export const slaClockJobId = (kind: TSlaClockKind, deadlineId: string, atMs: number) =>
  `${kind}:${deadlineId}:${atMs}`;

/** The timer for `kind` of a deadline due/warning at `at`, delayed relative to `nowMs`. */
export function slaClockJob(kind: TSlaClockKind, deadlineId: string, at: Date, nowMs: number) {
  const atMs = at.getTime();
  const fireAt = kind === 'breach' ? atMs + BREACH_GRACE_MS : atMs;
  const data: TSlaClockJob = { v: 1, kind, deadlineId };
  return {
    name: kind,
    data,
    opts: { jobId: slaClockJobId(kind, deadlineId, atMs), delay: Math.max(0, fireAt - nowMs) },
  };
}
