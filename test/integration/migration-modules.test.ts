/**
 * New migrations are named by the module they belong to: NNNN_<module>_<what>.sql, where <module> is a
 * folder under src/modules/ (a hyphen may be written as an underscore) or `db` for the database layer. Files up to 0030 predate the rule and keep
 * their names (a merged migration is never renamed); see migrations/README.md.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { MIGRATIONS_DIR } from '../../src/db/migrate.js';

const LAST_BEFORE_THE_RULE = 30;
const MODULES_DIR = path.resolve(MIGRATIONS_DIR, '../src/modules');

/** Whether `file` is named NNNN_<module>_<what>.sql for one of `modules`. */
export function namedByModule(file: string, modules: string[]): boolean {
  const m = /^\d{4}_([a-z0-9_-]+)\.sql$/.exec(file);
  if (!m) return false;
  const spellings = modules.flatMap((module) => [module, module.replace(/-/g, '_')]);
  return spellings.some((module) => m[1].startsWith(`${module}_`) && m[1].length > module.length + 1);
}

it('names every new migration NNNN_<module>_<what>.sql', () => {
  const modules = [...readdirSync(MODULES_DIR).filter((d) => statSync(path.join(MODULES_DIR, d)).isDirectory()), 'db'];
  const misnamed = readdirSync(MIGRATIONS_DIR)
    .filter((f) => f.endsWith('.sql') && Number(f.slice(0, 4)) > LAST_BEFORE_THE_RULE)
    .filter((f) => !namedByModule(f, modules));
  expect(misnamed, `modules: ${modules.join(', ')}`).toEqual([]);
});

it('tells a module-named file from others', () => {
  const modules = ['loans', 'servicing-params', 'db'];
  expect(namedByModule('0031_loans_write_off.sql', modules)).toBe(true);
  expect(namedByModule('0032_servicing_params_grace_days.sql', modules)).toBe(true);
  expect(namedByModule('0033_write_off.sql', modules)).toBe(false);
  expect(namedByModule('0034_loans.sql', modules)).toBe(false);
  expect(namedByModule('34_loans_x.sql', modules)).toBe(false);
});
