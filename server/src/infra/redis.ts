import { Redis } from 'ioredis';

/** BullMQ workers need maxRetriesPerRequest: null; other clients fail fast instead of hanging. */
export function createRedis(url: string, opts: { forWorker?: boolean } = {}): Redis {
  const client = new Redis(url, {
    maxRetriesPerRequest: opts.forWorker ? null : 3,
    lazyConnect: false,
  });
  client.on('error', () => undefined);
  return client;
}
