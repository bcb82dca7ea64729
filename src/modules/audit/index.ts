/**
 * Audit (DESIGN §5): every command is written to an append-only, hash-chained log.
 * This file is the module's only public surface.
 *
 *   await withTx(db, async (tx) => {
 *     ...the command's writes...
 *     await auditCommand(tx, cmd, 'review.approve', { type: 'review', id: reviewId }, { before, after });
 *   });
 *
 * A record joins the chain of the customer the command touches (target type 'customer', or the target's
 * `customerId`), else the acting staff member's chain, else the system's (chains.ts).
 */
export {
  appendAudit,
  auditCommand,
  withAuditedTx,
  auditCommandAtCommit,
  verifyAuditChain,
  anchorAuditChains,
  listAudit,
  type AuditInput,
  type AuditTarget,
} from './audit.service.js';
export { ANCHOR_CHAIN, SYSTEM_CHAIN } from './chains.js';
export { auditRoutes } from './audit.routes.js';
export { runAuditVerifyCli } from './cli.js';
