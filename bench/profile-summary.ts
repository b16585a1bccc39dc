import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { ROOT } from './support/processes';

/**
 * Prints where a V8 CPU profile (from BENCH_CPU_PROF=1) spent its time: self time by function,
 * by package (node_modules/<pkg>, our libs/apps, node internals), and by package with the time of
 * node internals and native code charged to the nearest package that called them (so that the
 * `JSON.stringify` kafkajs calls counts as kafkajs). Shares are of busy time: `(idle)` left out.
 * Usage: node dist/bench/profile-summary.js <file.cpuprofile> [top=25]
 */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function where(url: string): string {
  if (!url) return '(native/vm)';
  if (url.startsWith('node:')) return 'node internals';
  const path = relative(ROOT, url.replace(/^file:\/\//, ''));
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1];
  if (pkg) return pkg;
  const ours = /^dist\/(libs|apps)\/([^/]+)/.exec(path);
  return ours ? `${ours[1]}/${ours[2]}` : path;
}

function main(): void {
  const [file, topArg] = process.argv.slice(2);
  if (!file) throw new Error('usage: profile-summary <file.cpuprofile> [top]');
  const top = Number(topArg ?? 25);
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  /** The package of the nearest frame (this one or a caller) that is not node internals or native. */
  const caller = (id: number): string => {
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const w = where(byId.get(at)!.callFrame.url);
      if (w !== 'node internals' && w !== '(native/vm)') return w;
    }
    return where(byId.get(id)!.callFrame.url);
  };
  const fns = new Map<string, number>();
  const pkgs = new Map<string, number>();
  const charged = new Map<string, number>();
  let total = 0;
  let idle = 0;
  for (const [id, us] of self) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    if (functionName === '(idle)') {
      idle += us;
      continue;
    }
    total += us;
    const name = `${functionName || '(anonymous)'} ${url ? `${relative(ROOT, url.replace(/^file:\/\//, ''))}:${lineNumber + 1}` : ''}`;
    fns.set(name, (fns.get(name) ?? 0) + us);
    pkgs.set(where(url), (pkgs.get(where(url)) ?? 0) + us);
    const to = functionName.startsWith('(') ? functionName : caller(id);
    charged.set(to, (charged.get(to) ?? 0) + us);
  }
  const pct = (us: number) => `${((100 * us) / total).toFixed(1).padStart(5)}%`;
  const print = (title: string, m: Map<string, number>) => {
    process.stdout.write(`\n${title}\n`);
    for (const [k, us] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top))
      process.stdout.write(`${pct(us)}  ${k}\n`);
  };
  process.stdout.write(
    `${file}: ${((total + idle) / 1e6).toFixed(1)} s sampled, ${(total / 1e6).toFixed(1)} s busy (shares below are of busy time)\n`,
  );
  print('self time by package', pkgs);
  print('by package, node internals and native code charged to their nearest calling package', charged);
  print('self time by function', fns);
}

main();
