/**
 * Online origination: customer identity on the mobile page, applications and their automated
 * decisions, the referral queue, credit lines, drawdowns with disbursement, guarantees, pledges,
 * pre-credit cards, officer QR codes and the 543 service events.
 */
export { registerOriginationChangeTypes } from './changes.js';
export { originationRoutes } from './origination.routes.js';
export { authenticateCustomer } from './portal.service.js';
export { submitApplication, getApplication, decideReferral, requestManualReview, type ApplicationInput, type ApplicationResult } from './applications.service.js';
export { drawdown, getCreditLine, setLineFrozen, requestUnfreeze, CREDIT_LINE_UNFREEZE, restoreLineAvailability, restoreLinesAvailability, releasePledgeOnPayoff, openCreditLine, type DrawdownInput, type DrawdownResult } from './lines.service.js';
export { recordServiceEvent, type ServiceEventKind } from './events.service.js';
export { officerCode, referralCode } from './codes.service.js';
export { CONSENT_TEXTS, GUARANTEE_TEXT } from './consents.js';
