import { describe, expect, it } from 'vitest';
import { bigintsToStrings, decisionInputFromApi, decisionInputToApi, decodeDecisionInput, encodeDecisionInput } from './codec.js';
import { AppError } from '../../kernel/errors.js';
import { loadDefaultPolicy, policyIssues } from './policy.js';
import { flattenPolicy, locateIssues, policyDiff, ruleText } from './policy-view.js';
import { SAMPLE_INPUTS } from './samples.js';
import type { PolicyDocument } from './types.js';

const base = loadDefaultPolicy();
const clone = (): PolicyDocument => structuredClone(base) as PolicyDocument;
type Rules = Array<Record<string, string>>;
const rulesOf = (doc: PolicyDocument, nodeId: string) => (doc.nodes.find((n) => n.id === nodeId)!.content as { rules: Rules }).rules;

describe('flattenPolicy', () => {
  it('gives every decision table of the default policy with its columns and one cell per column in every row', () => {
    const flat = flattenPolicy(base);
    expect(flat.tables.map((t) => t.nodeId)).toEqual(['scorecard', 'grade', 'knockout', 'referral']);
    const knockout = flat.tables.find((t) => t.nodeId === 'knockout')!;
    expect(knockout.hitPolicy).toBe('collect');
    expect(knockout.inputs).toEqual([{ id: 'knockout.in.condition', name: '条件 Condition', field: null }]);
    expect(knockout.outputs).toEqual([{ id: 'knockout.out.code', name: '原因代码 Reason code', field: 'code' }]);
    const age = knockout.rules.find((r) => r.id === 'knockout.AGE_OUT_OF_RANGE')!;
    expect(age.cells).toEqual({
      'knockout.in.condition': 'applicant.age < product.minAge or applicant.age > product.maxAge',
      'knockout.out.code': '"AGE_OUT_OF_RANGE"',
    });
    for (const t of flat.tables) for (const r of t.rules) expect(Object.keys(r.cells)).toHaveLength(t.inputs.length + t.outputs.length);
    expect(flat.expressions.map((e) => e.nodeId)).toEqual(['derive', 'score', 'limit', 'rate', 'decision']);
  });

  it('writes a rule as its conditions → its outputs, leaving out empty input cells', () => {
    const scorecard = flattenPolicy(base).tables.find((t) => t.nodeId === 'scorecard')!;
    const text = ruleText(scorecard, scorecard.rules[0]);
    expect(text).toBe('【25岁以下 under 25】\n年龄 Age: < 25 → 因子 Factor = "AGE"，分值 Points = 0，区间 Band = "25岁以下 under 25"');
  });
});

describe('policyDiff', () => {
  it('shows a changed knock-out rule with the node name and the rule before and after', () => {
    const next = clone();
    next.version = 'age-50';
    const age = rulesOf(next, 'knockout').find((r) => r._id === 'knockout.AGE_OUT_OF_RANGE')!;
    age['knockout.in.condition'] = 'applicant.age < product.minAge or applicant.age > min([product.maxAge, 50])';
    const lines = policyDiff(base, next);
    expect(lines[0]).toEqual({ field: 'version', label: '策略版本（被替代 → 新）', before: 'default-v1', after: 'age-50' });
    expect(lines.slice(1)).toEqual([
      {
        field: 'nodes.knockout.rules.knockout.AGE_OUT_OF_RANGE',
        label: '准入拒绝规则 Knock-outs · 修改规则 knockout.AGE_OUT_OF_RANGE',
        before: expect.stringContaining(
          '条件 Condition: applicant.age < product.minAge or applicant.age > product.maxAge → 原因代码 Reason code = "AGE_OUT_OF_RANGE"',
        ),
        after: expect.stringContaining('applicant.age > min([product.maxAge, 50]) → 原因代码 Reason code = "AGE_OUT_OF_RANGE"'),
      },
    ]);
  });

  it('lists added and removed rules, and a new order of the remaining ones', () => {
    const next = clone();
    const grade = rulesOf(next, 'grade');
    grade.splice(
      grade.findIndex((r) => r._id === 'gr.E'),
      1,
    );
    grade.unshift({ ...grade[0], _id: 'gr.AA', 'gr.in.score': '>= 90', 'gr.out.grade': '"A"', 'gr.out.spread': '0.30' });
    const [a, b] = [grade[1], grade[2]];
    grade[1] = b;
    grade[2] = a;
    const lines = policyDiff(base, next);
    const labels = lines.map((l) => l.label);
    expect(labels).toContain('评级 Grade · 新增规则 gr.AA');
    expect(labels).toContain('评级 Grade · 删除规则 gr.E');
    const added = lines.find((l) => l.label === '评级 Grade · 新增规则 gr.AA')!;
    expect(added.before).toBeNull();
    expect(added.after).toContain('总分 Score: >= 90 → 等级 Grade = "A"');
    expect(lines.find((l) => l.label === '评级 Grade · 删除规则 gr.E')!.after).toBeNull();
    expect(lines.find((l) => l.field === 'nodes.grade.order')).toEqual({
      field: 'nodes.grade.order',
      label: '评级 Grade · 规则顺序',
      before: 'gr.A → gr.B → gr.C → gr.D',
      after: 'gr.B → gr.A → gr.C → gr.D',
    });
  });

  it('shows changed expressions and changed connections too, so no change is hidden from the checker', () => {
    const next = clone();
    const limit = next.nodes.find((n) => n.id === 'limit')!.content as { expressions: Array<{ key: string; value: string }> };
    limit.expressions.find((e) => e.key === 'limit.amountYuan')!.value =
      'max([0, floor(min([$.limit.baseYuan, product.maxAmountYuan]) / 1000) * 1000])';
    next.edges.push({ id: 'extra', sourceId: 'derive', targetId: 'rate' });
    const lines = policyDiff(base, next);
    const expr = lines.find((l) => l.field === 'nodes.limit.expressions.limit.e5')!;
    expect(expr.label).toBe('额度 Limit · 修改表达式 limit.amountYuan');
    expect(expr.after).toContain('/ 1000) * 1000');
    expect(lines.find((l) => l.field === 'edges')).toEqual({
      field: 'edges',
      label: '节点连接（删除 / 新增）',
      before: null,
      after: '派生指标 Derived figures → 定价 Pricing',
    });
  });

  it('says so when only the version differs, and shows every rule of a policy with nothing to replace', () => {
    const same = clone();
    same.version = 'same-v2';
    expect(policyDiff(base, same).slice(1)).toEqual([
      { field: 'rules', label: '规则变化', before: null, after: '与被替代版本相同，规则无变化' },
    ]);
    const fresh = policyDiff(null, base);
    expect(fresh.filter((l) => l.label.includes('新增规则'))).toHaveLength(
      flattenPolicy(base).tables.reduce((n, t) => n + t.rules.length, 0),
    );
    expect(fresh.every((l) => l.before === null)).toBe(true);
  });

  it('does not report a rule as changed when a column is added with empty cells', () => {
    const next = clone();
    const referral = next.nodes.find((n) => n.id === 'referral')!.content as {
      inputs: Array<{ id: string; name: string; field?: string }>;
    };
    referral.inputs.push({ id: 'referral.in.term', name: '期限 Term', field: 'request.termMonths' });
    const lines = policyDiff(base, next).slice(1);
    expect(lines.map((l) => l.field)).toEqual(['nodes.referral.inputs']);
    expect(lines[0].after).toContain('期限 Term（request.termMonths）');
  });
});

describe('locateIssues', () => {
  it('names the node, the row and the column of a bad cell', () => {
    const doc = clone();
    rulesOf(doc, 'knockout')[1]['knockout.in.condition'] = 'applicant.age >';
    const located = locateIssues(doc, policyIssues(doc));
    expect(located).toHaveLength(1);
    expect(located[0].path).toBe('nodes[7].content.rules[1].knockout.in.condition');
    expect(located[0].location).toBe('准入拒绝规则 Knock-outs · 第 2 行（knockout.AGE_OUT_OF_RANGE） · 条件 Condition');
  });
});

describe('decision input codec', () => {
  const sample = SAMPLE_INPUTS[2].input;

  it('stores amounts as strings of fen and reads them back as the same bigints', () => {
    const big = { ...sample, request: { amountFen: 10n ** 15n + 1n, termMonths: 12 } };
    const stored = JSON.parse(JSON.stringify(encodeDecisionInput(big))) as Record<string, Record<string, unknown>>;
    expect(stored.request.amountFen).toBe('1000000000000001');
    expect(stored.pledge.pledgeRatePct).toBe('90');
    expect(decodeDecisionInput(stored)).toEqual(big);
    expect(bigintsToStrings([1n, { a: 2n, b: undefined }])).toEqual(['1', { a: '2' }]);
  });

  it('converts the API form (yuan strings) both ways', () => {
    const api = decisionInputToApi(sample);
    expect(api.applicant.monthlyIncome).toBe('6000.00');
    expect(api.pledge).toEqual({ totalPrincipal: '100000.00', pledgeRatePct: '90' });
    expect(decisionInputFromApi(api)).toEqual({ ...sample, bureau: { ...sample.bureau, reportedMonthlyIncomeFen: null } });
  });

  it('reports every malformed amount with its path', () => {
    const api = decisionInputToApi(sample);
    api.request.amount = '30000.001';
    api.deposits.averageBalance = '-5';
    try {
      decisionInputFromApi(api);
      throw new Error('expected a failure');
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).code).toBe('VALIDATION_FAILED');
      expect(((e as AppError).details as { errors: Array<{ path: string }> }).errors.map((x) => x.path)).toEqual([
        'request.amount',
        'deposits.averageBalance',
      ]);
    }
  });
});
