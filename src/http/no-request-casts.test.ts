/**
 * Routes take their request parts typed from the zod schemas (withTypeProvider<ZodTypeProvider>()),
 * so no file under src/ casts `req.body`, `req.params` or `req.query` with `as`: a cast would let a
 * handler believe in a shape the schema never checked.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC_DIR = path.resolve(__dirname, '..');

/** A cast of a request part: `req.body as …`, `(request.query as …)`, `req.params  as`. */
const REQUEST_CAST = /\b(?:req|request)\s*\.\s*(?:body|params|query)\s*\)?\s*as\b/;

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...sourceFiles(full));
    else if (/\.tsx?$/.test(name) && !name.endsWith('.test.ts')) out.push(full);
  }
  return out;
}

/** `file:line: text` of every line that casts a request part. */
export function requestCasts(file: string, text: string): string[] {
  return text.split('\n').flatMap((line, i) => (REQUEST_CAST.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : []));
}

describe('request parts are typed by their schemas, never cast', () => {
  it('finds the casts it is meant to find, and nothing else', () => {
    expect(requestCasts('a.ts', 'const b = req.body as { x: string };')).toHaveLength(1);
    expect(requestCasts('a.ts', 'String((req.query as Record<string, unknown>).q)')).toHaveLength(1);
    expect(requestCasts('a.ts', 'const p = request.params as never;')).toHaveLength(1);
    expect(requestCasts('a.ts', 'const b = req.body;\nconst q = req.query.page;\nconst a = reqs.body as x;')).toEqual([]);
  });

  it('no file under src/ casts req.body, req.params or req.query', () => {
    const offenders = sourceFiles(SRC_DIR).flatMap((file) => requestCasts(path.relative(SRC_DIR, file), readFileSync(file, 'utf8')));
    expect(offenders, `request parts cast instead of typed by the route's schema:\n${offenders.join('\n')}`).toEqual([]);
  });
});
