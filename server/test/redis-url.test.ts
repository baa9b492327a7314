import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { startPrivateRedis, type TPrivateRedis } from '../../workers/test/support/private-redis';
import { parseConfig } from '../src/infra/config';
import { createRedis, parseRedisUrl } from '../src/infra/redis';
import { freePort } from './support/processes';

describe('REDIS_URL', () => {
  test('redis:// and rediss:// URLs go to ioredis unchanged', () => {
    expect(parseRedisUrl('redis://:pw@cache:6379/2')).toEqual({
      kind: 'url',
      url: 'redis://:pw@cache:6379/2',
    });
    expect(parseRedisUrl('rediss://cache.example.com')).toEqual({
      kind: 'url',
      url: 'rediss://cache.example.com',
    });
  });

  test('redis+sentinel:// becomes the sentinels, the master name, the database and the passwords', () => {
    expect(
      parseRedisUrl('redis+sentinel://app:s%40cret@10.0.0.1:26379,10.0.0.2,[::1]:26380/hotline-master/3'),
    ).toEqual({
      kind: 'sentinel',
      options: {
        sentinels: [
          { host: '10.0.0.1', port: 26379 },
          { host: '10.0.0.2', port: 26379 },
          { host: '::1', port: 26380 },
        ],
        name: 'hotline-master',
        db: 3,
        username: 'app',
        password: 's@cret',
      },
    });
    expect(parseRedisUrl('redis+sentinel://:pw@s1:5000/mymaster?sentinelPassword=sp%21')).toEqual({
      kind: 'sentinel',
      options: {
        sentinels: [{ host: 's1', port: 5000 }],
        name: 'mymaster',
        db: 0,
        password: 'pw',
        sentinelPassword: 'sp!',
      },
    });
  });

  test.each([
    ['http://cache:6379', /a redis:\/\/ URL/],
    ['redis+sentinel://s1:26379', /master name/],
    ['redis+sentinel://s1:99999/mymaster', /not a sentinel host\[:port\]: "s1:99999"/],
    ['redis+sentinel://s1:26379,/mymaster', /not a sentinel host/],
    ['redis+sentinel://s1/mymaster?db=2', /unknown parameter "db"/],
  ])('refuses %s saying what is wrong', (url, message) => {
    expect(() => parseRedisUrl(url)).toThrow(message);
  });

  test('the configuration refuses a bad URL at start-up and takes a Sentinel one', () => {
    const env = { DATABASE_URL: 'postgres://db/hotline' };
    expect(() => parseConfig({ ...env, REDIS_URL: 'redis+sentinel://s1' })).toThrow(/REDIS_URL|master name/);
    expect(parseConfig({ ...env, REDIS_URL: 'redis+sentinel://s1,s2/m' }).REDIS_URL).toBe(
      'redis+sentinel://s1,s2/m',
    );
  });
});

describe('through a real Sentinel', () => {
  let master: TPrivateRedis;
  let sentinel: { port: number; stop(): Promise<void> };

  beforeAll(async () => {
    master = await startPrivateRedis();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-sentinel-'));
    const port = await freePort();
    const conf = path.join(dir, 'sentinel.conf');
    fs.writeFileSync(
      conf,
      [
        `port ${port}`,
        'bind 127.0.0.1',
        `dir ${dir}`,
        `sentinel monitor hotline-master 127.0.0.1 ${new URL(master.url).port} 1`,
      ].join('\n') + '\n',
    );
    const child = spawn('redis-server', [conf, '--sentinel'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (b: Buffer) => (output += b.toString()));
    child.stderr.on('data', (b: Buffer) => (output += b.toString()));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const askSentinel = async () => {
      const probe = new Redis({ port, host: '127.0.0.1', lazyConnect: true, retryStrategy: () => null });
      probe.on('error', () => undefined);
      try {
        await probe.connect();
        return await probe.call('SENTINEL', 'get-master-addr-by-name', 'hotline-master');
      } catch {
        return null;
      } finally {
        // Not after a refused connection: ioredis would arm a 2 s timer that keeps Jest waiting.
        if (probe.status !== 'end') probe.disconnect();
      }
    };
    const deadline = Date.now() + 10_000;
    while (!(await askSentinel())) {
      if (child.exitCode !== null) throw new Error(`redis-server --sentinel exited:\n${output}`);
      if (Date.now() > deadline) throw new Error(`the sentinel did not answer on ${port}:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    sentinel = {
      port,
      async stop() {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        await exited;
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }, 30_000);

  afterAll(async () => {
    await sentinel?.stop();
    await master?.stop();
  });

  test('createRedis asks the sentinel for the master and writes to it, duplicates included', async () => {
    const url = `redis+sentinel://127.0.0.1:${sentinel.port}/hotline-master/2`;
    const client = createRedis(url, { forWorker: true });
    const copy = client.duplicate();
    try {
      await client.set('sentinel-test', 'via-sentinel');
      expect(await copy.get('sentinel-test')).toBe('via-sentinel');
      // Straight to the master's database 2: the key is there, so the sentinel led to the master.
      const direct = new Redis(`${master.url}/2`);
      expect(await direct.get('sentinel-test')).toBe('via-sentinel');
      await direct.quit();
      expect(client.options.maxRetriesPerRequest).toBeNull();
    } finally {
      await Promise.all([client.quit(), copy.quit()]);
    }
  });
});
