#!/usr/bin/env node
// `npm test`: the whole Jest suite against a REAL PostgreSQL and Redis. Integration tests that
// silently skip when a service is missing would report green while testing nothing, so a missing
// service fails the run here, up front, with the command that starts it.
//
//   npm test                          everything, one process (--runInBand: tests share the services)
//   npm test -- server/test/x.test.ts any extra arguments go to Jest unchanged
//
// TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres) must be allowed to create
// databases: each test file gets its own, cloned from a migrated template.
// TEST_REDIS_URL (default redis://127.0.0.1:6379); tests use their own key prefix.
import { spawn } from 'node:child_process';
import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pingRedis } from './lib/embedded-redis.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(ROOT);
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const NPX = process.platform === 'win32' ? 'npx.cmd' : 'npx';

process.env.TEST_DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/postgres';
process.env.TEST_REDIS_URL ??= 'redis://127.0.0.1:6379';
const { TEST_DATABASE_URL, TEST_REDIS_URL } = process.env;

const HOW_TO_START_POSTGRES = [
  'Start PostgreSQL 15+ (the tests never skip without it):',
  '  Debian/Ubuntu:  sudo apt-get install -y postgresql && sudo pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start',
  '  macOS:          brew install postgresql@15 && brew services start postgresql@15',
  '  Docker:         docker run -d --name hotline-test-pg -p 5432:5432 -e POSTGRES_HOST_AUTH_METHOD=trust postgres:15',
  'or point TEST_DATABASE_URL at one whose user may CREATE DATABASE.',
].join('\n');

const HOW_TO_START_REDIS = [
  'Start Redis (the tests never skip without it):',
  '  Debian/Ubuntu:  sudo apt-get install -y redis-server && redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no',
  '  macOS:          brew install redis && brew services start redis',
  '  Docker:         docker run -d --name hotline-test-redis -p 6379:6379 redis:7',
  'or point TEST_REDIS_URL at one.',
].join('\n');

function fail(message) {
  console.error(`\nnpm test: ${message}\n`);
  process.exit(1);
}

function redact(url) {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
}

async function checkPostgres() {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    const { rows } = await client.query(
      `select current_setting('server_version_num')::int as version,
              (select rolsuper or rolcreatedb from pg_roles where rolname = current_user) as may_create`,
    );
    const { version, may_create: mayCreate } = rows[0];
    if (version < 150000)
      fail(`PostgreSQL at ${redact(TEST_DATABASE_URL)} is ${version}; production runs 15+.`);
    if (!mayCreate)
      fail(`the user in TEST_DATABASE_URL (${redact(TEST_DATABASE_URL)}) may not CREATE DATABASE.`);
  } catch (error) {
    fail(
      `PostgreSQL is not reachable at ${redact(TEST_DATABASE_URL)} (${error.message}).\n${HOW_TO_START_POSTGRES}`,
    );
  } finally {
    await client.end().catch(() => {});
  }
}

async function checkRedis() {
  const url = new URL(TEST_REDIS_URL);
  // rediss:// cannot be probed with a plain-text PING; the tests' own setup reports TLS problems.
  if (url.protocol === 'rediss:') return;
  const ok = await pingRedis(url.hostname || '127.0.0.1', Number(url.port || 6379), 3_000);
  if (!ok) fail(`Redis is not reachable at ${redact(TEST_REDIS_URL)}.\n${HOW_TO_START_REDIS}`);
}

let current = null;

function run(cmd, args) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: 'inherit' });
    current = child;
    child.once('error', (error) => {
      console.error(`npm test: could not run ${cmd}: ${error.message}`);
      resolve(127);
    });
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

async function main() {
  if (!fs.existsSync('node_modules')) fail('node_modules is missing: run `npm ci` first.');
  await checkPostgres();
  await checkRedis();
  // The browser tests drive the built console served by the real server: build it from the current
  // sources every time (a few seconds), so they never test a stale bundle.
  console.log('npm test: building the console');
  if ((await run(NPM, ['run', 'build', '-w', '@hotline/client'])) !== 0) fail('building the console failed.');
  const resultsFile = path.join(os.tmpdir(), `hotline-jest-${process.pid}.json`);
  const code = await run(NPX, [
    'jest',
    '--runInBand',
    '--json',
    `--outputFile=${resultsFile}`,
    ...process.argv.slice(2),
  ]);
  // One plain closing line for CI systems that read it: "N passed, N failed, N skipped".
  if (fs.existsSync(resultsFile)) {
    const r = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
    fs.rmSync(resultsFile, { force: true });
    console.log(
      `\nTests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped`,
    );
  }
  process.exit(code);
}

// Passed on so Jest can stop its servers and browsers; we then exit with whatever code it returns.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (current?.exitCode === null) current.kill(signal);
    else process.exit(130);
  });
}

main().catch((error) => fail(error?.stack ?? String(error)));
