/**
 * Applications: consents first, then the customer, the data the credit policy needs (bureau, lists,
 * deposits, pledges, guarantor), the decision, and its outcome — a credit line, a decline with
 * reasons, a referral to an approver, or a guarantee invitation. One transaction per command.
 */
import { createHash, randomBytes } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import { nowParam, queryOne, queryRows, type Db, type Tx } from '../../db/client.js';
import { clock } from '../../kernel/clock.js';
import { AppError } from '../../kernel/errors.js';
import type { IsoDate } from '../../kernel/dates.js';
import { maskName } from '../../kernel/mask.js';
import { parseYuan, formatYuan } from '../../kernel/money.js';
import { parseRatePct, formatRatePct, Dec } from '../../kernel/rate.js';
import type { AppContext, CommandContext } from '../../context.js';
import { auditCommandAtCommit, withAuditedTx } from '../audit/index.js';
import { businessDeadline, getBusinessDate } from '../calendar/index.js';
import { getProductParams, getLprPct, type ProductParams, type RepaymentMethod } from '../products/index.js';
import { ensureCustomer, findCustomerByIdNumber, getCustomer, maskedNames, type CustomerRecord } from '../customers/index.js';
import { prospectOnApplication } from '../marketing/index.js';
import { bureauSummary } from '../bureau/index.js';
import { listHits } from '../lists/index.js';
import { core } from '../core/index.js';
import {
  activePolicy,
  applyWhiteList,
  capAutomaticApproval,
  decisionRecordByApplication,
  evaluatePolicy,
  recordDecision,
  type DecisionResult,
} from '../decision/index.js';
import { sendSms } from '../sms/index.js';
import { CONSENT_KINDS, CONSENT_TEXTS, partyText } from './consents.js';
import type { PartyRole } from './origination.contract.js';
import { activePreCreditOf, findIssuedCard, markCardActivated, markPreCreditUsed, type ActivePreCredit } from '../precredit/index.js';
import { assertVisible, fen, iso, ownerOf, pct, scopeSql, yuan, yuanOrNull, type Row } from './common.js';
import { openCreditLine } from './lines.service.js';
import { serviceEventsInsert } from './events.service.js';
import { resolveEntryCodes } from './codes.service.js';
import type { Channel } from './origination.contract.js';
import { decisionInputOf } from './decision-input.js';

/** The three consents with their text versions, as the application's INSERT reads them. */
const CONSENT_ROWS = JSON.stringify(CONSENT_KINDS.map((kind) => ({ kind, text_version: CONSENT_TEXTS[kind].version })));

export type { Channel };

export interface ApplicationInput {
  productCode: string;
  channel: Channel;
  applicant?: { name: string; idNumber: string; mobile: string; occupation?: string | null; monthlyIncome?: string | null };
  requestedAmount: string;
  termMonths: number;
  repaymentMethod: RepaymentMethod;
  consents: { creditInquiry: boolean; automatedDecision: boolean; personalInformation: boolean };
  guarantor?: { name: string; idNumber: string; mobile: string } | null;
  coBorrowers?: Array<{ name: string; idNumber: string; mobile: string }> | null;
  pledgeCdNos?: string[] | null;
  officerCode?: string | null;
  referralCode?: string | null;
  cardCode?: string | null;
  campaignCode?: string | null;
  /** A key customer group's code (channel GROUP): the applicant becomes a member. */
  groupCode?: string | null;
}

export interface ApplicationResult {
  id: number;
  status: string;
  decision: {
    outcome: string;
    grade: string;
    score: number;
    limit: string;
    annualRatePct: string;
    reasons: Array<{ code: string; message: string }>;
  };
  creditLineId: number | null;
  guaranteeLink?: string;
  partyLinks?: Array<{ role: PartyRole; link: string }>;
}

const OPEN_STATUSES = ['SUBMITTED', 'REFERRED', 'MANUAL_REVIEW', 'PENDING_GUARANTEE'];

/** Validates the request against the product before anything is stored or evaluated. */
export function checkRequestAgainstProduct(p: ProductParams, amountFen: bigint, termMonths: number, method: RepaymentMethod): void {
  if (amountFen < p.minAmountFen || amountFen > p.maxAmountFen) {
    throw new AppError('AMOUNT_OUT_OF_RANGE', { min: formatYuan(p.minAmountFen), max: formatYuan(p.maxAmountFen) });
  }
  if (!p.repaymentMethods.includes(method)) {
    throw new AppError('METHOD_NOT_ALLOWED', { allowed: p.repaymentMethods });
  }
  const maxTerm = method === 'BULLET' ? Math.min(p.maxTermMonths, p.bulletMaxTermMonths) : p.maxTermMonths;
  if (!Number.isInteger(termMonths) || termMonths < p.minTermMonths || termMonths > maxTerm) {
    throw new AppError('TERM_OUT_OF_RANGE', { min: p.minTermMonths, max: maxTerm });
  }
}

/** Total limit of the customer's unsecured online credit lines still in force (internet-loan cap), as text. */
function unsecuredOnlineCreditSql(customerId: number) {
  return sql`SELECT coalesce(sum(limit_fen), 0)::text FROM credit_lines
             WHERE customer_id = ${customerId} AND product_kind = 'CREDIT' AND status IN ('ACTIVE', 'FROZEN')`;
}

/** The same total, in fen. */
async function unsecuredOnlineCreditFen(tx: Tx, customerId: number): Promise<bigint> {
  const row = await queryOne<{ total: string | null }>(tx, sql`SELECT (${unsecuredOnlineCreditSql(customerId)}) AS total`);
  return fen(row?.total);
}

/**
 * A guarantor (or a co-borrower: the same test, its own error code) must be an existing customer in
 * good standing, not the borrower: known to the bank, the same name, on no list, nothing overdue in the
 * bureau. Capacity = 24 × monthly income + deposits − existing debts (the decision reads only a
 * guarantor's).
 */
async function checkGuarantor(
  ctx: AppContext,
  tx: Tx,
  borrower: CustomerRecord,
  g: { name: string; idNumber: string; mobile: string },
  businessDate: IsoDate,
  role: PartyRole = 'GUARANTOR',
): Promise<{ guarantor: CustomerRecord; capacityFen: bigint }> {
  const guarantor = await findCustomerByIdNumber(tx, ctx.crypto, g.idNumber).catch(() => null);
  const invalid = (reason: string) => new AppError(role === 'CO_BORROWER' ? 'CO_BORROWER_INVALID' : 'GUARANTOR_INVALID', { reason });
  if (!guarantor) throw invalid('NOT_A_CUSTOMER');
  if (guarantor.id === borrower.id) throw invalid(role === 'CO_BORROWER' ? 'CO_BORROWER_IS_BORROWER' : 'GUARANTOR_IS_BORROWER');
  if (guarantor.name !== g.name.trim()) throw invalid('NAME_MISMATCH');
  const hits = await listHits(tx, ctx.crypto.lookupHash(guarantor.idNumber), businessDate);
  if (hits.courtEnforcement || hits.dishonest || hits.bankBlacklist) throw invalid('ON_A_LIST');
  const bureau = await bureauSummary(tx, {
    customerId: guarantor.id,
    idNumberHash: ctx.crypto.lookupHash(guarantor.idNumber),
    businessDate,
    purpose: role === 'CO_BORROWER' ? 'CO_BORROWER_REVIEW' : 'GUARANTEE_REVIEW',
  });
  if (bureau.currentOverdueFen > 0n || bureau.worstStatus24m >= 3) throw invalid('BAD_CREDIT');
  const deposits = await core.averageDepositBalanceFen(tx, guarantor.id);
  const income = guarantor.monthlyIncomeFen ?? 0n;
  const capacity = income * 24n + deposits - bureau.existingDebtFen;
  return { guarantor, capacityFen: capacity > 0n ? capacity : 0n };
}

/** The certificates a pledge application names: the customer's own and all pledgeable today. */
async function checkPledge(tx: Tx, customerId: number, cdNos: string[], businessDate: IsoDate) {
  if (cdNos.length === 0) throw new AppError('CD_NOT_FOUND', { reason: 'no certificate chosen' });
  const mine = await core.certificates(tx, customerId);
  const chosen = [];
  for (const no of new Set(cdNos)) {
    const cd = mine.find((c) => c.cdNo === no);
    if (!cd) throw new AppError('CD_NOT_FOUND', { cdNo: no });
    if (cd.status !== 'ACTIVE' || cd.maturityDate <= businessDate) {
      throw new AppError('CD_NOT_PLEDGEABLE', { cdNo: no, status: cd.maturityDate <= businessDate ? 'MATURED' : cd.status });
    }
    chosen.push(cd);
  }
  const totalPrincipalFen = chosen.reduce((s, c) => s + c.principalFen, 0n);
  const earliestMaturity = chosen.map((c) => c.maturityDate).sort()[0];
  return { chosen, totalPrincipalFen, earliestMaturity };
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function reasonsFor(result: DecisionResult, lang: 'zh' | 'en') {
  return result.reasons.map((r) => ({ code: r.code, message: lang === 'en' ? r.messageEn : r.messageZh }));
}

/** Nothing is evaluated, or even stored, without the three consents. */
function assertConsents(c: ApplicationInput['consents']): void {
  if (!c || !c.creditInquiry || !c.automatedDecision || !c.personalInformation) {
    throw new AppError('CONSENT_REQUIRED', {
      missing: [
        !c?.creditInquiry && 'creditInquiry',
        !c?.automatedDecision && 'automatedDecision',
        !c?.personalInformation && 'personalInformation',
      ].filter(Boolean),
    });
  }
}

type Entry = Awaited<ReturnType<typeof resolveEntryCodes>>;

/**
 * Who applies: the signed-in customer (who applies for themselves; a declared occupation or income
 * updates their record) or the applicant the officer brings, created or found. A pre-credit card
 * works only for its holder.
 */
async function applicantOf(
  ctx: AppContext,
  tx: Tx,
  cmd: CommandContext,
  input: ApplicationInput,
  entry: Entry,
  branchId: number,
  officerId: number | null,
): Promise<CustomerRecord> {
  let customer: CustomerRecord;
  const monthlyIncomeFen = input.applicant?.monthlyIncome ? parseYuan(input.applicant.monthlyIncome) : null;
  if (cmd.customer) {
    customer = await getCustomer(tx, ctx.crypto, cmd.customer.customerId);
    if (input.applicant && input.applicant.idNumber.trim().toUpperCase() !== customer.idNumber) {
      throw new AppError('VALIDATION_FAILED', { field: 'applicant.idNumber', reason: 'a customer applies for themselves' });
    }
    if (input.applicant?.occupation || monthlyIncomeFen !== null) {
      customer = (
        await ensureCustomer(tx, ctx.crypto, {
          name: customer.name,
          idNumber: customer.idNumber,
          mobile: customer.mobile,
          branchId: customer.branchId,
          officerId: customer.officerId,
          occupation: input.applicant?.occupation ?? null,
          monthlyIncomeFen,
        })
      ).customer;
    }
  } else {
    if (!input.applicant) throw new AppError('VALIDATION_FAILED', { field: 'applicant', reason: 'required' });
    customer = (
      await ensureCustomer(tx, ctx.crypto, {
        name: input.applicant.name,
        idNumber: input.applicant.idNumber,
        mobile: input.applicant.mobile,
        branchId,
        officerId,
        occupation: input.applicant.occupation ?? null,
        monthlyIncomeFen,
      })
    ).customer;
  }
  if (entry.card && entry.card.idNumberHash !== ctx.crypto.lookupHash(customer.idNumber)) {
    throw new AppError('PRE_CREDIT_CARD_INVALID', { reason: 'the card was issued to another person' });
  }
  return customer;
}

/**
 * One open application per customer and product (also a partial unique index), and no second line
 * of the product. With it, in the same statement, the unsecured online credit already in force
 * (internet-loan cap; nothing before the decision changes the customer's credit lines), in fen.
 */
async function refuseOpenAndReadUnsecured(tx: Tx, customerId: number, productCode: string): Promise<bigint> {
  const existing = await queryOne<{ open_id: string | null; line_id: string | null; unsecured: string | null }>(
    tx,
    sql`SELECT (SELECT id FROM applications WHERE customer_id = ${customerId} AND product_code = ${productCode}
                  AND status IN ('SUBMITTED', 'REFERRED', 'MANUAL_REVIEW', 'PENDING_GUARANTEE') LIMIT 1) AS open_id,
               (SELECT id FROM credit_lines WHERE customer_id = ${customerId} AND product_code = ${productCode}
                  AND status IN ('ACTIVE', 'FROZEN') LIMIT 1) AS line_id,
               (${unsecuredOnlineCreditSql(customerId)}) AS unsecured`,
  );
  const open = existing?.open_id != null ? { id: existing.open_id } : undefined;
  const activeLine = existing?.line_id != null ? { id: existing.line_id } : undefined;
  if (open || activeLine) {
    throw new AppError('APPLICATION_ALREADY_OPEN', { applicationId: open?.id ?? null, creditLineId: activeLine?.id ?? null });
  }
  return fen(existing?.unsecured);
}

/**
 * The application, its id index row and the three consents in one statement. Returns the application's
 * id. The id is drawn in the index row's VALUES (nextval evaluated once) and the application takes it
 * from there: on Citus, where application_index is distributed by id and the rest by customer_id (0049),
 * the index row is a router insert to the one shard of its id (Citus evaluates nextval on the
 * coordinator) and the application and its consents go to the customer's shard. This statement is the
 * only writer of application_index, and its rows are written once (on Citus a trigger refuses UPDATE
 * and DELETE): nothing else keeps the two in agreement there.
 */
async function insertApplication(
  tx: Tx,
  cmd: CommandContext,
  a: {
    customer: CustomerRecord;
    product: ProductParams;
    input: ApplicationInput;
    amountFen: bigint;
    officerId: number | null;
    entry: Entry;
    businessDate: IsoDate;
    campaignCode: string | null;
    channel: Channel;
  },
): Promise<number> {
  const { customer, product, input } = a;
  const appRow = await queryOne<{ id: string }>(
    tx,
    sql`WITH indexed AS (
          INSERT INTO application_index (id, customer_id) VALUES (nextval('origination_ids'), ${customer.id})
          RETURNING id
        ),
        app AS (
          INSERT INTO applications (customer_id, id, product_code, channel, status, requested_amount_fen, term_months,
            repayment_method, officer_id, branch_id, referrer_customer_id, card_code, pledge_cd_nos, business_date, created_at, updated_at,
            campaign_code, group_code)
          SELECT ${customer.id}, indexed.id, ${product.code}, ${a.channel}, 'SUBMITTED', ${a.amountFen.toString()}, ${input.termMonths},
            ${input.repaymentMethod}, ${customer.officerId ?? a.officerId}, ${customer.branchId}, ${a.entry.referrer?.customerId ?? null},
            ${a.entry.card?.cardCode ?? null}, ${JSON.stringify(product.kind === 'PLEDGE' ? [...new Set(input.pledgeCdNos ?? [])] : [])}::jsonb,
            ${a.businessDate}::date, ${nowParam()}, ${nowParam()}, ${a.campaignCode},
            ${input.groupCode?.trim().toUpperCase() || null}
            FROM indexed
          RETURNING id, customer_id
        ),
        consented AS (
          INSERT INTO application_consents (customer_id, application_id, kind, text_version, client_ip, granted_at)
          SELECT app.customer_id, app.id, consent.kind, consent.text_version, ${cmd.clientIp}, ${nowParam()}
            FROM app CROSS JOIN jsonb_to_recordset(${CONSENT_ROWS}::jsonb) AS consent(kind text, text_version text)
        )
        SELECT id::text AS id FROM app`,
  );
  return Number(appRow!.id);
}

/** The data the policy needs besides the application: bureau, lists, deposits, the pledge or the guarantor. */
async function policyData(
  ctx: AppContext,
  tx: Tx,
  customer: CustomerRecord,
  product: ProductParams,
  input: ApplicationInput,
  businessDate: IsoDate,
) {
  const idHash = ctx.crypto.lookupHash(customer.idNumber);
  const bureau = await bureauSummary(tx, { customerId: customer.id, idNumberHash: idHash, businessDate, purpose: 'LOAN_APPLICATION' });
  const hits = await listHits(tx, idHash, businessDate);
  const deposits = await core.averageDepositBalanceFen(tx, customer.id);
  let pledge: Awaited<ReturnType<typeof checkPledge>> | null = null;
  if (product.kind === 'PLEDGE') pledge = await checkPledge(tx, customer.id, input.pledgeCdNos ?? [], businessDate);
  let guarantor: Awaited<ReturnType<typeof checkGuarantor>> | null = null;
  if (product.kind === 'GUARANTEE' && input.guarantor) {
    guarantor = await checkGuarantor(ctx, tx, customer, input.guarantor, businessDate);
  }
  // Co-borrowers: checked like a guarantor, each person once and never also the guarantor. They are
  // not the product's guarantor: the decision sees only \`guarantor\`.
  const coBorrowers: CustomerRecord[] = [];
  for (const c of input.coBorrowers ?? []) {
    const checked = (await checkGuarantor(ctx, tx, customer, c, businessDate, 'CO_BORROWER')).guarantor;
    if (checked.id === guarantor?.guarantor.id || coBorrowers.some((x) => x.id === checked.id)) {
      throw new AppError('CO_BORROWER_INVALID', { reason: 'DUPLICATE_PARTY' });
    }
    coBorrowers.push(checked);
  }
  return { bureau, hits, deposits, pledge, guarantor, coBorrowers };
}

/**
 * What the decision leads to: declined; referred with the approver's deadline; waiting for its parties
 * (the guarantor of a guaranteed product, the co-borrowers) to confirm; or an approved application with
 * its credit line opened. The parties are invited unless the application is declined, so that they may
 * confirm while an approver looks at a referred one; the line opens when the application is approved and
 * every party has confirmed.
 */
async function actOnDecision(
  ctx: AppContext,
  tx: Tx,
  cmd: CommandContext,
  d: {
    decision: DecisionResult;
    customer: CustomerRecord;
    product: ProductParams;
    applicationId: number;
    amountFen: bigint;
    termMonths: number;
    businessDate: IsoDate;
    officerId: number | null;
    data: Awaited<ReturnType<typeof policyData>>;
  },
): Promise<{
  status: string;
  creditLineId: number | null;
  guaranteeLink: string | undefined;
  partyLinks: Array<{ role: PartyRole; link: string }>;
  deadlineSql: SQL;
}> {
  const { decision, customer, product, data } = d;
  if (decision.outcome === 'DECLINE') {
    return { status: 'DECLINED', creditLineId: null, guaranteeLink: undefined, partyLinks: [], deadlineSql: sql`NULL` };
  }
  const parties: Array<{ role: PartyRole; customer: CustomerRecord }> = [
    ...(product.kind === 'GUARANTEE' && data.guarantor ? [{ role: 'GUARANTOR' as const, customer: data.guarantor.guarantor }] : []),
    ...data.coBorrowers.map((c) => ({ role: 'CO_BORROWER' as const, customer: c })),
  ];
  const partyLinks: Array<{ role: PartyRole; link: string }> = [];
  for (const p of parties) {
    partyLinks.push({
      role: p.role,
      link: await inviteGuarantor(ctx, tx, customer, d.applicationId, p, product, d.amountFen, d.termMonths),
    });
  }
  const guaranteeLink = partyLinks[0]?.link;
  if (decision.outcome === 'REFER') {
    const deadline = businessDeadline(d.businessDate, clock.now(), product.referralDeadlineHours).toISOString();
    return { status: 'REFERRED', creditLineId: null, guaranteeLink, partyLinks, deadlineSql: sql`${deadline}::timestamptz` };
  }
  if (parties.length > 0) return { status: 'PENDING_GUARANTEE', creditLineId: null, guaranteeLink, partyLinks, deadlineSql: sql`NULL` };
  const creditLineId = await openCreditLine(ctx, tx, cmd, {
    customerId: customer.id,
    applicationId: d.applicationId,
    product,
    limitFen: decision.limitFen,
    annualRatePct: decision.annualRatePct,
    businessDate: d.businessDate,
    branchId: customer.branchId,
    officerId: customer.officerId ?? d.officerId,
    pledgeCdNos: data.pledge ? data.pledge.chosen.map((cd) => cd.cdNo) : [],
  });
  return { status: 'APPROVED', creditLineId, guaranteeLink: undefined, partyLinks: [], deadlineSql: sql`NULL` };
}

/**
 * The decided application and its 543 events (SUBMIT, and LOCK the first time an officer brings the
 * customer) in one statement.
 */
async function writeDecided(
  tx: Tx,
  w: {
    customer: CustomerRecord;
    officerId: number | null;
    applicationId: number;
    productCode: string;
    channel: Channel;
    businessDate: IsoDate;
    decisionId: number;
    decision: DecisionResult;
    status: string;
    creditLineId: number | null;
    deadlineSql: SQL;
  },
): Promise<void> {
  const { customer, decision } = w;
  const serviceOfficer = customer.officerId ?? w.officerId;
  const event = {
    customerId: customer.id,
    officerId: serviceOfficer,
    branchId: customer.branchId,
    applicationId: w.applicationId,
    productCode: w.productCode,
    businessDate: w.businessDate,
  };
  const events = serviceOfficer
    ? serviceEventsInsert([
        ...(w.channel === 'OFFICER_ASSISTED' ? [{ ...event, kind: 'LOCK' as const, onlyIfFirst: true }] : []),
        { ...event, kind: 'SUBMIT' as const },
      ])
    : null;
  await tx.execute(
    sql`WITH decided AS (
          UPDATE applications SET status = ${w.status}, decision_id = ${w.decisionId}, outcome = ${decision.outcome},
            grade = ${decision.grade}, score = ${decision.score}, approved_limit_fen = ${decision.limitFen.toString()},
            annual_rate_pct = ${decision.annualRatePct}, reasons = ${JSON.stringify(decision.reasons)}::jsonb,
            credit_line_id = ${w.creditLineId}, deadline_at = ${w.deadlineSql}, updated_at = ${nowParam()}
          WHERE customer_id = ${customer.id} AND id = ${w.applicationId}
        )${events ? sql`, events AS (${events})` : sql``}
        SELECT 1 AS done`,
  );
  // a prospect of the same ID number moves to APPLIED (and APPROVED or DECLINED when decided)
  await prospectOnApplication(tx, customer.id, w.status, w.applicationId);
}

/** The partial unique index catches a concurrent duplicate that the read could not see. */
function duplicateOpenApplication(err: unknown): never {
  if ((err as { cause?: { code?: string }; code?: string })?.cause?.code === '23505' || (err as { code?: string })?.code === '23505') {
    const msg = String((err as Error).message ?? '') + String((err as { cause?: Error }).cause?.message ?? '');
    if (msg.includes('applications_one_open')) throw new AppError('APPLICATION_ALREADY_OPEN');
  }
  throw err;
}

/**
 * An application: consents, the product's limits, who applies and through whom, the policy's data,
 * the decision and what it leads to, in one transaction.
 */
export async function submitApplication(ctx: AppContext, cmd: CommandContext, input: ApplicationInput): Promise<ApplicationResult> {
  assertConsents(input.consents);
  const db = ctx.db;
  const businessDate = await getBusinessDate(db);
  const product = await getProductParams(db, input.productCode, businessDate);
  const amountFen = parseYuan(input.requestedAmount);
  checkRequestAgainstProduct(product, amountFen, input.termMonths, input.repaymentMethod);
  if (product.kind === 'GUARANTEE' && !input.guarantor) throw new AppError('GUARANTOR_INVALID', { reason: 'GUARANTOR_REQUIRED' });
  const policy = await activePolicy(db, businessDate);
  const lprPct = await getLprPct(db, businessDate, '1Y');

  return withAuditedTx(db, async (tx) => {
    // Who applies, and through whom.
    const entry = await resolveEntryCodes(ctx, tx, {
      officerCode: input.officerCode ?? null,
      referralCode: input.referralCode ?? null,
      cardCode: input.cardCode ?? null,
    });
    // A referral is attributed to the customer whose code it is: an unknown code, or the channel
    // without one, is refused rather than silently attributed to nobody.
    if ((input.referralCode?.trim() || input.channel === 'REFERRAL') && !entry.referrer) {
      throw new AppError('REFERRAL_CODE_UNKNOWN', { referralCode: input.referralCode ?? null });
    }
    const officerId = cmd.actor?.staffId ?? entry.officer?.id ?? null;
    const branchId = cmd.actor?.branchId ?? entry.officer?.branchId ?? (await entry.defaultBranchId());
    const customer = await applicantOf(ctx, tx, cmd, input, entry, branchId, officerId);
    const existingUnsecured = await refuseOpenAndReadUnsecured(tx, customer.id, product.code);
    // A key customer group's link: the code must be a group's (else refused, nothing written) and the
    // applicant becomes a member of it; the groups module decides, through the composition root's listener.
    const groupCode = input.groupCode?.trim().toUpperCase() || null;
    if (groupCode || input.channel === 'GROUP') {
      if (!groupCode || !ctx.onGroupApplication) throw new AppError('GROUP_CODE_UNKNOWN', { groupCode });
      await ctx.onGroupApplication(ctx, tx, cmd, {
        groupCode,
        customerId: customer.id,
        name: customer.name,
        idNumber: customer.idNumber,
        mobile: customer.mobile,
      });
    }
    // The campaign it is credited to: the tracking link's code (an unknown one refused, nothing written),
    // or a campaign SMS the applicant received within its window; the campaigns module decides.
    // A customer who came by themselves through a channel campaign's link is stored with its channel.
    const attributed = ctx.onCampaignApplication
      ? await ctx.onCampaignApplication(ctx, tx, cmd, {
          campaignCode: input.campaignCode ?? null,
          customerId: customer.id,
          businessDate,
          idNumber: customer.idNumber,
          mobile: customer.mobile,
        })
      : { campaignCode: input.campaignCode?.trim().toUpperCase() || null, channel: null };
    const applicationId = await insertApplication(tx, cmd, {
      customer,
      product,
      input,
      amountFen,
      officerId,
      entry,
      businessDate,
      campaignCode: attributed.campaignCode,
      channel: input.channel === 'SELF_SERVICE' && attributed.channel ? attributed.channel : input.channel,
    });

    const data = await policyData(ctx, tx, customer, product, input, businessDate);
    const decisionInput = decisionInputOf({
      customer,
      product,
      request: { amountFen, termMonths: input.termMonths },
      businessDate,
      bureau: data.bureau,
      lists: data.hits,
      averageDepositFen: data.deposits,
      existingUnsecuredOnlineCreditFen: existingUnsecured,
      pledge: data.pledge,
      guarantor: data.guarantor,
      lprPct,
    });
    // What the policy computed, then what may be granted with nobody looking: an automatic approval
    // never above the product's automatic-approval maximum (the record keeps both figures).
    // A white-list-only product (信e快贷) lends only to a pre-credited applicant: a valid white-list
    // entry or pre-credit card of the product, at most its limit; anyone else is declined NOT_PRE_CREDITED.
    const whiteList = product.whiteListOnly
      ? await activePreCreditOf(tx, {
          idNumberHash: ctx.crypto.lookupHash(customer.idNumber),
          productCode: product.code,
          businessDate,
          preferEntry:
            entry.card?.batchId != null && entry.card.rowNo != null ? { batchId: entry.card.batchId, rowNo: entry.card.rowNo } : null,
        })
      : null;
    const card = entry.card && entry.card.productCode === product.code ? entry.card : null;
    const decision = applyWhiteList(
      {
        whiteListOnly: product.whiteListOnly,
        preCredit: whiteList
          ? { source: 'WHITE_LIST', reference: `${whiteList.batchId}/${whiteList.rowNo}`, limitFen: whiteList.limitFen }
          : card
            ? { source: 'CARD', reference: card.cardCode, limitFen: card.limitFen }
            : null,
      },
      capAutomaticApproval(decisionInput, await evaluatePolicy(policy, decisionInput)),
    );
    const { decisionId } = await recordDecision(tx, { customerId: customer.id, applicationId, input: decisionInput, result: decision });
    const acted = await actOnDecision(ctx, tx, cmd, {
      decision,
      customer,
      product,
      applicationId,
      amountFen,
      termMonths: input.termMonths,
      businessDate,
      officerId,
      data,
    });
    if (acted.status === 'APPROVED') {
      await usePreCredit(tx, whiteList, entry.card?.cardCode ?? null, { applicationId, customerId: customer.id });
    }
    await writeDecided(tx, {
      customer,
      officerId,
      applicationId,
      productCode: product.code,
      channel: input.channel,
      businessDate,
      decisionId,
      decision,
      ...acted,
    });
    await auditCommandAtCommit(
      tx,
      cmd,
      'application.submit',
      { type: 'application', id: applicationId, customerId: customer.id },
      {
        product: product.code,
        channel: input.channel,
        amount: formatYuan(amountFen),
        outcome: decision.outcome,
        status: acted.status,
        policyVersion: decision.policyVersion,
        customerId: customer.id,
      },
    );
    return {
      id: applicationId,
      status: acted.status,
      decision: {
        outcome: decision.outcome,
        grade: decision.grade,
        score: decision.score,
        limit: formatYuan(decision.limitFen),
        annualRatePct: decision.annualRatePct,
        reasons: reasonsFor(decision, cmd.lang),
      },
      creditLineId: acted.creditLineId,
      // The link goes to the guarantor by SMS; the applicant sees it only in demo mode.
      ...(acted.guaranteeLink && ctx.config.demo ? { guaranteeLink: acted.guaranteeLink } : {}),
      ...(acted.partyLinks.length > 0 && ctx.config.demo ? { partyLinks: acted.partyLinks } : {}),
    } satisfies ApplicationResult;
  }).catch(duplicateOpenApplication);
}

/** Invites one party (a guarantor or a co-borrower) by SMS with a link to confirm on the mobile page. */
async function inviteGuarantor(
  ctx: AppContext,
  tx: Tx,
  borrower: CustomerRecord,
  applicationId: number,
  party: { role: PartyRole; customer: CustomerRecord },
  product: ProductParams,
  amountFen: bigint,
  termMonths: number,
): Promise<string> {
  const { role, customer: guarantor } = party;
  const token = randomBytes(18).toString('base64url');
  const g = await queryOne<{ id: string }>(
    tx,
    sql`INSERT INTO guarantees (customer_id, application_id, guarantor_customer_id, guarantor_name_masked, token_hash, status, text_version, role, created_at)
        VALUES (${borrower.id}, ${applicationId}, ${guarantor.id}, ${maskName(guarantor.name)}, ${hashToken(token)}, 'INVITED',
                ${partyText(role).version}, ${role}, ${nowParam()})
        RETURNING id`,
  );
  await tx.execute(
    sql`INSERT INTO guarantee_tokens (token_hash, customer_id, guarantee_id) VALUES (${hashToken(token)}, ${borrower.id}, ${Number(g!.id)})`,
  );
  const link = `${ctx.config.publicBaseUrl}/m/guarantee/${token}`;
  const asked = role === 'CO_BORROWER' ? '邀请您作为共同借款人共同承担还款责任' : '邀请您提供连带责任保证';
  await sendSms(tx, ctx.crypto, {
    mobile: guarantor.mobile,
    template: role === 'CO_BORROWER' ? 'CO_BORROWER_INVITE' : 'GUARANTEE_INVITE',
    text: `【兖州农商银行】${maskName(borrower.name)}申请${product.nameZh}${formatYuan(amountFen)}元、期限${termMonths}个月，${asked}。请点击 ${link} 查看并确认。如非本人知情请忽略。`,
    customerId: guarantor.id,
  });
  return link;
}

/** The guarantee invitation a guarantor opens from the SMS link. */
export async function getGuaranteeByToken(db: Db, token: string) {
  const t = await queryOne<{ customer_id: string; guarantee_id: string }>(
    db,
    sql`SELECT customer_id, guarantee_id FROM guarantee_tokens WHERE token_hash = ${hashToken(token)}`,
  );
  if (!t) throw new AppError('GUARANTEE_NOT_FOUND');
  const g = await queryOne<Row>(
    db,
    sql`SELECT g.*, a.product_code, a.requested_amount_fen, a.term_months, a.status AS application_status
        FROM guarantees g JOIN applications a ON a.customer_id = g.customer_id AND a.id = g.application_id
        WHERE g.customer_id = ${Number(t.customer_id)} AND g.id = ${Number(t.guarantee_id)}`,
  );
  if (!g) throw new AppError('GUARANTEE_NOT_FOUND');
  return g;
}

/** Application statuses in which a party may confirm: waiting for the parties, or for an approver. */
const CONFIRMABLE_STATUSES = ['PENDING_GUARANTEE', 'REFERRED', 'MANUAL_REVIEW'];

/**
 * The approved application's line, once every party has confirmed: the pledge re-checked, the
 * internet-loan cap of unsecured credit kept (other lines may have opened while the parties took their time).
 */
async function openLineOfApprovedApplication(ctx: AppContext, tx: Tx, cmd: CommandContext, app: Row, businessDate: IsoDate) {
  const customerId = Number(app.customer_id);
  const product = await getProductParams(tx, String(app.product_code), businessDate);
  const limitFen = fen(app.approved_limit_fen);
  const pledgeCdNos = product.kind === 'PLEDGE' ? ((app.pledge_cd_nos as string[] | null) ?? []) : [];
  if (product.kind === 'PLEDGE') await checkPledge(tx, customerId, pledgeCdNos, businessDate);
  if (product.kind === 'CREDIT') {
    const used = await unsecuredOnlineCreditFen(tx, customerId);
    if (used + limitFen > product.internetLoanCapFen) {
      throw new AppError('CREDIT_LIMIT_EXCEEDED', {
        reason: 'INTERNET_LOAN_CAP',
        cap: formatYuan(product.internetLoanCapFen),
        existing: formatYuan(used),
      });
    }
  }
  return openCreditLine(ctx, tx, cmd, {
    customerId,
    applicationId: Number(app.id),
    product,
    limitFen,
    annualRatePct: pct(app.annual_rate_pct)!,
    businessDate,
    branchId: Number(app.branch_id),
    officerId: app.officer_id === null ? null : Number(app.officer_id),
    pledgeCdNos,
  });
}

/**
 * A party (guarantor or co-borrower), identified by one-time code, confirms. When the application is
 * approved and no other party is still to confirm, the borrower's line opens; otherwise creditLineId is null.
 */
export async function confirmGuarantee(
  ctx: AppContext,
  cmd: CommandContext,
  token: string,
  guarantorCustomerId: number,
): Promise<{ status: 'CONFIRMED'; creditLineId: number | null }> {
  const db = ctx.db;
  const businessDate = await getBusinessDate(db);
  return withAuditedTx(db, async (tx) => {
    const g = await getGuaranteeByToken(tx, token);
    const borrowerId = Number(g.customer_id);
    if (Number(g.guarantor_customer_id) !== guarantorCustomerId) throw new AppError('GUARANTEE_NOT_FOUND');
    if (g.status !== 'INVITED' || !CONFIRMABLE_STATUSES.includes(String(g.application_status)))
      throw new AppError('GUARANTEE_NOT_FOUND', { status: g.status });
    // The application row is the lock every party of the application takes: the last to confirm opens the line.
    const app = await queryOne<Row>(
      tx,
      sql`SELECT * FROM applications WHERE customer_id = ${borrowerId} AND id = ${Number(g.application_id)} FOR UPDATE`,
    );
    if (!app || !CONFIRMABLE_STATUSES.includes(String(app.status))) throw new AppError('GUARANTEE_NOT_FOUND', { status: app?.status });
    const confirmed = await queryOne<{ done: string; waiting: string }>(
      tx,
      sql`WITH confirmed AS (
            UPDATE guarantees SET status = 'CONFIRMED', confirmed_at = ${nowParam()}, confirm_ip = ${cmd.clientIp}
             WHERE customer_id = ${borrowerId} AND id = ${Number(g.id)} AND status = 'INVITED'
            RETURNING id
          )
          SELECT (SELECT count(*) FROM confirmed)::text AS done,
                 (SELECT count(*) FROM guarantees WHERE customer_id = ${borrowerId} AND application_id = ${Number(app.id)}
                     AND status = 'INVITED' AND id <> ${Number(g.id)})::text AS waiting`,
    );
    if (!confirmed || confirmed.done !== '1') throw new AppError('GUARANTEE_NOT_FOUND', { status: 'CONFIRMED' });
    let creditLineId: number | null = null;
    if (app.status === 'PENDING_GUARANTEE' && confirmed.waiting === '0') {
      creditLineId = await openLineOfApprovedApplication(ctx, tx, cmd, app, businessDate);
      await tx.execute(
        sql`UPDATE applications SET status = 'APPROVED', credit_line_id = ${creditLineId}, updated_at = ${nowParam()}
            WHERE customer_id = ${borrowerId} AND id = ${Number(app.id)}`,
      );
    }
    await auditCommandAtCommit(
      tx,
      { ...cmd, customer: { customerId: guarantorCustomerId, sessionId: 0 } },
      'guarantee.confirm',
      { type: 'application', id: Number(app.id) },
      {
        guarantorCustomerId,
        role: String(g.role),
        textVersion: String(g.text_version),
        creditLineId,
      },
    );
    return { status: 'CONFIRMED' as const, creditLineId };
  });
}

/**
 * An approved application (by the engine or later by an approver) uses the applicant's pre-credit: the
 * white-list entry becomes USED and the card it came with ACTIVATED (once each; never by the scan alone).
 */
async function usePreCredit(
  tx: Tx,
  whiteList: ActivePreCredit | null,
  cardCode: string | null,
  used: { applicationId: number; customerId: number },
): Promise<void> {
  if (whiteList) await markPreCreditUsed(tx, whiteList, used);
  if (cardCode) await markCardActivated(tx, cardCode, used);
}

// ---------- referral queue and manual review ----------

export async function decideReferral(
  ctx: AppContext,
  cmd: CommandContext,
  applicationId: number,
  input: { outcome: 'APPROVE' | 'DECLINE'; limit?: string | null; annualRatePct?: string | null; comment: string },
) {
  const actor = cmd.actor!;
  const db = ctx.db;
  const businessDate = await getBusinessDate(db);
  const customerId = await ownerOfApplication(db, applicationId);
  return withAuditedTx(db, async (tx) => {
    const app = await queryOne<Row>(
      tx,
      sql`SELECT * FROM applications WHERE customer_id = ${customerId} AND id = ${applicationId} FOR UPDATE`,
    );
    if (!app) throw new AppError('APPLICATION_NOT_FOUND');
    await assertVisible(
      tx,
      cmd,
      { customerId, branchId: Number(app.branch_id), officerId: app.officer_id === null ? null : Number(app.officer_id) },
      'APPLICATION_NOT_FOUND',
    );
    if (app.status !== 'REFERRED' && app.status !== 'MANUAL_REVIEW') throw new AppError('APPLICATION_NOT_REFERRED', { status: app.status });
    // Four eyes: the officer who took the application does not decide it.
    if (app.officer_id !== null && Number(app.officer_id) === actor.staffId) throw new AppError('REVIEW_SELF_APPROVAL');
    const comment = input.comment.trim();
    if (!comment) throw new AppError('REVIEW_COMMENT_REQUIRED');
    const product = await getProductParams(tx, String(app.product_code), businessDate);
    let status = 'DECLINED';
    let creditLineId: number | null = null;
    let limitFen = 0n;
    let rate = pct(app.annual_rate_pct) ?? product.pricing.floorPct;
    if (input.outcome === 'APPROVE') {
      limitFen = input.limit ? parseYuan(input.limit) : fen(app.approved_limit_fen);
      if (input.annualRatePct) rate = formatRatePct(parseRatePct(input.annualRatePct));
      if (limitFen <= 0n || limitFen < product.minAmountFen || limitFen > product.maxAmountFen) {
        throw new AppError('AMOUNT_OUT_OF_RANGE', { min: formatYuan(product.minAmountFen), max: formatYuan(product.maxAmountFen) });
      }
      if (product.kind === 'CREDIT') {
        const used = await unsecuredOnlineCreditFen(tx, customerId);
        if (used + limitFen > product.internetLoanCapFen) {
          throw new AppError('CREDIT_LIMIT_EXCEEDED', {
            reason: 'INTERNET_LOAN_CAP',
            cap: formatYuan(product.internetLoanCapFen),
            existing: formatYuan(used),
          });
        }
      }
      const r = new Dec(rate);
      if (r.lt(product.pricing.floorPct) || r.gt(product.pricing.ceilingPct)) {
        throw new AppError('INVALID_RATE', { floor: product.pricing.floorPct, ceiling: product.pricing.ceilingPct });
      }
      // The parties named on the application: a guaranteed product needs its guarantor (a co-borrower
      // never stands in); while any party has still to confirm, the application waits for them.
      const parties = await queryRows<{ role: string; status: string }>(
        tx,
        sql`SELECT role, status FROM guarantees WHERE customer_id = ${customerId} AND application_id = ${applicationId}
               AND status IN ('INVITED', 'CONFIRMED')`,
      );
      if (product.kind === 'GUARANTEE' && !parties.some((g) => g.role === 'GUARANTOR')) {
        throw new AppError('GUARANTEE_NOT_CONFIRMED', { reason: 'no guarantor invited for this application' });
      }
      if (parties.some((g) => g.status === 'INVITED')) {
        status = 'PENDING_GUARANTEE';
      } else {
        status = 'APPROVED';
        const pledgeCdNos = product.kind === 'PLEDGE' ? ((app.pledge_cd_nos as string[] | null) ?? []) : [];
        if (product.kind === 'PLEDGE') {
          const pledge = await checkPledge(tx, customerId, pledgeCdNos, businessDate);
          const maxFen = (pledge.totalPrincipalFen * BigInt(Math.round(Number(product.pledgeRatePct ?? '90') * 100))) / 10000n;
          if (limitFen > maxFen) throw new AppError('PLEDGE_INSUFFICIENT', { max: formatYuan(maxFen) });
        }
        creditLineId = await openCreditLine(ctx, tx, cmd, {
          customerId,
          applicationId,
          product,
          limitFen,
          annualRatePct: rate,
          businessDate,
          branchId: Number(app.branch_id),
          officerId: app.officer_id === null ? null : Number(app.officer_id),
          pledgeCdNos,
        });
        // An approver's approval uses the pre-credit and activates the card just as an automatic one does.
        const cardCode = app.card_code === null || app.card_code === undefined ? null : String(app.card_code);
        const card = cardCode ? await findIssuedCard(tx, cardCode, businessDate) : null;
        const whiteList = product.whiteListOnly
          ? await activePreCreditOf(tx, {
              idNumberHash: ctx.crypto.lookupHash((await getCustomer(tx, ctx.crypto, customerId)).idNumber),
              productCode: product.code,
              businessDate,
              preferEntry: card?.batchId != null && card.rowNo != null ? { batchId: card.batchId, rowNo: card.rowNo } : null,
            })
          : null;
        await usePreCredit(tx, whiteList, card?.cardCode ?? null, { applicationId, customerId });
      }
    }
    // A declined application releases the parties still invited: their links stop working.
    if (status === 'DECLINED') {
      await tx.execute(
        sql`UPDATE guarantees SET status = 'CANCELLED' WHERE customer_id = ${customerId} AND application_id = ${applicationId} AND status = 'INVITED'`,
      );
    }
    await tx.execute(
      sql`UPDATE applications SET status = ${status}, approved_limit_fen = ${limitFen.toString()}, annual_rate_pct = ${rate},
            credit_line_id = ${creditLineId}, decided_by = ${actor.staffId}, decided_comment = ${comment}, updated_at = ${nowParam()}
          WHERE customer_id = ${customerId} AND id = ${applicationId}`,
    );
    await prospectOnApplication(tx, customerId, status, applicationId);
    await auditCommandAtCommit(
      tx,
      cmd,
      'application.decide',
      { type: 'application', id: applicationId, customerId },
      {
        before: { status: app.status },
        after: { status, limit: formatYuan(limitFen), annualRatePct: rate },
        comment,
      },
    );
    return getApplication(tx, cmd, applicationId);
  });
}

export async function requestManualReview(ctx: AppContext, cmd: CommandContext, applicationId: number, reason: string) {
  const db = ctx.db;
  const customerId = await ownerOfApplication(db, applicationId);
  return withAuditedTx(db, async (tx) => {
    const app = await queryOne<Row>(
      tx,
      sql`SELECT * FROM applications WHERE customer_id = ${customerId} AND id = ${applicationId} FOR UPDATE`,
    );
    if (!app) throw new AppError('APPLICATION_NOT_FOUND');
    await assertVisible(
      tx,
      cmd,
      { customerId, branchId: Number(app.branch_id), officerId: app.officer_id === null ? null : Number(app.officer_id) },
      'APPLICATION_NOT_FOUND',
    );
    if (app.status !== 'DECLINED') throw new AppError('APPLICATION_NOT_DECLINED', { status: app.status });
    const product = await getProductParams(tx, String(app.product_code), String(app.business_date));
    // Counted in business days from today's business date (the day the customer asks), not the application's.
    const reviewDeadline = businessDeadline(await getBusinessDate(tx), clock.now(), product.referralDeadlineHours);
    await tx
      .execute(
        sql`UPDATE applications SET status = 'MANUAL_REVIEW', manual_review_reason = ${reason.trim().slice(0, 500) || '客户申请人工复核'},
            deadline_at = ${reviewDeadline.toISOString()}::timestamptz, updated_at = ${nowParam()}
          WHERE customer_id = ${customerId} AND id = ${applicationId}`,
      )
      .catch((err: unknown) => {
        if (String((err as Error).message + String((err as { cause?: Error }).cause?.message ?? '')).includes('applications_one_open')) {
          throw new AppError('APPLICATION_ALREADY_OPEN');
        }
        throw err;
      });
    await auditCommandAtCommit(tx, cmd, 'application.manual_review', { type: 'application', id: applicationId, customerId }, { reason });
    return getApplication(tx, cmd, applicationId);
  });
}

// ---------- queries ----------

/** The customer an application belongs to (APPLICATION_NOT_FOUND): application_index's one lookup, ownerOf. */
export async function ownerOfApplication(db: Db, id: number): Promise<number> {
  const customerId = await ownerOf(db, 'application_index', id);
  if (customerId === null) throw new AppError('APPLICATION_NOT_FOUND');
  return customerId;
}

function applicationSummary(r: Row, nameMasked: string | null) {
  return {
    id: Number(r.id),
    customerId: Number(r.customer_id),
    customerNameMasked: nameMasked,
    productCode: String(r.product_code),
    channel: String(r.channel),
    requestedAmount: yuan(r.requested_amount_fen),
    termMonths: Number(r.term_months),
    repaymentMethod: String(r.repayment_method),
    status: String(r.status),
    outcome: (r.outcome as string | null) ?? null,
    grade: (r.grade as string | null) ?? null,
    score: r.score === null ? null : Number(r.score),
    approvedLimit: yuanOrNull(r.approved_limit_fen),
    annualRatePct: pct(r.annual_rate_pct),
    creditLineId: r.credit_line_id === null ? null : Number(r.credit_line_id),
    officerId: r.officer_id === null ? null : Number(r.officer_id),
    branchId: Number(r.branch_id),
    deadlineAt: iso(r.deadline_at),
    overdue: r.deadline_at ? new Date(String(iso(r.deadline_at))).getTime() < clock.now().getTime() : false,
    manualReviewReason: (r.manual_review_reason as string | null) ?? null,
    decidedComment: (r.decided_comment as string | null) ?? null,
    businessDate: String(r.business_date),
    createdAt: iso(r.created_at)!,
  };
}

export async function getApplication(db: Db, cmd: CommandContext, id: number) {
  const customerId = await ownerOfApplication(db, id);
  const r = await queryOne<Row>(
    db,
    sql`SELECT a.*, a.business_date::text AS business_date FROM applications a WHERE a.customer_id = ${customerId} AND a.id = ${id}`,
  );
  if (!r) throw new AppError('APPLICATION_NOT_FOUND');
  await assertVisible(
    db,
    cmd,
    { customerId, branchId: Number(r.branch_id), officerId: r.officer_id === null ? null : Number(r.officer_id) },
    'APPLICATION_NOT_FOUND',
  );
  const consents = await queryRows<Row>(
    db,
    sql`SELECT kind, text_version, granted_at FROM application_consents WHERE customer_id = ${customerId} AND application_id = ${id} ORDER BY kind`,
  );
  const guarantees = await queryRows<Row>(
    db,
    sql`SELECT id, role, guarantor_customer_id, guarantor_name_masked, status, text_version, confirmed_at FROM guarantees
        WHERE customer_id = ${customerId} AND application_id = ${id} ORDER BY role DESC, id`,
  );
  const events = await queryRows<Row>(
    db,
    sql`SELECT kind, officer_id, occurred_at FROM service_events WHERE customer_id = ${customerId} AND application_id = ${id} ORDER BY occurred_at, id`,
  );
  const decision = r.decision_id === null ? null : await decisionRecordByApplication(db, customerId, id);
  const lang = cmd.lang;
  const names = await maskedNames(db, [customerId]);
  return {
    ...applicationSummary(r, names.get(customerId) ?? null),
    reasons: ((r.reasons as Array<{ code: string; messageZh: string; messageEn: string }>) ?? []).map((x) => ({
      code: x.code,
      message: lang === 'en' ? x.messageEn : x.messageZh,
    })),
    decision,
    consents: consents.map((c) => ({ kind: String(c.kind), textVersion: String(c.text_version), grantedAt: iso(c.granted_at) })),
    guarantees: guarantees.map((g) => ({
      id: Number(g.id),
      role: String(g.role) as PartyRole,
      guarantorCustomerId: Number(g.guarantor_customer_id),
      guarantorNameMasked: String(g.guarantor_name_masked),
      status: String(g.status),
      textVersion: String(g.text_version),
      confirmedAt: iso(g.confirmed_at),
    })),
    events: events.map((e) => ({
      kind: String(e.kind),
      officerId: e.officer_id === null ? null : Number(e.officer_id),
      occurredAt: iso(e.occurred_at),
    })),
  };
}

export async function listApplications(
  db: Db,
  cmd: CommandContext,
  q: { status?: string; productCode?: string; page: number; pageSize: number; referralsOnly?: boolean },
) {
  const actor = cmd.actor!;
  const conds = [scopeSql(actor, 'a')];
  if (q.referralsOnly) conds.push(sql`a.status IN ('REFERRED', 'MANUAL_REVIEW')`);
  if (q.status) conds.push(sql`a.status = ${q.status}`);
  if (q.productCode) conds.push(sql`a.product_code = ${q.productCode}`);
  const where = sql.join(conds, sql` AND `);
  const total = await queryOne<{ n: string }>(db, sql`SELECT count(*)::text AS n FROM applications a WHERE ${where}`);
  const order = q.referralsOnly ? sql`a.deadline_at ASC NULLS LAST, a.id` : sql`a.created_at DESC, a.id DESC`;
  const items = await queryRows<Row>(
    db,
    sql`SELECT a.*, a.business_date::text AS business_date FROM applications a WHERE ${where} ORDER BY ${order}
        LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`,
  );
  const names = await maskedNames(
    db,
    items.map((r) => Number(r.customer_id)),
  );
  return {
    items: items.map((r) => ({
      ...applicationSummary(r, names.get(Number(r.customer_id)) ?? null),
      reason: r.status === 'MANUAL_REVIEW' ? 'MANUAL_REVIEW' : r.status === 'REFERRED' ? 'ENGINE_REFERRAL' : null,
    })),
    total: Number(total?.n ?? 0),
    page: q.page,
    pageSize: q.pageSize,
  };
}

export { OPEN_STATUSES };
