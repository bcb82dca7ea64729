/**
 * The opening book at the go-live date 2025-12-31, generated from the seed: the customers the bank brings into Huinong (its
 * online borrowers, their guarantors, depositors holding certificates), their deposits, and the online loans
 * with their lines, at realistic ages, products, methods, sizes and arrears. Pure: the same seed and scale
 * give the same book. Sizes are calibrated so the book comes out at the report's opening figures
 * (targets.ts): ¥501.61M outstanding over 4,192 borrowers with ¥4.94M NPL.
 */
import { addMonthsClamped, compareDates, type IsoDate } from '../../src/kernel/dates.js';
import { luhnCheckDigit } from '../../src/modules/core/index.js';
import { migrationRowFigures } from '../../src/modules/origination/index.js';
import type { RepaymentMethod } from '../../src/modules/products/index.js';
import { DEMO_OPENING_DATE } from '../bank.js';
import { LENDING_BRANCHES, demoRoster } from './org.js';
import { person, type Person } from './people.js';
import { rngFor, type Rng } from './rng.js';
import { QUARTER_TARGETS } from './targets.js';

export type ProductCode = 'XIN_E_DAI' | 'XIN_E_KUAI_DAI' | 'JI_E_DAI' | 'BAOZHENG_E_DAI' | 'ZHIYA_E_DAI';

/** People indexes of the opening book's customers. */
export const BOOK_INDEX_BASE = 100_000;
/** Internet-loan cap per customer (¥200,000) and the products' own bounds, in yuan. */
const CAP_YUAN = 200_000;

export interface BookCd {
  cdNo: string;
  principalYuan: number;
  ratePct: string;
  openDate: IsoDate;
  maturityDate: IsoDate;
}

export interface BookLoan {
  loanNo: string;
  product: ProductCode;
  principalYuan: number;
  startDate: IsoDate;
  termMonths: number;
  method: RepaymentMethod;
  ratePct: string;
  lineLimitYuan: number;
  lineExpiry: IsoDate;
  /** Days past due at the migration date (0 = current). */
  dpd: number;
  /** 质押e贷: the pledged certificate. */
  cdNo?: string;
  /** 保证e贷: the guarantor's customer index in the book. */
  guarantor?: number;
  /** Outstanding principal at the migration date, yuan to the fen, as the schedule gives it. */
  outstandingYuan: number;
}

export interface BookCustomer {
  /** Position in book.customers. */
  ref: number;
  person: Person;
  branch: string;
  officer: string;
  occupation: 'CIVIL_SERVANT' | 'SOE_EMPLOYEE' | 'ENTERPRISE_EMPLOYEE' | 'SELF_EMPLOYED' | 'FARMER';
  monthlyIncomeYuan: number;
  accountNo: string;
  demandYuan: number;
  cds: BookCd[];
  loans: BookLoan[];
}

export interface Book {
  customers: BookCustomer[];
  borrowers: number;
  outstandingYuan: number;
  nplYuan: number;
}

const OCCUPATIONS: ReadonlyArray<readonly [BookCustomer['occupation'], number]> = [
  ['FARMER', 30],
  ['SELF_EMPLOYED', 28],
  ['ENTERPRISE_EMPLOYEE', 25],
  ['SOE_EMPLOYEE', 7],
  ['CIVIL_SERVANT', 10],
];

/** Product mix of the opening borrowers (share of borrowers), typical sizes and terms. */
const PRODUCTS: Record<
  ProductCode,
  {
    share: number;
    meanYuan: number;
    minYuan: number;
    maxYuan: number;
    terms: number[];
    methods: Array<readonly [RepaymentMethod, number]>;
    ratePct: [number, number];
  }
> = {
  XIN_E_DAI: {
    share: 0.44,
    meanYuan: 125_000,
    minYuan: 20_000,
    maxYuan: 200_000,
    terms: [12, 12, 24, 36],
    methods: [
      ['MONTHLY_INTEREST', 45],
      ['EQUAL_INSTALLMENT', 35],
      ['BULLET', 20],
    ],
    ratePct: [3.45, 5.2],
  },
  XIN_E_KUAI_DAI: {
    share: 0.1,
    meanYuan: 22_000,
    minYuan: 5_000,
    maxYuan: 30_000,
    terms: [6, 12, 12],
    methods: [
      ['EQUAL_INSTALLMENT', 60],
      ['MONTHLY_INTEREST', 40],
    ],
    ratePct: [3.65, 5.8],
  },
  JI_E_DAI: {
    share: 0.16,
    meanYuan: 140_000,
    minYuan: 30_000,
    maxYuan: 200_000,
    terms: [12, 24, 36],
    methods: [
      ['MONTHLY_INTEREST', 70],
      ['EQUAL_PRINCIPAL', 30],
    ],
    ratePct: [3.55, 5.4],
  },
  BAOZHENG_E_DAI: {
    share: 0.22,
    meanYuan: 160_000,
    minYuan: 50_000,
    maxYuan: 200_000,
    terms: [12, 24, 36],
    methods: [
      ['MONTHLY_INTEREST', 55],
      ['EQUAL_INSTALLMENT', 45],
    ],
    ratePct: [3.35, 4.9],
  },
  ZHIYA_E_DAI: {
    share: 0.08,
    meanYuan: 130_000,
    minYuan: 20_000,
    maxYuan: 200_000,
    terms: [6, 12, 12],
    methods: [
      ['MONTHLY_INTEREST', 60],
      ['BULLET', 40],
    ],
    ratePct: [3.0, 3.6],
  },
};

/** Officers of each lending branch in the roster (and the demo users'), for assigning customers. */
function officersByBranch(seed: number): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const r of demoRoster(seed)) {
    if (!r.roles.includes('loan_officer')) continue;
    m.set(r.branch, [...(m.get(r.branch) ?? []), r.username]);
  }
  m.set('YZ-GL', ['officer1', ...(m.get('YZ-GL') ?? [])]);
  return m;
}

/** A demand account number as the core system issues them: BIN 6223, branch, sequence, check digit. */
function accountNo(branchIndex: number, sequence: number): string {
  const body = `6223${String(8000 + branchIndex).padStart(4, '0')}${String(sequence).padStart(10, '0')}`;
  return body + luhnCheckDigit(body);
}

function roundTo(n: number, step: number): number {
  return Math.max(step, Math.round(n / step) * step);
}

function sizeOf(rng: Rng, p: (typeof PRODUCTS)[ProductCode], factor: number): number {
  // log-normal around the mean, clipped to the product's range and the internet-loan cap
  const x = p.meanYuan * factor * Math.exp(rng.normal(-0.08, 0.4));
  return Math.min(p.maxYuan, CAP_YUAN, Math.max(p.minYuan, roundTo(x, 1000)));
}

/**
 * What the ONLINE_LOANS import expects of a loan on the migration date (origination's own helper): the
 * outstanding principal to the fen, and the dpd values the schedule allows (0 and the days since each due date).
 */
function figuresOf(loan: Pick<BookLoan, 'principalYuan' | 'startDate' | 'termMonths' | 'method' | 'ratePct' | 'dpd'>, on: IsoDate) {
  const f = migrationRowFigures({
    principal: BigInt(loan.principalYuan) * 100n,
    startDate: loan.startDate,
    termMonths: loan.termMonths,
    method: loan.method,
    annualRatePct: loan.ratePct,
    migrationDate: on,
    dpd: loan.dpd,
  });
  if (!f.ok) throw new Error(`demo book: loan terms the import refuses (${f.code})`);
  return f;
}

/** Outstanding principal at the migration date, yuan (to the fen). */
export function outstandingText(
  loan: Pick<BookLoan, 'principalYuan' | 'startDate' | 'termMonths' | 'method' | 'ratePct' | 'dpd'>,
  on: IsoDate,
): string {
  return figuresOf(loan, on).outstanding;
}

export function outstandingAt(
  loan: Pick<BookLoan, 'principalYuan' | 'startDate' | 'termMonths' | 'method' | 'ratePct' | 'dpd'>,
  on: IsoDate,
): number {
  return Number(figuresOf(loan, on).outstanding);
}

function daysBefore(date: IsoDate, days: number): IsoDate {
  const t = new Date(`${date}T00:00:00Z`).getTime() - days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

export function generateBook(seed: number, scale: number): Book {
  const rng = rngFor(seed, 'opening-book');
  const on = DEMO_OPENING_DATE;
  const officers = officersByBranch(seed);
  const branchWeights = LENDING_BRANCHES.map((b) => [b, (officers.get(b) ?? []).length] as const);
  const borrowers = Math.max(3, Math.round(QUARTER_TARGETS.opening.borrowers * scale));
  const customers: BookCustomer[] = [];
  let seq = 0;
  const newCustomer = (minAge: number, maxAge: number): BookCustomer => {
    const branch = rng.weighted(branchWeights);
    const p = person(rng, BOOK_INDEX_BASE + customers.length, minAge, maxAge);
    const occupation = rng.weighted(OCCUPATIONS);
    const income = roundTo(occupation === 'FARMER' ? rng.int(3000, 9000) : rng.int(4500, 16000), 100);
    const c: BookCustomer = {
      ref: customers.length,
      person: p,
      branch,
      officer: rng.pick(officers.get(branch)!),
      occupation,
      monthlyIncomeYuan: income,
      accountNo: accountNo(LENDING_BRANCHES.indexOf(branch), ++seq),
      demandYuan: roundTo(income * rng.float() * 2, 10),
      cds: [],
      loans: [],
    };
    customers.push(c);
    return c;
  };
  // guarantors first (customers in good standing, some of them borrowers themselves later in the quarter)
  const guarantorCount = Math.max(1, Math.round(borrowers * PRODUCTS.BAOZHENG_E_DAI.share * 0.9));
  const guarantors = Array.from({ length: guarantorCount }, () => newCustomer(28, 58));
  for (const g of guarantors) g.demandYuan += rng.int(20, 200) * 1000;
  // depositors with certificates, the pledge loans' customers-to-be (maturing-CD offers in the quarter)
  const depositorCount = Math.max(2, Math.round(borrowers * 0.35));
  for (let i = 0; i < depositorCount; i++) {
    const d = newCustomer(30, 68);
    const n = rng.chance(0.3) ? 2 : 1;
    for (let k = 0; k < n; k++) d.cds.push(certificate(rng, d, k, on));
  }
  const products = (Object.keys(PRODUCTS) as ProductCode[]).map((code) => [code, PRODUCTS[code].share] as const);
  const borrowerList: BookCustomer[] = [];
  for (let i = 0; i < borrowers; i++) {
    const product = rng.weighted(products);
    const c = newCustomer(product === 'XIN_E_DAI' ? 26 : 23, product === 'XIN_E_DAI' ? 54 : 59);
    borrowerList.push(c);
    addLoan(rng, c, product, 1, on, guarantors);
    // one in nine holds a second loan of another credit product (within the cap)
    if (product !== 'ZHIYA_E_DAI' && product !== 'XIN_E_KUAI_DAI' && rng.chance(0.11)) addLoan(rng, c, 'XIN_E_KUAI_DAI', 1, on, guarantors);
  }
  calibrate(rng, borrowerList, scale, on);
  const all = borrowerList.flatMap((c) => c.loans);
  for (const c of borrowerList) {
    // enough in the account for the next installments (auto-debit), more for some
    const monthly = c.loans.reduce((s, l) => s + monthlyPayment(l), 0);
    c.demandYuan = roundTo(monthly * (1.2 + rng.float() * 2.5) + c.monthlyIncomeYuan * rng.float(), 10);
    // a borrower behind has an empty account (end-of-day's auto-debit would otherwise collect the small arrears of an interest-only loan)
    if (c.loans.some((l) => l.dpd > 0)) c.demandYuan = 0;
  }
  return {
    customers,
    borrowers: borrowerList.length,
    outstandingYuan: all.reduce((s, l) => s + l.outstandingYuan, 0),
    nplYuan: all.filter((l) => l.dpd > 90).reduce((s, l) => s + l.outstandingYuan, 0),
  };
}

function certificate(rng: Rng, c: BookCustomer, k: number, on: IsoDate): BookCd {
  let termMonths = rng.pick([12, 24, 36, 36, 60]);
  // a quarter of them mature within the first half of 2026: the lobby's maturing-CD offers
  const maturity = rng.chance(0.28) ? addDaysIso(on, rng.int(5, 180)) : addDaysIso(on, rng.int(181, 900));
  // opened before the migration: the term is long enough to reach the maturity
  while (compareDates(addMonthsClamped(maturity, -termMonths), on) >= 0) termMonths += 12;
  const open = addMonthsClamped(maturity, -termMonths);
  return {
    cdNo: `CD${String(c.person.index).padStart(7, '0')}${k}`,
    principalYuan: roundTo(Math.exp(rng.normal(Math.log(120_000), 0.7)), 1000),
    ratePct: termMonths >= 36 ? '2.15' : termMonths >= 24 ? '1.75' : '1.45',
    openDate: open,
    maturityDate: maturity,
  };
}

function addDaysIso(date: IsoDate, days: number): IsoDate {
  return daysBefore(date, -days);
}

function addLoan(rng: Rng, c: BookCustomer, product: ProductCode, factor: number, on: IsoDate, guarantors: BookCustomer[]): void {
  const p = PRODUCTS[product];
  const method = rng.weighted(p.methods);
  let termMonths = rng.pick(p.terms);
  if (method === 'BULLET') termMonths = Math.min(termMonths, 12);
  const room = CAP_YUAN - c.loans.reduce((s, l) => s + l.principalYuan, 0);
  const principalYuan = Math.min(room, sizeOf(rng, p, factor));
  if (principalYuan < p.minYuan) return;
  // started between (term − 1) months and one month before the migration: none has matured yet
  const ageMonths = rng.int(1, Math.max(1, termMonths - 1));
  const startDate = addDaysIso(addMonthsClamped(on, -ageMonths), rng.int(0, 27));
  const ratePct = (p.ratePct[0] + rng.float() * (p.ratePct[1] - p.ratePct[0])).toFixed(2);
  const loan: BookLoan = {
    loanNo: `WD${startDate.replace(/-/g, '')}${String(c.person.index).padStart(7, '0')}${c.loans.length}`,
    product,
    principalYuan,
    startDate,
    termMonths,
    method,
    ratePct,
    lineLimitYuan: product === 'XIN_E_DAI' ? Math.min(CAP_YUAN, roundTo(principalYuan * (1 + rng.float() * 0.5), 10_000)) : principalYuan,
    lineExpiry: addMonthsClamped(startDate, Math.max(12, termMonths)),
    dpd: 0,
    outstandingYuan: 0,
  };
  if (product === 'BAOZHENG_E_DAI') loan.guarantor = rng.pick(guarantors).ref;
  if (product === 'ZHIYA_E_DAI') {
    const maturity = addMonthsClamped(startDate, termMonths);
    const cd: BookCd = {
      cdNo: `CD${String(c.person.index).padStart(7, '0')}${c.cds.length}`,
      principalYuan: roundTo(principalYuan / 0.9 + rng.int(0, 50) * 1000, 1000),
      ratePct: '1.75',
      openDate: addMonthsClamped(startDate, -rng.int(1, 12)),
      maturityDate: addDaysIso(maturity, rng.int(0, 200)),
    };
    c.cds.push(cd);
    loan.cdNo = cd.cdNo;
  }
  c.loans.push(loan);
}

function monthlyPayment(l: BookLoan): number {
  const interest = (l.outstandingYuan * Number(l.ratePct)) / 1200;
  if (l.method === 'EQUAL_INSTALLMENT' || l.method === 'EQUAL_PRINCIPAL') return interest + l.principalYuan / l.termMonths;
  return interest;
}

/**
 * Puts arrears on the book (loans 1–90 days behind, and NPL beyond 90) and scales the sizes so the
 * outstanding total and the NPL total come out at the targets.
 */
function calibrate(rng: Rng, borrowers: BookCustomer[], scale: number, on: IsoDate): void {
  const loans = borrowers.flatMap((c) => c.loans);
  const targetTotal = QUARTER_TARGETS.opening.balanceYuan * scale;
  const targetNpl = QUARTER_TARGETS.opening.nplYuan * scale;
  const eligible = (l: BookLoan) => l.method !== 'BULLET' && l.product !== 'ZHIYA_E_DAI';
  const withArrears = (l: BookLoan, minDpd: number, maxDpd: number): boolean => {
    const candidates = figuresOf({ ...l, dpd: 0 }, on).possibleDpds.filter((d) => d >= minDpd && d <= maxDpd);
    if (candidates.length === 0) return false;
    l.dpd = rng.pick(candidates);
    return true;
  };
  // scale sizes towards the target total (outstanding is close to proportional to principal)
  for (let round = 0; round < 4; round++) {
    for (const l of loans) l.outstandingYuan = outstandingAt(l, on);
    const total = loans.reduce((s, l) => s + l.outstandingYuan, 0);
    const f = targetTotal / total;
    if (Math.abs(f - 1) < 0.001) break;
    for (const l of loans) {
      const p = PRODUCTS[l.product];
      l.principalYuan = Math.min(p.maxYuan, CAP_YUAN, Math.max(p.minYuan, roundTo(l.principalYuan * f, 100)));
      if (l.product === 'XIN_E_DAI')
        l.lineLimitYuan = Math.max(l.lineLimitYuan, Math.min(CAP_YUAN, Math.ceil(l.principalYuan / 10_000) * 10_000));
      else l.lineLimitYuan = l.principalYuan;
    }
  }
  // a pledged certificate covers its loan's limit at the pledge rate (90%)
  for (const c of borrowers)
    for (const l of c.loans) {
      const cd = l.cdNo ? c.cds.find((x) => x.cdNo === l.cdNo) : undefined;
      if (cd) cd.principalYuan = Math.max(cd.principalYuan, Math.ceil(l.lineLimitYuan / 0.9 / 1000) * 1000 + 1000);
    }
  // NPL: loans more than 90 days behind until their outstanding (arrears included) reaches the NPL target
  const pool = rng.shuffle(loans.filter(eligible));
  let npl = 0;
  for (const l of pool) {
    if (npl >= targetNpl * 0.998) break;
    const dpds = figuresOf({ ...l, dpd: 0 }, on).possibleDpds.filter((d) => d >= 95 && d <= 420);
    if (dpds.length === 0) continue;
    const dpd = rng.pick(dpds);
    const out = outstandingAt({ ...l, dpd }, on);
    if (npl + out > targetNpl * 1.002 && npl > 0) continue;
    l.dpd = dpd;
    npl += out;
  }
  // early arrears: about 1.9% of loans 1–90 days behind (some cure, some age into NPL in the quarter; more than
  // the quarter's new NPL needs, so the branches' 控新增 in March has loans to work)
  const early = Math.max(1, Math.round(loans.length * 0.019));
  for (const l of pool.filter((x) => x.dpd === 0).slice(0, early)) withArrears(l, 1, 89);
  for (const l of loans) l.outstandingYuan = outstandingAt(l, on);
}
