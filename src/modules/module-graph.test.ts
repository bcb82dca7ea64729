/**
 * Explicit wiring (issue 11): the modules' imports of one another form no circle, and no module is
 * reached by a dynamic import — what a module needs from another it imports statically through that
 * module's door, and what the composition root hands over it gets as data.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const MODULES_DIR = path.resolve(__dirname);

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...sourceFiles(full));
    else if (name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.bench.ts')) out.push(full);
  }
  return out;
}

/** The module (folder under src/modules) a file belongs to, or null outside src/modules. */
function moduleOf(file: string): string | null {
  const rel = path.relative(MODULES_DIR, file);
  if (rel.startsWith('..')) return null;
  const [first] = rel.split(path.sep);
  return first.endsWith('.ts') ? null : first;
}

/**
 * Relative specifiers of the static imports and re-exports that load code (`import type` and
 * `export type` load nothing at run time and are left out).
 */
function staticSpecifiers(text: string): string[] {
  const re = /(?:^|\n)\s*(import|export)\s+(type\s)?[^'"]*?from\s+['"](\.[^'"]+)['"]|(?:^|\n)\s*import\s+['"](\.[^'"]+)['"]/g;
  const out: string[] = [];
  for (const m of text.matchAll(re)) {
    if (m[4]) out.push(m[4]);
    else if (!m[2]) out.push(m[3]);
  }
  return out;
}

function graph(): Map<string, Map<string, string>> {
  const edges = new Map<string, Map<string, string>>();
  for (const file of sourceFiles(MODULES_DIR)) {
    const from = moduleOf(file);
    if (!from) continue;
    for (const spec of staticSpecifiers(readFileSync(file, 'utf8'))) {
      const to = moduleOf(path.resolve(path.dirname(file), spec));
      if (!to || to === from) continue;
      if (!edges.has(from)) edges.set(from, new Map());
      if (!edges.get(from)!.has(to)) edges.get(from)!.set(to, path.relative(MODULES_DIR, file));
    }
  }
  return edges;
}

/** Every elementary circle found by a depth-first walk, each as the list of modules on it. */
function circles(edges: Map<string, Map<string, string>>): string[][] {
  const found: string[][] = [];
  const seen = new Set<string>();
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (m: string) => {
    state.set(m, 'open');
    stack.push(m);
    for (const next of edges.get(m)?.keys() ?? []) {
      if (state.get(next) === 'open') {
        const circle = stack.slice(stack.indexOf(next));
        const key = [...circle].sort().join(',');
        if (!seen.has(key)) {
          seen.add(key);
          found.push([...circle, next]);
        }
      } else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(m, 'done');
  };
  for (const m of [...edges.keys()].sort()) if (!state.has(m)) visit(m);
  return found;
}

describe('module graph', () => {
  it('finds the modules and their imports of one another', () => {
    const edges = graph();
    expect(edges.size).toBeGreaterThan(10);
    expect(edges.get('loans')?.has('ledger')).toBe(true);
  });

  it('has no import circle among the modules', () => {
    const edges = graph();
    const described = circles(edges).map((c) =>
      c
        .slice(0, -1)
        .map((m, i) => `${m} → ${c[i + 1]} (${edges.get(m)!.get(c[i + 1])})`)
        .join(', '),
    );
    expect(described).toEqual([]);
  });

  it('reaches no module by a dynamic import', () => {
    const dynamic: string[] = [];
    for (const file of sourceFiles(MODULES_DIR)) {
      for (const m of readFileSync(file, 'utf8').matchAll(/\bimport\(\s*['"](\.[^'"]+)['"]\s*\)/g)) {
        dynamic.push(`${path.relative(MODULES_DIR, file)}: import('${m[1]}')`);
      }
    }
    const app = readFileSync(path.resolve(MODULES_DIR, '../app.ts'), 'utf8');
    for (const m of app.matchAll(/\bimport\(\s*['"](\.[^'"]+)['"]\s*\)/g)) dynamic.push(`app.ts: import('${m[1]}')`);
    expect(dynamic).toEqual([]);
  });
});
