/**
 * The customer's side of the mobile page: identity by name, ID number, mobile and a one-time SMS
 * code, then a short customer session (token type "c." — CUSTOMER_TOKEN_PREFIX —, httpOnly cookie). A known customer must use
 * the mobile number the bank holds for them, so knowing someone's ID number is not enough.
 *
 * Asking for a code answers the same for every well-formed identity, known or not: whether an ID
 * number belongs to a customer, and under which name, is checked only after the code, and said
 * only to whoever holds the mobile the code went to (CUSTOMER_IDENTITY_MISMATCH, which does not
 * say which part differs).
 */
import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { nowParam, queryOne, queryRows, type Db } from '../../db/client.js';
import { clock } from '../../kernel/clock.js';
import { AppError } from '../../kernel/errors.js';
import { parseIdNumber } from '../../kernel/idcard.js';
import { maskMobile, maskName } from '../../kernel/mask.js';
import { parseMobile } from '../../kernel/mobile.js';
import { formatYuan } from '../../kernel/money.js';
import type { AppContext, CommandContext, CustomerPrincipal } from '../../context.js';
import { auditCommandAtCommit, withAuditedTx } from '../audit/index.js';
import { getBusinessDate } from '../calendar/index.js';
import { ensureCustomer, findCustomerByIdNumber, getCustomer } from '../customers/index.js';
import { issueOtp, verifyOtp } from '../sms/index.js';
import { core } from '../core/index.js';
import { getProductParams } from '../products/index.js';
import { CUSTOMER_TOKEN_PREFIX } from '../../http/server.js';
import { customerReferral, resolveEntryCodes } from './codes.service.js';
import { confirmGuarantee, getGuaranteeByToken } from './applications.service.js';
import { partyText } from './consents.js';
import type { PartyRole } from './origination.contract.js';
import { iso, pct, yuan, type Row } from './common.js';

const SESSION_MINUTES = 120;

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

interface Identity {
  name: string;
  idNumber: string;
  mobile: string;
}

/** The identity's form alone (valid ID number, mobile, name); says nothing about who is a customer. */
async function parseIdentity(ctx: AppContext, who: Identity) {
  const bd = await getBusinessDate(ctx.db);
  const id = parseIdNumber(who.idNumber, { asOf: bd });
  const mobile = parseMobile(who.mobile);
  const name = who.name.trim();
  if (!name || name.length > 50) throw new AppError('VALIDATION_FAILED', { field: 'name' });
  return { idNumber: id.idNumber, mobile, name };
}

/** After the code: a known ID number must come with the name and mobile the bank holds. */
async function checkIdentity(ctx: AppContext, who: { idNumber: string; mobile: string; name: string }) {
  const existing = await findCustomerByIdNumber(ctx.db, ctx.crypto, who.idNumber);
  if (existing && (existing.name !== who.name || existing.mobile !== who.mobile)) throw new AppError('CUSTOMER_IDENTITY_MISMATCH');
}

export async function requestIdentityOtp(ctx: AppContext, cmd: CommandContext, who: Identity) {
  const { mobile } = await parseIdentity(ctx, who);
  return withAuditedTx(ctx.db, async (tx) => {
    const otp = await issueOtp(tx, ctx.crypto, { mobile, purpose: 'IDENTIFY' });
    await auditCommandAtCommit(tx, cmd, 'portal.otp', null, { mobile: maskMobile(mobile), purpose: 'IDENTIFY' });
    return otp;
  });
}

export async function openCustomerSession(
  ctx: AppContext,
  cmd: CommandContext,
  input: Identity & {
    challengeId: string;
    code: string;
    officerCode?: string | null;
    referralCode?: string | null;
    cardCode?: string | null;
  },
): Promise<{ token: string; expiresAt: Date; customer: { id: number; nameMasked: string; mobileMasked: string } }> {
  const who = await parseIdentity(ctx, input);
  const token = CUSTOMER_TOKEN_PREFIX + randomBytes(32).toString('base64url');
  const expiresAt = new Date(clock.now().getTime() + SESSION_MINUTES * 60_000);
  // Outside the session transaction, so that a wrong code's attempt count is kept, and a used code
  // stays used when the identity does not match (each try at a name costs a new code).
  await verifyOtp(ctx.db, ctx.crypto, { challengeId: input.challengeId, mobile: who.mobile, code: input.code });
  await checkIdentity(ctx, who);
  const customerId = await withAuditedTx(ctx.db, async (tx) => {
    const entry = await resolveEntryCodes(ctx, tx, {
      officerCode: input.officerCode ?? null,
      referralCode: input.referralCode ?? null,
      cardCode: null,
    });
    const { customer } = await ensureCustomer(tx, ctx.crypto, {
      name: who.name,
      idNumber: who.idNumber,
      mobile: who.mobile,
      branchId: entry.officer?.branchId ?? (await entry.defaultBranchId()),
      officerId: entry.officer?.id ?? null,
    });
    await tx.execute(
      sql`INSERT INTO customer_sessions (token_hash, customer_id, expires_at, client_ip, created_at)
          VALUES (${hashToken(token)}, ${customer.id}, ${expiresAt.toISOString()}::timestamptz, ${cmd.clientIp}, ${nowParam()})`,
    );
    await auditCommandAtCommit(
      tx,
      { ...cmd, customer: { customerId: customer.id, sessionId: 0 } },
      'portal.login',
      { type: 'customer', id: customer.id },
      null,
    );
    return customer.id;
  });
  return {
    token,
    expiresAt,
    customer: { id: customerId, nameMasked: maskName(who.name), mobileMasked: maskMobile(who.mobile) },
  };
}

export async function authenticateCustomer(db: Db, token: string): Promise<CustomerPrincipal | null> {
  const row = await queryOne<{ customer_id: string }>(
    db,
    sql`SELECT customer_id FROM customer_sessions WHERE token_hash = ${hashToken(token)} AND revoked_at IS NULL AND expires_at > ${nowParam()}`,
  );
  return row ? { customerId: Number(row.customer_id), sessionId: 0 } : null;
}

export async function closeCustomerSession(db: Db, token: string | null): Promise<void> {
  if (!token) return;
  await db.execute(sql`UPDATE customer_sessions SET revoked_at = ${nowParam()} WHERE token_hash = ${hashToken(token)}`);
}

/** The customer's own overview on the mobile page. */
export async function portalOverview(ctx: AppContext, customerId: number) {
  const customer = await getCustomer(ctx.db, ctx.crypto, customerId);
  const apps = await queryRows<Row>(
    ctx.db,
    sql`SELECT id, product_code, status, requested_amount_fen, approved_limit_fen, annual_rate_pct, credit_line_id, created_at
        FROM applications WHERE customer_id = ${customerId} ORDER BY created_at DESC LIMIT 20`,
  );
  const lines = await queryRows<Row>(
    ctx.db,
    sql`SELECT id, product_code, limit_fen, available_fen, status, annual_rate_pct, expiry_date::text AS expiry_date, revolving
        FROM credit_lines WHERE customer_id = ${customerId} ORDER BY created_at DESC`,
  );
  const loans = await queryRows<Row>(
    ctx.db,
    sql`SELECT loan_id FROM drawdowns WHERE customer_id = ${customerId} ORDER BY created_at DESC LIMIT 50`,
  );
  return {
    customer: {
      id: customer.id,
      nameMasked: maskName(customer.name),
      mobileMasked: maskMobile(customer.mobile),
      referralCode: (await customerReferral(ctx, customer.id)).referralCode,
    },
    applications: apps.map((a) => ({
      id: Number(a.id),
      productCode: String(a.product_code),
      status: String(a.status),
      requestedAmount: yuan(a.requested_amount_fen),
      approvedLimit: a.approved_limit_fen === null ? null : yuan(a.approved_limit_fen),
      annualRatePct: pct(a.annual_rate_pct),
      creditLineId: a.credit_line_id === null ? null : Number(a.credit_line_id),
      createdAt: iso(a.created_at),
    })),
    creditLines: lines.map((l) => ({
      id: Number(l.id),
      productCode: String(l.product_code),
      limit: yuan(l.limit_fen),
      available: yuan(l.available_fen),
      status: String(l.status),
      annualRatePct: pct(l.annual_rate_pct),
      expiryDate: String(l.expiry_date),
      revolving: Boolean(l.revolving),
    })),
    loans: loans.filter((l) => l.loan_id !== null).map((l) => ({ id: Number(l.loan_id) })),
  };
}

/** The customer's own certificates of deposit, with whether each can be pledged today. */
export async function portalCertificates(ctx: AppContext, customerId: number) {
  const bd = await getBusinessDate(ctx.db);
  const cds = await core.certificates(ctx.db, customerId);
  return {
    items: cds.map((c) => {
      const matured = c.maturityDate <= bd;
      return {
        cdNo: c.cdNo,
        principal: formatYuan(c.principalFen),
        annualRatePct: c.annualRatePct,
        maturityDate: c.maturityDate,
        status: matured && c.status === 'ACTIVE' ? 'MATURED' : c.status,
        pledgeable: c.status === 'ACTIVE' && !matured,
      };
    }),
  };
}

/** What the guarantor or co-borrower sees before identifying: the text of their role. */
export async function guaranteeInvitation(ctx: AppContext, token: string) {
  const g = await getGuaranteeByToken(ctx.db, token);
  const borrower = await getCustomer(ctx.db, ctx.crypto, Number(g.customer_id));
  const bd = await getBusinessDate(ctx.db);
  const product = await getProductParams(ctx.db, String(g.product_code), bd);
  const role = String(g.role) as PartyRole;
  return {
    role,
    borrowerNameMasked: maskName(borrower.name),
    productName: product.nameZh,
    amount: yuan(g.requested_amount_fen),
    termMonths: Number(g.term_months),
    contractText: partyText(role).textZh,
    textVersion: String(g.text_version),
    status: String(g.status),
  };
}

async function guarantorOf(ctx: AppContext, token: string, who: { idNumber: string; name?: string; mobile?: string }) {
  const g = await getGuaranteeByToken(ctx.db, token);
  const bd = await getBusinessDate(ctx.db);
  const id = parseIdNumber(who.idNumber, { asOf: bd });
  const guarantor = await findCustomerByIdNumber(ctx.db, ctx.crypto, id.idNumber);
  // The invitation answers only its own guarantor; anyone else learns nothing.
  if (!guarantor || guarantor.id !== Number(g.guarantor_customer_id)) throw new AppError('GUARANTEE_NOT_FOUND');
  if (who.name !== undefined && guarantor.name !== who.name.trim()) throw new AppError('GUARANTEE_NOT_FOUND');
  if (who.mobile !== undefined && guarantor.mobile !== parseMobile(who.mobile)) throw new AppError('CUSTOMER_MOBILE_MISMATCH');
  return guarantor;
}

export async function requestGuarantorOtp(ctx: AppContext, cmd: CommandContext, token: string, who: Identity) {
  const guarantor = await guarantorOf(ctx, token, who);
  return withAuditedTx(ctx.db, async (tx) => {
    const otp = await issueOtp(tx, ctx.crypto, { mobile: guarantor.mobile, purpose: 'GUARANTEE' });
    await auditCommandAtCommit(tx, cmd, 'portal.otp', { type: 'customer', id: guarantor.id }, { purpose: 'GUARANTEE' });
    return otp;
  });
}

export async function confirmGuaranteeWithOtp(
  ctx: AppContext,
  cmd: CommandContext,
  token: string,
  input: { challengeId: string; code: string; idNumber: string; agree: boolean },
) {
  if (!input.agree)
    throw new AppError('VALIDATION_FAILED', { field: 'agree', reason: 'the guarantor or co-borrower must agree to the text' });
  const guarantor = await guarantorOf(ctx, token, { idNumber: input.idNumber });
  await verifyOtp(ctx.db, ctx.crypto, { challengeId: input.challengeId, mobile: guarantor.mobile, code: input.code });
  return confirmGuarantee(ctx, cmd, token, guarantor.id);
}
