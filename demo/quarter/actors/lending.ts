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
import type { ApplicationDetail, ApplicationPage, CreditLinePage } from '../../../src/modules/origination/origination.contract.js';
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
import { DemoApiError, type Sim } from '../sim.js';

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
  /**
   * 保证e贷 and 质押e贷 disbursed by this actor in the quarter, yuan. The report's ¥123.56M and ¥42.50M are the
   * products' cumulative disbursements (the opening book's loans included); docs/demo.md says how far the
   * calibration has come.
   */
  baozhengYuan: 30_000_000,
  /** Monthly chance a paying borrower falls behind. */
  monthlyDefault: 0.0035,
  /** Monthly chance a borrower behind catches up (never those already more than 90 days behind). */
  monthlyCure: 0.35,
  /** Monthly chance a paying borrower repays a loan early (in full 70%, in part otherwise). */
  monthlyEarlyRepayment: 0.045,
  /** Depositors pledging certificates that mature after the loan (see baozhengYuan). */
  zhiyaYuan: 8_000_000,
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
  /** 保证e贷 and 质押e贷 amounts each day should reach (yuan), spread over the quarter by how busy each day is. */
  let dailyBaozheng: number[] = [];
  let dailyZhiya: number[] = [];
  /** What the days so far asked for and was not yet lent (a loan is larger than a small build's day). */
  let owedBaozheng = 0;
  let owedZhiya = 0;
  /** Depositors' certificates a pledge loan may use: maturing at least six months after the quarter's start. */
  let pledgeable: Array<{ c: BookCustomer; cd: BookCustomer['cds'][number] }> = [];
  /** Loans that matured and were repaid, whose borrowers may borrow again (续贷). */
  const renewals: Array<{ b: Borrower; loan: TrackedLoan; on: IsoDate }> = [];

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
      const days = demoDays('2026-01-01', DEMO_QUARTER_END);
      const weightSum = days.reduce((t, d) => t + d.weight, 0);
      dailyBaozheng = days.map((d) => (LENDING.baozhengYuan * sim.scale * d.weight) / weightSum);
      dailyZhiya = days.map((d) => (LENDING.zhiyaYuan * sim.scale * d.weight) / weightSum);
      pledgeable = rng.shuffle(
        book.customers
          .filter((c) => c.loans.length === 0)
          .flatMap((c) =>
            c.cds.filter((cd) => compareDates(cd.maturityDate, '2026-08-01') >= 0 && cd.principalYuan >= 20_000).map((cd) => ({ c, cd })),
          ),
      );
    },
    async day(sim, day) {
      await paydays(sim, day);
      await earlyRepayments(sim, day);
      await newBorrowers(sim, day);
      await guaranteedLoans(sim, day);
      await pledgeLoans(sim, day);
      await renewLoans(sim, day);
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
      const product = rng.weighted(LENDING.newProductMix.filter(([p]) => p !== 'BAOZHENG_E_DAI'));
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

  /** A new borrower of the day, with an officer of a branch. */
  function newBorrower(sim: Sim, label: string): Borrower {
    const rng = sim.rng(`${label}-${nextPerson}`);
    const branch = rng.pick(LENDING_BRANCHES);
    return {
      customerId: 0,
      person: person(rng, nextPerson++, 26, 54),
      branch,
      officer: rng.pick(officersByBranch.get(branch) ?? ['officer1']),
      occupation: rng.pick(['FARMER', 'SELF_EMPLOYED', 'ENTERPRISE_EMPLOYEE', 'SOE_EMPLOYEE', 'CIVIL_SERVANT'] as const),
      incomeYuan: rng.int(60, 200) * 100,
      accountNo: null,
      payday: rng.int(1, 28),
      behind: false,
      npl: false,
      loans: [],
    };
  }

  /** Applies with the officer; an approved line is drawn at once, a referred one waits for the approver. */
  async function applyAndDraw(sim: Sim, b: Borrower, lead: Lead): Promise<void> {
    const { result } = await apply(sim, lead);
    if (!b.customerId && result.id) b.customerId = await customerOf(sim, result.id, b.officer);
    if (b.customerId) borrowers.set(b.customerId, b);
    if (result.status === 'REFERRED') waiting.set(result.id, { lead, borrower: b });
    else if (result.status === 'APPROVED' && result.creditLineId)
      await drawOnLine(sim, b, lead, result.creditLineId, Math.min(lead.requestedYuan, Math.floor(Number(result.decision.limit))));
  }

  /** 保证e贷: borrowers with a guarantor, new ones and existing customers, until the day's amount is reached. */
  async function guaranteedLoans(sim: Sim, day: DemoDay) {
    owedBaozheng += dailyBaozheng[day.index] ?? 0;
    const rng = sim.rng('lending-baozheng');
    for (;;) {
      const amount = Math.min(200_000, Math.max(50_000, Math.round(Math.exp(rng.normal(Math.log(150_000), 0.3)) / 1000) * 1000));
      if (owedBaozheng < amount / 2) break;
      const b = newBorrower(sim, 'lending-baozheng-person');
      sim.at(`${String(rng.int(9, 16)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}`);
      await applyAndDraw(sim, b, newLead(sim, b, 'BAOZHENG_E_DAI', amount));
      owedBaozheng -= amount;
    }
  }

  /** 质押e贷: depositors pledge a certificate maturing after the loan, until the day's amount is reached. */
  async function pledgeLoans(sim: Sim, day: DemoDay) {
    owedZhiya += dailyZhiya[day.index] ?? 0;
    const rng = sim.rng('lending-zhiya');
    while (owedZhiya > 50_000 && pledgeable.length > 0) {
      const { c, cd } = pledgeable.shift()!;
      // the loan matures no later than the certificate (the pledge rule)
      const months = [12, 6, 3].find((m) => compareDates(addMonthsClamped(day.date, m), cd.maturityDate) <= 0);
      if (!months) continue;
      const amount = Math.min(200_000, Math.floor((cd.principalYuan * 0.9 * rng.int(60, 100)) / 100 / 1000) * 1000);
      if (amount < 10_000) continue;
      const ids = await withTx(sim.ctx.db, (tx) => customerIdsByIdNumberHash(tx, [sim.ctx.crypto.lookupHash(c.person.idNumber)]));
      const b: Borrower = {
        customerId: ids.values().next().value ?? 0,
        person: c.person,
        branch: c.branch,
        officer: c.officer,
        occupation: c.occupation,
        incomeYuan: c.monthlyIncomeYuan,
        accountNo: c.accountNo,
        payday: rng.int(1, 28),
        behind: false,
        npl: false,
        loans: [],
      };
      const lead: Lead = {
        ...newLead(sim, b, 'ZHIYA_E_DAI', amount),
        channel: 'BRANCH',
        termMonths: months,
        method: rng.chance(0.6) ? 'MONTHLY_INTEREST' : 'BULLET',
        pledgeCdNos: [cd.cdNo],
      };
      sim.at(`${String(rng.int(9, 16)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}`);
      await applyAndDraw(sim, b, lead);
      owedZhiya -= amount;
    }
  }

  /** 续贷: a borrower whose loan matured and was repaid borrows again a few days later. */
  async function renewLoans(sim: Sim, day: DemoDay) {
    const rng = sim.rng('lending-renewals');
    for (const b of borrowers.values())
      for (const l of b.loans)
        if (
          l.maturityDate === day.date &&
          !b.behind &&
          !b.npl &&
          l.product !== 'BAOZHENG_E_DAI' &&
          l.product !== 'ZHIYA_E_DAI' &&
          rng.chance(LENDING.renewalShare)
        )
          renewals.push({ b, loan: l, on: addDays(day.date, rng.int(1, 6)) });
    if (!day.workday) return;
    for (const r of renewals.filter((x) => compareDates(x.on, day.date) <= 0)) {
      renewals.splice(renewals.indexOf(r), 1);
      const amount = Math.min(200_000, Math.max(20_000, Math.round((r.loan.principalYuan * rng.int(90, 125)) / 100 / 1000) * 1000));
      sim.at(`${String(rng.int(9, 16)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}`);
      const product = r.loan.product === 'XIN_E_KUAI_DAI' ? 'XIN_E_DAI' : r.loan.product;
      const lead = newLead(sim, r.b, product, amount);
      // a revolving 信e贷 line still open is drawn again; otherwise the borrower applies anew
      const officer = await sim.as(r.b.officer);
      const lines = await officer.get<CreditLinePage>(`/api/v1/credit-lines?customerId=${r.b.customerId}&status=ACTIVE&pageSize=20`);
      const line = lines.items.find(
        (x) => x.revolving && x.productCode === product && compareDates(x.expiryDate, day.date) > 0 && Number(x.available) >= 1000,
      );
      try {
        if (line) await drawOnLine(sim, r.b, lead, line.id, Math.min(amount, Math.floor(Number(line.available))));
        else await applyAndDraw(sim, r.b, lead);
        sim.count('lending.renewals');
      } catch (err) {
        // a renewal the bank refuses (the line's term, a product rule) is the customer's loss, not the build's
        if (!(err instanceof DemoApiError) || err.status >= 500) throw err;
        sim.count(`lending.renewalRefused.${err.status}`);
      }
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
