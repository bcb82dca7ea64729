import { createI18n, mergeMessages } from '../shared/i18n';
import { mobileMessages } from './messages';
import { applyMessages } from './messages.apply';
import { accountMessages } from './messages.account';
import { lineMessages } from './messages.line';
import { reminderMessages } from './messages.reminders';
import { referralMessages } from './messages.referrals';
import { workbenchMessages } from './messages.workbench';
import { trainingMessages } from './messages.training';

export const allMobileMessages = mergeMessages(
  mobileMessages,
  applyMessages,
  accountMessages,
  lineMessages,
  reminderMessages,
  referralMessages,
  workbenchMessages,
  trainingMessages,
);
export type MobileMessageKey = keyof (typeof allMobileMessages)['zh-CN'];
export const { I18nProvider, useI18n } = createI18n(allMobileMessages);
