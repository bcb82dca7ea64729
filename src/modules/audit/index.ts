/**
 * Audit (DESIGN §5): every command is written to an append-only, hash-chained log.
 * This file is the module's only public surface.
 *
 *   await withTx(db, async (tx) => {
 *     ...the command's writes...
 *     await auditCommand(tx, cmd, 'review.approve', { type: 'review', id: reviewId }, { before, after });
 *   });
 */
export {
  appendAudit,
  auditCommand,
  withAuditedTx,
  auditCommandAtCommit,
  verifyAuditChain,
  listAudit,
  type AuditInput,
} from './audit.service.js';
export { auditRoutes } from './audit.routes.js';
export { runAuditVerifyCli } from './cli.js';
