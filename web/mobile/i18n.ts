import { createI18n } from '../shared/i18n';
import { mobileMessages } from './messages';

export type MobileMessageKey = keyof (typeof mobileMessages)['zh-CN'];
export const { I18nProvider, useI18n } = createI18n(mobileMessages);
