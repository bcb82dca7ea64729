/**
 * Latency of one credit decision (default policy, with its fired rules; trace-free after the first
 * evaluation of the version, see engine.ts), after warm-up.
 *   npx tsx src/modules/decision/decision.bench.ts [count=5000] [seed=20250630]
 * Target: p99 ≤ 5 ms on the 2-core reference machine. Evaluations run one after another, as a
 * single application request would see them.
 */
import { loadavg } from 'node:os';
import { evaluatePolicy } from './engine.js';
import { loadDefaultPolicy } from './policy.js';
import { OCCUPATIONS, type DecisionInput, type DecisionOutcome } from './types.js';

const count = Number(process.argv[2] ?? 5000);
const seed = Number(process.argv[3] ?? 20250630);
const WARM_UP = 500;

/** mulberry32: a small seeded PRNG, so every run measures the same inputs. */
function prng(s: number): () => number {
  let a = s >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const rnd = prng(seed);
const int = (min: number, max: number) => min + Math.floor(rnd() * (max - min + 1));
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
const chance = (p: number) => rnd() < p;
const yuan = (n: number) => BigInt(n) * 100n;

const JINING = ['370802', '370811', '370812', '370826', '370827', '370828', '370829', '370830', '370831', '370832', '370881', '370883'];
const ELSEWHERE = ['110101', '370102', '370302', '320106'];

function randomInput(): DecisionInput {
  const kind = pick(['CREDIT', 'CREDIT', 'CREDIT', 'CREDIT', 'GUARANTEE', 'PLEDGE'] as const);
  const maxYuan = kind === 'PLEDGE' ? 1_000_000 : kind === 'GUARANTEE' ? 300_000 : 200_000;
  return {
    applicant: {
      regionCode: chance(0.9) ? pick(JINING) : pick(ELSEWHERE),
      age: int(22, 60),
      monthlyIncomeFen: yuan(int(800, 40_000)) + BigInt(int(0, 99)),
      occupation: pick(OCCUPATIONS),
      yearsAsCustomer: int(0, 20),
    },
    product: {
      code: kind === 'PLEDGE' ? 'ZHIYA_E_DAI' : kind === 'GUARANTEE' ? 'BAOZHENG_E_DAI' : 'XIN_E_DAI',
      kind,
      minAmountFen: yuan(1000),
      maxAmountFen: yuan(maxYuan),
      minAge: kind === 'PLEDGE' ? 18 : 25,
      maxAge: kind === 'PLEDGE' ? 65 : 55,
      autoApproveMaxFen: yuan(kind === 'PLEDGE' ? 1_000_000 : kind === 'GUARANTEE' ? 100_000 : 50_000),
      internetLoanCapFen: yuan(200_000),
      floorPct: '3.45',
      ceilingPct: '12.00',
    },
    request: { amountFen: yuan((chance(0.8) ? int(1, 50) : int(51, 250)) * 1000), termMonths: pick([6, 12, 24, 36]) },
    bureau: {
      existingDebtFen: chance(0.5) ? 0n : yuan(int(1000, 500_000)),
      currentOverdueFen: chance(0.03) ? yuan(int(100, 5000)) : 0n,
      worstStatus24m: chance(0.85) ? 0 : int(1, 7),
      inquiries6m: chance(0.85) ? int(0, 5) : int(6, 14),
      reportedMonthlyIncomeFen: chance(0.5) ? yuan(int(800, 30_000)) : null,
    },
    lists: { courtEnforcement: chance(0.02), dishonest: chance(0.01), bankBlacklist: chance(0.01) },
    deposits: { averageBalanceFen: yuan(int(0, 500_000)) },
    existingUnsecuredOnlineCreditFen: chance(0.7) ? 0n : yuan(int(1000, 200_000)),
    pledge: kind === 'PLEDGE' ? { totalPrincipalFen: yuan(int(10, 1000) * 1000), pledgeRatePct: '90' } : null,
    guarantor: kind === 'GUARANTEE' ? { capacityFen: yuan(int(10, 500) * 1000) } : null,
    pricing: { lprPct: '3.00' },
    checks: { nameMatchesBureau: chance(0.98) },
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function main(): Promise<void> {
  const policy = loadDefaultPolicy();
  const inputs = Array.from({ length: count }, randomInput);
  for (let i = 0; i < WARM_UP; i++) await evaluatePolicy(policy, inputs[i % inputs.length]);

  const millis: number[] = [];
  const outcomes: Record<DecisionOutcome, number> = { APPROVE: 0, DECLINE: 0, REFER: 0 };
  const started = performance.now();
  for (const input of inputs) {
    const t0 = performance.now();
    const result = await evaluatePolicy(policy, input);
    millis.push(performance.now() - t0);
    outcomes[result.outcome] += 1;
  }
  const totalMs = performance.now() - started;
  millis.sort((a, b) => a - b);
  const fmt = (ms: number) => `${ms.toFixed(3)} ms`;
  console.log(`decision benchmark: ${count} random applications, policy ${policy.version}, seed ${seed}, warm-up ${WARM_UP}`);
  console.log(
    `  p50 ${fmt(percentile(millis, 50))}  p90 ${fmt(percentile(millis, 90))}  p99 ${fmt(percentile(millis, 99))}  max ${fmt(millis[millis.length - 1])}`,
  );
  console.log(`  throughput ${Math.round((count / totalMs) * 1000)} decisions/s (sequential)`);
  console.log(`  outcomes ${JSON.stringify(outcomes)}`);
  console.log(
    `  load average ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
}

await main();
