import pino from 'pino';

/** Paths that may carry personal data: never written to the logs. */
export const REDACT_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'password',
  '*.password',
  'phone',
  '*.phone',
  'citizen.phone',
  'citizen.name',
  '*.idNumber',
  'caller_number',
  '*.caller_number',
];

export function createLogger(opts: { level?: string; name?: string } = {}) {
  return pino({
    name: opts.name ?? 'hotline',
    level: opts.level ?? 'info',
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
  });
}
export type TLogger = pino.Logger;
