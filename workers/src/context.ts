import type { TAppContext } from '@hotline/server';
import { piiCipherFromEnv } from '@hotline/server/src/infra/crypto';
import { createDb } from '@hotline/server/src/infra/db/client';
import type { TLogger } from '@hotline/server/src/infra/logger';
import { createRedis } from '@hotline/server/src/infra/redis';
import { SessionStore } from '@hotline/server/src/modules/auth/session.store';
import { CalendarService } from '@hotline/server/src/modules/sla/calendar.service';
import { toAppConfig, type TWorkerConfig } from './config';

/**
 * The same context the server builds, so workers call the server's use cases unchanged. Its
 * Redis client is made for BullMQ (`maxRetriesPerRequest: null`) and shared by the queues,
 * the workers (which duplicate it for blocking reads) and the socket.io emitter.
 */
export function createWorkerContext(config: TWorkerConfig, logger: TLogger, clock: () => Date): TAppContext {
  const appConfig = toAppConfig(config);
  const { db, pool } = createDb(config.DATABASE_URL, { max: config.DB_POOL_SIZE });
  const redis = createRedis(config.REDIS_URL, { forWorker: true });
  return {
    config: appConfig,
    logger,
    db,
    pool,
    // Workers write the roll-ups and serve no dashboard: everything on the primary.
    readDb: db,
    redis,
    // Workers sign no one in; the store is here because use cases take the whole context.
    sessions: new SessionStore(redis, config.REDIS_PREFIX, {
      idleMs: appConfig.SESSION_IDLE_MINUTES * 60_000,
      maxMs: appConfig.SESSION_MAX_HOURS * 3_600_000,
    }),
    pii: piiCipherFromEnv(config, config.NODE_ENV === 'production'),
    calendar: new CalendarService(db),
    clock,
  };
}
