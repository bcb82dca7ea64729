import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { clock, settableClock, useClock, wallClock } from './clock.js';
import { installTestClock, testClock } from '../../test/support/clock.js';

describe('the domain clock', () => {
  it('reads the wall clock until a test installs another clock', () => {
    const before = Date.now();
    const t = clock.now().getTime();
    expect(t).toBeGreaterThanOrEqual(before);
    expect(t).toBeLessThanOrEqual(Date.now());
  });

  it('useClock installs a clock and returns the previous one, which puts it back', () => {
    const c = settableClock('2026-07-05T09:30:00+08:00');
    const previous = useClock(c);
    try {
      expect(clock.now().toISOString()).toBe('2026-07-05T01:30:00.000Z');
      c.advance(90_000);
      expect(clock.now().toISOString()).toBe('2026-07-05T01:31:30.000Z');
      c.set('2026-07-06T00:00:00Z');
      expect(clock.now().toISOString()).toBe('2026-07-06T00:00:00.000Z');
    } finally {
      expect(useClock(previous)).toBe(c);
    }
    expect(previous).toBe(wallClock);
  });

  it('a settable clock stands still and hands out copies, so callers cannot move it', () => {
    const c = settableClock('2026-07-05T01:30:00Z');
    const a = c.now();
    a.setFullYear(2000);
    expect(c.now().toISOString()).toBe('2026-07-05T01:30:00.000Z');
  });

  it('a settable clock refuses an invalid instant', () => {
    expect(() => settableClock('not a time')).toThrow(/invalid instant/);
    expect(() => settableClock('2026-07-05T00:00:00Z').set('2026-13-01')).toThrow(/invalid instant/);
  });
});

describe('setting the clock in tests', () => {
  const c = testClock('2026-07-05T09:30:00+08:00');

  it('testClock sets the clock for each test of its block', () => {
    expect(clock.now().toISOString()).toBe('2026-07-05T01:30:00.000Z');
    c.advance(60_000);
    expect(clock.now().toISOString()).toBe('2026-07-05T01:31:00.000Z');
  });

  it('and starts every test from the same instant', () => {
    expect(clock.now().toISOString()).toBe('2026-07-05T01:30:00.000Z');
  });

  it('installTestClock nests: restore puts back the clock installed before it', () => {
    const inner = installTestClock('2030-01-01T00:00:00Z');
    expect(clock.now().toISOString()).toBe('2030-01-01T00:00:00.000Z');
    inner.restore();
    inner.restore(); // a second restore changes nothing
    expect(clock.now().toISOString()).toBe('2026-07-05T01:30:00.000Z');
  });
});

describe('after a block with a test clock', () => {
  it('the wall clock is back', () => {
    expect(Math.abs(clock.now().getTime() - Date.now())).toBeLessThan(5_000);
  });
});

/**
 * No source file reads the system time itself: every instant comes from `clock.now()`. Allowed:
 * `performance.now()` (measuring a duration, never recorded as a time), `new Date(x)` with an argument
 * (converting a value), and the three files below.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ALLOWED_FILES: Record<string, string> = {
  'src/kernel/clock.ts': 'the clock itself: the wall clock is read here',
  'src/db/client.ts': "leaseClockSql(): the database server's clock for lease expiry between processes",
  'src/db/migrate.ts': 'the migration bookkeeping table (schema_migrations) of the runner, not a domain time',
};
const FORBIDDEN: Array<{ name: string; re: RegExp }> = [
  { name: 'Date.now()', re: /\bDate\.now\s*\(/ },
  { name: 'new Date() without an argument', re: /\bnew\s+Date\s*\(\s*\)/ },
  { name: 'Date() called as a function', re: /(?<![\w.$]|new\s)Date\s*\(\s*\)/ },
  { name: 'SQL now()', re: /(?<![\w.$])now\s*\(\s*\)/i },
  {
    name: 'SQL clock function',
    re: /\b(clock_timestamp|statement_timestamp|transaction_timestamp|timeofday|current_timestamp|current_date|current_time|localtimestamp|localtime)\b/i,
  },
];

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.(ts|tsx|mts)$/.test(name) && !/\.(test|bench)\.tsx?$/.test(name)) out.push(path);
  }
  return out;
}

/** The code of each line without comments (block comments keep their line count). */
function codeLines(text: string): string[] {
  const noBlocks = text.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' '));
  return noBlocks.split('\n').map((line) => line.replace(/(^|[^:'"`\\])\/\/.*$/, '$1'));
}

export function clockViolations(files: string[]): string[] {
  const found: string[] = [];
  for (const file of files) {
    const rel = relative(ROOT, file).split('\\').join('/');
    if (ALLOWED_FILES[rel]) continue;
    codeLines(readFileSync(file, 'utf8')).forEach((line, i) => {
      for (const f of FORBIDDEN) if (f.re.test(line)) found.push(`${rel}:${i + 1}: ${f.name}: ${line.trim()}`);
    });
  }
  return found;
}

describe('one clock in the source', () => {
  it('no source file outside the clock reads the system time (Date.now, new Date(), SQL now(), clock_timestamp…)', () => {
    const files = sourceFiles(join(ROOT, 'src'));
    expect(files.some((f) => f.endsWith(join('modules', 'origination', 'applications.service.ts')))).toBe(true);
    expect(files.some((f) => f.endsWith(join('src', 'app.ts')))).toBe(true);
    expect(clockViolations(files), 'read the time with clock.now() (SQL: nowParam() from src/db/client.ts)').toEqual([]);
  });

  it('the scan finds each forbidden reading and allows performance.now(), clock.now() and comments', () => {
    const lines = codeLines(
      [
        'const a = Date.now();',
        'const b = new Date();',
        'sql`UPDATE t SET at = now()`;',
        'sql`SELECT clock_timestamp(), CURRENT_DATE`;',
        'const c = clock.now(); const d = performance.now(); const e = new Date(x);',
        '// Date.now() in a comment',
        '/* new Date() */ const f = 1;',
        "const url = 'http://x'; // now()",
      ].join('\n'),
    );
    const hits = lines.map((l) => FORBIDDEN.filter((f) => f.re.test(l)).map((f) => f.name));
    expect(hits).toEqual([['Date.now()'], ['new Date() without an argument'], ['SQL now()'], ['SQL clock function'], [], [], [], []]);
  });
});
