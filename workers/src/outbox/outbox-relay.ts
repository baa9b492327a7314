import type { TLogger } from '@hotline/server/src/infra/logger';
import { OUTBOX_CHANNEL } from '@hotline/server/src/modules/tickets/use-cases/publish';
import { Client, type Pool, type PoolClient } from 'pg';
import type { TDeliverRow } from './outbox-delivery';
import type { TOutboxRow } from './outbox-payload';

export type TOutboxRelayOptions = {
  pool: Pool;
  /** The LISTEN connection is a dedicated client, outside the pool: it stays open for good. */
  databaseUrl: string;
  deliver: TDeliverRow;
  logger: TLogger;
  batchSize?: number;
  pollMs?: number;
  /** Test hook: exit right after claiming rows, before sending them (a crash at the worst moment). */
  crashAfterClaim?: boolean;
};

type TPassResult = { claimed: number; dispatched: number; failed: number };

const MAX_POLL_BACKOFF_MS = 30_000;
/**
 * A row whose sending hangs (Redis unreachable: the client queues commands until it is back) is
 * counted as failed after this long, so the pass commits and releases its locks instead of
 * holding them for the whole outage. A late PUBLISH may still go out: at-least-once allows it.
 */
const DELIVERY_TIMEOUT_MS = 10_000;
const LISTEN_RETRY_MS = 1000;

/**
 * Turns committed outbox rows into realtime events and jobs, at least once.
 *
 * Each pass claims pending rows with `for update skip locked` in a transaction, sends them, and
 * stamps `dispatched_at` in the same transaction. Several relays (one per worker process) share
 * the table without sending a row twice at the same time; a relay that dies mid-pass loses its
 * locks with its connection and the rows are claimed again. NOTIFY wakes the relay at once; the
 * poll is the fallback for a dropped LISTEN connection or a missed notification.
 */
export class OutboxRelay {
  private readonly batchSize: number;
  private readonly pollMs: number;
  private readonly log: TLogger;
  private listener: Client | null = null;
  private listenRetry: NodeJS.Timeout | null = null;
  private pollTimer: NodeJS.Timeout | null = null;
  /** Passes run one after another within a process; other processes are kept apart by the row locks. */
  private chain: Promise<unknown> = Promise.resolve();
  private loop: Promise<void> | null = null;
  private wanted = false;
  private failureStreak = 0;
  private closing = false;

  constructor(private readonly opts: TOutboxRelayOptions) {
    this.batchSize = opts.batchSize ?? 200;
    this.pollMs = opts.pollMs ?? 500;
    this.log = opts.logger.child({ component: 'outbox-relay' });
  }

  async start(): Promise<void> {
    await this.listen();
    this.schedulePoll();
    this.kick();
  }

  /** One pass: claims up to a batch of pending rows, sends them, returns how many were marked sent. */
  async relayOnce(): Promise<number> {
    return (await this.enqueuePass()).dispatched;
  }

  async close(): Promise<void> {
    this.closing = true;
    if (this.pollTimer) clearTimeout(this.pollTimer);
    if (this.listenRetry) clearTimeout(this.listenRetry);
    const listener = this.listener;
    this.listener = null;
    await listener?.end().catch(() => undefined);
    await this.loop;
    await this.chain.catch(() => undefined);
  }

  private enqueuePass(): Promise<TPassResult> {
    const run = this.chain.then(() => this.pass());
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** Runs passes until nothing is pending; calls while running coalesce into one more round. */
  private kick(): void {
    this.wanted = true;
    if (this.loop || this.closing) return;
    this.loop = (async () => {
      while (this.wanted && !this.closing) {
        this.wanted = false;
        try {
          let r: TPassResult;
          do {
            r = await this.enqueuePass();
            this.failureStreak = r.failed ? this.failureStreak + 1 : 0;
          } while (r.claimed === this.batchSize && r.dispatched > 0 && !this.closing);
        } catch (err) {
          this.failureStreak += 1;
          this.log.error({ err }, 'outbox pass failed');
        }
      }
    })().finally(() => {
      this.loop = null;
    });
  }

  /** The poll slows down while rows keep failing (Redis down), so a broken dependency is not hammered. */
  private schedulePoll(): void {
    if (this.closing) return;
    const delay = Math.min(this.pollMs * 2 ** this.failureStreak, MAX_POLL_BACKOFF_MS);
    this.pollTimer = setTimeout(() => {
      this.kick();
      this.schedulePoll();
    }, delay);
  }

  private async listen(): Promise<void> {
    if (this.closing) return;
    const client = new Client({ connectionString: this.opts.databaseUrl });
    const lost = (err?: Error) => {
      if (this.listener !== client) return;
      this.listener = null;
      client.removeAllListeners('notification');
      void client.end().catch(() => undefined);
      if (this.closing) return;
      this.log.warn({ err: err?.message }, 'outbox LISTEN connection lost; polling until it is back');
      this.scheduleListenRetry();
    };
    client.on('error', lost);
    client.on('end', () => lost());
    client.on('notification', () => this.kick());
    try {
      await client.connect();
      await client.query(`listen ${OUTBOX_CHANNEL}`);
      this.listener = client;
      // Rows committed while we were not listening have no notification coming: look now.
      this.kick();
    } catch (err) {
      client.removeAllListeners();
      client.on('error', () => undefined);
      void client.end().catch(() => undefined);
      this.log.warn({ err: (err as Error).message }, 'outbox LISTEN failed; polling until it works');
      this.scheduleListenRetry();
    }
  }

  private scheduleListenRetry(): void {
    if (this.closing || this.listenRetry) return;
    this.listenRetry = setTimeout(() => {
      this.listenRetry = null;
      void this.listen();
    }, LISTEN_RETRY_MS);
  }

  private async pass(): Promise<TPassResult> {
    let client: PoolClient | undefined;
    let broken: Error | undefined;
    try {
      client = await this.opts.pool.connect();
      await client.query('begin');
      // Named statements: planned once per connection, where each pass would plan them again.
      const { rows } = await client.query<TOutboxRow>({
        name: 'outbox_claim',
        text: `select id, topic, aggregate_id, payload, attempts from outbox
               where dispatched_at is null order by id limit $1 for update skip locked`,
        values: [this.batchSize],
      });
      if (!rows.length) {
        await client.query('commit');
        return { claimed: 0, dispatched: 0, failed: 0 };
      }
      if (this.opts.crashAfterClaim) {
        this.log.fatal(
          { claimed: rows.length },
          'HOTLINE_TEST_CRASH_AFTER_CLAIM: exiting between claim and publish',
        );
        process.exit(137);
      }
      // Sent concurrently; the realtime messages still leave in row order (PUBLISH is issued synchronously).
      const results = await Promise.allSettled(
        rows.map((row) => withTimeout(this.opts.deliver(row), DELIVERY_TIMEOUT_MS)),
      );
      const sent: string[] = [];
      for (const [i, r] of results.entries()) {
        const row = rows[i]!;
        if (r.status === 'fulfilled') {
          sent.push(row.id);
          continue;
        }
        const message = r.reason instanceof Error ? r.reason.message : String(r.reason);
        this.log.warn(
          {
            outboxId: row.id,
            topic: row.topic,
            ticketId: row.aggregate_id,
            attempts: row.attempts + 1,
            err: message,
          },
          'outbox row not sent; it stays pending',
        );
        await client.query('update outbox set attempts = attempts + 1, last_error = $2 where id = $1', [
          row.id,
          message.slice(0, 2000),
        ]);
      }
      if (sent.length)
        await client.query({
          name: 'outbox_sent',
          text: 'update outbox set dispatched_at = now() where id = any($1::bigint[])',
          values: [sent],
        });
      await client.query('commit');
      if (sent.length) this.log.debug({ dispatched: sent.length }, 'outbox rows sent');
      return { claimed: rows.length, dispatched: sent.length, failed: rows.length - sent.length };
    } catch (err) {
      broken = err as Error;
      await client?.query('rollback').catch(() => undefined);
      throw err;
    } finally {
      // A connection that failed mid-transaction is thrown away rather than reused.
      client?.release(broken);
    }
  }
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`not sent within ${ms} ms`)), ms);
  });
  work.catch(() => undefined); // a send that loses the race and fails later is not unhandled
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
