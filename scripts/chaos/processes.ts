import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { sleep } from './ports';

export const REPO_ROOT = path.resolve(__dirname, '../..');

/** A server or worker process, started as production starts it (`node --import tsx <entry>`). */
export type TChild = {
  name: string;
  pid: number;
  logFile: string;
  /** Resolves once the process is ready for work (server: /healthz answers; workers: "workers started"). */
  ready: Promise<void>;
  exited: Promise<void>;
  alive(): boolean;
  kill9(): Promise<void>;
  terminate(): Promise<void>;
  tail(lines?: number): string;
};

const START_TIMEOUT_MS = 60_000;

function spawnChild(
  name: string,
  entry: string,
  env: Record<string, string>,
  logDir: string,
  isReady: (log: string) => Promise<boolean>,
): TChild {
  const logFile = path.join(logDir, `${name}.log`);
  const out = fs.createWriteStream(logFile, { flags: 'a' });
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const onData = (b: Buffer) => {
    out.write(b);
    if (log.length < 200_000) log += b.toString();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const alive = () => child.exitCode === null && child.signalCode === null;
  const ready = (async () => {
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (!(await isReady(log))) {
      if (!alive()) throw new Error(`${name} exited during start-up; see ${logFile}:\n${log.slice(-3000)}`);
      if (Date.now() > deadline)
        throw new Error(`${name} was not ready within ${START_TIMEOUT_MS} ms (${logFile})`);
      await sleep(100);
    }
  })();
  ready.catch(() => undefined);
  return {
    name,
    pid: child.pid!,
    logFile,
    ready,
    exited,
    alive,
    async kill9() {
      if (alive()) child.kill('SIGKILL');
      await exited;
    },
    async terminate() {
      if (!alive()) return;
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(15_000)]);
      if (alive()) child.kill('SIGKILL');
      await exited;
    },
    tail(lines = 30) {
      return fs.readFileSync(logFile, 'utf8').split('\n').slice(-lines).join('\n');
    },
  };
}

export function spawnServer(name: string, port: number, env: Record<string, string>, logDir: string): TChild {
  return spawnChild(name, 'server/src/main.ts', { ...env, PORT: String(port) }, logDir, async () => {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(1000) });
      return res.ok;
    } catch {
      return false;
    }
  });
}

export function spawnWorker(name: string, env: Record<string, string>, logDir: string): TChild {
  return spawnChild(name, 'workers/src/main.ts', env, logDir, async (log) =>
    log.includes('"msg":"workers started"'),
  );
}
