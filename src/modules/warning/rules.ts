/**
 * The warning rules' settings, pure: the defaults from the catalogue, a complete rule set from stored
 * or submitted settings, the validation of a proposed set, the readable diff per rule and threshold,
 * and the worst of several colours. No I/O, no clock (unit-tested in rules.test.ts).
 */
import { addDays, compareDates, type IsoDate } from '../../kernel/dates.js';
import type { DiffLine } from '../review/index.js';
import {
  WARNING_LEVEL_LABELS,
  WARNING_LEVELS,
  WARNING_RULE_CATALOGUE,
  WARNING_RULE_CODES,
  type RuleSpec,
  type WarningLevel,
  type WarningRuleCode,
  type WarningRuleSetting,
} from './warning.contract.js';

/** A complete rule set: every rule of the catalogue, in catalogue order. */
export type WarningRuleSet = Record<WarningRuleCode, WarningRuleSetting>;

export interface WarningRuleIssue {
  field: string;
  code: string;
  message: string;
}

const SPEC = new Map<WarningRuleCode, RuleSpec>(WARNING_RULE_CATALOGUE.map((r) => [r.code, r]));

export function ruleSpec(code: WarningRuleCode): RuleSpec {
  const s = SPEC.get(code);
  if (!s) throw new Error(`unknown warning rule ${code}`);
  return s;
}

/** A rule's defaults: enabled, the catalogue's colours and thresholds. */
export function defaultSetting(code: WarningRuleCode): WarningRuleSetting {
  const s = ruleSpec(code);
  return {
    code,
    enabled: true,
    levels: Object.fromEntries(s.levels.map((l) => [l.key, l.default])),
    thresholds: Object.fromEntries(s.thresholds.map((t) => [t.key, t.default])),
  };
}

export function defaultRuleSet(): WarningRuleSet {
  return Object.fromEntries(WARNING_RULE_CODES.map((c) => [c, defaultSetting(c)])) as WarningRuleSet;
}

/**
 * A complete rule set from a list of settings over a base (the defaults, or the version they change):
 * listed rules replace the base's whole; keys a stored setting lacks (a rule or threshold added to the
 * catalogue later) take the default.
 */
export function ruleSetOf(settings: readonly WarningRuleSetting[], base: WarningRuleSet = defaultRuleSet()): WarningRuleSet {
  const out = { ...base };
  for (const s of settings) {
    if (!SPEC.has(s.code)) continue;
    const d = defaultSetting(s.code);
    out[s.code] = {
      code: s.code,
      enabled: s.enabled,
      levels: { ...d.levels, ...pickKnown(s.levels, d.levels) },
      thresholds: { ...d.thresholds, ...pickKnown(s.thresholds, d.thresholds) },
    };
  }
  return out;
}

function pickKnown<T>(values: Record<string, T>, known: Record<string, unknown>): Record<string, T> {
  return Object.fromEntries(Object.entries(values).filter(([k]) => k in known));
}

export function ruleList(set: WarningRuleSet): WarningRuleSetting[] {
  return WARNING_RULE_CODES.map((c) => set[c]);
}

/**
 * Every problem of proposed settings taking effect on effectiveDate while the business date is
 * businessDate: a known rule at most once; exactly the rule's colour and threshold keys; colours among
 * the three; thresholds whole numbers within their bounds; the DPD bands increasing (yellow < orange <
 * red); the effective date at least the next business date.
 */
export function warningRuleIssues(
  settings: readonly WarningRuleSetting[],
  effectiveDate: IsoDate,
  businessDate: IsoDate,
  lang: 'zh' | 'en',
): WarningRuleIssue[] {
  const issues: WarningRuleIssue[] = [];
  const say = (field: string, code: string, zh: string, en: string) => issues.push({ field, code, message: lang === 'en' ? en : zh });
  const seen = new Set<string>();
  for (const s of settings) {
    const spec = SPEC.get(s.code);
    if (!spec) {
      say(`rules.${String(s.code)}`, 'UNKNOWN_RULE', `未知的预警规则 ${String(s.code)}`, `Unknown warning rule ${String(s.code)}`);
      continue;
    }
    if (seen.has(s.code)) say(`rules.${s.code}`, 'DUPLICATE_RULE', `规则 ${spec.zh} 重复`, `Rule ${s.code} is listed twice`);
    seen.add(s.code);
    const levelKeys = new Set(spec.levels.map((l) => l.key));
    for (const l of spec.levels) {
      const v = s.levels[l.key];
      if (v === undefined)
        say(`rules.${s.code}.levels.${l.key}`, 'MISSING', `${spec.zh}：缺少颜色「${l.zh}」`, `${spec.en}: colour ${l.key} missing`);
      else if (!(WARNING_LEVELS as readonly string[]).includes(v)) {
        say(
          `rules.${s.code}.levels.${l.key}`,
          'UNKNOWN_LEVEL',
          `${spec.zh}：颜色须为黄、橙、红之一`,
          `${spec.en}: colour must be YELLOW, ORANGE or RED`,
        );
      }
    }
    for (const k of Object.keys(s.levels)) {
      if (!levelKeys.has(k))
        say(`rules.${s.code}.levels.${k}`, 'UNKNOWN_KEY', `${spec.zh}：没有颜色设置「${k}」`, `${spec.en}: no colour setting ${k}`);
    }
    const thresholdKeys = new Set(spec.thresholds.map((t) => t.key));
    for (const t of spec.thresholds) {
      const v = s.thresholds[t.key];
      const field = `rules.${s.code}.thresholds.${t.key}`;
      if (v === undefined) say(field, 'MISSING', `${spec.zh}：缺少阈值「${t.zh}」`, `${spec.en}: threshold ${t.key} missing`);
      else if (!Number.isSafeInteger(v) || v < t.min || v > t.max) {
        say(
          field,
          'OUT_OF_RANGE',
          `${spec.zh}：「${t.zh}」须为 ${t.min}–${t.max} ${t.unit.zh}的整数`,
          `${spec.en}: ${t.en} must be a whole number from ${t.min} to ${t.max} ${t.unit.en}`,
        );
      }
    }
    for (const k of Object.keys(s.thresholds)) {
      if (!thresholdKeys.has(k))
        say(`rules.${s.code}.thresholds.${k}`, 'UNKNOWN_KEY', `${spec.zh}：没有阈值「${k}」`, `${spec.en}: no threshold ${k}`);
    }
    if (s.code === 'DPD') {
      const { yellowFromDpd: y, orangeFromDpd: o, redFromDpd: r } = s.thresholds;
      if (y !== undefined && o !== undefined && r !== undefined && !(y < o && o < r)) {
        say(
          'rules.DPD.thresholds',
          'BANDS_NOT_INCREASING',
          `逾期天数分段须逐级递增：黄色 ${y} < 橙色 ${o} < 红色 ${r}`,
          `Day-past-due bands must increase: yellow ${y} < orange ${o} < red ${r}`,
        );
      }
    }
  }
  const earliest = addDays(businessDate, 1);
  if (compareDates(effectiveDate, earliest) < 0) {
    say(
      'effectiveDate',
      'EFFECTIVE_DATE_TOO_EARLY',
      `生效日期不能早于 ${earliest}（当前营业日期 ${businessDate} 的次日）`,
      `The effective date must be on or after ${earliest} (the day after the current business date ${businessDate})`,
    );
  }
  return issues;
}

function levelText(l: WarningLevel | undefined): string | null {
  return l === undefined ? null : WARNING_LEVEL_LABELS[l].zh;
}

/**
 * The readable Chinese diff a checker sees: for each changed rule, one line for switching it on or
 * off, one per changed colour and one per changed threshold (with its unit), then the effective date.
 */
export function diffWarningRules(before: WarningRuleSet, after: WarningRuleSet, effectiveDate: IsoDate): DiffLine[] {
  const lines: DiffLine[] = [];
  for (const code of WARNING_RULE_CODES) {
    const spec = ruleSpec(code);
    const b = before[code];
    const a = after[code];
    if (b.enabled !== a.enabled) {
      lines.push({
        field: `${code}.enabled`,
        label: `${spec.zh}：启用`,
        before: b.enabled ? '启用' : '停用',
        after: a.enabled ? '启用' : '停用',
      });
    }
    for (const l of spec.levels) {
      if (b.levels[l.key] === a.levels[l.key]) continue;
      lines.push({
        field: `${code}.levels.${l.key}`,
        label: `${spec.zh}：${l.zh}颜色`,
        before: levelText(b.levels[l.key]),
        after: levelText(a.levels[l.key]),
      });
    }
    for (const t of spec.thresholds) {
      if (b.thresholds[t.key] === a.thresholds[t.key]) continue;
      const fmt = (v: number | undefined) => (v === undefined ? null : `${v} ${t.unit.zh}`);
      lines.push({
        field: `${code}.thresholds.${t.key}`,
        label: `${spec.zh}：${t.zh}`,
        before: fmt(b.thresholds[t.key]),
        after: fmt(a.thresholds[t.key]),
      });
    }
  }
  lines.push({ field: 'effectiveDate', label: '生效日期', before: null, after: effectiveDate });
  return lines;
}

const RANK: Record<WarningLevel, number> = { YELLOW: 1, ORANGE: 2, RED: 3 };

/** The worst of some colours (null for none). */
export function worstLevel(levels: Iterable<WarningLevel>): WarningLevel | null {
  let worst: WarningLevel | null = null;
  for (const l of levels) if (worst === null || RANK[l] > RANK[worst]) worst = l;
  return worst;
}

/** The colour of a loan's days past due under the DPD bands (null below yellow). */
export function dpdLevel(dpd: number, t: Record<string, number>): WarningLevel | null {
  if (dpd >= t.redFromDpd) return 'RED';
  if (dpd >= t.orangeFromDpd) return 'ORANGE';
  if (dpd >= t.yellowFromDpd) return 'YELLOW';
  return null;
}
