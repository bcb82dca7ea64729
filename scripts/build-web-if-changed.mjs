#!/usr/bin/env node
/**
 * npm start's prestart: builds the web pages (vite build) only when their sources changed since the
 * last build, so a warm start serves at once. A hash of everything the build reads — the web
 * sources, the Vite configuration, the TypeScript settings and the locked dependency tree — is kept
 * in the output folder beside the pages. Plain JavaScript, so that the check costs node's start-up
 * and a hash (≈ 0.1 s), not a TypeScript loader's. Types: build-web-if-changed.d.mts.
 *
 *   node scripts/build-web-if-changed.mjs [--force]
 *
 * The output folder is HUINONG_WEB_DIR or dist/web, as the server reads it.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The file in the output folder holding the hash of the sources it was built from. */
export const STAMP_FILE = '.source-hash';
/** Files beside the web folder that change what the build produces. */
export const BUILD_INPUT_FILES = ['vite.config.ts', 'tsconfig.json', 'package-lock.json'];
/** Folders whose every file is a build input. */
export const BUILD_INPUT_DIRS = ['web'];
/** Pages the server serves; a build missing either is not a build. */
export const BUILT_PAGES = ['index.html', path.join('m', 'index.html')];

/** Pure: build unless the built pages are all there and were built from sources with this hash. */
export function decideWebBuild({ sourceHash, stampHash, pagesPresent, force = false }) {
  if (force) return { build: true, reason: 'FORCED' };
  if (!pagesPresent) return { build: true, reason: 'NOT_BUILT' };
  if (stampHash === null || stampHash === undefined || stampHash.trim() === '') return { build: true, reason: 'NO_STAMP' };
  if (stampHash.trim() !== sourceHash) return { build: true, reason: 'SOURCES_CHANGED' };
  return { build: false, reason: 'UP_TO_DATE' };
}

async function filesUnder(root, dir) {
  const out = [];
  for (const e of await readdir(path.join(root, dir), { withFileTypes: true })) {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await filesUnder(root, rel)));
    else if (e.isFile()) out.push(rel);
  }
  return out;
}

/**
 * SHA-256 over the build inputs under root: each file's path (with / separators), length and
 * content, in path order, so a changed, added, removed or renamed file changes the hash. A missing
 * top-level input counts as absent, not as an error.
 */
export async function webSourceHash(root) {
  const files = [];
  for (const dir of BUILD_INPUT_DIRS) if (existsSync(path.join(root, dir))) files.push(...(await filesUnder(root, dir)));
  for (const f of BUILD_INPUT_FILES) if (existsSync(path.join(root, f))) files.push(f);
  const names = files.map((f) => f.split(path.sep).join('/')).sort();
  const h = createHash('sha256');
  for (const name of names) {
    const content = await readFile(path.join(root, name));
    h.update(`${name}\0${content.length}\0`);
    h.update(content);
  }
  return h.digest('hex');
}

export async function readStamp(outDir) {
  try {
    return (await readFile(path.join(outDir, STAMP_FILE), 'utf8')).trim();
  } catch {
    return null;
  }
}

export async function writeStamp(outDir, hash) {
  await writeFile(path.join(outDir, STAMP_FILE), `${hash}\n`);
}

export function pagesPresent(outDir) {
  return BUILT_PAGES.every((p) => existsSync(path.join(outDir, p)));
}

async function main() {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const outDir = path.resolve(root, process.env.HUINONG_WEB_DIR ?? 'dist/web');
  const shown = path.relative(root, outDir) || outDir;
  const started = performance.now();
  const sourceHash = await webSourceHash(root);
  const decision = decideWebBuild({
    sourceHash,
    stampHash: await readStamp(outDir),
    pagesPresent: pagesPresent(outDir),
    force: process.argv.includes('--force'),
  });
  if (!decision.build) {
    console.log(
      `web pages up to date in ${shown} (sources ${sourceHash.slice(0, 12)}, checked in ${Math.round(performance.now() - started)} ms)`,
    );
    return;
  }
  console.log(`building the web pages (${decision.reason}) into ${shown}`);
  const { build } = await import('vite');
  await build({ root: path.join(root, 'web'), configFile: path.join(root, 'vite.config.ts'), build: { outDir, emptyOutDir: true } });
  // The stamp is the hash taken before the build: a source edited during the build rebuilds next time.
  await writeStamp(outDir, sourceHash);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  await main();
}
