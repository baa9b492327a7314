import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

/**
 * Servers and workers as real processes, started the way production starts them
 * (`node --import tsx <entry>`, as scripts/chaos/processes.ts does), for tests that need more
 * than one of each. Output is kept in memory: workers log JSON lines a test may read.
 */
export const REPO_ROOT = path.resolve(__dirname, '../../..');

export type TProcess = {
  name: string;
  pid: number;
  /** Server: /healthz answers; workers: "workers started" was logged. Rejects with the output if it died. */
  ready: Promise<void>;
  exited: Promise<void>;
  alive(): boolean;
  /** Everything written to stdout and stderr (the first OUTPUT_CAP characters). */
  output(): string;
  /** The JSON log lines (pino) written so far. */
  logLines(): Record<string, unknown>[];
  tail(lines?: number): string;
  /** SIGTERM (a clean shutdown), SIGKILL after STOP_TIMEOUT_MS. */
  stop(): Promise<void>;
};

const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;
const OUTPUT_CAP = 20_000_000;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A TCP port nobody listens on right now (the kernel's pick). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

function spawnProcess(
  name: string,
  entry: string,
  env: Record<string, string>,
  isReady: (output: string) => Promise<boolean>,
): TProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const onData = (b: Buffer) => {
    if (out.length < OUTPUT_CAP) out += b.toString();
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const alive = () => child.exitCode === null && child.signalCode === null;
  const tail = (lines = 30) => out.split('\n').slice(-lines).join('\n');
  const ready = (async () => {
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (!(await isReady(out))) {
      if (!alive()) throw new Error(`${name} exited during start-up:\n${tail(40)}`);
      if (Date.now() > deadline)
        throw new Error(`${name} was not ready within ${START_TIMEOUT_MS} ms:\n${tail(40)}`);
      await sleep(100);
    }
  })();
  ready.catch(() => undefined);
  return {
    name,
    pid: child.pid!,
    ready,
    exited,
    alive,
    output: () => out,
    logLines: () =>
      out.split('\n').flatMap((line) => {
        if (!line.startsWith('{')) return [];
        try {
          return [JSON.parse(line) as Record<string, unknown>];
        } catch {
          return [];
        }
      }),
    tail,
    async stop() {
      if (!alive()) return;
      child.kill('SIGTERM');
      const hardStop = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(hardStop);
    },
  };
}

/** `server/src/main.ts` on 127.0.0.1:<port>. */
export function spawnServerProcess(name: string, port: number, env: Record<string, string>): TProcess {
  return spawnProcess(name, 'server/src/main.ts', { ...env, PORT: String(port) }, async () => {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(1000) });
      return res.ok;
    } catch {
      return false;
    }
  });
}

/** `workers/src/main.ts`; needs LOG_LEVEL info or lower to report that it started. */
export function spawnWorkerProcess(name: string, env: Record<string, string>): TProcess {
  return spawnProcess(name, 'workers/src/main.ts', env, async (output) =>
    output.includes('"msg":"workers started"'),
  );
}
