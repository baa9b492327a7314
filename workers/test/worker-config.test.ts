import { spawnSync } from 'node:child_process';
import { parseWorkerConfig } from '../src/config';
import { REPO_ROOT } from './support/worker-harness';

test('defaults the Redis prefix and log level, and requires the connection URLs', () => {
  const c = parseWorkerConfig({ DATABASE_URL: 'postgres://db/hotline', REDIS_URL: 'redis://cache:6379' });
  expect(c).toMatchObject({ REDIS_PREFIX: 'hotline', LOG_LEVEL: 'info', NODE_ENV: 'development' });
  expect(() => parseWorkerConfig({ REDIS_URL: 'redis://cache:6379' })).toThrow();
});

test('a worker started with a wrong environment exits at once saying what is wrong', () => {
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    REDIS_URL: 'http://not-redis',
    REDIS_PREFIX: 'bad prefix',
  };
  const res = spawnSync('npx', ['tsx', 'workers/src/main.ts'], {
    cwd: REPO_ROOT,
    env,
    encoding: 'utf8',
    timeout: 20_000,
  });
  expect(res.status).toBe(1);
  expect(res.stderr).toContain('Invalid worker configuration');
  expect(res.stderr).toMatch(/DATABASE_URL/);
  expect(res.stderr).toMatch(/REDIS_URL: a redis:\/\/ URL/);
  expect(res.stderr).toMatch(/REDIS_PREFIX/);
});
