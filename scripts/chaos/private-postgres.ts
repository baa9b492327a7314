import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './ports';

/**
 * A PostgreSQL cluster of the chaos run's own (initdb into a temporary directory, its own port
 * and socket directory), so it can be stopped with `-m immediate` without touching the
 * machine's shared cluster. As root, the binaries run as the `postgres` OS user (initdb refuses
 * root); otherwise as the current user.
 */
export type TPrivatePostgres = {
  url: string;
  port: number;
  /** `pg_ctl stop -m immediate` (no checkpoint, every connection cut), then start again. */
  crashRestart(downMs: number): Promise<void>;
  stop(): void;
};

const INSTALL_HINT =
  'PostgreSQL server binaries (initdb, pg_ctl) were not found. Install them with ' +
  '`apt-get install postgresql` (Debian/Ubuntu) or set PG_BIN to the directory holding initdb.';

function findBinDir(): string {
  const candidates: string[] = [];
  if (process.env.PG_BIN) candidates.push(process.env.PG_BIN);
  const debianRoot = '/usr/lib/postgresql';
  if (fs.existsSync(debianRoot))
    for (const v of fs.readdirSync(debianRoot).sort((a, b) => Number(b) - Number(a)))
      candidates.push(path.join(debianRoot, v, 'bin'));
  const pgConfig = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  if (pgConfig.status === 0) candidates.push(pgConfig.stdout.trim());
  const found = candidates.find((d) => fs.existsSync(path.join(d, 'initdb')));
  if (!found) throw new Error(INSTALL_HINT);
  return found;
}

export async function startPrivatePostgres(): Promise<TPrivatePostgres> {
  const bin = findBinDir();
  const asRoot = process.getuid?.() === 0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-chaos-pg-'));
  const data = path.join(dir, 'data');
  const logFile = path.join(dir, 'postgres.log');
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    fs.chownSync(dir, uid, gid);
  }
  const run = (tool: string, args: string[]) => {
    const cmd = path.join(bin, tool);
    const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
    const r = spawnSync(file, argv, { encoding: 'utf8', cwd: dir });
    if (r.status !== 0)
      throw new Error(
        `${tool} ${args.join(' ')} failed (${r.status ?? r.signal}):\n${r.stdout}${r.stderr}` +
          (fs.existsSync(logFile)
            ? `\n--- ${logFile}\n${fs.readFileSync(logFile, 'utf8').slice(-3000)}`
            : ''),
      );
  };

  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
  const port = await freePort();
  /* prettier-ignore */
  const serverOptions = [
    '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=on',
    '-c', 'max_connections=200', '-c', 'shared_buffers=64MB',
  ].join(' ');
  const start = () =>
    run('pg_ctl', ['-D', data, '-l', logFile, '-o', serverOptions, '-w', '-t', '60', 'start']);
  start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    async crashRestart(downMs) {
      run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      await new Promise((r) => setTimeout(r, downMs));
      start();
    },
    stop() {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } catch {
        // already down
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
