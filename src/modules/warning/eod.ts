/**
 * The end-of-day step WARN (after SNAPSHOT, before RECONCILE): every enabled warning rule in force on
 * business date D evaluated set-based over one partition's customers — those with a loan in D's
 * snapshot or an open credit line (the partitions hold both: the pipeline's plan) — into warning_firings (one row per firing, with its evidence). Idempotent: the partition's
 * rows of D are deleted first, and the line-usage counters keep the state they started the day from.
 *
 * The rules read other modules' data only through their doors' SQL fragments (loans, origination,
 * lists, core, customers, products: one partition each, inPartition inside). Two rules read across
 * partitions — the other party of a guarantee and the bureau reports, which are kept by ID-number hash
 * — so they run as two reads (the partition's keys, then the other side by a list of keys) and one
 * insert of the result.
 */
import { sql, type SQL } from 'drizzle-orm';
import { queryOne, queryRows, type Tx } from '../../db/client.js';
import { customerIdArray, type CustomerPartition } from '../../db/partition.js';
import { addDays, parseIsoDate, type IsoDate } from '../../kernel/dates.js';
import { bureauHasReportsSource, bureauReportPairsSource } from '../bureau/index.js';
import { certificatesFrozenOrLostSource, demandBalanceChangeSource, earlyWithdrawalAttemptsSource } from '../core/index.js';
import { customerFactsSource } from '../customers/index.js';
import { listEntriesInForceSource } from '../lists/index.js';
import {
  lineOutstandingOfSource,
  lineOutstandingSource,
  hasLoanOnDateCondition,
  loanCustomersSource,
  loanDueDatesSource,
  loanPartyStatusSource,
  loanSnapshotSource,
} from '../loans/index.js';
import {
  confirmedGuaranteesSource,
  drawdownsSource,
  guaranteesGivenInRangeSource,
  hasOpenLineCondition,
  openLinesSource,
  pledgedCertificatesSource,
} from '../origination/index.js';
import { productMaxAges } from '../products/index.js';
import { inPartition } from '../../db/partition.js';
import type { WarningRuleSet } from './rules.js';
import { getWarningRules } from './warning.service.js';
import type { WarningLevel, WarningRuleCode } from './warning.contract.js';

/** A lapse longer than this between two evaluations of a line restarts its high-usage count. */
const LINE_USAGE_MAX_GAP_DAYS = 7;

/**
 * Marks the step's reads across partitions (the other party of a guarantee, bureau reports by ID-number
 * hash): read-only SELECTs that on Citus touch other shards. test/integration/eod-shards.test.ts holds every
 * other statement of every step, and every write of this one, to the partition's shard.
 */
const CROSS_PARTITION_READ = sql.raw('/* warning: cross-partition read */');

const INSERT = sql`INSERT INTO warning_firings (business_date, customer_id, rule_code, subject, level, evidence)`;

async function inserted(tx: Tx, statement: SQL): Promise<number> {
  const row = await queryOne<{ n: string }>(tx, sql`WITH ins AS (${statement} RETURNING 1) SELECT count(*)::text AS n FROM ins`);
  return Number(row?.n ?? '0');
}

function level(l: string): SQL {
  return sql`${l}::text`;
}

/**
 * The day's portfolio, as a condition on a row's customer (the SQL `customerId`): a loan in D's snapshot
 * or an open credit line (a customer who may still draw is watched as closely as one who owes). Two
 * semi-joins on the tables' keys, so a rule over a few rows stays small.
 */
function inPortfolio(D: IsoDate, p: CustomerPartition, customerId: SQL): SQL {
  return sql`(${hasLoanOnDateCondition(D, p, customerId)} OR ${hasOpenLineCondition(p, customerId)})`;
}

/** The step: every enabled rule of the version in force on D over the partition; returns the firings written. */
export async function eodWarn(tx: Tx, D: IsoDate, p: CustomerPartition): Promise<number> {
  parseIsoDate(D);
  const { rules } = await getWarningRules(tx, D);
  await tx.execute(sql`DELETE FROM warning_firings f WHERE f.business_date = ${D}::date AND ${inPartition('f', p)}`);
  let n = 0;
  for (const rule of RULES) {
    if (rules[rule.code].enabled) n += await rule.run(tx, D, p, rules);
  }
  return n;
}

type RuleRun = (tx: Tx, D: IsoDate, p: CustomerPartition, rules: WarningRuleSet) => Promise<number>;

const RULES: ReadonlyArray<{ code: WarningRuleCode; run: RuleRun }> = [
  { code: 'DPD', run: dpdRule },
  { code: 'GUARANTOR_OVERDUE', run: guarantorRule },
  { code: 'LIST_HIT', run: listRule },
  { code: 'DEPOSIT_OUTFLOW', run: depositRule },
  { code: 'BUREAU_DETERIORATION', run: bureauRule },
  { code: 'LINE_USAGE', run: lineUsageRule },
  { code: 'BORROW_TO_REPAY', run: borrowToRepayRule },
  { code: 'PLEDGED_CD_ANOMALY', run: pledgedCdRule },
  { code: 'MAX_AGE', run: maxAgeRule },
  { code: 'CONTACT_LOST', run: contactLostRule },
];

/** DPD: each loan past due at least the yellow band, coloured by its band. Subject: the loan. */
async function dpdRule(tx: Tx, D: IsoDate, p: CustomerPartition, rules: WarningRuleSet): Promise<number> {
  const t = rules.DPD.thresholds;
  return inserted(
    tx,
    sql`${INSERT}
        SELECT ${D}::date, s.customer_id, 'DPD', s.loan_id::text,
               CASE WHEN s.dpd >= ${t.redFromDpd}::int THEN 'RED' WHEN s.dpd >= ${t.orangeFromDpd}::int THEN 'ORANGE' ELSE 'YELLOW' END,
               jsonb_build_object('loanId', s.loan_id, 'dpd', s.dpd, 'overduePrincipalFen', s.overdue_principal_fen,
                                  'classification', s.classification)
          FROM (${loanSnapshotSource(D, p)}) s
         WHERE s.dpd >= ${t.yellowFromDpd}::int`,
  );
}

/** GUARANTOR_OVERDUE's evidence role by side and party role: who the other party is to our customer. */
const PARTY_EVIDENCE_ROLE: Record<string, string> = {
  'G:GUARANTOR': 'GUARANTOR',
  'B:GUARANTOR': 'GUARANTEED_BORROWER',
  'G:CO_BORROWER': 'CO_BORROWER',
  'B:CO_BORROWER': 'CO_BORROWED_BORROWER',
};

/**
 * GUARANTOR_OVERDUE, both sides of a confirmed guarantee: a borrower whose guarantor is past due or
 * non-performing (the guarantee is weaker), and a guarantor whose guaranteed borrower is (a claim on
 * the guarantor is near). Subject: G:<guarantee> (our customer borrows) or B:<guarantee> (guarantees).
 * A co-borrower (共同借款人) is a party of the same kind (role CO_BORROWER, 0070): evidence role says
 * CO_BORROWER or CO_BORROWED_BORROWER instead of GUARANTOR or GUARANTEED_BORROWER.
 */
async function guarantorRule(tx: Tx, D: IsoDate, p: CustomerPartition, rules: WarningRuleSet): Promise<number> {
  const lv = rules.GUARANTOR_OVERDUE.levels;
  const own = await queryRows<{ customer_id: string }>(
    tx,
    sql`SELECT x.customer_id FROM (${loanCustomersSource(D, p)}) x UNION SELECT cl.customer_id FROM (${openLinesSource(p)}) cl`,
  );
  if (own.length === 0) return 0;
  const ownIds = new Set(own.map((r) => Number(r.customer_id)));
  const links = await queryRows<{
    customer_id: string;
    guarantee_id: string;
    guarantor_customer_id: string;
    role: string;
    side: 'G' | 'B';
  }>(
    tx,
    sql`SELECT g.customer_id::text, g.guarantee_id::text, g.guarantor_customer_id::text, g.role, 'G' AS side
          FROM (${confirmedGuaranteesSource(p)}) g
         WHERE ${inPortfolio(D, p, sql`g.customer_id`)}`,
  );
  links.push(
    ...(
      await queryRows<{ customer_id: string; guarantee_id: string; guarantor_customer_id: string; role: string }>(
        tx,
        sql`SELECT ${CROSS_PARTITION_READ} g.customer_id::text, g.guarantee_id::text, g.guarantor_customer_id::text, g.role
              FROM (${guaranteesGivenInRangeSource(p)}) g`,
      )
    )
      .filter((r) => ownIds.has(Number(r.guarantor_customer_id)))
      .map((r) => ({ ...r, side: 'B' as const })),
  );
  if (links.length === 0) return 0;
  const others = links.map((l) => Number(l.side === 'G' ? l.guarantor_customer_id : l.customer_id));
  const status = new Map(
    (
      await queryRows<{ customer_id: string; max_dpd: number; npl: boolean; worst_class: string }>(
        tx,
        sql`SELECT ${CROSS_PARTITION_READ} x.* FROM (${loanPartyStatusSource(D, customerIdArray(others))}) x`,
      )
    ).map((r) => [Number(r.customer_id), r]),
  );
  const firings: Firing[] = [];
  for (const l of links) {
    const party = Number(l.side === 'G' ? l.guarantor_customer_id : l.customer_id);
    const s = status.get(party);
    if (!s) continue;
    firings.push({
      customerId: Number(l.side === 'G' ? l.customer_id : l.guarantor_customer_id),
      subject: `${l.side}:${l.guarantee_id}`,
      level: (s.npl ? lv.npl : lv.overdue) as WarningLevel,
      evidence: {
        role: PARTY_EVIDENCE_ROLE[`${l.side}:${l.role}`] ?? (l.side === 'G' ? 'GUARANTOR' : 'GUARANTEED_BORROWER'),
        guaranteeId: Number(l.guarantee_id),
        partyCustomerId: party,
        dpd: Number(s.max_dpd),
        classification: s.worst_class,
        npl: s.npl,
      },
    });
  }
  return insertFirings(tx, D, 'GUARANTOR_OVERDUE', firings);
}

/**
 * LIST_HIT: a list entry in force on D with the customer's ID number, coloured by list kind. Subject: the
 * entry. The entries are a reference table: matched in a read on the partition's shard, then inserted
 * (an INSERT … SELECT joining a reference table is not pushed down to the shard by Citus).
 */
async function listRule(tx: Tx, D: IsoDate, p: CustomerPartition, rules: WarningRuleSet): Promise<number> {
  const lv = rules.LIST_HIT.levels;
  const hits = await queryRows<{
    customer_id: string;
    entry_id: string;
    list_type: string;
    case_no: string | null;
    source: string;
    listed_on: string;
  }>(
    tx,
    sql`SELECT c.customer_id::text, e.entry_id::text, e.list_type, e.case_no, e.source, e.listed_on::text AS listed_on
          FROM (${customerFactsSource(p)}) c
          JOIN (${listEntriesInForceSource(D)}) e ON e.id_number_hash = c.id_number_hash
         WHERE ${inPortfolio(D, p, sql`c.customer_id`)}`,
  );
  const colour: Record<string, string> = {
    COURT_ENFORCEMENT: lv.COURT_ENFORCEMENT,
    DISHONEST: lv.DISHONEST,
    BANK_BLACKLIST: lv.BANK_BLACKLIST,
  };
  return insertFirings(
    tx,
    D,
    'LIST_HIT',
    hits.map((h) => ({
      customerId: Number(h.customer_id),
      subject: h.entry_id,
      level: colour[h.list_type] as WarningLevel,
      evidence: { listType: h.list_type, entryId: Number(h.entry_id), caseNo: h.case_no, source: h.source, listedOn: h.listed_on },
    })),
  );
}

/** DEPOSIT_OUTFLOW: demand balances down by more than dropPct % over the last `days` days. Customer-level. */
async function depositRule(tx: Tx, D: IsoDate, p: CustomerPartition, rules: WarningRuleSet): Promise<number> {
  const r = rules.DEPOSIT_OUTFLOW;
  const { dropPct, days } = r.thresholds;
  return inserted(
    tx,
    sql`${INSERT}
        SELECT ${D}::date, d.customer_id, 'DEPOSIT_OUTFLOW', '', ${level(r.levels.level)},
               jsonb_build_object('balanceBeforeFen', d.balance_before_fen, 'balanceNowFen', d.balance_now_fen, 'days', ${days}::int,
                                  'dropPct', round(100.0 * (d.balance_before_fen - d.balance_now_fen) / d.balance_before_fen, 2))
          FROM (${demandBalanceChangeSource(D, days, p)}) d
         WHERE ${inPortfolio(D, p, sql`d.customer_id`)} AND d.balance_before_fen > 0
           AND 100 * (d.balance_before_fen - d.balance_now_fen) > ${dropPct}::bigint * d.balance_before_fen`,
  );
}

/**
 * BUREAU_DETERIORATION, from the latest bureau report dated on or before D against the one before it:
 * new overdue (an overdue amount where the previous report had none, or a worse 24-month status), or
 * more than maxInquiries6m inquiries in 6 months. Subject: NEW_OVERDUE / INQUIRIES.
 */
async function bureauRule(tx: Tx, D: IsoDate, p: CustomerPartition, rules: WarningRuleSet): Promise<number> {
  const r = rules.BUREAU_DETERIORATION;
  // No report on or before D anywhere: nothing to match, the partition's customers are not read.
  if (!(await queryOne(tx, sql`SELECT ${CROSS_PARTITION_READ} x.one FROM (${bureauHasReportsSource(D)}) x`))) return 0;
  const people = await queryRows<{ customer_id: string; id_number_hash: string }>(
    tx,
    sql`SELECT c.customer_id::text, c.id_number_hash FROM (${customerFactsSource(p)}) c
         WHERE ${inPortfolio(D, p, sql`c.customer_id`)}`,
  );
  if (people.length === 0) return 0;
  const byHash = new Map<string, number[]>();
  for (const x of people) byHash.set(x.id_number_hash, [...(byHash.get(x.id_number_hash) ?? []), Number(x.customer_id)]);
  const reports = await queryRows<{
    id_number_hash: string;
    report_date: string;
    current_overdue_fen: string;
    worst_status_24m: number;
    inquiries_6m: number;
    prev_report_date: string | null;
    prev_overdue_fen: string | null;
    prev_worst_status: number | null;
  }>(
    tx,
    sql`SELECT ${CROSS_PARTITION_READ} r.id_number_hash, r.report_date::text AS report_date, r.current_overdue_fen::text AS current_overdue_fen,
               r.worst_status_24m, r.inquiries_6m, r.prev_report_date::text AS prev_report_date,
               r.prev_overdue_fen::text AS prev_overdue_fen, r.prev_worst_status
          FROM (${bureauReportPairsSource(D, sql`${`{${[...byHash.keys()].map((h) => `"${h}"`).join(',')}}`}::text[]`)}) r
         WHERE (r.prev_report_date IS NOT NULL
                AND ((r.current_overdue_fen > 0 AND coalesce(r.prev_overdue_fen, 0) = 0)
                     OR r.worst_status_24m > coalesce(r.prev_worst_status, 0)))
            OR r.inquiries_6m > ${r.thresholds.maxInquiries6m}::int`,
  );
  const firings: Firing[] = [];
  for (const x of reports) {
    const customers = byHash.get(x.id_number_hash) ?? [];
    const hasPrev = x.prev_report_date !== null;
    const newOverdue =
      hasPrev &&
      ((BigInt(x.current_overdue_fen) > 0n && BigInt(x.prev_overdue_fen ?? '0') === 0n) ||
        Number(x.worst_status_24m) > Number(x.prev_worst_status ?? 0));
    for (const customerId of customers) {
      if (newOverdue) {
        firings.push({
          customerId,
          subject: 'NEW_OVERDUE',
          level: r.levels.newOverdue as WarningLevel,
          evidence: {
            reportDate: x.report_date,
            previousReportDate: x.prev_report_date,
            currentOverdueFen: Number(x.current_overdue_fen),
            previousOverdueFen: Number(x.prev_overdue_fen ?? 0),
            worstStatus24m: Number(x.worst_status_24m),
            previousWorstStatus24m: Number(x.prev_worst_status ?? 0),
          },
        });
      }
      if (Number(x.inquiries_6m) > r.thresholds.maxInquiries6m) {
        firings.push({
          customerId,
          subject: 'INQUIRIES',
          level: r.levels.inquiries as WarningLevel,
          evidence: { reportDate: x.report_date, inquiries6m: Number(x.inquiries_6m), maxInquiries6m: r.thresholds.maxInquiries6m },
        });
      }
    }
  }
  return insertFirings(tx, D, 'BUREAU_DETERIORATION', firings);
}

/**
 * LINE_USAGE: first the per-line counters (warning_line_usage) move to D — high_since is the first day
 * of the current run of days with outstanding principal above usagePct % of the limit (NULL when not
 * above today); a re-run of D starts again from the state before D (prev_*). Then a line above the
 * threshold for `days` consecutive days fires. Subject: the line.
 */
async function lineUsageRule(tx: Tx, D: IsoDate, p: CustomerPartition, rules: WarningRuleSet): Promise<number> {
  const r = rules.LINE_USAGE;
  const { usagePct, days } = r.thresholds;
  const usage = sql`SELECT cl.customer_id, cl.credit_line_id, cl.limit_fen, coalesce(o.outstanding_fen, 0) AS outstanding_fen,
                           100 * coalesce(o.outstanding_fen, 0) > ${usagePct}::bigint * cl.limit_fen AS high
                      FROM (${openLinesSource(p)}) cl
                      LEFT JOIN (${lineOutstandingSource(p)}) o ON o.customer_id = cl.customer_id AND o.credit_line_id = cl.credit_line_id`;
  const prevAsOf = sql`CASE WHEN w.as_of = ${D}::date THEN w.prev_as_of ELSE w.as_of END`;
  const prevHigh = sql`CASE WHEN w.as_of = ${D}::date THEN w.prev_high_since ELSE w.high_since END`;
  // Only the lines that can change are written: those above the threshold today, those whose run ends
  // today (a counter still running), and those already moved to D (a re-run). A line that stays low
  // keeps its row (or none) untouched: the day writes about as many rows as there are high lines.
  await tx.execute(
    sql`INSERT INTO warning_line_usage AS w (customer_id, credit_line_id, as_of, high_since, prev_as_of, prev_high_since)
        SELECT u.customer_id, u.credit_line_id, ${D}::date, CASE WHEN u.high THEN ${D}::date END, NULL, NULL
          FROM (${usage}) u
          LEFT JOIN warning_line_usage w0 ON w0.customer_id = u.customer_id AND w0.credit_line_id = u.credit_line_id
                                         AND ${inPartition('w0', p)}
         WHERE u.high OR w0.high_since IS NOT NULL OR w0.as_of = ${D}::date
        ON CONFLICT (customer_id, credit_line_id) DO UPDATE SET
          high_since = CASE WHEN excluded.high_since IS NULL THEN NULL
                            WHEN ${prevHigh} IS NOT NULL AND ${prevAsOf} >= ${D}::date - ${LINE_USAGE_MAX_GAP_DAYS}::int THEN ${prevHigh}
                            ELSE excluded.high_since END,
          prev_as_of = ${prevAsOf},
          prev_high_since = ${prevHigh},
          as_of = excluded.as_of`,
  );
  // The firings: driven by the few counters that reached `days` (not the partition's every line again),
  // each line's outstanding principal recomputed by a per-line lookup.
  return inserted(
    tx,
    sql`${INSERT}
        SELECT ${D}::date, u.customer_id, 'LINE_USAGE', u.credit_line_id::text, ${level(r.levels.level)},
               jsonb_build_object('creditLineId', u.credit_line_id, 'limitFen', u.limit_fen, 'outstandingFen', u.outstanding_fen,
                                  'usagePct', round(100.0 * u.outstanding_fen / u.limit_fen, 2), 'highSince', u.high_since,
                                  'days', ${D}::date - u.high_since + 1)
          FROM (SELECT w.customer_id, w.credit_line_id, w.high_since, cl.limit_fen, o.outstanding_fen
                  FROM warning_line_usage w
                  JOIN (${openLinesSource(p)}) cl ON cl.customer_id = w.customer_id AND cl.credit_line_id = w.credit_line_id
                  CROSS JOIN LATERAL (${lineOutstandingOfSource(p, sql`w.customer_id`, sql`w.credit_line_id`)}) o
                 WHERE ${inPartition('w', p)} AND w.high_since IS NOT NULL AND ${D}::date - w.high_since + 1 >= ${days}::int) u
         WHERE 100 * u.outstanding_fen > ${usagePct}::bigint * u.limit_fen`,
  );
}

/**
 * BORROW_TO_REPAY: a drawdown in the last `days` days (D − days < its date ≤ D) with a due date of
 * another loan of the customer on or within `days` days after it. Subject: the drawdown.
 */
async function borrowToRepayRule(tx: Tx, D: IsoDate, p: CustomerPartition, rules: WarningRuleSet): Promise<number> {
  const r = rules.BORROW_TO_REPAY;
  const { days } = r.thresholds;
  // Nothing to read without a drawdown in the window: skipped, not planned against the partition's whole
  // schedule (which the planner chose to hash when it could not tell the drawdowns were few).
  const drawdowns = drawdownsSource(p, addDays(D, 1 - days), D);
  if (!(await queryOne(tx, sql`SELECT 1 AS one FROM (${drawdowns}) d LIMIT 1`))) return 0;
  return inserted(
    tx,
    sql`${INSERT}
        SELECT DISTINCT ON (d.customer_id, d.drawdown_id) ${D}::date, d.customer_id, 'BORROW_TO_REPAY', d.drawdown_id::text,
               ${level(r.levels.level)},
               jsonb_build_object('drawdownId', d.drawdown_id, 'loanId', d.loan_id, 'amountFen', d.amount_fen,
                                  'drawdownDate', d.business_date, 'otherLoanId', s.loan_id, 'dueDate', s.due_date)
          FROM (${drawdowns}) d
          JOIN (${loanDueDatesSource(p, addDays(D, 1 - days), addDays(D, days))}) s
            ON s.customer_id = d.customer_id AND s.loan_id <> d.loan_id
           AND s.due_date >= d.business_date AND s.due_date <= d.business_date + ${days}::int
         WHERE ${inPortfolio(D, p, sql`d.customer_id`)}
         ORDER BY d.customer_id, d.drawdown_id, s.due_date, s.loan_id`,
  );
}

/**
 * PLEDGED_CD_ANOMALY: a certificate pledged to a line that the core reports FROZEN or LOST, or with an
 * early-withdrawal attempt in the last attemptDays days. Subject: <certificate>:<kind>.
 */
async function pledgedCdRule(tx: Tx, D: IsoDate, p: CustomerPartition, rules: WarningRuleSet): Promise<number> {
  const r = rules.PLEDGED_CD_ANOMALY;
  const anomalies: Array<[SQL, SQL]> = [
    [certificatesFrozenOrLostSource(p), level(r.levels.frozenOrLost)],
    [
      sql`SELECT x.customer_id, x.cd_no, 'EARLY_WITHDRAWAL_ATTEMPT' AS kind, x.since FROM (${earlyWithdrawalAttemptsSource(D, r.thresholds.attemptDays, p)}) x`,
      level(r.levels.earlyWithdrawal),
    ],
  ];
  let n = 0;
  for (const [source, colour] of anomalies) {
    n += await inserted(
      tx,
      sql`${INSERT}
          SELECT DISTINCT ON (a.customer_id, a.cd_no) ${D}::date, a.customer_id, 'PLEDGED_CD_ANOMALY', a.cd_no || ':' || a.kind, ${colour},
                 jsonb_build_object('cdNo', a.cd_no, 'kind', a.kind, 'since', a.since, 'creditLineId', pl.credit_line_id)
            FROM (${source}) a
            JOIN (${pledgedCertificatesSource(p)}) pl ON pl.customer_id = a.customer_id AND pl.cd_no = a.cd_no
           WHERE ${inPortfolio(D, p, sql`a.customer_id`)}
           ORDER BY a.customer_id, a.cd_no, pl.credit_line_id`,
    );
  }
  return n;
}

/**
 * MAX_AGE: a customer whose age on D has reached the maximum age of a product they have a loan or an
 * open line of.
 * Subject: the product. The products' maximum ages (a reference table) are read first and written into
 * the statement, which then names only the partition's tables.
 */
async function maxAgeRule(tx: Tx, D: IsoDate, p: CustomerPartition, rules: WarningRuleSet): Promise<number> {
  const r = rules.MAX_AGE;
  const ages = await productMaxAges(tx, D);
  if (ages.length === 0) return 0;
  const maxAge = sql`CASE ${sql.join(
    ages.map((a) => sql`WHEN s.product_code = ${a.productCode}::text THEN ${a.maxAge}::int`),
    sql` `,
  )} END`;
  return inserted(
    tx,
    sql`${INSERT}
        SELECT ${D}::date, x.customer_id, 'MAX_AGE', x.product_code, ${level(r.levels.level)},
               jsonb_build_object('productCode', x.product_code, 'maxAge', x.max_age, 'age', extract(year FROM age(${D}::date, x.birth_date))::int)
          FROM (SELECT c.customer_id, s.product_code, c.birth_date, ${maxAge} AS max_age
                  FROM (SELECT y.customer_id, y.product_code FROM (${loanSnapshotSource(D, p)}) y
                        UNION SELECT cl.customer_id, cl.product_code FROM (${openLinesSource(p)}) cl) s
                  JOIN (${customerFactsSource(p)}) c ON c.customer_id = s.customer_id) x
         WHERE x.max_age IS NOT NULL AND (x.birth_date + make_interval(years => x.max_age))::date <= ${D}::date`,
  );
}

/** CONTACT_LOST: marked by an officer on or before D and not cleared. Customer-level. */
async function contactLostRule(tx: Tx, D: IsoDate, p: CustomerPartition, rules: WarningRuleSet): Promise<number> {
  const r = rules.CONTACT_LOST;
  return inserted(
    tx,
    sql`${INSERT}
        SELECT ${D}::date, k.customer_id, 'CONTACT_LOST', '', ${level(r.levels.level)},
               jsonb_build_object('markedOn', k.marked_on, 'note', k.note)
          FROM warning_contact_lost k
         WHERE ${inPartition('k', p)} AND k.marked_on <= ${D}::date AND ${inPortfolio(D, p, sql`k.customer_id`)}`,
  );
}

interface Firing {
  customerId: number;
  subject: string;
  level: WarningLevel;
  evidence: Record<string, unknown>;
}

/**
 * Inserts firings computed in the application (the rules that read across partitions or a reference
 * table) as multi-row VALUES: on Citus a router insert into the partition's shard. Returns their number.
 */
async function insertFirings(tx: Tx, D: IsoDate, code: WarningRuleCode, firings: Firing[]): Promise<number> {
  const CHUNK = 2000;
  for (let i = 0; i < firings.length; i += CHUNK) {
    const rows = firings
      .slice(i, i + CHUNK)
      .map(
        (f) =>
          sql`(${D}::date, ${f.customerId}::bigint, ${code}::text, ${f.subject}::text, ${f.level}::text, ${JSON.stringify(f.evidence)}::jsonb)`,
      );
    await tx.execute(sql`${INSERT} VALUES ${sql.join(rows, sql`, `)}`);
  }
  return firings.length;
}

/**
 * The warning levels of business date D for one partition, as a SELECT for `WITH w AS (…)`: one row
 * per customer of the partition with at least one firing on D — (customer_id bigint, level text: the
 * worst firing, rules jsonb: [{code, level, evidence}] worst first, then by rule code and subject).
 * A customer without a row has no warning that day. Reads the firings WARN wrote for D.
 */
export function warningLevelsSource(date: IsoDate, partition: CustomerPartition): SQL {
  parseIsoDate(date);
  // searched CASEs only: Citus deparses a simple CASE (CASE x WHEN …) on a parameter wrongly on the workers
  const rank = sql`CASE WHEN f.level = 'RED' THEN 3 WHEN f.level = 'ORANGE' THEN 2 ELSE 1 END`;
  return sql`SELECT f.customer_id,
                    (CASE WHEN max(${rank}) = 3 THEN 'RED' WHEN max(${rank}) = 2 THEN 'ORANGE' ELSE 'YELLOW' END)::text AS level,
                    jsonb_agg(jsonb_build_object('code', f.rule_code, 'level', f.level, 'evidence', f.evidence)
                              ORDER BY ${rank} DESC, f.rule_code, f.subject) AS rules
               FROM warning_firings f
              WHERE f.business_date = ${date}::date AND ${inPartition('f', partition)}
              GROUP BY f.customer_id`;
}
