/**
 * npm start's prestart: builds the web pages (vite build) only when their sources changed since the
 * last build, so a warm start serves at once. The hash of the sources is kept in the output folder
 * (src/cli/web-build-stamp.ts). The output folder is HUINONG_WEB_DIR or dist/web, as the server reads it.
 *
 *   tsx scripts/build-web-if-changed.ts [--force]
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { decideWebBuild, pagesPresent, readStamp, webSourceHash, writeStamp } from '../src/cli/web-build-stamp.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.resolve(root, process.env.HUINONG_WEB_DIR ?? 'dist/web');
const force = process.argv.includes('--force');

const started = performance.now();
const sourceHash = await webSourceHash(root);
const decision = decideWebBuild({ sourceHash, stampHash: await readStamp(outDir), pagesPresent: pagesPresent(outDir), force });
if (!decision.build) {
  console.log(`web pages up to date in ${path.relative(root, outDir) || outDir} (sources ${sourceHash.slice(0, 12)}, checked in ${Math.round(performance.now() - started)} ms)`);
} else {
  console.log(`building the web pages (${decision.reason}) into ${path.relative(root, outDir) || outDir}`);
  const { build } = await import('vite');
  await build({ root: path.join(root, 'web'), configFile: path.join(root, 'vite.config.ts'), build: { outDir, emptyOutDir: true } });
  // The stamp is the hash taken before the build: a source edited during the build rebuilds next time.
  await writeStamp(outDir, sourceHash);
}
