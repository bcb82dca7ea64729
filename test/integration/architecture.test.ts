/**
 * The architecture rules of eslint.config.js are themselves tested: ESLint's API lints small
 * in-memory fixtures placed in the tree (the files need not exist) and the door rule must refuse a
 * deep import into another module, the kernel must refuse any module, and the web apps may take from
 * src/ only the pure kernel files and the *.contract.ts files.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const RULE = 'import-x/no-restricted-paths';
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: root, cache: false });
});

/** The restricted-path messages ESLint gives a file at `filePath` holding `code`. */
async function violations(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${root}${filePath}` });
  const fatal = result.messages.filter((m) => m.fatal);
  expect(fatal, 'the fixture parses').toEqual([]);
  return result.messages.filter((m) => m.ruleId === RULE).map((m) => m.message);
}

describe('a module reaches another module only through its door', () => {
  it('refuses a deep import into another module', async () => {
    const found = await violations(
      'src/modules/sms/arch-fixture.ts',
      "import { scopeCondition } from '../org/scope.js';\nexport const x = scopeCondition;\n",
    );
    expect(found).toHaveLength(1);
    expect(found[0]).toContain('only through its door');
  });

  it('refuses a deep import from the shell (app, http, cli) too', async () => {
    expect(
      await violations('src/http/arch-fixture.ts', "import * as s from '../modules/loans/loans.service.js';\nexport const x = s;\n"),
    ).toHaveLength(1);
  });

  it("accepts the other module's index.ts and its contract file, and any file of the module itself", async () => {
    const code = [
      "import * as access from '../access/index.js';",
      "import * as sms from '../sms/sms.contract.js';",
      "import * as own from './loans.service.js';",
      'export const x = [access, sms, own];',
      '',
    ].join('\n');
    expect(await violations('src/modules/loans/arch-fixture.ts', code)).toEqual([]);
  });

  it('accepts a declared second door (the pure schedule maths of products) and still refuses the files behind it', async () => {
    const door = "import * as s from '../../products/schedule/index.js';\nexport const x = s;\n";
    expect(await violations('src/modules/loans/servicing/arch-fixture.ts', door)).toEqual([]);
    const behind = "import * as s from '../../products/schedule/schedule.js';\nexport const x = s;\n";
    expect(await violations('src/modules/loans/servicing/arch-fixture.ts', behind)).toHaveLength(1);
  });

  it('keeps an exception to the one file it names: an excepted file is refused any other deep import', async () => {
    const { DOOR_EXCEPTIONS } = (await import(pathToFileURL(`${root}eslint.config.js`).href)) as {
      DOOR_EXCEPTIONS: { file: string; imports: string }[];
    };
    const exception = DOOR_EXCEPTIONS[0];
    if (!exception) return; // every deep import has gone through its door
    const allowedForFile = DOOR_EXCEPTIONS.filter((e) => e.file === exception.file).map((e) => e.imports);
    const moduleDir = path.dirname(exception.imports.replace(/^(src\/modules\/[^/]+)\/.*$/, '$1/x'));
    const other = readdirSync(`${root}${moduleDir}`)
      .filter((f) => f.endsWith('.ts') && f !== 'index.ts' && !f.endsWith('.contract.ts') && !f.endsWith('.test.ts'))
      .map((f) => `${moduleDir}/${f}`)
      .find((f) => !allowedForFile.includes(f));
    const spec = (target: string) => {
      const rel = path.relative(path.dirname(exception.file), target).replace(/\.ts$/, '.js');
      return rel.startsWith('.') ? rel : `./${rel}`;
    };
    const code = (target: string) => `import * as s from '${spec(target)}';\nexport const x = s;\n`;
    expect(await violations(exception.file, code(exception.imports))).toEqual([]);
    expect(other, `another file of ${moduleDir}`).toBeDefined();
    expect(await violations(exception.file, code(other!))).toHaveLength(1);
  });
});

describe('the kernel is pure', () => {
  it('refuses an import of a module, of the HTTP layer or of the database', async () => {
    const code = [
      "import * as a from '../modules/access/index.js';",
      "import * as h from '../http/input.js';",
      "import * as d from '../db/client.js';",
      'export const x = [a, h, d];',
      '',
    ].join('\n');
    expect(await violations('src/kernel/arch-fixture.ts', code)).toHaveLength(3);
  });

  it('accepts other kernel files', async () => {
    expect(await violations('src/kernel/arch-fixture.ts', "import * as m from './money.js';\nexport const x = m;\n")).toEqual([]);
  });
});

describe('the web apps import from src/ only pure files', () => {
  it('accept the pure kernel files and contract files', async () => {
    const code = [
      "import * as c from '../../src/kernel/contract';",
      "import * as m from '../../src/kernel/money';",
      "import * as s from '../../src/modules/sms/sms.contract';",
      'export const x = [c, m, s];',
      '',
    ].join('\n');
    expect(await violations('web/console/arch-fixture.ts', code)).toEqual([]);
  });

  it("refuse the kernel's index (node:crypto), other kernel files and a module's door or inside", async () => {
    const code = [
      "import * as k from '../../src/kernel/index';",
      "import * as e from '../../src/kernel/crypto';",
      "import * as d from '../../src/modules/sms/index';",
      "import * as i from '../../src/modules/sms/sms.service';",
      'export const x = [k, e, d, i];',
      '',
    ].join('\n');
    expect(await violations('web/console/arch-fixture.ts', code)).toHaveLength(4);
  });
});
