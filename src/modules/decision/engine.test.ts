import { describe, expect, it } from 'vitest';
import { AppError } from '../../kernel/errors.js';
import { ageAtDate, makeIdNumber, validateIdNumber } from '../../kernel/idcard.js';
import { parseYuan } from '../../kernel/money.js';
import { evaluatePolicy, policyCacheSize } from './engine.js';
import { loadDefaultPolicy, policyIssues, validatePolicyDocument } from './policy.js';
import { REASONS } from './reasons.js';
import type { DecisionInput, DecisionResult, DecisionTableContent, PolicyDocument } from './types.js';

const BUSINESS_DATE = '2025-06-30';
const yuan = (s: string) => parseYuan(s);
const policy = loadDefaultPolicy();

const XIN_E_DAI: DecisionInput['product'] = {
  code: 'XIN_E_DAI',
  kind: 'CREDIT',
  minAmountFen: yuan('1000'),
  maxAmountFen: yuan('200000'),
  minAge: 25,
  maxAge: 55,
  autoApproveMaxFen: yuan('50000'),
  internetLoanCapFen: yuan('200000'),
  floorPct: '3.45',
  ceilingPct: '12.00',
};

const ZHIYA_E_DAI: DecisionInput['product'] = {
  ...XIN_E_DAI,
  code: 'ZHIYA_E_DAI',
  kind: 'PLEDGE',
  minAmountFen: yuan('1000'),
  maxAmountFen: yuan('1000000'),
  autoApproveMaxFen: yuan('1000000'),
  minAge: 18,
  maxAge: 65,
};

const BAOZHENG_E_DAI: DecisionInput['product'] = {
  ...XIN_E_DAI,
  code: 'BAOZHENG_E_DAI',
  kind: 'GUARANTEE',
  maxAmountFen: yuan('300000'),
  autoApproveMaxFen: yuan('100000'),
};

/** A local applicant: ID from 兖州区 (370812), born 1995-06-15, so 30 on the business date. */
const LOCAL_ID = makeIdNumber('37081219950615123');

type Patch = {
  [K in keyof DecisionInput]?: DecisionInput[K] extends object | null | undefined
    ? Partial<NonNullable<DecisionInput[K]>> | null
    : DecisionInput[K];
};

function application(patch: Patch = {}): DecisionInput {
  const id = validateIdNumber(LOCAL_ID, { asOf: BUSINESS_DATE });
  if (!id.ok) throw new Error('bad fixture ID');
  const base: DecisionInput = {
    applicant: {
      regionCode: id.value.regionCode,
      age: ageAtDate(LOCAL_ID, BUSINESS_DATE),
      monthlyIncomeFen: yuan('6000'),
      occupation: 'ENTERPRISE_EMPLOYEE',
      yearsAsCustomer: 3,
    },
    product: XIN_E_DAI,
    request: { amountFen: yuan('30000'), termMonths: 12 },
    bureau: { existingDebtFen: 0n, currentOverdueFen: 0n, worstStatus24m: 0, inquiries6m: 1 },
    lists: { courtEnforcement: false, dishonest: false, bankBlacklist: false },
    deposits: { averageBalanceFen: yuan('20000') },
    existingUnsecuredOnlineCreditFen: 0n,
    pricing: { lprPct: '3.00' },
    checks: { nameMatchesBureau: true },
  };
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    const current = (base as unknown as Record<string, unknown>)[key];
    out[key] =
      value !== null && typeof value === 'object' && typeof current === 'object' && current !== null ? { ...current, ...value } : value;
  }
  return out as unknown as DecisionInput;
}

const codes = (r: DecisionResult) => r.reasons.map((x) => x.code);
const decide = (patch: Patch = {}) => evaluatePolicy(policy, application(patch));

async function appErrorOf(fn: () => unknown): Promise<AppError> {
  try {
    await fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError');
}

describe('evaluatePolicy — the demo acceptance cases', () => {
  it('approves a local 30-year-old with a clean record asking 信e贷 for ¥30,000', async () => {
    const r = await decide();
    expect(r.outcome).toBe('APPROVE');
    expect(r.grade).toBe('B');
    expect(r.score).toBe(74);
    // B: 15 × ¥6,000 monthly income + 40 % of ¥20,000 average deposits = ¥98,000
    expect(r.limitFen).toBe(yuan('98000'));
    expect(r.limitFen >= yuan('30000')).toBe(true);
    expect(r.annualRatePct).toBe('3.95'); // LPR 3.00 + 0.95
    expect(Number(r.annualRatePct)).toBeGreaterThanOrEqual(3.45);
    expect(Number(r.annualRatePct)).toBeLessThanOrEqual(12);
    expect(r.reasons).toEqual([]);
    expect(r.policyVersion).toBe('default-v1');
    expect(r.durationMicros).toBeGreaterThan(0);
  });

  it('declines an ID registered in Beijing (110101) with OUT_OF_REGION and makes no offer', async () => {
    const r = await decide({ applicant: { regionCode: '110101' } });
    expect(r.outcome).toBe('DECLINE');
    expect(codes(r)).toEqual(['OUT_OF_REGION']);
    expect(r.limitFen).toBe(0n);
    expect(r.annualRatePct).toBe('0.00');
    expect(r.reasons[0].messageZh).toBe('申请人身份证归属地不在本行服务区域（济宁市）');
    expect(r.reasons[0].messageEn).toBe("The applicant's ID is registered outside the bank's service region (Jining)");
  });

  it('accepts every county of Jining (3708xx) and no other Shandong prefecture', async () => {
    expect((await decide({ applicant: { regionCode: '370881' } })).outcome).toBe('APPROVE'); // 曲阜市
    expect(codes(await decide({ applicant: { regionCode: '370102' } }))).toEqual(['OUT_OF_REGION']); // 济南
  });

  it.each([
    ['COURT_ENFORCEMENT_LIST', { lists: { courtEnforcement: true } }],
    ['DISHONEST_DEBTOR_LIST', { lists: { dishonest: true } }],
    ['BANK_BLACKLIST', { lists: { bankBlacklist: true } }],
    ['BUREAU_CURRENT_OVERDUE', { bureau: { currentOverdueFen: 1n } }],
    ['BUREAU_WORST_STATUS', { bureau: { worstStatus24m: 3 } }],
    ['TOO_MANY_INQUIRIES', { bureau: { inquiries6m: 11 } }],
    ['AMOUNT_OUT_OF_RANGE', { request: { amountFen: yuan('999.99') } }],
    ['AMOUNT_OUT_OF_RANGE', { request: { amountFen: yuan('200000.01') } }],
  ] as Array<[string, Patch]>)('declines with %s', async (code, patch) => {
    const r = await decide(patch);
    expect(r.outcome).toBe('DECLINE');
    expect(codes(r)).toContain(code);
    expect(r.limitFen).toBe(0n);
  });

  it('passes the knock-out thresholds exactly at their limits (M2, 10 inquiries, product min and auto-approve max)', async () => {
    expect((await decide({ bureau: { worstStatus24m: 2 } })).outcome).not.toBe('DECLINE');
    expect((await decide({ bureau: { inquiries6m: 10 } })).outcome).toBe('APPROVE');
    expect((await decide({ request: { amountFen: yuan('1000') } })).outcome).toBe('APPROVE');
    expect((await decide({ request: { amountFen: yuan('50000') } })).outcome).toBe('APPROVE');
  });

  it('lists every knock-out that applies, in policy order', async () => {
    const r = await decide({ applicant: { regionCode: '110101', age: 60 }, lists: { courtEnforcement: true, dishonest: true } });
    expect(codes(r)).toEqual(['OUT_OF_REGION', 'AGE_OUT_OF_RANGE', 'COURT_ENFORCEMENT_LIST', 'DISHONEST_DEBTOR_LIST']);
  });

  it.each([24, 56])('declines age %i with AGE_OUT_OF_RANGE', async (age) => {
    const r = await decide({ applicant: { age } });
    expect(r.outcome).toBe('DECLINE');
    expect(codes(r)).toEqual(['AGE_OUT_OF_RANGE']);
  });

  it.each([25, 55])('accepts age %i (the boundaries are inclusive)', async (age) => {
    const r = await decide({ applicant: { age } });
    expect(r.outcome).toBe('APPROVE');
    expect(codes(r)).not.toContain('AGE_OUT_OF_RANGE');
  });

  it('takes the age range from the product, so products can differ', async () => {
    const wider = { ...XIN_E_DAI, minAge: 22, maxAge: 60 };
    expect((await decide({ product: wider, applicant: { age: 24 } })).outcome).toBe('APPROVE');
    expect(codes(await decide({ product: wider, applicant: { age: 61 } }))).toEqual(['AGE_OUT_OF_RANGE']);
  });

  it('computes the age from the ID number on the business date (the day before the 25th birthday is 24)', async () => {
    const id = makeIdNumber('37081220000701123');
    expect(codes(await decide({ applicant: { age: ageAtDate(id, '2025-06-30') } }))).toEqual(['AGE_OUT_OF_RANGE']);
    expect((await decide({ applicant: { age: ageAtDate(id, '2025-07-01') } })).outcome).toBe('APPROVE');
  });

  it('refers ¥60,000 (over the ¥50,000 auto-approve maximum) with HIGH_AMOUNT and still proposes limit and rate', async () => {
    const r = await decide({ request: { amountFen: yuan('60000') } });
    expect(r.outcome).toBe('REFER');
    expect(codes(r)).toEqual(['HIGH_AMOUNT']);
    expect(r.limitFen).toBe(yuan('98000'));
    expect(r.annualRatePct).toBe('3.95');
  });
});

describe('evaluatePolicy — limits', () => {
  it('sets a pledge (质押e贷) limit of 90 % of the CD principal', async () => {
    const r = await decide({
      product: ZHIYA_E_DAI,
      pledge: { totalPrincipalFen: yuan('100000'), pledgeRatePct: '90' },
      request: { amountFen: yuan('80000') },
    });
    expect(r.outcome).toBe('APPROVE');
    expect(r.limitFen).toBe(yuan('90000'));
  });

  it('rounds a pledge limit down to ¥100 (90 % of ¥123,456.78 = ¥111,111.102 → ¥111,100)', async () => {
    const r = await decide({ product: ZHIYA_E_DAI, pledge: { totalPrincipalFen: yuan('123456.78'), pledgeRatePct: '90' } });
    expect(r.limitFen).toBe(yuan('111100'));
  });

  it('uses the pledge rate given (80 %) and ignores income for a pledge loan', async () => {
    const r = await decide({
      product: ZHIYA_E_DAI,
      applicant: { monthlyIncomeFen: yuan('1000000') },
      pledge: { totalPrincipalFen: yuan('50000'), pledgeRatePct: '80' },
    });
    expect(r.limitFen).toBe(yuan('40000'));
  });

  it('approves a pledge request above the pledge value at the pledge value, with LIMIT_BELOW_REQUEST', async () => {
    const r = await decide({
      product: ZHIYA_E_DAI,
      pledge: { totalPrincipalFen: yuan('100000'), pledgeRatePct: '90' },
      request: { amountFen: yuan('95000') },
    });
    expect(r.outcome).toBe('APPROVE');
    expect(r.limitFen).toBe(yuan('90000'));
    expect(codes(r)).toEqual(['LIMIT_BELOW_REQUEST']);
  });

  it('declines a pledge loan without a CD with PLEDGE_MISSING', async () => {
    const r = await decide({ product: ZHIYA_E_DAI });
    expect(r.outcome).toBe('DECLINE');
    expect(codes(r)).toContain('PLEDGE_MISSING');
  });

  it("caps a guaranteed loan (保证e贷) at the guarantor's capacity", async () => {
    const free = await decide({
      product: BAOZHENG_E_DAI,
      guarantor: { capacityFen: yuan('1000000') },
      applicant: { monthlyIncomeFen: yuan('10000') },
    });
    const capped = await decide({
      product: BAOZHENG_E_DAI,
      guarantor: { capacityFen: yuan('50000') },
      applicant: { monthlyIncomeFen: yuan('10000') },
    });
    expect(free.limitFen).toBeGreaterThan(yuan('50000'));
    expect(capped.outcome).toBe('APPROVE');
    expect(capped.limitFen).toBe(yuan('50000'));
  });

  it('declines a guaranteed loan without a guarantor with GUARANTOR_MISSING', async () => {
    const r = await decide({ product: BAOZHENG_E_DAI });
    expect(r.outcome).toBe('DECLINE');
    expect(codes(r)).toContain('GUARANTOR_MISSING');
  });

  it('declines when existing online credit plus the request exceeds the ¥200,000 internet-loan cap', async () => {
    const r = await decide({ existingUnsecuredOnlineCreditFen: yuan('180000') });
    expect(r.outcome).toBe('DECLINE');
    expect(codes(r)).toEqual(['INTERNET_LOAN_CAP']);
  });

  it('allows reaching the internet-loan cap exactly, and limits the line to the remaining cap', async () => {
    const atCap = await decide({ existingUnsecuredOnlineCreditFen: yuan('170000') });
    expect(atCap.outcome).toBe('APPROVE');
    expect(atCap.limitFen).toBe(yuan('30000'));
    const partial = await decide({ existingUnsecuredOnlineCreditFen: yuan('150000') });
    expect(partial.limitFen).toBe(yuan('50000')); // income would support ¥98,000
  });

  it('does not apply the unsecured internet-loan cap to a pledge loan', async () => {
    const r = await decide({
      product: ZHIYA_E_DAI,
      existingUnsecuredOnlineCreditFen: yuan('200000'),
      pledge: { totalPrincipalFen: yuan('500000'), pledgeRatePct: '90' },
      request: { amountFen: yuan('300000') },
    });
    expect(r.outcome).toBe('APPROVE');
    expect(r.limitFen).toBe(yuan('450000'));
  });

  it('never offers more than the product maximum', async () => {
    const r = await decide({ applicant: { monthlyIncomeFen: yuan('80000') }, deposits: { averageBalanceFen: yuan('5000000') } });
    expect(r.grade).toBe('A');
    expect(r.limitFen).toBe(yuan('200000'));
  });

  it('rounds the limit down to ¥100 and returns exact fen (B: 15 × 6,123.45 + 40 % × 20,000 = 99,851.75 → 99,800)', async () => {
    const r = await decide({ applicant: { monthlyIncomeFen: yuan('6123.45') } });
    expect(r.limitFen).toBe(yuan('99800'));
    expect(typeof r.limitFen).toBe('bigint');
    expect(r.limitFen % 10_000n).toBe(0n);
  });

  it('approves a lower line than requested with the note LIMIT_BELOW_REQUEST', async () => {
    const r = await decide({
      applicant: { monthlyIncomeFen: yuan('3000') },
      deposits: { averageBalanceFen: 0n },
      request: { amountFen: yuan('50000') },
    });
    expect(r.grade).toBe('B');
    expect(r.outcome).toBe('APPROVE');
    expect(r.limitFen).toBe(yuan('45000'));
    expect(codes(r)).toEqual(['LIMIT_BELOW_REQUEST']);
  });

  it('declines with INSUFFICIENT_LIMIT when the supported limit is below the product minimum', async () => {
    const r = await decide({
      product: { ...XIN_E_DAI, minAmountFen: yuan('10000') },
      applicant: { monthlyIncomeFen: yuan('500'), yearsAsCustomer: 10, occupation: 'CIVIL_SERVANT' },
      deposits: { averageBalanceFen: 0n },
      request: { amountFen: yuan('10000') },
    });
    expect(r.grade).toBe('B');
    expect(r.outcome).toBe('DECLINE');
    expect(codes(r)).toEqual(['INSUFFICIENT_LIMIT']);
  });
});

describe('evaluatePolicy — scores, grades, rates and referrals', () => {
  const weak: Patch = {
    applicant: { age: 25, monthlyIncomeFen: yuan('2000'), occupation: 'OTHER', yearsAsCustomer: 0 },
    deposits: { averageBalanceFen: 0n },
    bureau: { inquiries6m: 8, existingDebtFen: yuan('60000'), worstStatus24m: 2 },
  };

  it('declines grade E with LOW_SCORE', async () => {
    const r = await decide(weak);
    expect(r.grade).toBe('E');
    expect(r.score).toBeLessThan(35);
    expect(r.outcome).toBe('DECLINE');
    expect(codes(r)).toContain('LOW_SCORE');
  });

  it('refers a score just above the D/E cut-off with BORDERLINE_SCORE', async () => {
    // 15 (age 30) + 8 (¥3,000) + 0 + 0 + 6 (farmer) + 0 (6 inquiries) + 6 (debt 0.83 × income) + 0 (M1) = 35
    const r = await decide({
      applicant: { monthlyIncomeFen: yuan('3000'), occupation: 'FARMER', yearsAsCustomer: 0 },
      deposits: { averageBalanceFen: 0n },
      bureau: { inquiries6m: 6, existingDebtFen: yuan('30000'), worstStatus24m: 1 },
      request: { amountFen: yuan('10000') },
    });
    expect(r.score).toBe(35);
    expect(r.grade).toBe('D');
    expect(r.outcome).toBe('REFER');
    expect(codes(r)).toEqual(['BORDERLINE_SCORE']);
    expect(r.limitFen).toBe(yuan('18000')); // D: 6 × ¥3,000
    expect(r.annualRatePct).toBe('5.65'); // LPR 3.00 + 2.65
  });

  it('prices grade A at LPR + 0.45 and moves with the LPR', async () => {
    const strong: Patch = {
      applicant: { monthlyIncomeFen: yuan('20000'), occupation: 'CIVIL_SERVANT', yearsAsCustomer: 8 },
      deposits: { averageBalanceFen: yuan('300000') },
    };
    const r = await decide(strong);
    expect(r.grade).toBe('A');
    expect(r.annualRatePct).toBe('3.45');
    expect((await decide({ ...strong, pricing: { lprPct: '3.10' } })).annualRatePct).toBe('3.55');
  });

  it('clamps the rate to the product floor and ceiling', async () => {
    const strong: Patch = {
      applicant: { monthlyIncomeFen: yuan('20000'), occupation: 'CIVIL_SERVANT', yearsAsCustomer: 8 },
      deposits: { averageBalanceFen: yuan('300000') },
    };
    expect((await decide({ ...strong, product: { ...XIN_E_DAI, floorPct: '3.60' } })).annualRatePct).toBe('3.60');
    expect((await decide({ product: { ...XIN_E_DAI, ceilingPct: '3.80' } })).annualRatePct).toBe('3.80');
  });

  it('sums the scorecard rows it reports into the score (one band per factor)', async () => {
    const r = await decide();
    const rows = r.firedRules.filter((f) => f.nodeId === 'scorecard');
    expect(rows).toHaveLength(8);
    const points = rows.map((f) => (f.output as { points: number }).points);
    expect(points.reduce((a, b) => a + b, 0)).toBe(r.score);
    expect(rows.map((f) => (f.output as { factor: string }).factor)).toEqual([
      'AGE',
      'MONTHLY_INCOME',
      'DEPOSITS',
      'YEARS_AS_CUSTOMER',
      'OCCUPATION',
      'INQUIRIES_6M',
      'DEBT_RATIO',
      'WORST_STATUS_24M',
    ]);
    expect(rows[0].ruleId).toBe('sc.age.3');
  });

  it('refers a name that does not match the credit report with DATA_MISMATCH', async () => {
    const r = await decide({ checks: { nameMatchesBureau: false } });
    expect(r.outcome).toBe('REFER');
    expect(codes(r)).toEqual(['DATA_MISMATCH']);
  });

  it('refers declared income above 3× the income on record, but not exactly 3×', async () => {
    expect(codes(await decide({ bureau: { reportedMonthlyIncomeFen: yuan('1999.99') } }))).toEqual(['DATA_MISMATCH']);
    expect((await decide({ bureau: { reportedMonthlyIncomeFen: yuan('2000') } })).outcome).toBe('APPROVE');
  });

  it('lists all referral triggers together', async () => {
    const r = await decide({ request: { amountFen: yuan('60000') }, checks: { nameMatchesBureau: false } });
    expect(codes(r)).toEqual(['HIGH_AMOUNT', 'DATA_MISMATCH']);
  });

  it('declines rather than refers when a knock-out and a trigger both apply', async () => {
    const r = await decide({ request: { amountFen: yuan('60000') }, lists: { bankBlacklist: true } });
    expect(r.outcome).toBe('DECLINE');
    expect(codes(r)).toEqual(['BANK_BLACKLIST']);
  });
});

describe('evaluatePolicy — explainability and determinism', () => {
  const cases: Patch[] = [
    {},
    { applicant: { regionCode: '110101' } },
    { request: { amountFen: yuan('60000') } },
    { product: ZHIYA_E_DAI, pledge: { totalPrincipalFen: yuan('100000'), pledgeRatePct: '90' } },
    { product: BAOZHENG_E_DAI, guarantor: { capacityFen: yuan('50000') } },
    { existingUnsecuredOnlineCreditFen: yuan('180000') },
    { checks: { nameMatchesBureau: false } },
  ];

  it('gives every result fired rules and a bilingual reason for every code', async () => {
    for (const patch of cases) {
      const r = await decide(patch);
      const nodes = new Set(r.firedRules.map((f) => f.nodeId));
      for (const id of ['derive', 'scorecard', 'score', 'grade', 'limit', 'rate', 'decision']) expect(nodes).toContain(id);
      for (const f of r.firedRules) expect(typeof f.nodeName).toBe('string');
      if (r.outcome !== 'APPROVE') expect(r.reasons.length).toBeGreaterThan(0);
      for (const reason of r.reasons) {
        expect(Object.keys(REASONS)).toContain(reason.code);
        expect(reason.messageZh).toMatch(/[\u4e00-\u9fff]/);
        expect(reason.messageEn).toMatch(/[a-z]/);
      }
      const knockouts = r.firedRules.filter((f) => f.nodeId === 'knockout').map((f) => f.ruleId);
      if (r.outcome === 'DECLINE') expect(knockouts.length).toBeGreaterThan(0);
    }
  });

  it('reports the knock-out rule that fired with its id and output', async () => {
    const r = await decide({ lists: { courtEnforcement: true } });
    expect(r.firedRules).toContainEqual({
      nodeId: 'knockout',
      nodeName: '准入拒绝规则 Knock-outs',
      ruleId: 'knockout.COURT_ENFORCEMENT_LIST',
      output: { code: 'COURT_ENFORCEMENT_LIST' },
    });
  });

  it('gives the same output for the same input', async () => {
    const strip = ({ durationMicros: _ignored, ...rest }: DecisionResult) => rest;
    for (const patch of cases) {
      const first = await decide(patch);
      const second = await evaluatePolicy(structuredClone(policy), application(patch));
      expect(strip(second)).toEqual(strip(first));
    }
  });

  it('explains the same without the engine trace as with it (fired rows, outputs, order)', async () => {
    // evaluatePolicy normally runs trace-free (an augmented graph reports the fired rows and the
    // expression results); { traced: true } forces the engine's full trace. Both must agree exactly.
    const strip = ({ durationMicros: _ignored, ...rest }: DecisionResult) => rest;
    let seed = 20260101;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
    const variants: Patch[] = [...cases];
    for (let i = 0; i < 150; i++) {
      variants.push({
        applicant: {
          regionCode: pick(['370812', '370811', '110101', '370102']),
          age: 20 + Math.floor(rnd() * 45),
          monthlyIncomeFen: yuan(String(500 + Math.floor(rnd() * 40000))),
          occupation: pick(['ENTERPRISE_EMPLOYEE', 'CIVIL_SERVANT', 'SOE_EMPLOYEE', 'SELF_EMPLOYED', 'FARMER', 'OTHER'] as const),
          yearsAsCustomer: Math.floor(rnd() * 15),
        },
        request: { amountFen: yuan(String(1000 * (1 + Math.floor(rnd() * 120)))) },
        bureau: {
          existingDebtFen: rnd() < 0.5 ? 0n : yuan(String(Math.floor(rnd() * 400000))),
          currentOverdueFen: rnd() < 0.05 ? yuan('800') : 0n,
          worstStatus24m: rnd() < 0.8 ? 0 : Math.floor(rnd() * 8),
          inquiries6m: Math.floor(rnd() * 12),
        },
        lists: { courtEnforcement: rnd() < 0.03, dishonest: rnd() < 0.03, bankBlacklist: rnd() < 0.03 },
        deposits: { averageBalanceFen: yuan(String(Math.floor(rnd() * 300000))) },
        existingUnsecuredOnlineCreditFen: rnd() < 0.7 ? 0n : yuan(String(Math.floor(rnd() * 200000))),
      } as Patch);
    }
    for (const patch of variants) {
      const fast = await decide(patch);
      const traced = await evaluatePolicy(policy, application(patch), { traced: true });
      expect(strip(fast)).toEqual(strip(traced));
      expect(fast.firedRules.map((f) => `${f.nodeId}/${f.ruleId ?? ''}`)).toEqual(
        traced.firedRules.map((f) => `${f.nodeId}/${f.ruleId ?? ''}`),
      );
    }
  });

  it('has a bilingual text for every reason code the default policy can emit', () => {
    const emitted: string[] = [];
    for (const node of policy.nodes) {
      if (node.type !== 'decisionTableNode') continue;
      const table = node.content as DecisionTableContent;
      const codeColumns = table.outputs.filter((o) => o.field === 'code').map((o) => o.id);
      for (const rule of table.rules) for (const col of codeColumns) emitted.push(JSON.parse(rule[col]) as string);
    }
    expect(emitted.length).toBeGreaterThanOrEqual(17);
    for (const code of [...emitted, 'LIMIT_BELOW_REQUEST']) expect(Object.keys(REASONS)).toContain(code);
    for (const text of Object.values(REASONS)) {
      expect(text.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(text.en.length).toBeGreaterThan(10);
    }
  });
});

describe('evaluatePolicy — input checks and policy versions', () => {
  it('rejects amounts that are not bigint fen, negative amounts and malformed rates', async () => {
    const bad = application();
    (bad.applicant as unknown as Record<string, unknown>).monthlyIncomeFen = 6000;
    bad.request = { amountFen: -1n, termMonths: 12 };
    bad.pricing = { lprPct: '3,00' };
    const e = await appErrorOf(() => evaluatePolicy(policy, bad));
    expect(e.code).toBe('VALIDATION_FAILED');
    const paths = (e.details as { errors: Array<{ path: string }> }).errors.map((x) => x.path);
    expect(paths).toEqual(['applicant.monthlyIncomeFen', 'request.amountFen', 'pricing.lprPct']);
  });

  it('rejects inconsistent product parameters', async () => {
    const e = await appErrorOf(() => decide({ product: { ...XIN_E_DAI, floorPct: '13.00' } }));
    expect(JSON.stringify(e.details)).toContain('floorPct is above ceilingPct');
  });

  it('compiles a changed policy under a new version and applies its rules', async () => {
    const before = policyCacheSize();
    const changed = structuredClone(policy) as PolicyDocument;
    changed.version = 'test-spread-b-105';
    const grade = changed.nodes.find((n) => n.id === 'grade')!.content as { rules: Array<Record<string, string>> };
    grade.rules.find((r) => r._id === 'gr.B')!['gr.out.spread'] = '1.05';
    const r = await evaluatePolicy(changed, application());
    expect(r.annualRatePct).toBe('4.05');
    expect(r.policyVersion).toBe('test-spread-b-105');
    expect(policyCacheSize()).toBe(before + 1);
    await evaluatePolicy(changed, application());
    expect(policyCacheSize()).toBe(before + 1);
  });

  it('reuses the compiled decision for an equal copy of a known version', async () => {
    await decide();
    const before = policyCacheSize();
    const copy = JSON.parse(JSON.stringify(policy)) as PolicyDocument;
    expect((await evaluatePolicy(copy, application())).policyVersion).toBe('default-v1');
    expect(policyCacheSize()).toBe(before);
  });

  it('rejects something that is not a policy document', async () => {
    const e = await appErrorOf(() => evaluatePolicy(null as unknown as PolicyDocument, application()));
    expect(e.code).toBe('VALIDATION_FAILED');
  });

  it('refuses a known version with different rules', async () => {
    await decide(); // default-v1 is compiled
    const tampered = structuredClone(policy) as PolicyDocument;
    const grade = tampered.nodes.find((n) => n.id === 'grade')!.content as { rules: Array<Record<string, string>> };
    grade.rules[0]['gr.out.spread'] = '0.01';
    const e = await appErrorOf(() => evaluatePolicy(tampered, application()));
    expect(e.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(e.details)).toContain('already in use');
  });

  it('holds the hard caps even when an edited policy offers too much or prices out of range', async () => {
    const greedy = structuredClone(policy) as PolicyDocument;
    greedy.version = 'test-greedy';
    const limit = greedy.nodes.find((n) => n.id === 'limit')!.content as { expressions: Array<{ key: string; value: string }> };
    limit.expressions.find((x) => x.key === 'limit.amountYuan')!.value = '5000000';
    const rate = greedy.nodes.find((n) => n.id === 'rate')!.content as { expressions: Array<{ key: string; value: string }> };
    rate.expressions.find((x) => x.key === 'rate.annualPct')!.value = '1.5';
    const r = await evaluatePolicy(greedy, application({ existingUnsecuredOnlineCreditFen: yuan('120000') }));
    expect(r.limitFen).toBe(yuan('80000')); // the remaining internet-loan cap
    expect(r.annualRatePct).toBe('3.45'); // the product floor
    expect(r.firedRules.map((f) => f.nodeId)).toEqual(expect.arrayContaining(['guard.limit', 'guard.rate']));
  });
});

describe('validatePolicyDocument', () => {
  const clone = () => structuredClone(policy) as PolicyDocument;
  const messages = (doc: unknown) =>
    policyIssues(doc)
      .map((i) => `${i.path}: ${i.message}`)
      .join('\n');

  it('accepts the default policy', () => {
    expect(policyIssues(policy)).toEqual([]);
    expect(validatePolicyDocument(clone()).version).toBe('default-v1');
  });

  it('throws VALIDATION_FAILED with readable details', () => {
    try {
      validatePolicyDocument({ version: 'x', nodes: [], edges: [] });
      throw new Error('expected a failure');
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).code).toBe('VALIDATION_FAILED');
      expect((e as AppError).details).toEqual({ errors: [{ path: 'nodes', message: 'nodes must be a non-empty array' }] });
    }
  });

  it('rejects a non-object and a bad version', () => {
    expect(messages(null)).toContain('must be a JSON object');
    expect(messages({ ...clone(), version: 'has space' })).toContain('version must be');
  });

  it('rejects edges to unknown nodes and cycles', () => {
    const dangling = clone();
    dangling.edges.push({ id: 'x', sourceId: 'grade', targetId: 'nowhere' });
    expect(messages(dangling)).toContain('edges[10].targetId: no node "nowhere"');
    const cyclic = clone();
    cyclic.edges.push({ id: 'back', sourceId: 'rate', targetId: 'limit' });
    expect(messages(cyclic)).toContain('the graph has a cycle');
  });

  it('rejects a node that is not on a path from input to output', () => {
    const doc = clone();
    doc.edges = doc.edges.filter((e) => e.targetId !== 'referral');
    expect(messages(doc)).toContain('node "referral" cannot be reached from the input node');
  });

  it('rejects function nodes and unknown node types', () => {
    const doc = clone();
    doc.nodes.push({ id: 'js', name: 'js', type: 'functionNode' as never, content: {} });
    expect(messages(doc)).toContain('functionNode is not allowed');
  });

  it('rejects a policy missing a required output', () => {
    const doc = clone();
    const decision = doc.nodes.find((n) => n.id === 'decision')!.content as { expressions: Array<{ key: string }> };
    decision.expressions = decision.expressions.filter((x) => x.key !== 'decision.grade');
    expect(messages(doc)).toContain('no node produces the required output decision.grade');
  });

  it('rejects a cell with a syntax error, an unknown column and a duplicate rule id', () => {
    const doc = clone();
    const table = doc.nodes.find((n) => n.id === 'grade')!.content as { rules: Array<Record<string, string>> };
    table.rules[0]['gr.in.score'] = '[75..';
    table.rules[1]['gr.in.nope'] = '1';
    table.rules[2]._id = table.rules[3]._id;
    const text = messages(doc);
    expect(text).toContain('syntax error in "[75.."');
    expect(text).toContain('"gr.in.nope" is not a column of this table');
    expect(text).toContain('duplicate rule id "gr.D"');
  });

  it('rejects a reason code without a bilingual text', () => {
    const doc = clone();
    const table = doc.nodes.find((n) => n.id === 'referral')!.content as { rules: Array<Record<string, string>> };
    table.rules[0]['referral.out.code'] = '"NEW_CODE"';
    expect(messages(doc)).toContain('reason code "NEW_CODE" has no text in the reason table');
  });
});
