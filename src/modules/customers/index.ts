/**
 * Customers: the public surface (docs/lending-modules.md). One customer per resident ID number;
 * name, ID number and mobile encrypted at rest with lookup hashes; masked for staff, unmasked only
 * with pii:unmask (audited). Import type CUSTOMERS (checker review:check:IMPORT_CUSTOMERS).
 */
import type { ImportTypeSpec } from '../imports/index.js';
import type { ChangeTypeSpec } from '../review/index.js';
import { customersImportType } from './customers.import.js';
import { customerProfileChange } from './profile.service.js';

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
// imports by the thousand: customers registered and looked up in a few statements per chunk
export { customerRefsByIdNumbers } from './bulk-register.js';
export { customerFactsSource } from './warning-sources.js';
// messages composed set-based (reminders): name masked, mobile encrypted
export { customerContactSource } from './contact-source.js';

/** The customers module's import types (CUSTOMERS), for the composition root. */
export function customersImportTypes(): ImportTypeSpec<unknown>[] {
  return [customersImportType()];
}
export { customerOwnersSource } from './owners.js';
// de-duplication of prospect lists against the customers: which ID and mobile hashes are known
export { knownCustomerHashes, idNumberHashOfCustomer } from './identity-lookup.js';
// key customer groups: which members are customers, by the ID number's lookup hash
export { customerIdsByIdNumberHash } from './identity-lookup.js';

/** The customers module's change types (CUSTOMER_PROFILE: the AB角 cross-check of a profile change), for the composition root. */
export function customersChangeTypes(): ChangeTypeSpec<never>[] {
  return [customerProfileChange as ChangeTypeSpec<never>];
}
// campaigns: customers as recipients of a marketing SMS (a SELECT to compose, nothing decrypted)
export { customerRecipientsSource } from './recipient-source.js';
