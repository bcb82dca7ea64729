/**
 * Credit bureau (embedded adapter): the public surface. `bureauSummary` answers from imported
 * bureau summaries (import type BUREAU_SUMMARY) and records every inquiry.
 */
import type { AppContext } from '../../context.js';
import { registerBureauImport } from './import.js';

export { bureauSummary } from './bureau.service.js';

/** Registers the BUREAU_SUMMARY import type (the type once per process; the latest context is used). */
export function registerBureau(ctx: AppContext): void {
  registerBureauImport(ctx);
}
