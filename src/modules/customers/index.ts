/**
 * Customers: the public surface (docs/lending-modules.md). One customer per resident ID number;
 * name, ID number and mobile encrypted at rest with lookup hashes; masked for staff, unmasked only
 * with pii:unmask (audited). Import type CUSTOMERS (checker review:check:IMPORT_CUSTOMERS).
 */
import type { AppContext } from '../../context.js';
import { registerCustomersImport } from './customers.import.js';

export {
  ensureCustomer,
  findCustomerByIdNumber,
  getCustomer,
  maskedNames,
  setIndividualBusiness,
  getCustomerDetail,
  type CustomerRecord,
  type EnsureCustomerInput,
} from './customers.service.js';
export { customerRoutes } from './customers.routes.js';

/** Start-up registration: the CUSTOMERS import type. Idempotent. */
export function registerCustomers(ctx: AppContext): void {
  registerCustomersImport(ctx);
}
