/**
 * Pre-credit (预授信, issue 14 §7): the public surface. White lists are uploaded as PRE_CREDIT imports,
 * decided by the credit policy's white-list flavour and applied after review; origination asks
 * `activePreCreditOf` whether an applicant of a white-list-only product is pre-credited and marks the
 * entry used (`markPreCreditUsed`) when the application is approved.
 */
import type { ImportTypeSpec } from '../imports/index.js';
import type { ChangeTypeSpec } from '../review/index.js';
import { preCreditParamsChange } from './params.service.js';
import { preCreditImportType } from './precredit.service.js';

export { activePreCreditOf, markPreCreditUsed, type ActivePreCredit, PRE_CREDIT_VALID_DAYS } from './precredit.service.js';
export { preCreditRoutes } from './precredit.routes.js';
// pre-credit cards (预授信卡): origination resolves and activates them at application time
export { findIssuedCard, markCardActivated, insertSingleCard, cardRowsPage, cardActivationUrl, type IssuedCard } from './cards.service.js';
export { whiteListDecisionInput } from './white-list-input.js';

/** The pre-credit module's import types (PRE_CREDIT), for the composition root. */
export function preCreditImportTypes(): ImportTypeSpec<unknown>[] {
  return [preCreditImportType() as ImportTypeSpec<unknown>];
}

/** The pre-credit module's change types (PRE_CREDIT_PARAMS: the validity in days, through review), for the composition root. */
export function preCreditChangeTypes(): ChangeTypeSpec<never>[] {
  return [preCreditParamsChange as unknown as ChangeTypeSpec<never>];
}
// group pre-credit: the groups module hands a group's members to the white list and reads its figures
export { submitGroupPreCredit, preCreditFiguresOfGroups, type GroupPreCreditPerson } from './precredit.service.js';
export { getPreCreditParams } from './params.service.js';
// the work report: white lists, cards issued and activated in a period
export { preCreditFiguresBetween, type PreCreditPeriodFigures } from './period-figures.js';
