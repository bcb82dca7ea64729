/**
 * Lending in the quarter: the customers' money and their loans. Every day —
 * - paydays: borrowers in good standing receive their income in their demand account (the core system's
 *   side, through its adapter), enough for the month's installments, and before a bullet or interest-only
 *   loan matures the principal to repay it; end-of-day's auto-debit then collects;
 * - some borrowers fall behind (their income stops and the account is spent), and some of those catch up
 *   (the arrears arrive, and the next auto-debit cures the loan);
 * - borrowers whose loan matured borrow again (续贷);
 * - the officers lend to the day's plan (PLAN): 保证e贷 with a guarantor who confirms on their phone, 质押e贷
 *   on depositors' certificates, 信e贷 and 济e贷 — to new borrowers while the plan wants more borrowers, else
 *   to the bank's own; the approver works the referral queue, and approved customers draw;
 * - early repayments at the counter, large ones through review, as far as the plan's balance allows.
 * Behaviour (LENDING) is calibrated so the reports come out at the quarter's figures (targets.ts).
 */
import { withTx } from '../../../src/db/client.js';
import { addDays, addMonthsClamped, compareDates, daysBetween, type IsoDate } from '../../../src/kernel/dates.js';
import { core } from '../../../src/modules/core/index.js';
import { customerIdsByIdNumberHash } from '../../../src/modules/customers/index.js';
import type { ApplicationDetail, ApplicationPage, CreditLinePage } from '../../../src/modules/origination/origination.contract.js';
import type { LoanPage } from '../../../src/modules/loans/loans.contract.js';
import type { LobbyOutcome, LobbyTaskPage } from '../../../src/modules/lobby/lobby.contract.js';
import { DEMO_OPENING_DATE } from '../../bank.js';
import { buildSchedule, type RepaymentMethod } from '../../../src/modules/products/index.js';
import type { ReviewRequestView } from '../../../src/modules/review/review.contract.js';
import type { DemoActor } from '../actor.js';
import { generateBook, type Book, type BookCustomer, type ProductCode } from '../book.js';
import { demoDays, type DemoDay } from '../calendar.js';
import { DEMO_QUARTER_END } from '../build.js';
import { LENDING_BRANCHES, demoRoster } from '../org.js';
import { apply, deposit, draw, type Lead } from '../paths.js';
import { person, type Person } from '../people.js';
import { DemoApiError, type Sim } from '../sim.js';
import { QUARTER_TARGETS } from '../targets.js';
import type { Headline } from '../../../src/modules/reports/reports.contract.js';

/** Behaviour (calibrated against targets.ts; see docs/demo.md). */
export const LENDING = {
  /** Product mix of the officers' other new loans (besides 保证e贷 and 质押e贷). */
  otherProductMix: [
    ['XIN_E_DAI', 0.7],
    ['JI_E_DAI', 0.3],
  ] as ReadonlyArray<readonly [ProductCode, number]>,
  /** Renewals: of the borrowers whose loan matures and is repaid, the share who borrow again. */
  renewalShare: 0.72,
  /** Monthly chance a paying borrower falls behind. */
  monthlyDefault: 0.004,
  /** Monthly chance a borrower behind catches up, while fewer than `cureBeforeDpd` days behind. */
  monthlyCure: 0.35,
  cureBeforeDpd: 80,
  /** An early repayment in full (the rest pay part of the balance). */
  earlyFullShare: 0.6,
};

/**
 * The quarter's plan the officers work to, at scale 1: the bank's plan for the 一增一降 campaign (the
 * products' disbursements, the loans marketed in all, and where the balance and the borrowers should stand
 * at the end of March). Each day the officers see yesterday's figures (the headline report) and work the
 * gap to the plan's trajectory: how much to lend, how many new borrowers to bring, how much early repayment
 * the branches accept rather than steer to a renewal. The figures themselves come only from the ledger.
 */
const PLAN = {
  baozhengYuan: QUARTER_TARGETS.products.baozhengDisbursedYuan,
  zhiyaYuan: QUARTER_TARGETS.products.zhiyaDisbursedYuan,
  grossYuan: QUARTER_TARGETS.campaign.marketedYuan,
  closingBalanceYuan: QUARTER_TARGETS.closing.balanceYuan,
  closingBorrowers: QUARTER_TARGETS.closing.borrowers,
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
  /** Their principal (yuan). */
  principalDues: Map<IsoDate, number>;
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
  /** Since when the borrower has been behind (null: paying). */
  behindSince: IsoDate | null;
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

function tracked(l: Omit<TrackedLoan, 'dues' | 'principalDues' | 'maturityDate'>): TrackedLoan {
  const s = scheduleOf(l);
  const dues = new Map<IsoDate, number>();
  const principalDues = new Map<IsoDate, number>();
  for (const i of s.installments) {
    dues.set(i.dueDate, Number(i.paymentFen) / 100);
    principalDues.set(i.dueDate, Number(i.principalFen) / 100);
  }
  return { ...l, dues, principalDues, maturityDate: s.installments[s.installments.length - 1].dueDate };
}

export function lendingActor(): DemoActor {
  const borrowers = new Map<number, Borrower>();
  let book: Book;
  const guarantors: Person[] = [];
  let officersByBranch = new Map<string, string[]>();
  let nextPerson = NEW_BORROWER_INDEX;
  /** Applications waiting for the approver, and what to draw once approved. */
  const waiting = new Map<number, { lead: Lead; borrower: Borrower; fresh: boolean }>();
  /** The plan's share of the quarter reached at the end of each day (by how busy the days are). */
  let planFraction: number[] = [];
  let quarterDays: DemoDay[] = [];
  /** Where the bank stood when the quarter began (the go-live day's figures). */
  let opening = { balanceYuan: 0, borrowers: 0 };
  /** What this actor disbursed of 保证e贷 and 质押e贷 (yuan); every drawdown of any actor is counted by the sim. */
  let baozhengLent = 0;
  let zhiyaLent = 0;
  /** The drawdowns counted when the day began (the marketing actor acts before this one). */
  let drawnAtDayStart = 0;
  /** The bank's borrowers offered a loan today (each at most once a day). */
  const askedToday = new Set<number>();
  let plan: DayPlan = { baozheng: 0, zhiya: 0, other: 0, newSlots: 0, balanceYuan: 0, yesterdayBalanceYuan: 0, eve: '2026-01-01' };
  /** Depositors' certificates a pledge loan may use: maturing at least six months after the quarter's start. */
  let pledgeable: Array<{ c: BookCustomer; customerId: number; cd: BookCustomer['cds'][number] }> = [];
  /** The lobby officers (厅堂), one per branch. */
  let lobbyStaff: string[] = [];
  /** Loans that matured and were repaid, whose borrowers may borrow again (续贷). */
  const renewals: Array<{ b: Borrower; loan: TrackedLoan; on: IsoDate }> = [];

  const credit = async (sim: Sim, b: Borrower, yuan: number, memo: string) => {
    b.accountNo = await deposit(sim, b.customerId, yuan, memo, b.accountNo);
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

  const paying = (b: Borrower) => !b.behind && !b.npl && b.customerId > 0;
  /** The borrower still owes after `date` (a loan maturing on `date` is repaid that night). */
  const owesAfter = (b: Borrower, date: IsoDate) => b.loans.some((l) => compareDates(l.maturityDate, date) > 0);

  /** Guarantors in turn (a guarantor is asked at most once in a while: one-time codes are rate-limited per person). */
  let guarantorTurn = 0;
  const nextGuarantor = (b: Borrower): Person => {
    let g = guarantors[guarantorTurn++ % guarantors.length];
    if (g.idNumber === b.person.idNumber) g = guarantors[guarantorTurn++ % guarantors.length];
    return g;
  };

  const newLead = (sim: Sim, b: Borrower, product: ProductCode, amountYuan: number): Lead => {
    const rng = sim.rng(`lending-lead-${b.person.index}-${product}`);
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

  const drawOnLine = async (sim: Sim, b: Borrower, lead: Lead, lineId: number, amountYuan: number): Promise<boolean> => {
    if (amountYuan < 1000) return false;
    sim.wait(90);
    const officer = await sim.as(b.officer);
    let d;
    try {
      d = await draw(sim, officer, lineId, {
        amountYuan,
        termMonths: lead.termMonths,
        method: lead.method,
        key: `demo-draw-${lineId}-${sim.date}`,
      });
    } catch (err) {
      // the bank refuses the drawdown (a loan past due, the line's rules): the customer goes without
      if (!(err instanceof DemoApiError) || err.status >= 500) throw err;
      sim.count(`lending.drawRefused.${err.code ?? err.status}`);
      return false;
    }
    if (lead.productCode === 'BAOZHENG_E_DAI') baozhengLent += amountYuan;
    if (lead.productCode === 'ZHIYA_E_DAI') zhiyaLent += amountYuan;
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
    return true;
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
        borrowers.set(customerId, bookBorrower(c, customerId, rng.int(1, 28)));
      }
      officersByBranch = new Map();
      for (const r of demoRoster(sim.seed))
        if (r.roles.includes('loan_officer')) officersByBranch.set(r.branch, [...(officersByBranch.get(r.branch) ?? []), r.username]);
      officersByBranch.set('YZ-GL', ['officer1', ...(officersByBranch.get('YZ-GL') ?? [])]);
      quarterDays = demoDays('2026-01-01', DEMO_QUARTER_END);
      const weightSum = quarterDays.reduce((t, d) => t + d.weight, 0);
      let cumulative = 0;
      planFraction = quarterDays.map((d) => (cumulative += d.weight) / weightSum);
      const h = await (await sim.as(PLANNER)).get<Headline>(`/api/v1/reports/headline?date=${DEMO_OPENING_DATE}`);
      opening = { balanceYuan: Number(h.onlineLoanBalance), borrowers: h.borrowers };
      pledgeable = rng.shuffle(
        book.customers
          .filter((c) => c.loans.length === 0)
          .flatMap((c) =>
            c.cds
              .filter((cd) => compareDates(cd.maturityDate, '2026-08-01') >= 0 && cd.principalYuan >= 20_000)
              .map((cd) => ({ c, customerId: ids.get(sim.ctx.crypto.lookupHash(c.person.idNumber)) ?? 0, cd })),
          ),
      );
      lobbyStaff = demoRoster(sim.seed)
        .filter((r) => r.roles.includes('lobby_staff'))
        .map((r) => r.username);
    },
    async day(sim, day) {
      await paydays(sim, day);
      await lobbyTasks(sim, day);
      plan = await dayPlan(sim, day);
      askedToday.clear();
      await renewLoans(sim, day);
      await guaranteedLoans(sim);
      await pledgeLoans(sim, day);
      await otherLoans(sim, day);
      await approverApplications(sim, day.date === DEMO_QUARTER_END);
      if (day.date === DEMO_QUARTER_END) await closeTheQuarter(sim);
      await earlyRepayments(sim, day);
      await approverRepayments(sim);
      drawnAtDayStart = sim.counted('drawdowns.yuan');
    },
  };

  /**
   * The day's plan: yesterday's figures against the plan's trajectory at the evening before the next
   * working day (what is lent today stands over the weekend). Budgets are what the plan's disbursements
   * still want (less what is waiting for the approver); the other loans also make up a balance that would
   * fall short of the trajectory; new-borrower slots are the borrowers the trajectory wants, counting those
   * whose last loan matures before then.
   */
  async function dayPlan(sim: Sim, day: DemoDay): Promise<DayPlan> {
    const i = quarterDays.findIndex((d) => d.date === day.date);
    let e = i;
    while (e + 1 < quarterDays.length && !quarterDays[e + 1].workday) e++;
    const eve = quarterDays[e].date;
    const f = planFraction[e];
    const h = await (await sim.as(PLANNER)).get<Headline>(`/api/v1/reports/headline?date=${addDays(day.date, -1)}`);
    const balance = Number(h.onlineLoanBalance);
    const inflight = (p: (x: ProductCode) => boolean) =>
      [...waiting.values()].filter((w) => p(w.lead.productCode as ProductCode)).reduce((t, w) => t + w.lead.requestedYuan, 0);
    const drawnTotal = sim.counted('drawdowns.yuan');
    const otherLent = drawnTotal - baozhengLent - zhiyaLent;
    const baozheng = PLAN.baozhengYuan * sim.scale * f - baozhengLent - inflight((p) => p === 'BAOZHENG_E_DAI');
    const zhiya = PLAN.zhiyaYuan * sim.scale * f - zhiyaLent - inflight((p) => p === 'ZHIYA_E_DAI');
    let other =
      (PLAN.grossYuan - PLAN.baozhengYuan - PLAN.zhiyaYuan) * sim.scale * f -
      otherLent -
      inflight((p) => p !== 'BAOZHENG_E_DAI' && p !== 'ZHIYA_E_DAI');
    const balanceAtEve = opening.balanceYuan + (PLAN.closingBalanceYuan * sim.scale - opening.balanceYuan) * f;
    const projected =
      balance +
      (drawnTotal - drawnAtDayStart) +
      Math.max(0, baozheng) +
      Math.max(0, zhiya) +
      Math.max(0, other) -
      scheduledPrincipal(day.date, eve);
    if (projected < balanceAtEve) other += balanceAtEve - projected;
    const borrowersAtEve = opening.borrowers + (PLAN.closingBorrowers * sim.scale - opening.borrowers) * f;
    let leaving = 0;
    for (const b of borrowers.values()) if (paying(b) && owesAfter(b, addDays(day.date, -1)) && !owesAfter(b, eve)) leaving++;
    sim.count('lending.plan.days');
    return {
      baozheng,
      zhiya,
      other,
      newSlots: Math.round(borrowersAtEve - h.borrowers + leaving),
      balanceYuan: balanceAtEve,
      yesterdayBalanceYuan: balance,
      eve,
    };
  }

  /** Principal the paying borrowers' schedules take on [from, to] (end-of-day's auto-debit). */
  function scheduledPrincipal(from: IsoDate, to: IsoDate): number {
    let sum = 0;
    for (const b of borrowers.values()) {
      if (!paying(b)) continue;
      for (const l of b.loans) for (const [d, v] of l.principalDues) if (compareDates(d, from) >= 0 && compareDates(d, to) <= 0) sum += v;
    }
    return sum;
  }

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
        b.behindSince = day.date;
        await spendAll(sim, b);
        sim.count('borrowers.fellBehind');
        continue;
      }
      const behindDays = b.behindSince ? daysBetween(b.behindSince, day.date) : 0;
      if (b.behind && behindDays < LENDING.cureBeforeDpd && rng.chance(LENDING.monthlyCure)) {
        // the arrears since the borrower fell behind (with their penalty interest), and the coming month's
        await credit(
          sim,
          b,
          dueBetween(b, addDays(b.behindSince ?? day.date, -1), day.date) * 1.08 +
            dueBetween(b, day.date, addDays(day.date, 35)) * 1.1 +
            200,
          'catch-up',
        );
        b.behind = false;
        b.behindSince = null;
        sim.count('borrowers.caughtUp');
        continue;
      }
      if (!b.behind) await credit(sim, b, dueBetween(b, day.date, addDays(day.date, 35)) * 1.02 + b.incomeYuan * 0.05, 'salary');
    }
  }

  /**
   * Early repayments at the counter: as much as brings the balance down to the plan's trajectory, from
   * paying borrowers picked at random (in full, or part of the loan; the quarter's last day only in part, so
   * the borrowers counted stay). Large ones go through review, checked the same afternoon.
   */
  async function earlyRepayments(sim: Sim, day: DemoDay) {
    if (!day.workday) return;
    const drawnToday = sim.counted('drawdowns.yuan') - drawnAtDayStart;
    let excess = plan.yesterdayBalanceYuan + drawnToday - scheduledPrincipal(day.date, plan.eve) - plan.balanceYuan;
    if (excess < 5_000) return;
    const rng = sim.rng('lending-early');
    const candidates = rng.shuffle([...borrowers.values()].filter((b) => paying(b) && owesAfter(b, plan.eve)));
    for (const b of candidates) {
      if (excess < 5_000) break;
      // not on a loan's due day (that day's installment first, the counter says)
      const l = b.loans.find((x) => compareDates(x.maturityDate, plan.eve) > 0 && !x.dues.has(day.date));
      if (!l) continue;
      const officer = await sim.as(b.officer);
      l.loanId ??= await loanIdOf(sim, b, l);
      if (l.loanId === null) continue;
      sim.at(`${String(rng.int(9, 16)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}`);
      const quote = await officer.call<{ total: string; principal?: string }>('GET', `/api/v1/loans/${l.loanId}/settlement-quote`);
      if (quote.status !== 200) continue;
      const total = Number(quote.body.total);
      const full = !day.last && rng.chance(LENDING.earlyFullShare) && total <= excess * 1.2;
      const amount = full
        ? total
        : Math.max(1000, Math.min(Math.round((total * rng.int(20, 60)) / 100 / 100) * 100, Math.ceil(excess / 100) * 100));
      if (!full && amount >= total) continue;
      await credit(sim, b, amount, `early-${l.loanId}`);
      const r = await officer.call(
        'POST',
        `/api/v1/loans/${l.loanId}/repayments`,
        { amount: amount.toFixed(2), mode: full ? 'EARLY_FULL' : 'EARLY_PARTIAL' },
        { key: `demo-early-${l.loanId}-${day.date}` },
      );
      if (r.status !== 201 && r.status !== 202) continue;
      sim.count(`repayments.early.${r.status === 201 ? 'done' : 'review'}`);
      sim.count('repayments.early.yuan', amount);
      excess -= amount;
      if (full) b.loans = b.loans.filter((x) => x !== l);
      else l.principalDues = rescaled(l.principalDues, 1 - amount / Math.max(total, 1));
    }
  }

  /** The server's id of a loan of the opening book (the book knows the loan, not its id). */
  async function loanIdOf(sim: Sim, b: Borrower, l: TrackedLoan): Promise<number | null> {
    const page = await (await sim.as(b.officer)).get<LoanPage>(`/api/v1/loans?customerId=${b.customerId}&status=ACTIVE&pageSize=50`);
    const hit = page.items.find((x) => x.startDate === l.startDate && Number(x.principal) === l.principalYuan);
    return hit?.id ?? null;
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
      behindSince: null,
      npl: false,
      loans: [],
    };
  }

  /** A borrower for the next loan: a new one while the plan wants more borrowers, else one of the bank's paying borrowers. */
  function borrowerFor(sim: Sim, label: string, rng: { pick<T>(items: readonly T[]): T }): { b: Borrower; fresh: boolean } {
    if (plan.newSlots > 0) {
      plan.newSlots--;
      return { b: newBorrower(sim, label), fresh: true };
    }
    const pool = [...borrowers.values()].filter(
      (b) => paying(b) && owesAfter(b, plan.eve) && b.loans.length < 3 && !askedToday.has(b.customerId),
    );
    if (pool.length === 0) return { b: newBorrower(sim, label), fresh: true };
    const b = rng.pick(pool);
    askedToday.add(b.customerId);
    return { b, fresh: false };
  }

  /** Applies with the officer; an approved line is drawn at once, a referred one waits for the approver. */
  async function applyAndDraw(sim: Sim, b: Borrower, lead: Lead, fresh: boolean): Promise<boolean> {
    let applied;
    try {
      applied = await apply(sim, lead);
    } catch (err) {
      // the bank refuses (an application already open, a product rule): the customer's loss, not the build's
      if (!(err instanceof DemoApiError) || err.status >= 500) throw err;
      sim.count(`lending.refused.${err.code ?? err.status}`);
      if (fresh) plan.newSlots++;
      return false;
    }
    const { result } = applied;
    if (!b.customerId && result.id) b.customerId = await customerOf(sim, result.id, b.officer);
    if (b.customerId) borrowers.set(b.customerId, b);
    if (result.status === 'REFERRED') waiting.set(result.id, { lead, borrower: b, fresh });
    else if (result.status === 'APPROVED' && result.creditLineId)
      await drawOnLine(sim, b, lead, result.creditLineId, Math.min(lead.requestedYuan, Math.floor(Number(result.decision.limit))));
    else if (fresh) plan.newSlots++;
    return result.status === 'APPROVED' || result.status === 'REFERRED';
  }

  /** 保证e贷: borrowers with a guarantor who confirms on their phone, until the day's budget is lent. */
  async function guaranteedLoans(sim: Sim) {
    const rng = sim.rng('lending-baozheng');
    for (let tries = 0, refused = 0; tries < 400 && refused < MAX_REFUSALS; tries++) {
      const amount = Math.min(loanSize(rng, 150_000, 50_000), Math.max(1000, Math.round(plan.baozheng / 1000) * 1000));
      if (plan.baozheng < amount / 2 || plan.baozheng < 1000) break;
      const { b, fresh } = borrowerFor(sim, 'lending-baozheng-person', rng);
      sim.at(`${String(rng.int(9, 16)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}`);
      if (await applyAndDraw(sim, b, newLead(sim, b, 'BAOZHENG_E_DAI', amount), fresh)) {
        plan.baozheng -= amount;
        refused = 0;
      } else refused++;
    }
  }

  /** 质押e贷: depositors pledge a certificate maturing after the loan, until the day's budget is lent. */
  async function pledgeLoans(sim: Sim, day: DemoDay) {
    const rng = sim.rng('lending-zhiya');
    while (plan.zhiya > 5_000 && pledgeable.length > 0) {
      const { c, customerId, cd } = pledgeable.shift()!;
      // the loan matures no later than the certificate (the pledge rule)
      const months = [12, 6, 3].find((m) => compareDates(addMonthsClamped(day.date, m), cd.maturityDate) <= 0);
      if (!months) continue;
      const amount = Math.min(
        200_000,
        Math.floor((cd.principalYuan * 0.9 * rng.int(60, 100)) / 100 / 1000) * 1000,
        Math.max(1000, Math.round(plan.zhiya / 1000) * 1000),
      );
      if (amount < 1_000) continue;
      const b = bookBorrower(c, customerId, rng.int(1, 28));
      const lead: Lead = {
        ...newLead(sim, b, 'ZHIYA_E_DAI', amount),
        channel: 'BRANCH',
        termMonths: months,
        method: rng.chance(0.6) ? 'MONTHLY_INTEREST' : 'BULLET',
        pledgeCdNos: [cd.cdNo],
      };
      sim.at(`${String(rng.int(9, 16)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}`);
      plan.newSlots--;
      if (await applyAndDraw(sim, b, lead, true)) plan.zhiya -= amount;
    }
  }

  /** 信e贷 and 济e贷 the officers bring in, until the day's budget is lent. */
  async function otherLoans(sim: Sim, day: DemoDay) {
    if (!day.workday && !day.last) return;
    const rng = sim.rng('lending-other');
    for (let tries = 0, refused = 0; tries < 400 && refused < MAX_REFUSALS; tries++) {
      const product = rng.weighted(LENDING.otherProductMix);
      const amount = Math.min(loanSize(rng, 90_000, 20_000), Math.max(1000, Math.round(plan.other / 1000) * 1000));
      if (plan.other < amount / 2 || plan.other < 1000) break;
      const { b, fresh } = borrowerFor(sim, 'lending-other-person', rng);
      sim.at(`${String(rng.int(9, 17)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}`);
      // one of the bank's borrowers with a revolving line still open draws on it; anyone else applies
      const line = fresh ? undefined : await openLine(sim, b, product, amount);
      const lent = line
        ? await drawOnLine(sim, b, newLead(sim, b, product, amount), line.id, amount)
        : await applyAndDraw(sim, b, newLead(sim, b, product, amount), fresh);
      if (lent) {
        plan.other -= amount;
        refused = 0;
      } else refused++;
    }
  }

  /** The borrower's revolving line of the product still open with at least `amount` available (its id and whole yuan available). */
  async function openLine(
    sim: Sim,
    b: Borrower,
    product: ProductCode,
    amount: number,
  ): Promise<{ id: number; available: number } | undefined> {
    const lines = await (
      await sim.as(b.officer)
    ).get<CreditLinePage>(`/api/v1/credit-lines?customerId=${b.customerId}&status=ACTIVE&pageSize=20`);
    const line = lines.items.find(
      (x) => x.revolving && x.productCode === product && compareDates(x.expiryDate, sim.date) > 0 && Number(x.available) >= amount,
    );
    return line ? { id: line.id, available: Math.floor(Number(line.available)) } : undefined;
  }

  /**
   * 厅堂营销: each working day the lobby officers work their branch's maturing-certificate tasks. A holder
   * with a longer certificate is offered a 质押e贷 on it and comes first in the pledge queue (the loan then
   * converts the task); the others renew the deposit, decline, or are not reached.
   */
  async function lobbyTasks(sim: Sim, day: DemoDay) {
    if (!day.workday) return;
    const rng = sim.rng('lending-lobby');
    sim.at('09:30');
    for (const username of lobbyStaff) {
      const api = await sim.as(username);
      const page = await api.get<LobbyTaskPage>('/api/v1/lobby/tasks?status=OPEN&kind=CD_MATURING&pageSize=50');
      for (const t of page.items) {
        const offer = pledgeable.filter((p) => p.customerId === t.customerId);
        const outcome: LobbyOutcome =
          offer.length > 0 && rng.chance(0.85)
            ? 'OFFERED_PLEDGE_LOAN'
            : rng.weighted([
                ['RENEWED', 0.55],
                ['DECLINED', 0.25],
                ['NOT_REACHED', 0.2],
              ] as const);
        sim.wait(420);
        await api.post(`/api/v1/lobby/tasks/${t.id}/outcome`, { outcome, note: LOBBY_NOTES[outcome] });
        sim.count(`lending.lobby.${outcome}`);
        if (outcome === 'OFFERED_PLEDGE_LOAN') pledgeable = [...offer, ...pledgeable.filter((p) => p.customerId !== t.customerId)];
      }
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
      // a borrower with nothing owed counts again once they draw
      const back = !owesAfter(r.b, addDays(day.date, -1));
      // a revolving 信e贷 line still open is drawn again; otherwise the borrower applies anew
      const line = await openLine(sim, r.b, product, 1000);
      try {
        if (line) await drawOnLine(sim, r.b, lead, line.id, Math.min(amount, line.available));
        else await applyAndDraw(sim, r.b, lead, back);
        if (back) plan.newSlots--;
        plan.other -= amount;
        sim.count('lending.renewals');
      } catch (err) {
        // a renewal the bank refuses (the line's term, a product rule) is the customer's loss, not the build's
        if (!(err instanceof DemoApiError) || err.status >= 500) throw err;
        sim.count(`lending.renewalRefused.${err.status}`);
      }
    }
  }

  /**
   * The quarter's last afternoon: what the plan's 保证e贷 and 质押e贷 still want is lent in one loan each (to
   * one of the bank's borrowers, referred loans decided at once), so the quarter closes on the plan.
   */
  async function closeTheQuarter(sim: Sim) {
    const rng = sim.rng('lending-close');
    sim.at('16:00');
    for (let round = 0; round < 6; round++) {
      const left = PLAN.baozhengYuan * sim.scale - baozhengLent;
      if (left < 1000) break;
      const amount = Math.min(200_000, Math.round(left));
      const { b, fresh } = borrowerFor(sim, 'lending-close-person', rng);
      await applyAndDraw(sim, b, newLead(sim, b, 'BAOZHENG_E_DAI', amount), fresh);
      await approverApplications(sim, true);
    }
  }

  async function customerOf(sim: Sim, applicationId: number, officer: string): Promise<number> {
    const a = await (await sim.as(officer)).get<ApplicationDetail>(`/api/v1/applications/${applicationId}`);
    return a.customerId;
  }

  /** The approver's afternoon: referred applications decided (on the quarter's last day, every one approved). */
  async function approverApplications(sim: Sim, approveAll = false) {
    if (waiting.size === 0 && !sim.day.workday) return;
    sim.at('15:00');
    const approver = await sim.as('approver1');
    const page = await approver.get<ApplicationPage>('/api/v1/referrals?pageSize=200');
    const rng = sim.rng('lending-approver');
    for (const a of page.items) {
      const w = waiting.get(a.id);
      const approve = approveAll || rng.chance(0.9);
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
  }

  /** Large repayments waiting for a checker, approved once the money is confirmed. */
  async function approverRepayments(sim: Sim) {
    const approver = await sim.as('approver1');
    const reviews = await approver.get<{ items: ReviewRequestView[] }>(
      '/api/v1/review/requests?status=PENDING&type=REPAYMENT&pageSize=200',
    );
    for (const r of reviews.items) {
      if (!r.canCheck) continue;
      const ok = await approver.call('POST', `/api/v1/review/requests/${r.id}/approve`, { comment: '资金已到账，同意' });
      if (ok.status === 200 || ok.status === 201) sim.count('repayments.early.reviewed');
      else if (ok.status === 409) {
        // the loan changed since the request (an installment fell due): returned to the officer
        await approver.post(`/api/v1/review/requests/${r.id}/reject`, { comment: '贷款状态已变化，请重新办理' });
        sim.count('repayments.early.returned');
      } else throw new DemoApiError('approver1', 'POST', `/api/v1/review/requests/${r.id}/approve`, ok.status, JSON.stringify(ok.body));
    }
  }
}

const LOBBY_NOTES: Record<LobbyOutcome, string> = {
  OFFERED_PLEDGE_LOAN: '客户存单将到期，介绍以其他定期存单质押办理质押e贷，客户有意向',
  RENEWED: '客户到期后续存一年',
  DECLINED: '客户暂无资金需求',
  NOT_REACHED: '电话未接通，已短信告知',
};

/** Refusals in a row after which the officers stop for the day (the rest of the budget waits for tomorrow). */
const MAX_REFUSALS = 12;

/** Who reads the figures the officers plan by (the headline report). */
const PLANNER = 'exec1';

interface DayPlan {
  /** Yuan still to lend today: 保证e贷, 质押e贷, and the other products. */
  baozheng: number;
  zhiya: number;
  other: number;
  /** New borrowers the day may still bring (the rest of its loans go to the bank's borrowers). */
  newSlots: number;
  /** The balance the plan's trajectory wants at `eve` (yuan). */
  balanceYuan: number;
  /** Yesterday's balance (the headline the plan was made from). */
  yesterdayBalanceYuan: number;
  /** The evening before the next working day. */
  eve: IsoDate;
}

/**
 * A customer of the opening book as the lending actor follows them: behind since their oldest arrears (NPL
 * beyond 90 days), their book loans tracked by schedule.
 */
function bookBorrower(c: BookCustomer, customerId: number, payday: number): Borrower {
  const dpd = Math.max(0, ...c.loans.map((l) => l.dpd));
  return {
    customerId,
    person: c.person,
    branch: c.branch,
    officer: c.officer,
    occupation: c.occupation,
    incomeYuan: c.monthlyIncomeYuan,
    accountNo: c.accountNo,
    payday,
    behind: dpd > 0,
    behindSince: dpd > 0 ? addDays(DEMO_OPENING_DATE, -dpd) : null,
    npl: dpd > 90,
    loans: c.loans.map((l) => tracked({ ...l, loanId: null, lineId: null })),
  };
}

/** A loan's size around a median (yuan, whole thousands, within the product's ¥200,000 cap). */
function loanSize(rng: { normal(m: number, sd: number): number }, median: number, min: number): number {
  return Math.min(200_000, Math.max(min, Math.round(Math.exp(rng.normal(Math.log(median), 0.3)) / 1000) * 1000));
}

function rescaled(m: Map<IsoDate, number>, factor: number): Map<IsoDate, number> {
  return new Map([...m].map(([d, v]) => [d, v * factor]));
}
