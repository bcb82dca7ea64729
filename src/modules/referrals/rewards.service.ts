/**
 * The rewards ledger of 转介有礼 (docs/marketing.md "Referrals"). A referred customer's first drawdown
 * after the referred application decides the referrer's reward, in the drawdown's transaction
 * (origination reports it through the composition root's listener, src/app.ts):
 *
 *  - the rules in force on the business date (params.service.ts);
 *  - REJECTED with its reason: NO_REWARD (amount 0), SELF_REFERRAL (the same customer, ID lookup hash
 *    or mobile), EXISTING_BORROWER (a drawdown before the referred application), CAP_MONTH / CAP_YEAR
 *    (the referrer's rewards paid or waiting in the calendar month / year reached the cap);
 *  - otherwise PAID: credited to the referrer's active demand account through the core-banking
 *    adapter, with its balanced journal entry (DR 6601 业务宣传费-营销奖励 / CR 2001 客户存款) on the
 *    referrer's key; PENDING (ACCOUNT_NOT_ACTIVE) when the referrer's only accounts are frozen or closed.
 *
 * One row per (referrer, referred customer): a later drawdown finds it and changes nothing. The row is
 * the referrer's (customer_id = referrer), so the caps count and the payment touch one customer.
 *
 * Why not an end-of-day step: the day's partitions are the customers with loans, one shard each on
 * Citus, and a step writes only in its partition's shard (test/integration/eod-shards.test.ts); a
 * reward joins two customers in different partitions, and a referrer without a loan is in none.
 */
import { sql } from 'drizzle-orm';
import QRCode from 'qrcode';
import { nowParam, queryOne, queryRows, withTx, type Db, type Tx } from '../../db/client.js';
import type { AppContext, CommandContext, ReferredDisbursement } from '../../context.js';
import { AppError } from '../../kernel/errors.js';
import { formatYuan } from '../../kernel/money.js';
import { splitIsoDate, type IsoDate } from '../../kernel/dates.js';
import { auditCommand } from '../audit/index.js';
import { core } from '../core/index.js';
import { getCustomer, maskedNames } from '../customers/index.js';
import { ACCOUNTS, postEntry } from '../ledger/index.js';
import { customerReferral } from '../origination/index.js';
import { isBranchInScope, scopeCondition, type Actor } from '../org/index.js';
import { getReferralRules } from './params.service.js';
import type { MyReferralView, RewardItem, RewardListQuery, RewardReason, RewardStatus } from './referrals.contract.js';

export const REFERRAL_REWARD_EVENT = 'REFERRAL_REWARD';

/** The month and year keys of a business date (the caps' periods). */
function periodsOf(d: IsoDate): { monthFrom: IsoDate; yearFrom: IsoDate } {
  const { year, month } = splitIsoDate(d);
  const mm = String(month).padStart(2, '0');
  return { monthFrom: `${year}-${mm}-01` as IsoDate, yearFrom: `${year}-01-01` as IsoDate };
}

/**
 * The listener origination calls in a referred customer's drawdown (wired in src/app.ts): decides and
 * pays the referrer's reward once, in the drawdown's transaction.
 */
export async function recordReferredDisbursement(ctx: AppContext, tx: Tx, cmd: CommandContext, d: ReferredDisbursement): Promise<void> {
  const referrerId = d.referrerCustomerId;
  // one decision per referrer at a time: the caps count the referrer's rows (coordinator lock on Citus)
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${`referral-reward:${referrerId}`}, 0))`);
  const existing = await queryOne<{ id: string }>(
    tx,
    sql`SELECT id::text AS id FROM referral_rewards WHERE customer_id = ${referrerId} AND referred_customer_id = ${d.customerId}`,
  );
  if (existing) return;

  const rules = await getReferralRules(tx, d.businessDate);
  const referrer = await getCustomer(tx, ctx.crypto, referrerId);
  const referred = await getCustomer(tx, ctx.crypto, d.customerId);
  const { monthFrom, yearFrom } = periodsOf(d.businessDate);
  const counted = await queryOne<{ month: string; year: string }>(
    tx,
    sql`SELECT count(*) FILTER (WHERE business_date >= ${monthFrom}::date)::text AS month, count(*)::text AS year
          FROM referral_rewards
         WHERE customer_id = ${referrerId} AND status IN ('PAID', 'PENDING') AND business_date >= ${yearFrom}::date
           AND business_date <= ${d.businessDate}::date`,
  );
  const sameId = referrer.id === referred.id || ctx.crypto.lookupHash(referrer.idNumber) === ctx.crypto.lookupHash(referred.idNumber);
  const sameMobile = ctx.crypto.lookupHash(referrer.mobile) === ctx.crypto.lookupHash(referred.mobile);

  let reason: RewardReason | null = null;
  if (rules.rewardFen <= 0n) reason = 'NO_REWARD';
  else if (rules.excludeSelfReferral && (sameId || sameMobile)) reason = 'SELF_REFERRAL';
  else if (rules.excludeExistingBorrower && d.drawdownsBeforeReferral > 0) reason = 'EXISTING_BORROWER';
  else if (rules.monthlyCap > 0 && Number(counted?.month ?? 0) >= rules.monthlyCap) reason = 'CAP_MONTH';
  else if (rules.yearlyCap > 0 && Number(counted?.year ?? 0) >= rules.yearlyCap) reason = 'CAP_YEAR';

  const idRow = await queryOne<{ id: string }>(tx, sql`SELECT nextval('referral_rewards_id_seq')::text AS id`);
  const rewardId = Number(idRow!.id);
  let status: RewardStatus = reason ? 'REJECTED' : 'PENDING';
  let coreTxnId: number | null = null;
  if (!reason) {
    // the referrer's active demand account; one is opened when they have none at all
    const accounts = await core.demandAccounts(tx, referrerId);
    const active = accounts.find((a) => a.status === 'ACTIVE');
    const accountNo =
      active?.accountNo ?? (accounts.length === 0 ? await core.ensureDemandAccount(tx, referrerId, referrer.branchId) : null);
    if (accountNo) {
      const reference = `referral:${rewardId}`;
      coreTxnId = (
        await core.credit(tx, {
          customerId: referrerId,
          accountNo,
          amountFen: rules.rewardFen,
          reference,
          businessDate: d.businessDate,
          memo: '转介有礼奖励',
        })
      ).txnId;
      await postEntry(tx, {
        customerId: referrerId,
        businessDate: d.businessDate,
        eventType: REFERRAL_REWARD_EVENT,
        reference,
        memo: '转介有礼奖励',
        lines: [
          { accountCode: ACCOUNTS.MARKETING_EXPENSE, debitFen: rules.rewardFen },
          { accountCode: ACCOUNTS.CUSTOMER_DEPOSITS, creditFen: rules.rewardFen },
        ],
      });
      status = 'PAID';
    } else {
      reason = 'ACCOUNT_NOT_ACTIVE';
    }
  }
  const amountFen = reason && status === 'REJECTED' ? 0n : rules.rewardFen;
  await tx.execute(
    sql`INSERT INTO referral_rewards (customer_id, id, referred_customer_id, application_id, loan_id, business_date, amount_fen, status,
          reason, params_version, branch_id, core_txn_id, paid_on, created_at, updated_at)
        VALUES (${referrerId}, ${rewardId}, ${d.customerId}, ${d.applicationId}, ${d.loanId}, ${d.businessDate}::date,
          ${amountFen.toString()}, ${status}, ${reason}, ${rules.version}, ${referrer.branchId}, ${coreTxnId},
          ${status === 'PAID' ? d.businessDate : null}::date, ${nowParam()}, ${nowParam()})`,
  );
  await auditCommand(
    tx,
    cmd,
    'referral_reward.decide',
    { type: 'referral_reward', id: rewardId, customerId: referrerId },
    {
      referredCustomerId: d.customerId,
      loanId: d.loanId,
      status,
      reason,
      amount: formatYuan(amountFen),
      paramsVersion: rules.version,
    },
  );
}

interface RewardRow {
  id: string;
  customer_id: string;
  referred_customer_id: string;
  application_id: string;
  loan_id: string;
  business_date: string;
  amount_fen: string;
  status: RewardStatus;
  reason: RewardReason | null;
  paid_on: string | null;
  params_version: number;
  branch_id: string;
}

const REWARD_COLUMNS = sql`r.id::text AS id, r.customer_id::text AS customer_id, r.referred_customer_id::text AS referred_customer_id,
  r.application_id::text AS application_id, r.loan_id::text AS loan_id, r.business_date::text AS business_date,
  r.amount_fen::text AS amount_fen, r.status, r.reason, r.paid_on::text AS paid_on, r.params_version, r.branch_id::text AS branch_id`;

/** The rewards in the actor's data scope (the referrer's branch), newest first. */
export async function listRewards(db: Db, actor: Actor, q: RewardListQuery): Promise<{ items: RewardItem[]; total: number }> {
  const conds = [scopeCondition(actor, { branchId: sql.raw('r.branch_id') })];
  if (q.referrerCustomerId) conds.push(sql`r.customer_id = ${q.referrerCustomerId}`);
  if (q.status) conds.push(sql`r.status = ${q.status}`);
  if (q.from) conds.push(sql`r.business_date >= ${q.from}::date`);
  if (q.to) conds.push(sql`r.business_date <= ${q.to}::date`);
  const where = sql.join(conds, sql` AND `);
  return withTx(db, async (tx) => {
    const total = await queryOne<{ n: string }>(tx, sql`SELECT count(*)::text AS n FROM referral_rewards r WHERE ${where}`);
    const rows = await queryRows<RewardRow>(
      tx,
      sql`SELECT ${REWARD_COLUMNS} FROM referral_rewards r WHERE ${where}
          ORDER BY r.business_date DESC, r.id DESC LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`,
    );
    const names = await maskedNames(
      tx,
      rows.flatMap((r) => [Number(r.customer_id), Number(r.referred_customer_id)]),
    );
    return {
      items: rows.map((r) => ({
        id: Number(r.id),
        referrerCustomerId: Number(r.customer_id),
        referrerNameMasked: names.get(Number(r.customer_id)) ?? null,
        referredCustomerId: Number(r.referred_customer_id),
        referredNameMasked: names.get(Number(r.referred_customer_id)) ?? null,
        applicationId: Number(r.application_id),
        loanId: Number(r.loan_id),
        businessDate: r.business_date,
        amount: formatYuan(BigInt(r.amount_fen)),
        status: r.status,
        reason: r.reason,
        paidOn: r.paid_on,
        paramsVersion: Number(r.params_version),
        branchId: Number(r.branch_id),
      })),
      total: Number(total?.n ?? 0),
    };
  });
}

/** A customer's referral code and share link, for staff who may see the customer (CUSTOMER_NOT_FOUND otherwise). */
export async function referralCodeFor(ctx: AppContext, actor: Actor, customerId: number): Promise<{ code: string; link: string }> {
  const customer = await withTx(ctx.db, (tx) => getCustomer(tx, ctx.crypto, customerId));
  const visible = actor.scope === 'OWN' ? customer.officerId === actor.staffId : await isBranchInScope(ctx.db, actor, customer.branchId);
  if (!visible) throw new AppError('CUSTOMER_NOT_FOUND');
  const r = await customerReferral(ctx, customer.id);
  return { code: r.referralCode, link: r.url };
}

/** The referrer's own page: code, link, its QR code and their last rewards (the mobile Me page). */
export async function myReferral(ctx: AppContext, customerId: number): Promise<MyReferralView> {
  const r = await customerReferral(ctx, customerId);
  return withTx(ctx.db, async (tx) => {
    const rows = await queryRows<RewardRow>(
      tx,
      sql`SELECT ${REWARD_COLUMNS} FROM referral_rewards r WHERE r.customer_id = ${customerId}
          ORDER BY r.business_date DESC, r.id DESC LIMIT 50`,
    );
    const paid = await queryOne<{ fen: string }>(
      tx,
      sql`SELECT coalesce(sum(amount_fen), 0)::text AS fen FROM referral_rewards WHERE customer_id = ${customerId} AND status = 'PAID'`,
    );
    const names = await maskedNames(
      tx,
      rows.map((x) => Number(x.referred_customer_id)),
    );
    return {
      code: r.referralCode,
      link: r.url,
      qrDataUrl: await QRCode.toDataURL(r.url, { errorCorrectionLevel: 'M', margin: 1, width: 320 }),
      paidTotal: formatYuan(BigInt(paid?.fen ?? '0')),
      rewards: rows.map((x) => ({
        id: Number(x.id),
        referredNameMasked: names.get(Number(x.referred_customer_id)) ?? null,
        businessDate: x.business_date,
        amount: formatYuan(BigInt(x.amount_fen)),
        status: x.status,
        reason: x.reason,
        paidOn: x.paid_on,
      })),
    };
  });
}
