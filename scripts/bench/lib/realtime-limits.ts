/**
 * Raw limits of the realtime path, measured in the same run as the figure they bound: the last
 * hop alone (the workers' emitter → Redis → the server's adapter → a console's socket) and a
 * BullMQ no-op job (add → its processor starts), both at a steady rate on an otherwise idle system.
 */
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { Socket } from 'socket.io-client';
import { createRoomEmitter } from '../../../workers/src/outbox/realtime-emitter';
import { percentileOf } from './results';
import { REDIS_URL, sleep, wallNow } from './realtime-support';

export type TLatency = { p50: number; p99: number; n: number };

export const latencyOf = (samples: number[]): TLatency => ({
  p50: percentileOf(samples, 50),
  p99: percentileOf(samples, 99),
  n: samples.length,
});

/** Paces `count` calls of `send(i)` at `rate` per second (open loop). */
async function paced(count: number, rate: number, send: (i: number) => unknown): Promise<void> {
  const start = wallNow();
  for (let i = 0; i < count; i++) {
    const wait = start + (i * 1000) / rate - wallNow();
    if (wait > 0) await sleep(wait);
    send(i);
  }
}

/**
 * Emits `count` pings to `room` through the redis-emitter the workers use (same socket.io key)
 * and times each from the emit call to `socket` receiving it.
 */
export async function emitterToSocket(
  socketIoKey: string,
  room: string,
  socket: Socket,
  count: number,
  rate: number,
): Promise<TLatency> {
  const redis = new Redis(REDIS_URL);
  const emit = createRoomEmitter(redis, socketIoKey);
  const samples: number[] = [];
  const sentAt = new Map<number, number>();
  const onPing = (msg: { seq: number }) => {
    const t = sentAt.get(msg.seq);
    if (t !== undefined) samples.push(wallNow() - t);
  };
  socket.on('bench.ping', onPing);
  try {
    await paced(count, rate, (seq) => {
      sentAt.set(seq, wallNow());
      void emit([room], 'bench.ping', { seq });
    });
    const deadline = Date.now() + 5000;
    while (samples.length < count && Date.now() < deadline) await sleep(20);
    if (samples.length < count) throw new Error(`emitter pings: ${count - samples.length} of ${count} lost`);
    return latencyOf(samples);
  } finally {
    socket.off('bench.ping', onPing);
    redis.disconnect();
  }
}

/** BullMQ no-op jobs added one by one (as the relay adds them), timed from add to the processor's start. */
export async function bullmqNoop(
  bullPrefix: string,
  count: number,
  rate: number,
  concurrency: number,
): Promise<TLatency> {
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const queue = new Queue('bench-noop', { connection, prefix: bullPrefix });
  const samples: number[] = [];
  const worker = new Worker(
    'bench-noop',
    async (job) => {
      samples.push(wallNow() - (job.data as { t: number }).t);
    },
    { connection, prefix: bullPrefix, concurrency },
  );
  try {
    await worker.waitUntilReady();
    await paced(count, rate, (i) => {
      void queue.add('noop', { t: wallNow() }, { jobId: `noop-${i}`, removeOnComplete: true });
    });
    const deadline = Date.now() + 10_000;
    while (samples.length < count && Date.now() < deadline) await sleep(20);
    if (samples.length < count) throw new Error(`BullMQ no-op: ${count - samples.length} of ${count} lost`);
    return latencyOf(samples);
  } finally {
    await worker.close();
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    connection.disconnect();
  }
}
