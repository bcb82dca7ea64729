/**
 * Modules own their tables (DESIGN.md §5): a table belongs to the module whose schema.ts declares it
 * (test/integration/drizzle-schema.test.ts keeps the schema files equal to what the migrations create,
 * so the owners follow the migrations), and no module names another module's table — neither in SQL
 * (FROM / JOIN / INTO / UPDATE / TABLE / USING in its source) nor by importing the other module's
 * Drizzle table. A module that needs another's data calls its door; a query fragment a door exports
 * (a function returning sql``) is written in the owner's files, so it passes.
 *
 * A known cross-module read would be listed below as an explicit exception (debt to pay); there is none
 * today — end-of-day reconciliation reads the journal through the ledger's query fragments. Any new one
 * fails with file:line:table.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MODULES_DIR = path.join(ROOT, 'src/modules');

/** Known reads of another module's table: { file (from the repository root), table, why }. Remove an entry when its read goes through the owner's door. */
const EXCEPTIONS: { file: string; table: string; why: string }[] = [];

/** Table name → owning module, and per module its exported Drizzle variables → table name, from the schema files. */
function owners(): { ownerOf: Map<string, string>; tableVars: Map<string, Map<string, string>> } {
  const ownerOf = new Map<string, string>();
  const tableVars = new Map<string, Map<string, string>>();
  const files: [string, string][] = [['db', path.join(ROOT, 'src/db/schema.ts')]];
  for (const m of readdirSync(MODULES_DIR)) {
    const f = path.join(MODULES_DIR, m, 'schema.ts');
    if (statSync(path.join(MODULES_DIR, m)).isDirectory() && fileExists(f)) files.push([m, f]);
  }
  for (const [module, file] of files) {
    const vars = new Map<string, string>();
    for (const match of readFileSync(file, 'utf8').matchAll(/export const (\w+) = pgTable\(\s*'([a-z0-9_]+)'/g)) {
      vars.set(match[1], match[2]);
      ownerOf.set(match[2], module);
    }
    tableVars.set(module, vars);
  }
  return { ownerOf, tableVars };
}

function fileExists(f: string): boolean {
  try {
    return statSync(f).isFile();
  } catch {
    return false;
  }
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [p] : [];
  });
}

const SQL_TABLE = /\b(?:FROM|JOIN|INTO|UPDATE|TABLE|USING)\s+([a-z_][a-z0-9_]*)\b/g;
const NAMED_IMPORT = /import\s+(type\s+)?\{([^}]*)\}\s*from\s*'([^']+)'/g;

interface Finding {
  file: string;
  line: number;
  table: string;
  owner: string;
}

/** Every place a module names a table another module owns. */
function foreignTables(): Finding[] {
  const { ownerOf, tableVars } = owners();
  const findings: Finding[] = [];
  for (const module of readdirSync(MODULES_DIR)) {
    if (!statSync(path.join(MODULES_DIR, module)).isDirectory()) continue;
    for (const abs of sourceFiles(path.join(MODULES_DIR, module))) {
      const file = path.relative(ROOT, abs).split(path.sep).join('/');
      const text = readFileSync(abs, 'utf8');
      const lineAt = (index: number) => text.slice(0, index).split('\n').length;
      for (const m of text.matchAll(SQL_TABLE)) {
        const owner = ownerOf.get(m[1]);
        if (owner && owner !== module && owner !== 'db') findings.push({ file, line: lineAt(m.index), table: m[1], owner });
      }
      for (const m of text.matchAll(NAMED_IMPORT)) {
        if (m[1] || !m[3].startsWith('.')) continue;
        const target = path.relative(MODULES_DIR, path.resolve(path.dirname(abs), m[3])).split(path.sep);
        const owner = target[0];
        if (target[0] === '..' || owner === module) continue;
        const vars = tableVars.get(owner);
        for (const spec of m[2].split(',')) {
          const name = spec
            .trim()
            .replace(/^type\s+/, '')
            .split(/\s+as\s+/)[0];
          const table = vars?.get(name);
          if (table && !spec.trim().startsWith('type ')) findings.push({ file, line: lineAt(m.index), table, owner });
        }
      }
    }
  }
  return findings;
}

describe('every table named in a module belongs to that module', () => {
  const findings = foreignTables();

  it('finds the owners of the tables in the schema files', () => {
    const { ownerOf } = owners();
    expect(ownerOf.get('loans')).toBe('loans');
    expect(ownerOf.get('journal_lines')).toBe('ledger');
    expect(ownerOf.get('schema_migrations')).toBe('db');
    expect(ownerOf.size).toBeGreaterThan(50);
  });

  it('no module names a table another module owns, except the listed debt', () => {
    const unexpected = findings
      .filter((f) => !EXCEPTIONS.some((e) => e.file === f.file && e.table === f.table))
      .map((f) => `${f.file}:${f.line}: ${f.table} (owned by ${f.owner})`);
    expect(unexpected).toEqual([]);
  });

  it('reads table names after FROM, JOIN, INTO, UPDATE, TABLE and USING in SQL text', () => {
    const text =
      'SELECT 1 FROM loans l JOIN journal_lines j ON true; INSERT INTO eod_runs; UPDATE staff SET x = 1; DELETE FROM t USING pledges';
    expect([...text.matchAll(SQL_TABLE)].map((m) => m[1])).toEqual(['loans', 'journal_lines', 'eod_runs', 'staff', 't', 'pledges']);
  });
});
