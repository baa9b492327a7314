/**
 * Reads a V8 `.cpuprofile` (node --cpu-prof) and prints where the time went: self time per
 * function and per module (a package of node_modules, a source folder of ours, or a V8 bucket
 * such as (garbage collector) and (idle)). Also a CLI:
 *   npx tsx scripts/bench/lib/intake-profile.ts /tmp/x/CPU.….cpuprofile [top]
 */
import fs from 'node:fs';

type TNode = {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
};
type TProfile = {
  nodes: TNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
};

export type TProfileRow = { name: string; ms: number; share: number };

function moduleOf(url: string, fn: string): string {
  if (!url) return fn.startsWith('(') ? fn : '(native)';
  const path = url.replace(/^file:\/\//, '');
  const nm = path.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = path.slice(nm + 'node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (path.startsWith('node:')) return path;
  const ours = /\/(server|shared|workers|scripts)\/src\/(.+)\/[^/]+$/.exec(path);
  if (ours) return `${ours[1]}/${ours[2]}`;
  return path.split('/').slice(-2).join('/');
}

/** Self time by function (`name file:line`) and by module, largest first; shares exclude (idle). */
export function summarizeProfile(file: string): {
  functions: TProfileRow[];
  modules: TProfileRow[];
  busyMs: number;
} {
  const p = JSON.parse(fs.readFileSync(file, 'utf8')) as TProfile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  p.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (p.timeDeltas[i] ?? 0)));
  const fns = new Map<string, number>();
  const mods = new Map<string, number>();
  let busy = 0;
  for (const [id, us] of selfUs) {
    const n = byId.get(id)!;
    const { functionName, url, lineNumber } = n.callFrame;
    if (functionName === '(idle)' || functionName === '(program)') continue;
    busy += us;
    const short = url
      ? `${url
          .replace(/^file:\/\//, '')
          .split('/')
          .slice(-2)
          .join('/')}:${lineNumber + 1}`
      : '';
    const key = `${functionName || '(anonymous)'} ${short}`.trim();
    fns.set(key, (fns.get(key) ?? 0) + us);
    const mod = moduleOf(url, functionName);
    mods.set(mod, (mods.get(mod) ?? 0) + us);
  }
  const rows = (m: Map<string, number>) =>
    [...m.entries()]
      .map(([name, us]) => ({ name, ms: us / 1000, share: busy ? us / busy : 0 }))
      .sort((a, b) => b.ms - a.ms);
  return { functions: rows(fns), modules: rows(mods), busyMs: busy / 1000 };
}

/**
 * Total (inclusive) time of our own functions (server/, workers/, shared/ sources): a sample counts
 * once for every distinct function of ours on its stack, so a use case's row includes the drizzle,
 * pg and BullMQ time it caused.
 */
export function inclusiveOurs(file: string): TProfileRow[] {
  const p = JSON.parse(fs.readFileSync(file, 'utf8')) as TProfile;
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const label = (n: TNode) => {
    const { functionName, url, lineNumber } = n.callFrame;
    if (!/\/(server|workers|shared)\/src\//.test(url) || url.includes('node_modules')) return null;
    return `${functionName || '(anonymous)'} ${url.split('/').slice(-2).join('/')}:${lineNumber + 1}`;
  };
  const cache = new Map<number, string[]>();
  const oursOnStack = (id: number): string[] => {
    const hit = cache.get(id);
    if (hit) return hit;
    const up = parent.has(id) ? oursOnStack(parent.get(id)!) : [];
    const l = label(byId.get(id)!);
    const out = l && !up.includes(l) ? [...up, l] : up;
    cache.set(id, out);
    return out;
  };
  const total = new Map<string, number>();
  let busy = 0;
  p.samples.forEach((id, i) => {
    const fn = byId.get(id)!.callFrame.functionName;
    if (fn === '(idle)' || fn === '(program)') return;
    const us = p.timeDeltas[i] ?? 0;
    busy += us;
    for (const l of oursOnStack(id)) total.set(l, (total.get(l) ?? 0) + us);
  });
  return [...total.entries()]
    .map(([name, us]) => ({ name, ms: us / 1000, share: busy ? us / busy : 0 }))
    .sort((a, b) => b.ms - a.ms);
}

export function printProfile(file: string, top = 25): void {
  const s = summarizeProfile(file);
  const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
  console.log(`\nCPU profile ${file}: ${(s.busyMs / 1000).toFixed(1)} s on the CPU (idle excluded)`);
  console.log('| self time by module | ms | share |\n|---|---:|---:|');
  for (const r of s.modules.slice(0, 15)) console.log(`| ${r.name} | ${r.ms.toFixed(0)} | ${pct(r.share)} |`);
  console.log('| self time by function | ms | share |\n|---|---:|---:|');
  for (const r of s.functions.slice(0, top))
    console.log(`| ${r.name} | ${r.ms.toFixed(0)} | ${pct(r.share)} |`);
  console.log('| total time of our functions (incl. callees) | ms | share |\n|---|---:|---:|');
  for (const r of inclusiveOurs(file).slice(0, top))
    console.log(`| ${r.name} | ${r.ms.toFixed(0)} | ${pct(r.share)} |`);
}

if (process.argv[1] && import.meta.filename === fs.realpathSync(process.argv[1])) {
  printProfile(process.argv[2]!, Number(process.argv[3] ?? 25));
}
