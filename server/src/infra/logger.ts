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

/** `destination` defaults to stdout; tests pass a stream to read what would have been written. */
export function createLogger(
  opts: { level?: string; name?: string; destination?: pino.DestinationStream } = {},
) {
  const options = {
    name: opts.name ?? 'hotline',
    level: opts.level ?? 'info',
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
  };
  return opts.destination ? pino(options, opts.destination) : pino(options);
}
export type TLogger = pino.Logger;
