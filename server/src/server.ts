import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TAppContext } from './app-context';
import { createApp } from './app';
import type { TConfig } from './infra/config';
import { piiCipherFromEnv } from './infra/crypto';
import { createDb } from './infra/db/client';
import { runMigrations } from './infra/db/migrate';
import { maintainPartitionsAtStart } from './infra/db/partitions';
import { createLogger, type TLogger } from './infra/logger';
import { createRealtime, type TIo } from './infra/realtime';
import { createRedis } from './infra/redis';
import { SessionStore } from './modules/auth/session.store';
import { CalendarService } from './modules/sla/calendar.service';

export type TRunningServer = { ctx: TAppContext; io: TIo; url: string; port: number; close(): Promise<void> };

/** Builds the context from config, migrates, and listens. Used by main.ts and by the integration tests. */
export async function startServer(
  config: TConfig,
  opts: { logger?: TLogger; clock?: () => Date } = {},
): Promise<TRunningServer> {
  const logger = opts.logger ?? createLogger({ level: config.LOG_LEVEL, name: 'server' });
  // Before any connection opens: a wrong key configuration fails without leaving sockets behind.
  const pii = piiCipherFromEnv(config, config.NODE_ENV === 'production');
  if (config.MIGRATE_ON_START) await runMigrations(config.DATABASE_URL);
  const { db, pool } = createDb(config.DATABASE_URL, { max: config.DB_POOL_SIZE });
  const read =
    config.DATABASE_READ_URL && config.DATABASE_READ_URL !== config.DATABASE_URL
      ? createDb(config.DATABASE_READ_URL, { max: config.DB_POOL_SIZE })
      : null;
  const redis = createRedis(config.REDIS_URL);
  const ctx: TAppContext = {
    config,
    logger,
    db,
    pool,
    readDb: read?.db ?? db,
    redis,
    sessions: new SessionStore(redis, config.REDIS_PREFIX, {
      idleMs: config.SESSION_IDLE_MINUTES * 60_000,
      maxMs: config.SESSION_MAX_HOURS * 3_600_000,
    }),
    pii,
    calendar: new CalendarService(db),
    clock: opts.clock ?? (() => new Date()),
  };
  await maintainPartitionsAtStart(pool, ctx.clock(), logger);
  const live: { io: TIo | null } = { io: null };
  const httpServer = http.createServer(createApp(ctx, live));
  // Idle keep-alive sockets outlive a client's (undici 4 s) and a load balancer's (60 s) own timeout,
  // so the client always closes first and never reuses a socket the server is closing (ECONNRESET).
  httpServer.keepAliveTimeout = 65_000;
  httpServer.headersTimeout = 66_000;
  const realtime = createRealtime(ctx, httpServer);
  live.io = realtime.io;
  await new Promise<void>((resolve) => httpServer.listen(config.PORT, resolve));
  const port = (httpServer.address() as AddressInfo).port;
  logger.info({ port, readReplica: read !== null }, 'server listening');
  return {
    ctx,
    io: realtime.io,
    port,
    url: `http://127.0.0.1:${port}`,
    async close() {
      await realtime.close();
      await new Promise((resolve) => httpServer.close(resolve));
      await redis.quit().catch(() => redis.disconnect());
      await pool.end();
      await read?.pool.end();
    },
  };
}
