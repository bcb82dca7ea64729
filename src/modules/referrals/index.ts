/**
 * Referral rewards (转介有礼, issue 14 §4): the public surface. Every customer's referral code and share
 * link; reward rules changed through review (REFERRAL_PARAMS); the rewards ledger, decided and paid in
 * a referred customer's first drawdown (the listener the composition root hands origination), with the
 * core-banking credit and its journal entry; the referrer's page on the mobile Me page
 * (docs/marketing.md "Referrals").
 */
export { recordReferredDisbursement } from './rewards.service.js';
export { getReferralRules, type ReferralRules } from './params.service.js';
export { referralsChangeTypes } from './changes.js';
export { referralRoutes } from './referrals.routes.js';
// the work report: referred customers and rewards of a period
export { referralFiguresBetween, type ReferralPeriodFigures } from './period-figures.js';
// performance rankings: the referred customers who got a loan in a period
export { referredLoansIn } from './performance-sources.js';
