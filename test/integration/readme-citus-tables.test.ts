/**
 * The README's list of tables on Citus (distributed, reference, local, and why) is the registry the
 * migrations fill: a migration that changes a table's kind without regenerating the list
 * (`npx tsx bench/tools/citus-table-kinds.ts --write`) fails here, naming the tool.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { BEGIN, END, registryRows, renderKinds } from '../../bench/tools/citus-table-kinds.js';

const README = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../README.md');

it("the README's list of tables on Citus is the one generated from citus_table_kinds", async () => {
  const readme = await readFile(README, 'utf8');
  const from = readme.indexOf(BEGIN);
  const to = readme.indexOf(END);
  expect(from, 'README.md has the generated list').toBeGreaterThanOrEqual(0);
  expect(to).toBeGreaterThan(from);
  const current = readme.slice(from, to + END.length);
  expect(current, 'README.md differs from citus_table_kinds: run npx tsx bench/tools/citus-table-kinds.ts --write').toBe(
    renderKinds(await registryRows()),
  );
}, 120_000);
