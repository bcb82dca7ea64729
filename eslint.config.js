// ESLint (flat config): a modest rule set the code passes today, plus the architecture rules of
// DESIGN.md §5 — "a module's index.ts is its only door", "the kernel is pure", "the web apps import
// only the pure contract and kernel files" — checked on the resolved file each import points at.
//
//   npm run lint
//
// The architecture rules are tested themselves in test/integration/architecture.test.ts.
import { readdirSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'eslint/config';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import reactHooks from 'eslint-plugin-react-hooks';

const root = fileURLToPath(new URL('.', import.meta.url));
const modulesDir = `${root}src/modules`;
const MODULES = readdirSync(modulesDir, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

/**
 * Declared second doors: a pure file a module opens beside its index.ts, for callers that must not load
 * the module's database and HTTP side. products/schedule/index.ts is the pure schedule maths (no I/O, no
 * clock): loans' pure servicing maths, their unit tests and the calculator use it, and going through
 * products/index.ts would load the database client, review and the HTTP server with it
 * (docs/architecture.md).
 */
export const DECLARED_DOORS = { products: ['./schedule/index.ts'] };

/** A module's doors: its index.ts, its declared second doors and its contract files (pure zod, importable by anyone, the web apps too). */
function doorsOf(module) {
  const contracts = readdirSync(`${modulesDir}/${module}`).filter((f) => f.endsWith('.contract.ts'));
  return ['./index.ts', ...(DECLARED_DOORS[module] ?? []), ...new Set([`./${module}.contract.ts`, ...contracts.map((f) => `./${f}`)])];
}
function contractFiles() {
  return MODULES.flatMap((m) =>
    readdirSync(`${modulesDir}/${m}`)
      .filter((f) => f.endsWith('.contract.ts'))
      .map((f) => `./modules/${m}/${f}`),
  );
}

/** The application code outside the modules, which reaches a module through its door too. */
const SHELL = ['./src/app.ts', './src/context.ts', './src/config.ts', './src/http', './src/cli', './src/db', './demo'].filter((p) =>
  existsSync(`${root}${p}`),
);

/**
 * Temporary exceptions: deep imports that issue 11 is moving behind the module's door this hour.
 * Each names the importing file and the one file it may still reach into; every other deep import from
 * that file is refused as usual. Delete the line when the import goes through the door.
 */
export const DOOR_EXCEPTIONS = [];

/** Files in src/kernel/ the web apps may import: pure, no node:* (src/kernel/index.ts pulls in node:crypto). */
export const WEB_KERNEL_FILES = ['contract', 'money', 'idcard', 'mobile', 'mask', 'dates', 'rate'].map((f) => `./kernel/${f}.ts`);

const DOOR_MESSAGE = 'another module only through its door: import its index.ts (or its *.contract.ts), never a file inside it';

/** One zone per module: its inside is closed to the other modules and to the shell, except its doors (and `allowed`). */
function doorZones(allowed = []) {
  return MODULES.map((module) => {
    const prefix = `src/modules/${module}/`;
    const extra = allowed.filter((p) => p.startsWith(prefix)).map((p) => `./${p.slice(prefix.length)}`);
    const target = [...MODULES.filter((m) => m !== module).map((m) => `./src/modules/${m}`), ...SHELL];
    return { target, from: `./src/modules/${module}`, except: [...doorsOf(module), ...extra], message: DOOR_MESSAGE };
  });
}

/** The zones of import-x/no-restricted-paths; `allowed` are the deep imports one file is excepted for. */
export const architectureZones = (allowed = []) => [
  ...doorZones(allowed),
  {
    target: './src/kernel',
    from: ['./src/modules', './src/http', './src/db', './src/cli', './src/app.ts', './src/context.ts'],
    message: 'the kernel is pure: it imports no module, no HTTP, no database',
  },
  {
    target: './web',
    from: './src',
    except: [...WEB_KERNEL_FILES, ...contractFiles()],
    message:
      'the web apps import from src/ only the pure kernel files (contract, money, idcard, mobile, mask, dates, rate) and *.contract.ts',
  },
];

const restrictedPaths = (allowed) => ['error', { basePath: root, zones: architectureZones(allowed) }];

/** One config block per excepted file, carrying the rule with that file's deep imports allowed. */
function exceptionBlocks() {
  const byFile = new Map();
  for (const e of DOOR_EXCEPTIONS) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e.imports]);
  return [...byFile].map(([file, allowed]) => ({ files: [file], rules: { 'import-x/no-restricted-paths': restrictedPaths(allowed) } }));
}

export default defineConfig(
  {
    ignores: ['dist/**', 'node_modules/**', 'test-results/**', '.tmp/**', 'data/**', 'coverage/**', '**/*.js', '**/*.mjs', '**/*.d.mts'],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: `${root}tsconfig.json`, alwaysTryTypes: true })],
    },
    rules: {
      'import-x/no-restricted-paths': restrictedPaths([]),
      // A leading underscore marks a parameter or binding kept on purpose (a fixed signature, a skipped
      // element): the house convention, so it is not reported.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  {
    // Tests feed deliberately wrong values: numbers beyond 2^53 (an ID number typed as a number) and
    // `as any` stand-ins for a context a route never touches.
    files: ['test/**', '**/*.test.ts', '**/*.test.tsx'],
    rules: {
      'no-loss-of-precision': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    // The two classic hook rules only; the React Compiler rules of the plugin's newer presets are not adopted.
    files: ['web/**/*.tsx', 'web/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
    },
  },
  {
    // Import cleaning strips NUL characters from uploaded files on purpose.
    files: ['src/modules/imports/parse.ts'],
    rules: { 'no-control-regex': 'off' },
  },
  {
    // issue 11: these files are being reworked this hour (contracts, file splits) and carry an import
    // left unused for the moment; reported, not failing, until the rework lands. Remove this block then.
    files: ['src/modules/imports/imports.service.ts', 'src/modules/loans/loans.service.ts', 'src/modules/sms/sms.service.ts'],
    rules: { '@typescript-eslint/no-unused-vars': 'warn' },
  },
  ...exceptionBlocks(),
);
