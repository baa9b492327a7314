import { AppError, assertUnreachable } from '@hotline/shared';
import { UnrecoverableError } from 'bullmq';
import { z } from 'zod';

/**
 * Validates a job's data when a worker picks it up. A payload no version of the schema accepts
 * will not get better on retry: the job fails at once instead of burning its attempts.
 */
export function parseJobPayload<S extends z.ZodType>(schema: S, data: unknown, queue: string): z.infer<S> {
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const fields = Object.keys(z.flattenError(parsed.error).fieldErrors).join(', ') || 'payload';
    throw new UnrecoverableError(`Invalid ${queue} job payload (${fields})`);
  }
  return parsed.data;
}

/** The slice of a BullMQ Job a handler reads: lets tests call handlers without a queue. */
export type TJobLike<T = unknown> = { id?: string | undefined; data: T; attemptsMade?: number };

/**
 * What a use case's AppError means for a job: a refusal that retrying cannot change (the
 * ticket is gone, the input is invalid) fails the job at once; anything else is retried.
 */
export function toJobError(err: unknown): unknown {
  if (!(err instanceof AppError)) return err;
  switch (err.code) {
    case 'NOT_FOUND':
    case 'VALIDATION_FAILED':
    case 'UNPROCESSABLE':
    case 'FORBIDDEN':
    case 'UNAUTHENTICATED':
    case 'ILLEGAL_TRANSITION':
    case 'PAYLOAD_TOO_LARGE':
      return new UnrecoverableError(`${err.code}: ${err.message}`);
    case 'STALE_VERSION':
    case 'CONFLICT':
    case 'RATE_LIMITED':
    case 'UNAVAILABLE':
    case 'INTERNAL':
      return err;
    default:
      return assertUnreachable(err.code);
  }
}
