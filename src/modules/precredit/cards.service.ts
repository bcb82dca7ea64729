/**
 * Pre-credit cards (预授信卡, issue 14 §7). A card is a pre-approved limit printed with a QR code to the
 * mobile page. Batch cards are issued for the ACTIVE entries of an approved white-list batch (one card
 * per entry, issued once); an officer's single card (origination's POST /pre-credit-cards) is the same
 * concept in the same table. The customer activates a card by applying on the mobile page with it:
 * origination runs the full decision and, when it approves, marks the card ACTIVATED and its entry USED.
 * ISSUED → ACTIVATED; EXPIRED is read from valid_until against the business date, never written.
 */
import { randomInt } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { nowParam, queryOne, queryRows, type Db, type Tx } from '../../db/client.js';
import type { AppContext, CommandContext } from '../../context.js';
import { parseIsoDate, type IsoDate } from '../../kernel/dates.js';
import { AppError } from '../../kernel/errors.js';
import { formatYuan } from '../../kernel/money.js';
import { auditCommand, withAuditedTx } from '../audit/index.js';
import { getBusinessDate } from '../calendar/index.js';
import { drawnLoansOfCustomers } from '../loans/index.js';
import { branchNames, headOfficeBranchesSource, scopeCondition, type Actor } from '../org/index.js';
import type { PreCreditCardFigures } from './precredit.contract.js';

/** The CJK font the printed cards use (Debian fonts-wqy-zenhei; .ci/run installs it). */
export const CARD_FONT_FILE = '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc';
const CARD_FONT_NAME = 'WenQuanYiZenHei';

// ---------------------------------------------------------------------------------------------
// card numbers

/** The Luhn check digit of a string of digits (ISO/IEC 7812), so that a mistyped digit is caught. */
export function luhnCheckDigit(digits: string): string {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

/** Whether a batch card number is 16 digits with a correct check digit. */
export function isValidCardNumber(cardNo: string): boolean {
  return /^\d{16}$/.test(cardNo) && luhnCheckDigit(cardNo.slice(0, 15)) === cardNo.slice(15);
}

/** A new batch card number: '9' then 14 random digits (not guessable by counting), then the check digit. */
export function newCardNumber(): string {
  let body = '9';
  for (let i = 0; i < 14; i++) body += String(randomInt(10));
  return body + luhnCheckDigit(body);
}

/** The mobile page a card's QR code opens: the customer identifies there and activates. */
export function cardActivationUrl(publicBaseUrl: string, cardCode: string, productCode: string): string {
  return `${publicBaseUrl}/m/?card=${encodeURIComponent(cardCode)}&product=${encodeURIComponent(productCode)}`;
}

// ---------------------------------------------------------------------------------------------
// the card at application time (origination's door calls)

export interface IssuedCard {
  cardCode: string;
  idNumberHash: string;
  productCode: string;
  limitFen: bigint;
  nameMasked: string;
  batchId: number | null;
  rowNo: number | null;
}

/** An ISSUED card still valid on the business date, or null. */
export async function findIssuedCard(db: Db | Tx, cardCode: string, businessDate: IsoDate): Promise<IssuedCard | null> {
  const r = await queryOne<Record<string, string | number | null>>(
    db,
    sql`SELECT card_code, id_number_hash, product_code, limit_fen::text AS limit_fen, name_masked, batch_id::text AS batch_id, row_no
        FROM pre_credit_cards
        WHERE card_code = ${cardCode.trim().toUpperCase()} AND status = 'ISSUED' AND valid_until >= ${parseIsoDate(businessDate)}::date`,
  );
  if (!r) return null;
  return {
    cardCode: String(r.card_code),
    idNumberHash: String(r.id_number_hash),
    productCode: String(r.product_code),
    limitFen: BigInt(String(r.limit_fen)),
    nameMasked: String(r.name_masked),
    batchId: r.batch_id === null ? null : Number(r.batch_id),
    rowNo: r.row_no === null ? null : Number(r.row_no),
  };
}

/** An approved application activated the card (once). */
export async function markCardActivated(tx: Tx, cardCode: string, by: { customerId: number; applicationId: number }): Promise<void> {
  await tx.execute(
    sql`UPDATE pre_credit_cards SET status = 'ACTIVATED', activated_customer_id = ${by.customerId},
          activated_application_id = ${by.applicationId}, activated_at = ${nowParam()}
        WHERE card_code = ${cardCode} AND status = 'ISSUED'`,
  );
}

/** An officer's single card (no white-list entry behind it). */
export async function insertSingleCard(
  tx: Tx,
  c: {
    cardCode: string;
    idNumberHash: string;
    nameMasked: string;
    productCode: string;
    limitFen: bigint;
    validUntil: IsoDate;
    issuedBy: number;
    branchId: number;
  },
): Promise<void> {
  await tx.execute(
    sql`INSERT INTO pre_credit_cards (card_code, id_number_hash, name_masked, product_code, limit_fen, valid_until, status, issued_by, branch_id, created_at)
        VALUES (${c.cardCode}, ${c.idNumberHash}, ${c.nameMasked}, ${c.productCode}, ${c.limitFen.toString()},
          ${c.validUntil}::date, 'ISSUED', ${c.issuedBy}, ${c.branchId}, ${nowParam()})`,
  );
}

/** A page of cards under a scope condition on alias c (origination's list of cards). */
export async function cardRowsPage(db: Db, where: SQL, q: { page: number; pageSize: number }) {
  const total = await queryOne<{ n: string }>(db, sql`SELECT count(*)::text AS n FROM pre_credit_cards c WHERE ${where}`);
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`SELECT c.*, c.valid_until::text AS valid_until FROM pre_credit_cards c WHERE ${where}
        ORDER BY c.created_at DESC, c.card_code LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`,
  );
  return { rows, total: Number(total?.n ?? 0) };
}

// ---------------------------------------------------------------------------------------------
// batch cards

/** Rows per INSERT when issuing cards (12 parameters a row, under PostgreSQL's 65,535). */
const ISSUE_CHUNK = 2000;

interface EntryForCard {
  row_no: number;
  id_number_hash: string;
  name_masked: string;
  product_code: string;
  limit_fen: string;
  valid_until: string;
  branch_id: string;
}

interface BatchRow {
  id: string;
  product_code: string;
  branch_id: string;
  valid_until: string;
}

async function batchInScope(db: Db | Tx, actor: Actor, batchId: number): Promise<BatchRow> {
  const b = await queryOne<BatchRow>(
    db,
    sql`SELECT b.id::text AS id, b.product_code, b.branch_id::text AS branch_id, b.valid_until::text AS valid_until
        FROM precredit_batches b WHERE b.id = ${batchId} AND ${scopeCondition(actor, { branchId: sql`b.branch_id` })}`,
  );
  if (!b) throw new AppError('PRE_CREDIT_BATCH_NOT_FOUND', { batchId });
  return b;
}

/**
 * Issue a card to every ACTIVE, unexpired entry of the batch that has none (idempotent: a second call
 * issues nothing). The card carries the entry's masked name, limit, product, branch and expiry.
 */
export async function issueBatchCards(ctx: AppContext, cmd: CommandContext, batchId: number) {
  const actor = cmd.actor!;
  return withAuditedTx(ctx.db, async (tx) => {
    const batch = await batchInScope(tx, actor, batchId);
    const bd = await getBusinessDate(tx);
    // Entries and cards live on different kinds of table on Citus (distributed by batch, reference): read
    // each on its own and insert plain rows, in chunks that stay under the parameter limit.
    const entries = await queryRows<EntryForCard>(
      tx,
      sql`SELECT e.row_no, e.id_number_hash, e.name_masked, e.product_code, e.limit_fen::text AS limit_fen,
            e.valid_until::text AS valid_until, e.branch_id::text AS branch_id
          FROM precredit_entries e
          WHERE e.batch_id = ${batchId} AND e.status = 'ACTIVE' AND e.valid_until >= ${bd}::date
          ORDER BY e.row_no`,
    );
    const carded = new Set(
      (await queryRows<{ row_no: number }>(tx, sql`SELECT c.row_no FROM pre_credit_cards c WHERE c.batch_id = ${batchId}`)).map((c) =>
        Number(c.row_no),
      ),
    );
    const toIssue = entries.filter((e) => !carded.has(Number(e.row_no)));
    const now = nowParam();
    let issued = 0;
    for (let i = 0; i < toIssue.length; i += ISSUE_CHUNK) {
      const values = toIssue.slice(i, i + ISSUE_CHUNK).map(
        (e) =>
          sql`(${newCardNumber()}, ${e.id_number_hash}, ${e.name_masked}, ${e.product_code}, ${e.limit_fen}::bigint, ${e.valid_until}::date,
            'ISSUED', ${actor.staffId}, ${e.branch_id}::bigint, ${now}, ${batchId}, ${Number(e.row_no)})`,
      );
      const res = await queryRows<{ card_code: string }>(
        tx,
        sql`INSERT INTO pre_credit_cards (card_code, id_number_hash, name_masked, product_code, limit_fen, valid_until, status,
              issued_by, branch_id, created_at, batch_id, row_no)
            VALUES ${sql.join(values, sql`, `)}
            ON CONFLICT DO NOTHING
            RETURNING card_code`,
      );
      issued += res.length;
    }
    const total = await queryOne<{ n: string }>(tx, sql`SELECT count(*)::text AS n FROM pre_credit_cards c WHERE c.batch_id = ${batchId}`);
    await auditCommand(
      tx,
      cmd,
      'precredit.cards.issue',
      { type: 'precredit_batch', id: batchId },
      { issued, cards: Number(total?.n ?? 0) },
    );
    return { batchId: Number(batch.id), issued, cards: Number(total?.n ?? 0) };
  });
}

interface PrintableCard {
  card_code: string;
  name_masked: string;
  product_code: string;
  limit_fen: string;
  valid_until: string;
}

/** Printable cards of a batch: one card-sized page per card (85.6 × 54 mm), issued cards first. Audited. */
export async function batchCardsPdf(ctx: AppContext, cmd: CommandContext, batchId: number): Promise<{ pdf: Buffer; cards: number }> {
  const actor = cmd.actor!;
  const batch = await batchInScope(ctx.db, actor, batchId);
  const cards = await queryRows<PrintableCard>(
    ctx.db,
    sql`SELECT c.card_code, c.name_masked, c.product_code, c.limit_fen::text AS limit_fen, c.valid_until::text AS valid_until
        FROM pre_credit_cards c WHERE c.batch_id = ${batchId} ORDER BY c.row_no`,
  );
  if (cards.length === 0) throw new AppError('PRE_CREDIT_CARDS_NOT_ISSUED', { batchId });
  const head = await queryRows<{ id: string }>(
    ctx.db,
    sql`SELECT h.id::text AS id FROM (${headOfficeBranchesSource()}) h ORDER BY h.id LIMIT 1`,
  );
  const names = await branchNames(ctx.db, [Number(batch.branch_id), ...head.map((h) => Number(h.id))]);
  const bankName = head[0] ? (names.get(Number(head[0].id)) ?? '') : '';
  const branchName = names.get(Number(batch.branch_id)) ?? '';
  const qrs = await Promise.all(
    cards.map((c) =>
      QRCode.toBuffer(cardActivationUrl(ctx.config.publicBaseUrl, c.card_code, c.product_code), {
        errorCorrectionLevel: 'M',
        margin: 1,
        width: 240,
      }),
    ),
  );
  const pdf = await renderCards(cards, qrs, { bankName, branchName });
  await withAuditedTx(ctx.db, (tx) =>
    auditCommand(tx, cmd, 'precredit.cards.print', { type: 'precredit_batch', id: batchId }, { cards: cards.length }),
  );
  return { pdf, cards: cards.length };
}

const MM = 72 / 25.4;
const CARD_SIZE: [number, number] = [85.6 * MM, 54 * MM];

function renderCards(cards: PrintableCard[], qrs: Buffer[], bank: { bankName: string; branchName: string }): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: CARD_SIZE, margin: 0, autoFirstPage: false, info: { Title: '预授信卡 Pre-credit cards' } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.registerFont('zh', CARD_FONT_FILE, CARD_FONT_NAME);
    const [w] = CARD_SIZE;
    const qrSize = 30 * MM;
    cards.forEach((c, i) => {
      doc.addPage({ size: CARD_SIZE, margin: 0 });
      doc.font('zh');
      doc.rect(0, 0, w, 11 * MM).fill('#0b6e4f');
      doc
        .fillColor('#ffffff')
        .fontSize(10)
        .text(`${bank.bankName} 预授信卡`, 4 * MM, 3 * MM, { width: w - 8 * MM, lineBreak: false });
      doc.fillColor('#000000').fontSize(8);
      const x = 4 * MM;
      let y = 14 * MM;
      const line = (text: string, size = 8) => {
        doc.fontSize(size).text(text, x, y, { width: w - qrSize - 10 * MM, lineBreak: false });
        y += size + 5;
      };
      line(c.name_masked, 12);
      line(`预授信额度 ¥${formatYuan(BigInt(c.limit_fen))}`, 9);
      line(`产品 ${c.product_code}`);
      line(`有效期至 ${c.valid_until}`);
      line(`卡号 ${c.card_code}`, 7);
      line(bank.branchName, 7);
      doc.image(qrs[i], w - qrSize - 4 * MM, 14 * MM, { width: qrSize, height: qrSize });
      doc.fontSize(6).text('扫码激活', w - qrSize - 4 * MM, 14 * MM + qrSize + 1, { width: qrSize, align: 'center', lineBreak: false });
    });
    doc.end();
  });
}

// ---------------------------------------------------------------------------------------------
// figures

/**
 * Cards issued and activated, and what the activated customers drew on the card's product (loans:
 * count and principal), per batch and branch — computed from the cards and the loans, never stored.
 */
export async function cardFigures(db: Db, actor: Actor, q: { batchId?: number; page: number; pageSize: number }) {
  const where = sql`c.batch_id IS NOT NULL AND ${scopeCondition(actor, { branchId: sql`c.branch_id` })}${q.batchId ? sql` AND c.batch_id = ${q.batchId}` : sql``}`;
  const total = await queryOne<{ n: string }>(
    db,
    sql`SELECT count(*)::text AS n FROM (SELECT DISTINCT c.batch_id, c.branch_id FROM pre_credit_cards c WHERE ${where}) g`,
  );
  const groups = await queryRows<{ batch_id: string; branch_id: string; issued: string; activated: string }>(
    db,
    sql`SELECT c.batch_id::text AS batch_id, c.branch_id::text AS branch_id, count(*)::text AS issued,
          count(*) FILTER (WHERE c.status = 'ACTIVATED')::text AS activated
        FROM pre_credit_cards c WHERE ${where}
        GROUP BY c.batch_id, c.branch_id ORDER BY c.batch_id DESC, c.branch_id
        LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`,
  );
  const batchIds = [...new Set(groups.map((g) => Number(g.batch_id)))];
  const activated =
    batchIds.length === 0
      ? []
      : await queryRows<{ batch_id: string; branch_id: string; customer_id: string; product_code: string }>(
          db,
          sql`SELECT c.batch_id::text AS batch_id, c.branch_id::text AS branch_id, c.activated_customer_id::text AS customer_id, c.product_code
              FROM pre_credit_cards c
              WHERE c.status = 'ACTIVATED' AND c.batch_id = ANY(${`{${batchIds.join(',')}}`}::bigint[]) AND ${where}`,
        );
  const drawn = await drawnLoansOfCustomers(
    db,
    activated.map((a) => ({ customerId: Number(a.customer_id), productCode: a.product_code })),
  );
  const names = await branchNames(db, [...new Set(groups.map((g) => Number(g.branch_id)))]);
  const items = groups.map((g): PreCreditCardFigures => {
    let drawnCount = 0;
    let drawnFen = 0n;
    for (const a of activated) {
      if (a.batch_id !== g.batch_id || a.branch_id !== g.branch_id) continue;
      const d = drawn.get(`${a.customer_id}:${a.product_code}`);
      if (!d) continue;
      drawnCount += d.loans;
      drawnFen += d.principalFen;
    }
    return {
      batchId: Number(g.batch_id),
      branchId: Number(g.branch_id),
      branchName: names.get(Number(g.branch_id)) ?? '',
      issued: Number(g.issued),
      activated: Number(g.activated),
      drawnLoans: drawnCount,
      drawnAmount: formatYuan(drawnFen),
    };
  });
  return { items, total: Number(total?.n ?? 0), page: q.page, pageSize: q.pageSize };
}
