import type { Redis } from 'ioredis';
import type { Pool } from 'pg';
import type { TConfig } from './infra/config';
import type { TPiiCipher } from './infra/crypto';
import type { TDb } from './infra/db/client';
import type { TLogger } from './infra/logger';
import type { SessionStore } from './modules/auth/session.store';
import type { CalendarService } from './modules/sla/calendar.service';

/** Everything a use case may need, built once per process at the edge and passed in. */
export type TAppContext = {
  config: TConfig;
  logger: TLogger;
  db: TDb;
  pool: Pool;
  /**
   * Dashboard and report reads (DATABASE_READ_URL: a streaming replica, a little behind the
   * primary); the same handle as `db` when no read URL is set. Never written through.
   */
  readDb: TDb;
  redis: Redis;
  sessions: SessionStore;
  pii: TPiiCipher;
  calendar: CalendarService;
  /** The only clock use cases read: tests pass a fake one. */
  clock: () => Date;
};

/** The part of the context the use cases touch: no HTTP, no sessions, no Redis (so scripts can run them). */
export type TUseCaseContext = Pick<TAppContext, 'db' | 'calendar' | 'clock' | 'pii' | 'logger'>;
