import { z } from 'zod';
import { parseConfig, type TConfig } from '@hotline/server/src/infra/config';
import { ZRedisUrl } from '@hotline/server/src/infra/redis';

const ZWorkerConfig = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'a postgres:// URL'),
  /** redis://, rediss:// or redis+sentinel://, as on the servers. */
  REDIS_URL: ZRedisUrl,
  /** Must equal the servers' REDIS_PREFIX: queues, sessions and socket.io rooms live under it. */
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and -')
    .default('hotline'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** 32 bytes, base64; the same key as the servers'. Required in production. */
  PII_ENCRYPTION_KEY: z.string().optional(),
  /** Key rotation, as on the servers: `<id>:<base64>,…`, the first encrypts. */
  PII_ENCRYPTION_KEYS: z.string().optional(),
  /** The phone-lookup hash key, as on the servers. */
  PII_HASH_KEY: z.string().optional(),
  DB_POOL_SIZE: z.coerce.number().int().min(2).max(100).default(10),
  /** Jobs one process runs at once per queue. */
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(5),
  /** How often the KPI roll-up adds the newly committed events (milliseconds). */
  KPI_ROLLUP_EVERY_MS: z.coerce.number().int().min(200).max(3_600_000).default(2000),
  /** How often the hot-topic detector runs (milliseconds). */
  HOT_TOPICS_EVERY_MS: z.coerce.number().int().min(200).max(3_600_000).default(60_000),
  /** Test hook, honoured only when NODE_ENV=test: the relay exits between claiming rows and sending them. */
  HOTLINE_TEST_CRASH_AFTER_CLAIM: z.enum(['0', '1']).optional(),
});
export type TWorkerConfig = z.infer<typeof ZWorkerConfig>;

/** Reads the environment once; exits with a clear message if it is wrong. */
export function loadWorkerConfig(env: NodeJS.ProcessEnv = process.env): TWorkerConfig {
  const parsed = ZWorkerConfig.safeParse(env);
  if (!parsed.success) {
    const fields = z.flattenError(parsed.error).fieldErrors;
    const lines = Object.entries(fields).map(([k, v]) => `  ${k}: ${(v ?? []).join(', ')}`);
    process.stderr.write(
      `Invalid worker configuration:\n${lines.join('\n')}\nSee the Configuration table in README.md.\n`,
    );
    process.exit(1);
  }
  if (
    parsed.data.NODE_ENV === 'production' &&
    !parsed.data.PII_ENCRYPTION_KEY &&
    !parsed.data.PII_ENCRYPTION_KEYS
  ) {
    process.stderr.write('Invalid worker configuration:\n  PII_ENCRYPTION_KEY: required in production\n');
    process.exit(1);
  }
  return parsed.data;
}

export function parseWorkerConfig(env: Record<string, string | undefined>): TWorkerConfig {
  return ZWorkerConfig.parse(env);
}

/** The server's config shape, which use cases read through TAppContext; workers never listen or migrate. */
export function toAppConfig(c: TWorkerConfig): TConfig {
  return parseConfig({
    NODE_ENV: c.NODE_ENV,
    DATABASE_URL: c.DATABASE_URL,
    REDIS_URL: c.REDIS_URL,
    REDIS_PREFIX: c.REDIS_PREFIX,
    LOG_LEVEL: c.LOG_LEVEL,
    PII_ENCRYPTION_KEY: c.PII_ENCRYPTION_KEY,
    PII_ENCRYPTION_KEYS: c.PII_ENCRYPTION_KEYS,
    PII_HASH_KEY: c.PII_HASH_KEY,
    DB_POOL_SIZE: String(c.DB_POOL_SIZE),
    MIGRATE_ON_START: 'false',
  });
}
