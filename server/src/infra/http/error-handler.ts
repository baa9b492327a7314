import { AppError, isAppError } from '@hotline/shared';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { TLogger } from '../logger';

/** Maps every error to `{ error: { code, message, details } }`; unknown errors never leak internals. */
export function errorHandler(logger: TLogger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const appError = toAppError(err);
    if (appError.code === 'INTERNAL') logger.error({ err, path: req.path }, 'request failed');
    if (appError.code === 'UNAVAILABLE' && !isAppError(err)) {
      logger.warn(
        { err: (err as Error).message, path: req.path },
        'request failed: a backing service is down',
      );
      res.setHeader('Retry-After', '5');
    }
    res.status(appError.httpStatus).json(appError.toJSON());
  };
}

/** Socket errors and PostgreSQL's "shutting down / starting up / connection" classes (57P0x, 08xxx). */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH']);

/**
 * PostgreSQL or Redis is out of reach (restarting, failing over): the request may well succeed
 * in a moment, so the client is told 503 + Retry-After rather than a 500 that looks like a bug.
 */
function isBackingServiceDown(err: unknown): boolean {
  for (
    let e = err as { code?: unknown; message?: unknown; cause?: unknown } | undefined, depth = 0;
    e && depth < 4;
    e = e.cause as typeof e, depth++
  ) {
    const code = typeof e.code === 'string' ? e.code : '';
    if (NETWORK_CODES.has(code) || /^57P0[1-3]$/.test(code) || code.startsWith('08')) return true;
    const message = typeof e.message === 'string' ? e.message : '';
    if (
      /Connection terminated|Client has encountered a connection error|max retries per request|Connection is closed|timeout exceeded when trying to connect/i.test(
        message,
      )
    )
      return true;
  }
  return false;
}

function toAppError(err: unknown): AppError {
  if (isAppError(err)) return err;
  if (isBackingServiceDown(err))
    return new AppError('UNAVAILABLE', '服务暂时不可用，请稍后重试 (a backing service is unavailable)');
  const e = err as { type?: string; status?: number; message?: string };
  // body-parser errors carry a `type`
  if (e?.type === 'entity.too.large')
    return new AppError('PAYLOAD_TOO_LARGE', 'The request body is too large');
  if (e?.type === 'entity.parse.failed')
    return new AppError('VALIDATION_FAILED', 'The request body is not valid JSON');
  if (e?.status && e.status >= 400 && e.status < 500)
    return new AppError('VALIDATION_FAILED', e.message ?? 'Bad request');
  return new AppError('INTERNAL', 'Internal server error');
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new AppError('NOT_FOUND', `No route for ${req.method} ${req.path}`));
};
