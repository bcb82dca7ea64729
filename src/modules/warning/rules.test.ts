/** The warning rules' settings, pure: defaults, validation at its edges, the readable diff, the worst colour. */
import { describe, expect, it } from 'vitest';
import { defaultRuleSet, defaultSetting, diffWarningRules, dpdLevel, ruleSetOf, warningRuleIssues, worstLevel } from './rules.js';
import type { WarningRuleSetting } from './warning.contract.js';

const TODAY = '2026-03-10';
const TOMORROW = '2026-03-11';

function issuesOf(settings: WarningRuleSetting[], effectiveDate = TOMORROW) {
  return warningRuleIssues(settings, effectiveDate, TODAY, 'zh').map((i) => `${i.field}:${i.code}`);
}

describe('warning rule settings', () => {
  it('default to the catalogue: DPD bands 1/31/91, list colours orange/red/red, deposit outflow 50 % in 30 days, every rule on', () => {
    const d = defaultRuleSet();
    expect(d.DPD.thresholds).toEqual({ yellowFromDpd: 1, orangeFromDpd: 31, redFromDpd: 91 });
    expect(d.LIST_HIT.levels).toEqual({ COURT_ENFORCEMENT: 'ORANGE', DISHONEST: 'RED', BANK_BLACKLIST: 'RED' });
    expect(d.DEPOSIT_OUTFLOW.thresholds).toEqual({ dropPct: 50, days: 30 });
    expect(d.LINE_USAGE.thresholds).toEqual({ usagePct: 90, days: 60 });
    expect(d.BUREAU_DETERIORATION.thresholds).toEqual({ maxInquiries6m: 6 });
    expect(d.BORROW_TO_REPAY.thresholds).toEqual({ days: 5 });
    expect(Object.values(d).every((r) => r.enabled)).toBe(true);
  });

  it('accept the defaults from tomorrow and refuse them from today', () => {
    expect(issuesOf(Object.values(defaultRuleSet()))).toEqual([]);
    expect(issuesOf([defaultSetting('DPD')], TODAY)).toEqual(['effectiveDate:EFFECTIVE_DATE_TOO_EARLY']);
  });

  it('refuse DPD bands that do not increase, and thresholds outside their bounds', () => {
    const dpd = (y: number, o: number, r: number): WarningRuleSetting => ({
      ...defaultSetting('DPD'),
      thresholds: { yellowFromDpd: y, orangeFromDpd: o, redFromDpd: r },
    });
    expect(issuesOf([dpd(1, 15, 60)])).toEqual([]);
    expect(issuesOf([dpd(1, 31, 31)])).toEqual(['rules.DPD.thresholds:BANDS_NOT_INCREASING']);
    expect(issuesOf([dpd(0, 31, 91)])).toEqual(['rules.DPD.thresholds.yellowFromDpd:OUT_OF_RANGE']);
    const outflow = (dropPct: number): WarningRuleSetting => ({ ...defaultSetting('DEPOSIT_OUTFLOW'), thresholds: { dropPct, days: 30 } });
    expect(issuesOf([outflow(100)])).toEqual([]);
    expect(issuesOf([outflow(101)])).toEqual(['rules.DEPOSIT_OUTFLOW.thresholds.dropPct:OUT_OF_RANGE']);
    expect(issuesOf([outflow(1.5)])).toEqual(['rules.DEPOSIT_OUTFLOW.thresholds.dropPct:OUT_OF_RANGE']);
  });

  it('refuse unknown, missing or duplicate keys and colours', () => {
    const list = defaultSetting('LIST_HIT');
    expect(issuesOf([{ ...list, levels: { ...list.levels, DISHONEST: 'PURPLE' as never } }])).toEqual([
      'rules.LIST_HIT.levels.DISHONEST:UNKNOWN_LEVEL',
    ]);
    expect(issuesOf([{ ...list, levels: { COURT_ENFORCEMENT: 'RED', DISHONEST: 'RED' } }])).toEqual([
      'rules.LIST_HIT.levels.BANK_BLACKLIST:MISSING',
    ]);
    expect(issuesOf([{ ...list, thresholds: { days: 3 } }])).toEqual(['rules.LIST_HIT.thresholds.days:UNKNOWN_KEY']);
    expect(issuesOf([list, list])).toEqual(['rules.LIST_HIT:DUPLICATE_RULE']);
  });

  it('diff per rule, colour and threshold in Chinese with units, then the effective date', () => {
    const before = defaultRuleSet();
    const after = ruleSetOf(
      [
        { ...defaultSetting('DPD'), thresholds: { yellowFromDpd: 1, orangeFromDpd: 15, redFromDpd: 91 } },
        { ...defaultSetting('LIST_HIT'), levels: { COURT_ENFORCEMENT: 'RED', DISHONEST: 'RED', BANK_BLACKLIST: 'RED' } },
        { ...defaultSetting('MAX_AGE'), enabled: false },
      ],
      before,
    );
    expect(diffWarningRules(before, after, TOMORROW)).toEqual([
      { field: 'DPD.thresholds.orangeFromDpd', label: '逾期天数：橙色：逾期天数达到', before: '31 天', after: '15 天' },
      { field: 'LIST_HIT.levels.COURT_ENFORCEMENT', label: '外部名单命中：被执行人颜色', before: '橙色', after: '红色' },
      { field: 'MAX_AGE.enabled', label: '借款人达到产品最高年龄：启用', before: '启用', after: '停用' },
      { field: 'effectiveDate', label: '生效日期', before: null, after: TOMORROW },
    ]);
    expect(diffWarningRules(before, before, TOMORROW)).toHaveLength(1);
  });

  it('colour a loan by its DPD band at the band edges, and take the worst of several colours', () => {
    const t = defaultRuleSet().DPD.thresholds;
    expect([0, 1, 30, 31, 90, 91].map((d) => dpdLevel(d, t))).toEqual([null, 'YELLOW', 'YELLOW', 'ORANGE', 'ORANGE', 'RED']);
    expect(worstLevel(['YELLOW', 'RED', 'ORANGE'])).toBe('RED');
    expect(worstLevel([])).toBeNull();
  });
});
