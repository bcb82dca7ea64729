/**
 * Benchmark dispatcher:  npm run bench -- <name> [--option=value …]
 *
 *   npm run bench -- --help              the benchmarks and their options
 *   npm run bench -- origination         application → decision → credit line → drawdown, vs pgbench TPC-B
 *   npm run bench -- eod                 one end-of-day over 10k / 100k / 1M generated loans, vs eod_reference.sql
 *   npm run bench -- eod-pglite          30 consecutive end-of-days on PGlite at 1,000 / 4,600 generated loans, per step per day
 *   npm run bench -- precredit           batch pre-credit of 100,000 people vs the decision engine alone
 *   npm run bench -- prospects           a 30,000-row prospect list imported and de-duplicated to its report, on PGlite
 *   npm run bench -- loan-migration      a 5,000-row file of existing online loans validated and applied through review, on PGlite
 *   npm run bench -- headline            the reports headline at random dates of a year over 1M loans (pre-aggregated), vs the snapshots straight
 *   npm run bench -- opening-imports     the demo opening book: CUSTOMERS and CORE_DEPOSITS upload and approval on PGlite
 *
 * A benchmark is a module with `run(opts)`, `description` and `usage`; add one with a line in BENCHMARKS
 * (modules load lazily, so one benchmark's imports never slow down or break another).
 */
import { parseBenchArgs, type BenchModule } from './support/options.js';

const BENCHMARKS: Record<string, () => Promise<BenchModule>> = {
  origination: () => import('./origination.js'),
  eod: () => import('./eod.js'),
  'eod-pglite': () => import('./eod-pglite.js'),
  precredit: () => import('./precredit.js'),
  prospects: () => import('./prospects.js'),
  headline: () => import('./headline.js'),
  'loan-migration': () => import('./loan-migration.js'),
  'opening-imports': () => import('./opening-imports.js'),
};

async function printHelp(): Promise<void> {
  const lines = ['Usage: npm run bench -- <name> [--option=value …]   (npm run bench -- <name> --help for its options)', '', 'Benchmarks:'];
  for (const [name, load] of Object.entries(BENCHMARKS)) {
    const mod = await load();
    lines.push(`  ${name.padEnd(14)} ${mod.description}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    await printHelp();
    return name ? 0 : 2;
  }
  const load = BENCHMARKS[name];
  if (!load) {
    process.stderr.write(`Unknown benchmark "${name}". Available: ${Object.keys(BENCHMARKS).join(', ')}\n`);
    return 2;
  }
  const mod = await load();
  const opts = parseBenchArgs(rest);
  if (opts.flags.help || opts.flags.h) {
    process.stdout.write(`${name} — ${mod.description}\n\n${mod.usage}\n`);
    return 0;
  }
  await mod.run(opts);
  return 0;
}

main(process.argv.slice(2)).then(
  // Exit explicitly: a benchmark has closed what it opened (and stopped its PostgreSQL server), but a
  // stray timer in a library must not keep a finished run hanging.
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
