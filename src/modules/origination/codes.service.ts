/**
 * The ways a customer arrives: an officer's personal QR code, a referral code from an existing
 * customer (转介有礼), or a printed pre-credit card (预授信卡). Codes carry a keyed check so they
 * cannot be guessed by counting.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import QRCode from 'qrcode';
import type { Db, Tx } from '../../db/client.js';
import { AppError } from '../../kernel/errors.js';
import { maskName } from '../../kernel/mask.js';
import { formatYuan, parseYuan } from '../../kernel/money.js';
import { parseIdNumber } from '../../kernel/idcard.js';
import { parseIsoDate } from '../../kernel/dates.js';
import type { AppContext, CommandContext } from '../../context.js';
import { auditCommandAtCommit, withAuditedTx } from '../audit/index.js';
import { getBusinessDate } from '../calendar/index.js';
import { staffBrief } from '../access/index.js';
import { defaultServiceBranchId } from '../org/index.js';
import { getProductParams } from '../products/index.js';
import { getCustomer } from '../customers/index.js';
import { cardActivationUrl, cardRowsPage, findIssuedCard, insertSingleCard, type IssuedCard } from '../precredit/index.js';
import { iso, scopeSql, yuan } from './common.js';

function check(ctx: AppContext, kind: string, id: number): string {
  return ctx.crypto.lookupHash(`${kind}:${id}`).slice(0, 6).toUpperCase();
}

export function officerCode(ctx: AppContext, staffId: number): string {
  return `O${staffId.toString(36).toUpperCase()}${check(ctx, 'officer', staffId)}`;
}

export function referralCode(ctx: AppContext, customerId: number): string {
  return `R${customerId.toString(36).toUpperCase()}${check(ctx, 'referral', customerId)}`;
}

function decode(ctx: AppContext, kind: 'officer' | 'referral', prefix: string, code: string | null | undefined): number | null {
  if (!code) return null;
  const c = code.trim().toUpperCase();
  if (!c.startsWith(prefix) || c.length < 8) return null;
  const id = parseInt(c.slice(1, -6), 36);
  if (!Number.isSafeInteger(id) || id <= 0) return null;
  return check(ctx, kind, id) === c.slice(-6) ? id : null;
}

export interface EntryCodes {
  officer: { id: number; branchId: number; name: string; branchName: string } | null;
  referrer: { customerId: number; nameMasked: string } | null;
  /** An issued, valid pre-credit card (the pre-credit module's); batch cards name their white-list entry. */
  card: IssuedCard | null;
  /** The branch serving a customer who comes without an officer (read only when asked for). */
  defaultBranchId: () => Promise<number>;
}

export async function resolveEntryCodes(
  ctx: AppContext,
  db: Db | Tx,
  codes: { officerCode: string | null; referralCode: string | null; cardCode: string | null },
): Promise<EntryCodes> {
  const officerId = decode(ctx, 'officer', 'O', codes.officerCode);
  const brief = officerId ? await staffBrief(db, officerId) : null;
  const officer = brief && brief.active ? { id: brief.id, branchId: brief.branchId, name: brief.name, branchName: brief.branchName } : null;
  const referrerId = decode(ctx, 'referral', 'R', codes.referralCode);
  let referrer: EntryCodes['referrer'] = null;
  if (referrerId) {
    const c = await getCustomer(db, ctx.crypto, referrerId).catch(() => null);
    if (c) referrer = { customerId: c.id, nameMasked: maskName(c.name) };
  }
  let card: EntryCodes['card'] = null;
  if (codes.cardCode) {
    card = await findIssuedCard(db, codes.cardCode, await getBusinessDate(db));
    if (!card) throw new AppError('PRE_CREDIT_CARD_INVALID');
  }
  return { officer, referrer, card, defaultBranchId: async () => officer?.branchId ?? (await defaultServiceBranchId(db)) };
}

/** What a QR code or link tells the customer before they identify. */
export async function describeEntry(ctx: AppContext, codes: { officer?: string; ref?: string; card?: string }) {
  const e = await resolveEntryCodes(ctx, ctx.db, {
    officerCode: codes.officer ?? null,
    referralCode: codes.ref ?? null,
    cardCode: codes.card ?? null,
  });
  return {
    officer: e.officer
      ? { nameMasked: maskName(e.officer.name), branchName: e.officer.branchName, officerCode: codes.officer!.toUpperCase() }
      : null,
    referrer: e.referrer ? { nameMasked: e.referrer.nameMasked } : null,
    card: e.card ? { productCode: e.card.productCode, limit: formatYuan(e.card.limitFen), nameMasked: e.card.nameMasked } : null,
  };
}

async function qr(url: string): Promise<string> {
  return QRCode.toDataURL(url, { errorCorrectionLevel: 'M', margin: 1, width: 320 });
}

export async function officerQr(ctx: AppContext, cmd: CommandContext) {
  const code = officerCode(ctx, cmd.actor!.staffId);
  const url = `${ctx.config.publicBaseUrl}/m/?officer=${code}`;
  return { officerCode: code, url, qrDataUrl: await qr(url) };
}

export async function customerReferral(ctx: AppContext, customerId: number) {
  const code = referralCode(ctx, customerId);
  return { referralCode: code, url: `${ctx.config.publicBaseUrl}/m/?ref=${code}` };
}

export async function issuePreCreditCard(
  ctx: AppContext,
  cmd: CommandContext,
  input: { name: string; idNumber: string; productCode: string; limit: string; validUntil: string },
) {
  const actor = cmd.actor!;
  const bd = await getBusinessDate(ctx.db);
  const id = parseIdNumber(input.idNumber, { asOf: bd });
  const product = await getProductParams(ctx.db, input.productCode, bd);
  const limitFen = parseYuan(input.limit);
  if (limitFen < product.minAmountFen || limitFen > product.maxAmountFen) {
    throw new AppError('AMOUNT_OUT_OF_RANGE', { min: formatYuan(product.minAmountFen), max: formatYuan(product.maxAmountFen) });
  }
  const validUntil = parseIsoDate(input.validUntil);
  if (validUntil < bd) throw new AppError('INVALID_DATE', { field: 'validUntil', reason: 'before the business date' });
  const cardCode = `K${randomBytes(6).toString('hex').toUpperCase()}`;
  await withAuditedTx(ctx.db, async (tx) => {
    await insertSingleCard(tx, {
      cardCode,
      idNumberHash: ctx.crypto.lookupHash(id.idNumber),
      nameMasked: maskName(input.name.trim()),
      productCode: product.code,
      limitFen,
      validUntil,
      issuedBy: actor.staffId,
      branchId: actor.branchId,
    });
    await auditCommandAtCommit(
      tx,
      cmd,
      'pre_credit_card.issue',
      { type: 'pre_credit_card', id: cardCode },
      {
        product: product.code,
        limit: formatYuan(limitFen),
        validUntil,
      },
    );
  });
  const url = cardActivationUrl(ctx.config.publicBaseUrl, cardCode, product.code);
  return { cardCode, url, qrDataUrl: await qr(url) };
}

export async function listPreCreditCards(db: Db, cmd: CommandContext, q: { page: number; pageSize: number }) {
  const where = scopeSqlForCards(cmd);
  const { rows: items, total } = await cardRowsPage(db, where, q);
  return {
    items: items.map((c) => ({
      cardCode: String(c.card_code),
      nameMasked: String(c.name_masked),
      productCode: String(c.product_code),
      limit: yuan(c.limit_fen),
      validUntil: String(c.valid_until),
      status: String(c.status),
      issuedBy: Number(c.issued_by),
      createdAt: iso(c.created_at)!,
    })),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/** Cards have an issuing officer and branch: the shared scope rule, with issued_by as the officer. */
function scopeSqlForCards(cmd: CommandContext) {
  const actor = cmd.actor!;
  if (actor.scope === 'OWN') return sql`c.issued_by = ${actor.staffId}`;
  return scopeSql(actor, 'c');
}
