import { AppError, isAppError } from '@hotline/shared';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { TLogger } from '../logger';

/** Maps every error to `{ error: { code, message, details } }`; unknown errors never leak internals. */
export function errorHandler(logger: TLogger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const appError = toAppError(err);
    if (appError.code === 'INTERNAL') logger.error({ err, path: req.path }, 'request failed');
    res.status(appError.httpStatus).json(appError.toJSON());
  };
}

function toAppError(err: unknown): AppError {
  if (isAppError(err)) return err;
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
