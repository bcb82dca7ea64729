/**
 * Whether the web pages need building before the server starts (npm start's prestart): a hash of
 * everything the build reads — the web sources, the Vite configuration, the TypeScript settings and
 * the locked dependency tree — is stored beside the built pages; a start whose sources hash the same
 * serves the pages already built instead of rebuilding them (a minute on two cores).
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** The file in the output folder holding the hash of the sources it was built from. */
export const STAMP_FILE = '.source-hash';
/** Files beside the web folder that change what the build produces. */
export const BUILD_INPUT_FILES = ['vite.config.ts', 'tsconfig.json', 'package-lock.json'] as const;
/** Folders whose every file is a build input. */
export const BUILD_INPUT_DIRS = ['web'] as const;
/** Pages the server serves; a build missing either is not a build. */
export const BUILT_PAGES = ['index.html', path.join('m', 'index.html')] as const;

export type BuildDecision = { build: false; reason: 'UP_TO_DATE' } | { build: true; reason: 'FORCED' | 'NOT_BUILT' | 'NO_STAMP' | 'SOURCES_CHANGED' };

/** Pure: build unless the built pages are all there and were built from sources with this hash. */
export function decideWebBuild(input: { sourceHash: string; stampHash: string | null; pagesPresent: boolean; force?: boolean }): BuildDecision {
  if (input.force) return { build: true, reason: 'FORCED' };
  if (!input.pagesPresent) return { build: true, reason: 'NOT_BUILT' };
  if (input.stampHash === null || input.stampHash.trim() === '') return { build: true, reason: 'NO_STAMP' };
  if (input.stampHash.trim() !== input.sourceHash) return { build: true, reason: 'SOURCES_CHANGED' };
  return { build: false, reason: 'UP_TO_DATE' };
}

async function filesUnder(root: string, dir: string): Promise<string[]> {
  const out: string[] = [];
  const entries = await readdir(path.join(root, dir), { withFileTypes: true });
  for (const e of entries) {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await filesUnder(root, rel)));
    else if (e.isFile()) out.push(rel);
  }
  return out;
}

/**
 * SHA-256 over the build inputs under root: each file's path (with / separators) and content, in
 * path order, so a changed, added, removed or renamed file changes the hash. A missing top-level
 * input counts as absent, not as an error.
 */
export async function webSourceHash(root: string): Promise<string> {
  const files: string[] = [];
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

export async function readStamp(outDir: string): Promise<string | null> {
  try {
    return (await readFile(path.join(outDir, STAMP_FILE), 'utf8')).trim();
  } catch {
    return null;
  }
}

export async function writeStamp(outDir: string, hash: string): Promise<void> {
  await writeFile(path.join(outDir, STAMP_FILE), `${hash}\n`);
}

export function pagesPresent(outDir: string): boolean {
  return BUILT_PAGES.every((p) => existsSync(path.join(outDir, p)));
}
