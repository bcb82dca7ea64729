/**
 * The console's dictionary: the shell's texts plus each feature's. A new module adds its
 * messages.ts and lists it here.
 */
import { createI18n, mergeMessages } from '../shared/i18n';
import { shellMessages } from './shell/messages';
import { homeMessages } from './home/messages';
import { accessMessages } from './access/messages';
import { reviewMessages } from './review/messages';
import { importMessages } from './imports/messages';
import { auditMessages } from './audit/messages';
import { externalListMessages } from './external/messages';
import { productMessages } from './products/messages';
import { customerMessages } from './customers/messages';
import { smsMessages } from './sms/messages';
import { loanMessages } from './loans/messages';
import { ledgerMessages } from './ledger/messages';
import { eodMessages } from './eod/messages';
import { decisionMessages } from './decision/messages';
import { originationMessages } from './origination/messages';
import { servicingParamMessages } from './servicing-params/messages';
import { warningMessages } from './warning/messages';
import { riskMessages } from './risk/messages';
import { collectionMessages } from './collection/messages';
import { inspectionMessages } from './inspections/messages';
import { reminderMessages } from './reminders/messages';
import { feedbackMessages } from './feedback/messages';
import { riskParamMessages } from './risk/paramsMessages';
import { referralMessages } from './referrals/messages';
import { slaMessages } from './sla/messages';
import { preCreditMessages } from './precredit/messages';
import { groupMessages } from './groups/messages';
import { campaignMessages } from './campaigns/messages';
import { prospectMessages } from './prospects/messages';
import { lobbyMessages } from './lobby/messages';
import { workReportMessages } from './workreport/messages';
import { performanceMessages } from './performance/messages';
import { supervisionMessages } from './supervision/messages';
import { trainingMessages } from './training/messages';
import { resourcesMessages } from './resources/messages';
import { reportMessages } from './reports/messages';

export const consoleMessages = mergeMessages(
  shellMessages,
  homeMessages,
  accessMessages,
  reviewMessages,
  importMessages,
  auditMessages,
  externalListMessages,
  productMessages,
  customerMessages,
  smsMessages,
  loanMessages,
  ledgerMessages,
  eodMessages,
  decisionMessages,
  originationMessages,
  servicingParamMessages,
  warningMessages,
  riskMessages,
  collectionMessages,
  inspectionMessages,
  reminderMessages,
  feedbackMessages,
  riskParamMessages,
  referralMessages,
  slaMessages,
  preCreditMessages,
  groupMessages,
  campaignMessages,
  prospectMessages,
  lobbyMessages,
  workReportMessages,
  performanceMessages,
  supervisionMessages,
  trainingMessages,
  resourcesMessages,
  reportMessages,
);

export type MessageKey = keyof (typeof consoleMessages)['zh-CN'];

export const { I18nProvider, useI18n, translate } = createI18n(consoleMessages);

/** t() for keys built at run time (enum values from the API); falls back to the raw value. */
export function tryT(t: (key: MessageKey) => string, key: string, fallback: string): string {
  const text = t(key as MessageKey);
  return text === key ? fallback : text;
}
