import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decideWebBuild, pagesPresent, readStamp, webSourceHash, writeStamp } from '../../scripts/build-web-if-changed.mjs';

describe('decideWebBuild', () => {
  const hash = 'a'.repeat(64);

  it('skips the build when the pages are there and were built from the same sources', () => {
    expect(decideWebBuild({ sourceHash: hash, stampHash: hash, pagesPresent: true })).toEqual({ build: false, reason: 'UP_TO_DATE' });
  });

  it('builds when the sources changed since the last build', () => {
    expect(decideWebBuild({ sourceHash: hash, stampHash: 'b'.repeat(64), pagesPresent: true })).toEqual({
      build: true,
      reason: 'SOURCES_CHANGED',
    });
  });

  it('builds when the pages were built without a stamp (an older build, or vite build by hand)', () => {
    expect(decideWebBuild({ sourceHash: hash, stampHash: null, pagesPresent: true })).toEqual({ build: true, reason: 'NO_STAMP' });
    expect(decideWebBuild({ sourceHash: hash, stampHash: '  ', pagesPresent: true })).toEqual({ build: true, reason: 'NO_STAMP' });
  });

  it('builds when a page is missing even if the stamp matches', () => {
    expect(decideWebBuild({ sourceHash: hash, stampHash: hash, pagesPresent: false })).toEqual({ build: true, reason: 'NOT_BUILT' });
  });

  it('builds when forced', () => {
    expect(decideWebBuild({ sourceHash: hash, stampHash: hash, pagesPresent: true, force: true })).toEqual({
      build: true,
      reason: 'FORCED',
    });
  });
});

describe('webSourceHash and the stamp', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'hn-web-stamp-'));
    await mkdir(path.join(root, 'web', 'console'), { recursive: true });
    await writeFile(path.join(root, 'web', 'index.html'), '<div id="root"></div>');
    await writeFile(path.join(root, 'web', 'console', 'App.tsx'), 'export const a = 1;');
    await writeFile(path.join(root, 'vite.config.ts'), 'export default {};');
    await writeFile(path.join(root, 'package-lock.json'), '{"lockfileVersion":3}');
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('is stable while nothing changes', async () => {
    expect(await webSourceHash(root)).toBe(await webSourceHash(root));
  });

  it('changes when a web source, the Vite configuration or the lock file changes', async () => {
    const before = await webSourceHash(root);
    await writeFile(path.join(root, 'web', 'console', 'App.tsx'), 'export const a = 2;');
    const afterSource = await webSourceHash(root);
    expect(afterSource).not.toBe(before);
    await writeFile(path.join(root, 'vite.config.ts'), 'export default { base: "/x/" };');
    const afterConfig = await webSourceHash(root);
    expect(afterConfig).not.toBe(afterSource);
    await writeFile(path.join(root, 'package-lock.json'), '{"lockfileVersion":3,"packages":{}}');
    expect(await webSourceHash(root)).not.toBe(afterConfig);
  });

  it('changes when a web file is added or renamed', async () => {
    const before = await webSourceHash(root);
    await writeFile(path.join(root, 'web', 'console', 'New.tsx'), '');
    const added = await webSourceHash(root);
    expect(added).not.toBe(before);
    await rm(path.join(root, 'web', 'console', 'New.tsx'));
    expect(await webSourceHash(root)).toBe(before);
    await rm(path.join(root, 'web', 'console', 'App.tsx'));
    await writeFile(path.join(root, 'web', 'console', 'Main.tsx'), 'export const a = 1;');
    expect(await webSourceHash(root)).not.toBe(before);
  });

  it('does not change when the built output or other source folders change', async () => {
    const before = await webSourceHash(root);
    await mkdir(path.join(root, 'dist', 'web'), { recursive: true });
    await writeFile(path.join(root, 'dist', 'web', 'index.html'), 'built');
    await mkdir(path.join(root, 'src'), { recursive: true });
    await writeFile(path.join(root, 'src', 'server.ts'), 'export {};');
    expect(await webSourceHash(root)).toBe(before);
  });

  it('a stamped complete build is up to date; an edit after it is not', async () => {
    const out = path.join(root, 'dist', 'web');
    await mkdir(path.join(out, 'm'), { recursive: true });
    expect(pagesPresent(out)).toBe(false);
    await writeFile(path.join(out, 'index.html'), 'console');
    expect(pagesPresent(out)).toBe(false);
    await writeFile(path.join(out, 'm', 'index.html'), 'mobile');
    expect(pagesPresent(out)).toBe(true);
    expect(await readStamp(out)).toBeNull();

    await writeStamp(out, await webSourceHash(root));
    const decide = async () =>
      decideWebBuild({ sourceHash: await webSourceHash(root), stampHash: await readStamp(out), pagesPresent: pagesPresent(out) });
    expect(await decide()).toEqual({ build: false, reason: 'UP_TO_DATE' });
    await writeFile(path.join(root, 'web', 'index.html'), '<div id="root" class="x"></div>');
    expect(await decide()).toEqual({ build: true, reason: 'SOURCES_CHANGED' });
  });
});
