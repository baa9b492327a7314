import { z } from 'zod';
import { ZRedisUrl } from './redis';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const ZConfig = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'a postgres:// URL'),
  /** Dashboards and reports read here (a streaming replica); unset or empty: DATABASE_URL. Never written to. */
  DATABASE_READ_URL: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'a postgres:// URL')
      .optional(),
  ),
  /** redis://, rediss:// or redis+sentinel:// (src/infra/redis.ts). */
  REDIS_URL: ZRedisUrl,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Prefix of every Redis key we own (queues, sessions, socket.io): lets tests and tenants share one Redis. */
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/)
    .default('hotline'),
  /** A session expires after this long without use (fractions allowed, for tests). */
  SESSION_IDLE_MINUTES: z.coerce.number().positive().default(120),
  /** …and this long after sign-in whatever its use: a working day. */
  SESSION_MAX_HOURS: z.coerce.number().positive().default(12),
  COOKIE_SECURE: bool.optional(),
  /** 32 bytes, base64. Encrypts citizens' phone numbers and names (AES-256-GCM). */
  PII_ENCRYPTION_KEY: z.string().optional(),
  /** Key rotation: `<id>:<base64>,…`; the first encrypts, all decrypt (PII_ENCRYPTION_KEY is id v1). */
  PII_ENCRYPTION_KEYS: z.string().optional(),
  /** Key of the phone-number lookup hash; defaults to one derived from the v1 key. Never rotated. */
  PII_HASH_KEY: z.string().optional(),
  SERVE_CLIENT_DIR: z.string().default('client/dist'),
  /** Run pending migrations at boot (the default; turn off when a release job migrates). */
  MIGRATE_ON_START: bool.default(true),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  // Channels: each adapter refuses every request (503) while its secret is unset.
  /** HMAC-SHA256 secret shared with the telephony (CTI) middleware. */
  CTI_SHARED_SECRET: z.string().min(16).optional(),
  /** WeChat Official Account server configuration. */
  WECHAT_TOKEN: z.string().min(3).optional(),
  WECHAT_APPID: z.string().min(3).optional(),
  WECHAT_ENCODING_AES_KEY: z.string().length(43).optional(),
  /** Weibo fan-service (粉丝服务) app secret. */
  WEIBO_APP_SECRET: z.string().min(6).optional(),
  /** Comma-separated Open311 API keys (more can be issued by admins in api_keys). */
  OPEN311_API_KEYS: z.string().optional(),
  // Rate limits of the webhooks and Open311 (Redis; they let traffic through while Redis is down).
  /** Signed requests per channel (wechat, weibo, cti) per minute: far above a city's real traffic. */
  RATE_CHANNEL_PER_MINUTE: z.coerce.number().int().min(1).default(3000),
  /** Open311 submissions per API key per minute. */
  RATE_OPEN311_KEY_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  /** Open311 reads (public, no key) per client address per minute. */
  RATE_OPEN311_READ_IP_PER_MINUTE: z.coerce.number().int().min(1).default(300),
  /** Bad signatures / bad API keys per client address per 10 minutes before it is refused (429). */
  RATE_BAD_AUTH_IP_PER_10_MIN: z.coerce.number().int().min(1).default(20),
  /** The public portal asks for a captcha on submit (tests may turn it off per server). */
  PORTAL_CAPTCHA: bool.default(true),
});
export type TConfig = z.infer<typeof ZConfig>;

/** Reads the environment once; exits with a clear message if it is wrong. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): TConfig {
  const parsed = ZConfig.safeParse(env);
  if (!parsed.success) {
    const fields = z.flattenError(parsed.error).fieldErrors;
    const lines = Object.entries(fields).map(([k, v]) => `  ${k}: ${(v ?? []).join(', ')}`);
    process.stderr.write(
      `Invalid configuration:\n${lines.join('\n')}\nSee the Configuration table in README.md.\n`,
    );
    process.exit(1);
  }
  return parsed.data;
}

export function parseConfig(env: Record<string, string | undefined>): TConfig {
  return ZConfig.parse(env);
}
