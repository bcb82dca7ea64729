/**
 * Lending in the quarter: the customers' money and their loans. Every day —
 * - paydays: borrowers in good standing receive their income in their demand account (the core system's
 *   side, through its adapter), enough for the month's installments, and before a bullet or interest-only
 *   loan matures the principal to repay it; end-of-day's auto-debit then collects;
 * - some borrowers fall behind (their income stops and the account is spent), and some of those catch up
 *   (the arrears arrive, and the next auto-debit cures the loan);
 * - early repayments at the counter, large ones through review;
 * - new borrowers apply with their officer (信e贷, 济e贷, 保证e贷 with a guarantor who confirms on their phone),
 *   the approver works the referral queue, and approved customers draw;
 * - borrowers whose loan matured borrow again (续贷).
 * Parameters (LENDING) are calibrated so the reports come out at the quarter's figures (targets.ts).
 */
import { withTx } from '../../../src/db/client.js';
import { addDays, addMonthsClamped, compareDates, daysBetween, type IsoDate } from '../../../src/kernel/dates.js';
import { core } from '../../../src/modules/core/index.js';
import { customerIdsByIdNumberHash } from '../../../src/modules/customers/index.js';
import type { ApplicationDetail, ApplicationPage } from '../../../src/modules/origination/origination.contract.js';
import { buildSchedule, type RepaymentMethod } from '../../../src/modules/products/index.js';
import type { ReviewRequestView } from '../../../src/modules/review/review.contract.js';
import type { DemoActor } from '../actor.js';
import { generateBook, type Book, type BookCustomer, type ProductCode } from '../book.js';
import { demoDays, type DemoDay } from '../calendar.js';
import { DEMO_QUARTER_END } from '../build.js';
import { LENDING_BRANCHES, demoRoster } from '../org.js';
import { apply, draw, type Lead } from '../paths.js';
import { person, type Person } from '../people.js';
import { spread } from '../rng.js';
import type { Sim } from '../sim.js';

/** Behaviour, per quarter at scale 1 (calibrated against targets.ts; see docs/demo.md). */
export const LENDING = {
  /** New borrowers the officers bring in (besides the marketing channels). */
  newBorrowers: 640,
  /** Product mix of those new borrowers (保证e贷's amount is the product target, the rest follows). */
  newProductMix: [
    ['XIN_E_DAI', 0.42],
    ['JI_E_DAI', 0.18],
    ['BAOZHENG_E_DAI', 0.4],
  ] as ReadonlyArray<readonly [ProductCode, number]>,
  /** Renewals: of the borrowers whose loan matures and is repaid, the share who borrow again. */
  renewalShare: 0.72,
  /** 保证e贷 disbursed in the quarter (the product's figure), yuan. */
  baozhengYuan: 123_560_000,
  /** Monthly chance a paying borrower falls behind. */
  monthlyDefault: 0.0035,
  /** Monthly chance a borrower behind catches up (never those already more than 90 days behind). */
  monthlyCure: 0.35,
  /** Monthly chance a paying borrower repays a loan early (in full 70%, in part otherwise). */
  monthlyEarlyRepayment: 0.045,
};

/** People indexes of the lending actor's new borrowers. */
const NEW_BORROWER_INDEX = 120_000;

interface TrackedLoan {
  product: ProductCode;
  principalYuan: number;
  startDate: IsoDate;
  termMonths: number;
  method: RepaymentMethod;
  ratePct: string;
  maturityDate: IsoDate;
  /** Installment amounts by due date (yuan), from the schedule. */
  dues: Map<IsoDate, number>;
  loanId: number | null;
  lineId: number | null;
}

interface Borrower {
  customerId: number;
  person: Person;
  branch: string;
  officer: string;
  occupation: BookCustomer['occupation'];
  incomeYuan: number;
  accountNo: string | null;
  payday: number;
  behind: boolean;
  /** Behind for more than 90 days at the start: collection's, not a payday's. */
  npl: boolean;
  loans: TrackedLoan[];
}

function scheduleOf(l: Pick<TrackedLoan, 'principalYuan' | 'startDate' | 'termMonths' | 'method' | 'ratePct'>) {
  return buildSchedule({
    principalFen: BigInt(l.principalYuan) * 100n,
    annualRatePct: l.ratePct,
    method: l.method,
    startDate: l.startDate,
    ...(l.method === 'BULLET'
      ? { termDays: daysBetween(l.startDate, addMonthsClamped(l.startDate, l.termMonths)) }
      : { termMonths: l.termMonths }),
  });
}

function tracked(l: Omit<TrackedLoan, 'dues' | 'maturityDate'>): TrackedLoan {
  const s = scheduleOf(l);
  const dues = new Map<IsoDate, number>();
  for (const i of s.installments) dues.set(i.dueDate, Number(i.paymentFen) / 100);
  return { ...l, dues, maturityDate: s.installments[s.installments.length - 1].dueDate };
}

export function lendingActor(): DemoActor {
  const borrowers = new Map<number, Borrower>();
  let book: Book;
  const guarantors: Person[] = [];
  let officersByBranch = new Map<string, string[]>();
  let nextPerson = NEW_BORROWER_INDEX;
  /** Applications waiting for the approver, and what to draw once approved. */
  const waiting = new Map<number, { lead: Lead; borrower: Borrower }>();
  let dailyNew: number[] = [];
  let baozhengLeft = 0;

  const credit = async (sim: Sim, b: Borrower, yuan: number, memo: string) => {
    if (yuan <= 0) return;
    await withTx(sim.ctx.db, async (tx) => {
      b.accountNo ??= (await core.demandAccounts(tx, b.customerId)).find((a) => a.status === 'ACTIVE')?.accountNo ?? null;
      if (!b.accountNo) return;
      await core.credit(tx, {
        customerId: b.customerId,
        accountNo: b.accountNo,
        amountFen: BigInt(Math.round(yuan * 100)),
        reference: `demo-${sim.date}-${b.customerId}-${memo}`,
        businessDate: sim.date,
        memo,
      });
    });
    sim.count('income.yuan', Math.round(yuan));
  };

  const spendAll = async (sim: Sim, b: Borrower) => {
    await withTx(sim.ctx.db, async (tx) => {
      const acct = (await core.demandAccounts(tx, b.customerId)).find((a) => a.status === 'ACTIVE');
      if (!acct || acct.balanceFen <= 0n) return;
      b.accountNo = acct.accountNo;
      await core.debit(tx, {
        customerId: b.customerId,
        accountNo: acct.accountNo,
        amountFen: acct.balanceFen,
        reference: `demo-${sim.date}-${b.customerId}-spent`,
        businessDate: sim.date,
        memo: '消费支出',
      });
    });
  };

  /** What falls due for a borrower in (from, to]: installments of their loans (yuan). */
  const dueBetween = (b: Borrower, from: IsoDate, to: IsoDate) => {
    let sum = 0;
    for (const l of b.loans) for (const [d, v] of l.dues) if (compareDates(d, from) > 0 && compareDates(d, to) <= 0) sum += v;
    return sum;
  };

  /** Guarantors in turn (a guarantor is asked at most once in a while: one-time codes are rate-limited per person). */
  let guarantorTurn = 0;
  const nextGuarantor = (b: Borrower): Person => {
    let g = guarantors[guarantorTurn++ % guarantors.length];
    if (g.idNumber === b.person.idNumber) g = guarantors[guarantorTurn++ % guarantors.length];
    return g;
  };

  const newLead = (sim: Sim, b: Borrower, product: ProductCode, amountYuan: number): Lead => {
    const rng = sim.rng(`lending-lead-${b.customerId}-${product}`);
    const method: RepaymentMethod =
      product === 'BAOZHENG_E_DAI'
        ? rng.pick(['MONTHLY_INTEREST', 'EQUAL_INSTALLMENT'] as const)
        : rng.pick(['MONTHLY_INTEREST', 'EQUAL_INSTALLMENT', 'EQUAL_PRINCIPAL'] as const);
    return {
      person: b.person,
      channel: 'OFFICER_ASSISTED',
      productCode: product,
      requestedYuan: amountYuan,
      termMonths: rng.pick([12, 12, 24, 36]),
      method,
      occupation: b.occupation,
      monthlyIncomeYuan: Math.max(b.incomeYuan, Math.round(amountYuan / 12)),
      officer: b.officer,
      ...(product === 'BAOZHENG_E_DAI' ? { guarantor: nextGuarantor(b) } : {}),
    };
  };

  const drawOnLine = async (sim: Sim, b: Borrower, lead: Lead, lineId: number, amountYuan: number) => {
    if (amountYuan < 1000) return;
    sim.wait(90);
    const officer = await sim.as(b.officer);
    const d = await draw(sim, officer, lineId, {
      amountYuan,
      termMonths: lead.termMonths,
      method: lead.method,
      key: `demo-draw-${lineId}-${sim.date}`,
    });
    if (lead.productCode === 'BAOZHENG_E_DAI') baozhengLeft -= amountYuan;
    b.loans.push(
      tracked({
        product: lead.productCode as ProductCode,
        principalYuan: amountYuan,
        startDate: sim.date,
        termMonths: lead.termMonths,
        method: lead.method,
        ratePct: d.annualRatePct,
        loanId: d.loanId,
        lineId,
      }),
    );
  };

  return {
    name: 'lending',
    async setUp(sim) {
      book = generateBook(sim.seed, sim.scale);
      const hashes = book.customers.map((c) => sim.ctx.crypto.lookupHash(c.person.idNumber));
      const ids = await withTx(sim.ctx.db, (tx) => customerIdsByIdNumberHash(tx, hashes));
      const rng = sim.rng('lending-setup');
      for (const c of book.customers) {
        const customerId = ids.get(sim.ctx.crypto.lookupHash(c.person.idNumber));
        if (customerId === undefined) throw new Error(`demo: book customer ${c.person.index} was not imported`);
        if (c.loans.length === 0) {
          if (c.cds.length === 0 && c.demandYuan > 0) guarantors.push(c.person);
          continue;
        }
        borrowers.set(customerId, {
          customerId,
          person: c.person,
          branch: c.branch,
          officer: c.officer,
          occupation: c.occupation,
          incomeYuan: c.monthlyIncomeYuan,
          accountNo: c.accountNo,
          payday: rng.int(1, 28),
          behind: c.loans.some((l) => l.dpd > 0),
          npl: c.loans.some((l) => l.dpd > 90),
          loans: c.loans.map((l) => tracked({ ...l, loanId: null, lineId: null })),
        });
      }
      officersByBranch = new Map();
      for (const r of demoRoster(sim.seed))
        if (r.roles.includes('loan_officer')) officersByBranch.set(r.branch, [...(officersByBranch.get(r.branch) ?? []), r.username]);
      officersByBranch.set('YZ-GL', ['officer1', ...(officersByBranch.get('YZ-GL') ?? [])]);
      // new borrowers spread over the quarter's days by how busy each day is
      dailyNew = spread(
        sim.rng('lending-spread'),
        sim.scaled(LENDING.newBorrowers),
        demoDays('2026-01-01', DEMO_QUARTER_END).map((d) => d.weight),
      );
      baozhengLeft = LENDING.baozhengYuan * sim.scale;
    },
    async day(sim, day) {
      await paydays(sim, day);
      await earlyRepayments(sim, day);
      await newBorrowers(sim, day);
      await approverQueue(sim);
    },
  };

  async function paydays(sim: Sim, day: DemoDay) {
    const rng = sim.rng('lending-paydays');
    const dom = Number(day.date.slice(8));
    sim.at('08:45');
    for (const b of borrowers.values()) {
      if (b.npl) continue;
      // a bullet or interest-only loan maturing in the coming week: the borrower brings the principal
      for (const l of b.loans) {
        if (b.behind || daysBetween(day.date, l.maturityDate) !== 3) continue;
        await credit(sim, b, (l.dues.get(l.maturityDate) ?? 0) * 1.01 + 50, 'maturity');
      }
      if (b.payday !== dom && !(day.monthEnd && b.payday > dom)) continue;
      if (!b.behind && rng.chance(LENDING.monthlyDefault)) {
        b.behind = true;
        await spendAll(sim, b);
        sim.count('borrowers.fellBehind');
        continue;
      }
      if (b.behind && rng.chance(LENDING.monthlyCure)) {
        b.behind = false;
        // the arrears since the loans started falling due, and the coming month's
        await credit(
          sim,
          b,
          dueBetween(b, '2025-01-01', addDays(day.date, 35)) * 0.5 + dueBetween(b, day.date, addDays(day.date, 35)) * 1.1,
          'catch-up',
        );
        sim.count('borrowers.caughtUp');
        continue;
      }
      if (!b.behind) await credit(sim, b, dueBetween(b, day.date, addDays(day.date, 35)) * 1.02 + b.incomeYuan * 0.05, 'salary');
    }
  }

  async function earlyRepayments(sim: Sim, day: DemoDay) {
    if (!day.workday) return;
    const rng = sim.rng('lending-early');
    const daily = LENDING.monthlyEarlyRepayment / 21;
    for (const b of borrowers.values()) {
      if (b.behind || b.npl || !rng.chance(daily)) continue;
      const l = b.loans.find((x) => x.loanId !== null && compareDates(x.maturityDate, day.date) > 0);
      if (!l || l.loanId === null) continue;
      sim.at(`${String(rng.int(9, 16)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}`);
      const full = rng.chance(0.7);
      const officer = await sim.as(b.officer);
      const quote = await officer.call<{ total: string }>('GET', `/api/v1/loans/${l.loanId}/settlement-quote`);
      if (quote.status !== 200) continue;
      const amount = full
        ? Number(quote.body.total)
        : Math.max(1000, Math.round((Number(quote.body.total) * rng.int(20, 50)) / 100 / 100) * 100);
      await credit(sim, b, amount, `early-${l.loanId}`);
      const r = await officer.call(
        'POST',
        `/api/v1/loans/${l.loanId}/repayments`,
        { amount: amount.toFixed(2), mode: full ? 'EARLY_FULL' : 'EARLY_PARTIAL' },
        { key: `demo-early-${l.loanId}-${day.date}` },
      );
      if (r.status === 201 || r.status === 202) sim.count(`repayments.early.${r.status === 201 ? 'done' : 'review'}`);
      if (full && r.status === 201) b.loans = b.loans.filter((x) => x !== l);
    }
  }

  async function newBorrowers(sim: Sim, day: DemoDay) {
    const n = dailyNew[day.index] ?? 0;
    const rng = sim.rng('lending-new');
    for (let i = 0; i < n; i++) {
      const branch = rng.pick(LENDING_BRANCHES);
      const officer = rng.pick(officersByBranch.get(branch) ?? ['officer1']);
      const p = person(rng, nextPerson++, 26, 54);
      let product = rng.weighted(LENDING.newProductMix);
      if (product === 'BAOZHENG_E_DAI' && baozhengLeft <= 0) product = 'XIN_E_DAI';
      const amount = Math.min(
        200_000,
        Math.max(20_000, Math.round(Math.exp(rng.normal(Math.log(product === 'BAOZHENG_E_DAI' ? 150_000 : 90_000), 0.35)) / 1000) * 1000),
      );
      const b: Borrower = {
        customerId: 0,
        person: p,
        branch,
        officer,
        occupation: rng.pick(['FARMER', 'SELF_EMPLOYED', 'ENTERPRISE_EMPLOYEE', 'SOE_EMPLOYEE', 'CIVIL_SERVANT'] as const),
        incomeYuan: rng.int(50, 160) * 100,
        accountNo: null,
        payday: rng.int(1, 28),
        behind: false,
        npl: false,
        loans: [],
      };
      sim.at(`${String(rng.int(9, 17)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}`);
      const lead = newLead(sim, b, product, amount);
      const { result } = await apply(sim, lead);
      b.customerId = result.id ? await customerOf(sim, result.id, b.officer) : 0;
      if (b.customerId) borrowers.set(b.customerId, b);
      if (result.status === 'REFERRED') waiting.set(result.id, { lead, borrower: b });
      else if (result.status === 'APPROVED' && result.creditLineId)
        await drawOnLine(sim, b, lead, result.creditLineId, Math.min(lead.requestedYuan, Math.floor(Number(result.decision.limit))));
    }
  }

  async function customerOf(sim: Sim, applicationId: number, officer: string): Promise<number> {
    const a = await (await sim.as(officer)).get<ApplicationDetail>(`/api/v1/applications/${applicationId}`);
    return a.customerId;
  }

  /** The approver's afternoon: referred applications decided, large repayments checked. */
  async function approverQueue(sim: Sim) {
    if (waiting.size === 0 && !sim.day.workday) return;
    sim.at('15:00');
    const approver = await sim.as('approver1');
    const page = await approver.get<ApplicationPage>('/api/v1/referrals?pageSize=200');
    const rng = sim.rng('lending-approver');
    for (const a of page.items) {
      const w = waiting.get(a.id);
      const approve = rng.chance(0.9);
      sim.wait(240);
      const decided = await approver.post<ApplicationDetail>(`/api/v1/applications/${a.id}/decision`, {
        outcome: approve ? 'APPROVE' : 'DECLINE',
        ...(approve ? { limit: a.requestedAmount } : {}),
        comment: approve ? '收入稳定，同意授信' : '负债较高，暂不授信',
      });
      sim.count(`referrals.${approve ? 'approved' : 'declined'}`);
      if (w && approve && decided.creditLineId) {
        if (!borrowers.has(w.borrower.customerId) && decided.customerId) {
          w.borrower.customerId = decided.customerId;
          borrowers.set(decided.customerId, w.borrower);
        }
        await drawOnLine(
          sim,
          w.borrower,
          w.lead,
          decided.creditLineId,
          Math.min(w.lead.requestedYuan, Math.floor(Number(decided.approvedLimit ?? a.requestedAmount))),
        );
      }
      waiting.delete(a.id);
    }
    const reviews = await approver.get<{ items: ReviewRequestView[] }>(
      '/api/v1/review/requests?status=PENDING&type=REPAYMENT&pageSize=200',
    );
    for (const r of reviews.items) {
      if (!r.canCheck) continue;
      await approver.post(`/api/v1/review/requests/${r.id}/approve`, { comment: '资金已到账，同意' });
      sim.count('repayments.early.reviewed');
    }
  }
}
