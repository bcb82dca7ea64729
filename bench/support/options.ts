/** Command-line options of the benchmarks: `--name=value`, `--name value` and bare `--flag`. */

export interface BenchOptions {
  /** Positional arguments after the benchmark's name. */
  args: string[];
  /** `--name=value` → { name: 'value' }; a bare `--flag` → { flag: true }. */
  flags: Record<string, string | true>;
}

/** What bench/run.ts needs from a benchmark module. */
export interface BenchModule {
  description: string;
  usage: string;
  run(opts: BenchOptions): Promise<void>;
}

export function parseBenchArgs(argv: string[]): BenchOptions {
  const args: string[] = [];
  const flags: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '-h') {
      flags.help = true;
    } else if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      if (eq > 2) {
        flags[a.slice(2, eq)] = a.slice(eq + 1);
      } else {
        const next = argv[i + 1];
        if (next !== undefined && !next.startsWith('--')) {
          flags[a.slice(2)] = next;
          i++;
        } else {
          flags[a.slice(2)] = true;
        }
      }
    } else {
      args.push(a);
    }
  }
  return { args, flags };
}

export function numberFlag(opts: BenchOptions, name: string, fallback: number, min = 0): number {
  const v = opts.flags[name];
  if (v === undefined) return fallback;
  const n = Number(v);
  if (v === true || !Number.isFinite(n) || n < min) throw new Error(`--${name} must be a number ≥ ${min}, got "${v === true ? '' : v}"`);
  return n;
}

export function listFlag(opts: BenchOptions, name: string, fallback: number[]): number[] {
  const v = opts.flags[name];
  if (v === undefined) return fallback;
  const list = String(v)
    .split(',')
    .map((x) => Number(x.trim()));
  if (v === true || list.length === 0 || list.some((n) => !Number.isFinite(n) || n <= 0)) {
    throw new Error(`--${name} must be a comma-separated list of positive numbers, got "${v === true ? '' : v}"`);
  }
  return list;
}

export function boolFlag(opts: BenchOptions, name: string): boolean {
  const v = opts.flags[name];
  return v === true || v === '1' || v === 'true';
}
