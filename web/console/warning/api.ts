/** API calls and types of the warning rules page (预警规则): the catalogue in force, its versions, a change for review. */
import type {
  WarningCatalogue,
  WarningRulesChange,
  WarningSubmitted,
  WarningVersionsPage,
} from '../../../src/modules/warning/warning.contract';
import { api } from '../../shared/api';

export { WARNING_LEVELS, WARNING_RULE_CATALOGUE } from '../../../src/modules/warning/warning.contract';
export type {
  RuleSpec,
  WarningCatalogue,
  WarningLevel,
  WarningRuleSetting,
  WarningRuleVersion,
  WarningRuleView,
  WarningSubmitted,
} from '../../../src/modules/warning/warning.contract';

/** A field-level problem reported with WARNING_RULES_INVALID. */
export interface WarningRuleIssue {
  field: string;
  code: string;
  message: string;
}

export const warningApi = {
  catalogue: (date: string | undefined, signal?: AbortSignal) =>
    api.get<WarningCatalogue>('/api/v1/warning/rules', date ? { date } : undefined, { signal }),
  versions: (q: { page: number; pageSize: number }, signal?: AbortSignal) =>
    api.get<WarningVersionsPage>('/api/v1/warning/rules/versions', q, { signal }),
  submit: (body: WarningRulesChange) => api.post<WarningSubmitted>('/api/v1/warning/rules/changes', body),
};
