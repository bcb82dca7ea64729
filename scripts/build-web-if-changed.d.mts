/** Types of build-web-if-changed.mjs (npm start's prestart), for its tests. */
export declare const STAMP_FILE: string;
export declare const BUILD_INPUT_FILES: readonly string[];
export declare const BUILD_INPUT_DIRS: readonly string[];
export declare const BUILT_PAGES: readonly string[];
export type BuildDecision =
  { build: false; reason: 'UP_TO_DATE' } | { build: true; reason: 'FORCED' | 'NOT_BUILT' | 'NO_STAMP' | 'SOURCES_CHANGED' };
export declare function decideWebBuild(input: {
  sourceHash: string;
  stampHash: string | null;
  pagesPresent: boolean;
  force?: boolean;
}): BuildDecision;
export declare function webSourceHash(root: string): Promise<string>;
export declare function readStamp(outDir: string): Promise<string | null>;
export declare function writeStamp(outDir: string, hash: string): Promise<void>;
export declare function pagesPresent(outDir: string): boolean;
