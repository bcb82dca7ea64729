/**
 * Where the CPU went, from a V8 profile written by `node --cpu-prof`:
 *
 *   node --cpu-prof --cpu-prof-dir=.tmp/bench/prof --import tsx bench/run.ts origination --skip-pgbench --steps=50
 *   npx tsx bench/tools/profile-summary.ts .tmp/bench/prof/<file>.cpuprofile [top=25]
 *
 * Prints self time by area (our modules, each dependency, Node internals, GC, idle) and the top functions.
 */
import { readFileSync } from 'node:fs';

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

function areaOf(url: string, fn: string): string {
  if (!url) return fn.startsWith('(') ? fn : '(native)';
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1]!;
  const src = /\/(src\/(?:modules\/[^/]+|[^/]+))/.exec(url);
  if (src) return src[1]!;
  if (url.startsWith('node:')) return 'node:internals';
  return url
    .replace(/^file:\/\//, '')
    .split('/')
    .slice(-2)
    .join('/');
}

function main(file: string, top: number): void {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...selfUs.values()].reduce((s, v) => s + v, 0);
  const byArea = new Map<string, number>();
  const byFn = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const n = byId.get(id)!;
    const { functionName, url, lineNumber } = n.callFrame;
    const area = areaOf(url, functionName);
    byArea.set(area, (byArea.get(area) ?? 0) + us);
    const key =
      `${functionName || '(anonymous)'} ${url ? `${url.replace(/^.*\/(node_modules|src|bench)\//, '$1/')}:${lineNumber + 1}` : ''}`.trim();
    byFn.set(key, (byFn.get(key) ?? 0) + us);
  }
  const pct = (us: number) => `${((us / total) * 100).toFixed(1).padStart(5)} %`;
  const idle = byArea.get('(idle)') ?? 0;
  process.stdout.write(`profile ${file}: ${(total / 1e6).toFixed(1)} s sampled, ${pct(total - idle)} busy\n\nSelf time by area:\n`);
  for (const [area, us] of [...byArea].sort((a, b) => b[1] - a[1]).slice(0, top)) process.stdout.write(`  ${pct(us)}  ${area}\n`);
  process.stdout.write('\nTop functions (self time):\n');
  for (const [fn, us] of [...byFn].sort((a, b) => b[1] - a[1]).slice(0, top)) process.stdout.write(`  ${pct(us)}  ${fn}\n`);
}

const [file, top] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: npx tsx bench/tools/profile-summary.ts <file.cpuprofile> [top=25]\n');
  process.exit(2);
}
main(file, Number(top ?? 25));
