/**
 * One contract per shape: the web apps take the types of the API's requests and answers from the
 * modules' contracts (src/modules/<module>/<module>.contract.ts), so no file under web/ declares an
 * interface or type alias under the name of a type a contract exports, nor imports or re-exports
 * another type under such a name (`type ProductParamsApi as ProductParams`). A web-only view type
 * keeps a name of its own; re-exporting a contract type under its own name, `export type { X } from …`,
 * is not a declaration.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const MODULES_DIR = path.resolve(__dirname);

/**
 * Copies not replaced yet, as `file: Name` under web/ (issue 11 replaced the last). Add none: an entry
 * that no longer excuses anything fails the test, so the list cannot outlive its copies.
 */
const NOT_YET_REPLACED: ReadonlySet<string> = new Set<string>([]);
const WEB_DIR = path.resolve(__dirname, '../../web');

function files(dir: string, keep: (name: string) => boolean): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...files(full, keep));
    else if (keep(name)) out.push(full);
  }
  return out;
}

/** The names of the types and interfaces a contract file exports. */
export function exportedTypeNames(text: string): string[] {
  return [...text.matchAll(/^export\s+(?:type|interface)\s+([A-Za-z_$][\w$]*)/gm)].map((m) => m[1]);
}

/**
 * The names of the interfaces and type aliases a web file declares (exported or not), and the names it
 * gives another name to in an import or export list (`type A as B` names B).
 */
export function declaredTypeNames(text: string): string[] {
  const re = /^\s*(?:export\s+)?(?:declare\s+)?(?:interface|type)\s+([A-Za-z_$][\w$]*)\s*(?:<[^\n]*?>)?\s*(?:=|\{|extends\b)/gm;
  const declared = [...text.matchAll(re)].map((m) => m[1]);
  const renamed: string[] = [];
  for (const list of text.matchAll(/\b(?:import|export)\s+(?:type\s+)?\{([^}]*)\}/g)) {
    for (const m of list[1].matchAll(/([A-Za-z_$][\w$]*)\s+as\s+([A-Za-z_$][\w$]*)/g)) if (m[1] !== m[2]) renamed.push(m[2]);
  }
  return [...declared, ...renamed];
}

describe('the web declares no copy of a contract type', () => {
  it('reads declarations, not imports or re-exports', () => {
    expect(
      exportedTypeNames('export type LoanView = z.infer<typeof loanView>;\nexport interface A {}\nexport const loanView = 1;'),
    ).toEqual(['LoanView', 'A']);
    const web = [
      "import { type LoanView, type A } from './x';",
      "export type { LoanView } from '../../src/modules/loans/loans.contract';",
      'export interface Installment {',
      'type Row<T> = { item: T };',
      '  interface Local extends Base {}',
      'export type Mode = "A" | "B";',
      "export { LPR_TENORS, type ProductParamsApi as ProductParams, type LprList } from './c';",
      "import { type SubmittedChange as Submitted, loanApi as api, type Same as Same } from './d';",
    ].join('\n');
    expect(declaredTypeNames(web)).toEqual(['Installment', 'Row', 'Local', 'Mode', 'ProductParams', 'Submitted', 'api']);
  });

  it('no file under web/ declares a type named like an exported contract type', () => {
    const contractNames = new Map<string, string>();
    for (const file of files(MODULES_DIR, (n) => n.endsWith('.contract.ts'))) {
      for (const name of exportedTypeNames(readFileSync(file, 'utf8'))) contractNames.set(name, path.relative(MODULES_DIR, file));
    }
    expect(contractNames.size).toBeGreaterThan(50);
    const offenders: string[] = [];
    const excused = new Set<string>();
    for (const file of files(WEB_DIR, (n) => /\.tsx?$/.test(n))) {
      for (const name of declaredTypeNames(readFileSync(file, 'utf8'))) {
        const contract = contractNames.get(name);
        const entry = `${path.relative(WEB_DIR, file)}: ${name}`;
        if (!contract) continue;
        if (NOT_YET_REPLACED.has(entry)) excused.add(entry);
        else offenders.push(`${entry} (exported by src/modules/${contract})`);
      }
    }
    expect(offenders, `web types that copy a contract type (import it from the contract instead):\n${offenders.join('\n')}`).toEqual([]);
    const stale = [...NOT_YET_REPLACED].filter((entry) => !excused.has(entry));
    expect(stale, `exceptions that excuse nothing any more (delete them from NOT_YET_REPLACED):\n${stale.join('\n')}`).toEqual([]);
  });
});
