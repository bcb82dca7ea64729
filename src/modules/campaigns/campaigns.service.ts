/**
 * Campaigns (营销活动, issue 14 §3): SMS and channel campaigns of a branch over a period, each with a
 * code, a tracking link (the mobile page with ?c=<code>) and its QR code; the attribution of
 * applications (the explicit code, else the most recent campaign SMS the applicant received within the
 * campaign's window); SMS sends to a segment through the SMS module's set-based queue, with opt-outs,
 * quiet hours and throttling; visits of the tracking link; and the figures per campaign, computed from
 * the outbox, the visits, the applications and the loans on every read (docs/marketing.md "Campaigns").
 */
import { randomBytes } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import QRCode from 'qrcode';
import type { AppContext, CampaignApplicationFacts, CampaignAttribution, CommandContext } from '../../context.js';
import { nowParam, queryOne, queryRows, withTx, type Db, type Tx } from '../../db/client.js';
import { clock } from '../../kernel/clock.js';
import { AppError } from '../../kernel/errors.js';
import type { IsoDate } from '../../kernel/dates.js';
import { formatYuan } from '../../kernel/money.js';
import { auditCommand } from '../audit/index.js';
import { getBusinessDate } from '../calendar/index.js';
import { maturingCertificateHoldersSource } from '../core/index.js';
import { customerRecipientsSource } from '../customers/index.js';
import { groupMemberRecipientsSource } from '../groups/index.js';
import { activeLoanCustomersOfProductSource, drawnLoansOfCustomers } from '../loans/index.js';
import { prospectRecipientsSource } from '../marketing/index.js';
import { branchNameOf, isBranchInScope, listBranchRows, scopeCondition, type Actor } from '../org/index.js';
import { applicationsOfCampaigns, openLineCustomersOfProductSource } from '../origination/index.js';
import { getProductParams } from '../products/index.js';
import { outboxFiguresBySource, queueSmsSelect, recordSmsOptOut, smsOptOutJoin, SMS_SIGNATURE } from '../sms/index.js';
import type {
  CampaignCreateBody,
  CampaignDetail,
  CampaignFigures,
  CampaignItem,
  CampaignKind,
  CampaignPage,
  CampaignPhase,
  CampaignQuery,
  CampaignSendView,
  CampaignShare,
  CampaignStatus,
  SegmentInput,
  SegmentKind,
  SmsPreview,
  SmsPreviewBody,
  SmsSendBody,
  SmsSendResult,
} from './campaigns.contract.js';
import { slotOf, firstAllowed, ALLOWED_MINUTES } from './schedule.js';

/** Default SMS attribution window (days after the message) of a new campaign. */
export const DEFAULT_ATTRIBUTION_DAYS = 30;
/** The outbox source_ref of a campaign message: CAMPAIGN:<campaign id>:<send id>:<row>. */
const SOURCE_KIND = 'CAMPAIGN';

interface CampaignRow {
  id: string;
  code: string;
  kind: CampaignKind;
  name: string;
  branch_id: string;
  branch_name: string | null;
  product_code: string | null;
  start_date: string;
  end_date: string;
  status: CampaignStatus;
  attribution_days: number;
  created_at: string;
}

const isoUtc = (col: SQL) => sql`to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const CAMPAIGN_SELECT = sql`SELECT c.id::text AS id, c.code, c.kind, c.name, c.branch_id::text AS branch_id, ${branchNameOf(sql`c.branch_id`)} AS branch_name,
                                   c.product_code, to_char(c.start_date, 'YYYY-MM-DD') AS start_date, to_char(c.end_date, 'YYYY-MM-DD') AS end_date,
                                   c.status, c.attribution_days, ${isoUtc(sql`c.created_at`)} AS created_at
                              FROM campaigns c`;

function inScope(actor: Actor): SQL {
  return scopeCondition(actor, { branchId: sql`c.branch_id` });
}

function requireStaff(cmd: CommandContext): Actor {
  if (!cmd.actor) throw new AppError('AUTH_REQUIRED');
  return cmd.actor;
}

/** The tracking link: the mobile page with the campaign's code. */
export function campaignLink(ctx: AppContext, code: string): string {
  return `${ctx.config.publicBaseUrl}/m/?c=${encodeURIComponent(code)}`;
}

/** A new code: C and seven characters of an alphabet without look-alikes (readable under a QR code). */
function newCampaignCode(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  let out = 'C';
  for (const b of randomBytes(7)) out += alphabet[b % alphabet.length];
  return out;
}

function phaseOf(r: CampaignRow, businessDate: string): CampaignPhase {
  if (r.status === 'CLOSED') return 'CLOSED';
  if (businessDate < r.start_date) return 'PLANNED';
  if (businessDate > r.end_date) return 'ENDED';
  return 'RUNNING';
}

async function campaignInScope(db: Db | Tx, actor: Actor, id: number): Promise<CampaignRow> {
  const row = await queryOne<CampaignRow>(db, sql`${CAMPAIGN_SELECT} WHERE c.id = ${id} AND ${inScope(actor)}`);
  if (!row) throw new AppError('CAMPAIGN_NOT_FOUND');
  return row;
}

/** Creates a campaign: kind, name, branch (active, in scope), period, optional product and code. Audited. */
export async function createCampaign(ctx: AppContext, cmd: CommandContext, body: CampaignCreateBody): Promise<CampaignDetail> {
  const actor = requireStaff(cmd);
  if (body.endDate < body.startDate) throw new AppError('CAMPAIGN_INVALID', { field: 'endDate' });
  const id = await withTx(ctx.db, async (tx) => {
    const branch = (await listBranchRows(tx)).find((b) => Number(b.id) === body.branchId);
    if (!branch || branch.status !== 'ACTIVE' || !(await isBranchInScope(tx, actor, body.branchId))) {
      throw new AppError('CAMPAIGN_INVALID', { field: 'branchId' });
    }
    const businessDate = await getBusinessDate(tx);
    if (body.productCode) {
      try {
        await getProductParams(tx, body.productCode, businessDate);
      } catch {
        throw new AppError('CAMPAIGN_INVALID', { field: 'productCode' });
      }
    }
    const code = body.code ?? newCampaignCode();
    const taken = await queryOne(tx, sql`SELECT 1 AS n FROM campaigns WHERE code = ${code}`);
    if (taken) throw new AppError('CAMPAIGN_CODE_TAKEN', { code });
    const row = await queryOne<{ id: string }>(
      tx,
      sql`INSERT INTO campaigns (code, kind, name, branch_id, product_code, start_date, end_date, status, attribution_days,
            created_by, created_at, updated_at)
          VALUES (${code}, ${body.kind}, ${body.name}, ${body.branchId}, ${body.productCode ?? null}, ${body.startDate}::date,
            ${body.endDate}::date, 'ACTIVE', ${body.attributionDays ?? DEFAULT_ATTRIBUTION_DAYS}, ${actor.staffId}, ${nowParam()}, ${nowParam()})
          RETURNING id::text AS id`,
    );
    const campaignId = Number(row!.id);
    await auditCommand(
      tx,
      cmd,
      'campaign.create',
      { type: 'campaign', id: String(campaignId) },
      { code, kind: body.kind, name: body.name, branchId: body.branchId, startDate: body.startDate, endDate: body.endDate },
    );
    return campaignId;
  });
  return getCampaign(ctx, actor, id);
}

/**
 * Closes a campaign before or after its period: it sends no more SMS; its code still credits the
 * applications that carry it and its figures stay as they are. Audited; closing twice is 409.
 */
export async function closeCampaign(ctx: AppContext, cmd: CommandContext, id: number): Promise<CampaignDetail> {
  const actor = requireStaff(cmd);
  await withTx(ctx.db, async (tx) => {
    const c = await campaignInScope(tx, actor, id);
    if (c.status === 'CLOSED') throw new AppError('CAMPAIGN_CLOSED');
    await queryRows(tx, sql`UPDATE campaigns SET status = 'CLOSED', updated_at = ${nowParam()} WHERE id = ${id} AND status = 'ACTIVE'`);
    await auditCommand(tx, cmd, 'campaign.close', { type: 'campaign', id: String(id) }, { code: c.code, from: 'ACTIVE', to: 'CLOSED' });
  });
  return getCampaign(ctx, actor, id);
}

async function toItems(ctx: AppContext, db: Db | Tx, rows: CampaignRow[]): Promise<CampaignItem[]> {
  const businessDate = await getBusinessDate(db);
  const figures = await figuresOf(db, rows);
  return rows.map((r) => ({
    id: Number(r.id),
    code: r.code,
    kind: r.kind,
    name: r.name,
    branch: { id: Number(r.branch_id), name: r.branch_name ?? '' },
    productCode: r.product_code,
    startDate: r.start_date,
    endDate: r.end_date,
    status: r.status,
    phase: phaseOf(r, businessDate),
    attributionDays: r.attribution_days,
    link: campaignLink(ctx, r.code),
    figures: figures.get(Number(r.id))!,
    createdAt: r.created_at,
  }));
}

/** The campaigns in the actor's scope (by the campaign's branch), newest first, with their figures. */
export async function listCampaigns(ctx: AppContext, actor: Actor, q: CampaignQuery): Promise<CampaignPage> {
  const page = q.page;
  const pageSize = q.pageSize;
  const conds: SQL[] = [inScope(actor)];
  if (q.kind) conds.push(sql`c.kind = ${q.kind}`);
  if (q.branchId) conds.push(sql`c.branch_id = ${q.branchId}`);
  if (q.status) conds.push(sql`c.status = ${q.status}`);
  const where = sql.join(conds, sql` AND `);
  const count = await queryOne<{ n: string }>(ctx.db, sql`SELECT count(*)::text AS n FROM campaigns c WHERE ${where}`);
  const rows = await queryRows<CampaignRow>(
    ctx.db,
    sql`${CAMPAIGN_SELECT} WHERE ${where} ORDER BY c.id DESC LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
  );
  return { items: await toItems(ctx, ctx.db, rows), total: Number(count?.n ?? 0), page, pageSize };
}

export async function campaignShare(ctx: AppContext, code: string): Promise<CampaignShare> {
  const link = campaignLink(ctx, code);
  return { code, link, qrDataUrl: await QRCode.toDataURL(link, { errorCorrectionLevel: 'M', margin: 1, width: 320 }) };
}

/** One campaign with its figures, share (link, QR code) and sends. */
export async function getCampaign(ctx: AppContext, actor: Actor, id: number): Promise<CampaignDetail> {
  const row = await campaignInScope(ctx.db, actor, id);
  const [item] = await toItems(ctx, ctx.db, [row]);
  const sends = await queryRows<{
    id: string;
    segment_kind: SegmentKind;
    segment_ref: string | null;
    recipients: number;
    opted_out: number;
    per_minute: number;
    first_send_at: string;
    created_at: string;
  }>(
    ctx.db,
    sql`SELECT s.id::text AS id, s.segment_kind, s.segment_ref, s.recipients, s.opted_out, s.per_minute,
               ${isoUtc(sql`s.first_send_at`)} AS first_send_at, ${isoUtc(sql`s.created_at`)} AS created_at
          FROM campaign_sends s WHERE s.campaign_id = ${id} ORDER BY s.id DESC`,
  );
  const sendViews: CampaignSendView[] = sends.map((s) => ({
    id: Number(s.id),
    segmentKind: s.segment_kind,
    segmentRef: s.segment_ref,
    recipients: s.recipients,
    optedOut: s.opted_out,
    perMinute: s.per_minute,
    firstSendAt: s.first_send_at,
    createdAt: s.created_at,
  }));
  return { ...item, share: await campaignShare(ctx, row.code), sends: sendViews };
}

/** The figures of one campaign. */
export async function campaignFiguresOf(ctx: AppContext, actor: Actor, id: number): Promise<CampaignFigures> {
  const row = await campaignInScope(ctx.db, actor, id);
  return (await figuresOf(ctx.db, [row])).get(id)!;
}

// ---------- attribution ----------

/**
 * The composition root's listener on every application (origination → campaigns, no module cycle):
 * an explicit code must be a campaign's (else CAMPAIGN_CODE_UNKNOWN, nothing written) and is credited
 * as given; without one, the application is credited to the campaign whose SMS the applicant (by ID
 * number's or mobile's lookup hash) received most recently within that campaign's attribution window
 * (sent on or after D − window days, on or before D), if any. Returns the code to store (or null) and,
 * for a channel campaign's code, its channel (WECHAT_OA → WECHAT) for an application that came by itself.
 */
export async function attributeApplication(
  ctx: AppContext,
  tx: Tx,
  _cmd: CommandContext,
  a: CampaignApplicationFacts,
): Promise<CampaignAttribution> {
  const given = a.campaignCode?.trim().toUpperCase() || null;
  if (given) {
    const known = await queryOne<{ code: string; kind: CampaignKind }>(
      tx,
      sql`SELECT c.code, c.kind FROM campaigns c WHERE c.code = ${given}`,
    );
    if (!known) throw new AppError('CAMPAIGN_CODE_UNKNOWN', { campaignCode: given });
    return { campaignCode: known.code, channel: known.kind === 'SMS' ? null : known.kind === 'WECHAT_OA' ? 'WECHAT' : known.kind };
  }
  const idHash = ctx.crypto.lookupHash(a.idNumber);
  const mobileHash = ctx.crypto.lookupHash(a.mobile);
  const hit = await queryOne<{ code: string }>(
    tx,
    sql`SELECT c.code FROM campaign_recipients r JOIN campaigns c ON c.id = r.campaign_id
         WHERE (r.id_number_hash = ${idHash} OR r.mobile_hash = ${mobileHash})
           AND r.sent_date <= ${a.businessDate}::date
           AND r.sent_date >= ${a.businessDate}::date - c.attribution_days
         ORDER BY r.sent_date DESC, r.send_id DESC
         LIMIT 1`,
  );
  return { campaignCode: hit?.code ?? null, channel: null };
}

// ---------- visits ----------

/** A visit of a campaign's tracking link on the business date: a count, no personal data. */
export async function recordVisit(ctx: AppContext, code: string): Promise<{ recorded: boolean; date: string }> {
  const normal = code.trim().toUpperCase();
  return withTx(ctx.db, async (tx) => {
    const c = await queryOne<{ id: string }>(tx, sql`SELECT c.id::text AS id FROM campaigns c WHERE c.code = ${normal}`);
    if (!c) throw new AppError('CAMPAIGN_CODE_UNKNOWN', { campaignCode: normal });
    const date = await getBusinessDate(tx);
    await queryRows(
      tx,
      sql`INSERT INTO campaign_visits (campaign_id, visit_date, visits) VALUES (${Number(c.id)}, ${date}::date, 1)
          ON CONFLICT (campaign_id, visit_date) DO UPDATE SET visits = campaign_visits.visits + 1`,
    );
    return { recorded: true, date };
  });
}

// ---------- SMS sends ----------

const SALUTATION = '{称呼}';
const LINK = '{链接}';

function checkTemplate(template: string): void {
  const unknown = [...template.matchAll(/\{([^{}]*)\}/g)].map((m) => `{${m[1]}}`).filter((p) => p !== SALUTATION && p !== LINK);
  if (unknown.length > 0) throw new AppError('CAMPAIGN_TEMPLATE_INVALID', { placeholders: unknown });
}

/** The recipients of a segment on business date D: customer_id, id_number_hash, name_masked, mobile_enc, mobile_hash (one row per mobile). */
function segmentSource(segment: SegmentInput, D: IsoDate): { source: SQL; ref: string | null } {
  switch (segment.kind) {
    case 'PROSPECT_LIST':
      return {
        source: prospectRecipientsSource(segment.importBatchId ?? null),
        ref: segment.importBatchId ? String(segment.importBatchId) : null,
      };
    case 'GROUP':
      return { source: groupMemberRecipientsSource(segment.groupId), ref: String(segment.groupId) };
    case 'PRODUCT_HOLDERS':
      return {
        source: customerRecipientsSource(
          sql`${activeLoanCustomersOfProductSource(segment.productCode)} UNION ${openLineCustomersOfProductSource(segment.productCode)}`,
        ),
        ref: segment.productCode,
      };
    case 'MATURING_CDS':
      return { source: customerRecipientsSource(maturingCertificateHoldersSource(D, segment.days)), ref: String(segment.days) };
  }
}

/** One row per mobile (the first by ID hash), numbered: what a send writes. */
function numberedRecipients(segment: SegmentInput, D: IsoDate): SQL {
  const { source } = segmentSource(segment, D);
  const o = smsOptOutJoin(sql`s.mobile_hash`);
  return sql`SELECT row_number() OVER (ORDER BY d.mobile_hash)::int AS row_no, d.*
               FROM (SELECT DISTINCT ON (s.mobile_hash) s.customer_id, s.id_number_hash, s.name_masked, s.mobile_enc, s.mobile_hash
                       FROM (${source}) AS s ${o.join}
                      WHERE NOT ${o.optedOut}
                      ORDER BY s.mobile_hash, s.id_number_hash) AS d`;
}

async function segmentCounts(tx: Tx, segment: SegmentInput, D: IsoDate): Promise<{ recipients: number; optedOut: number }> {
  const { source } = segmentSource(segment, D);
  const o = smsOptOutJoin(sql`s.mobile_hash`);
  const row = await queryOne<{ recipients: string; opted_out: string }>(
    tx,
    sql`SELECT count(DISTINCT s.mobile_hash) FILTER (WHERE NOT ${o.optedOut})::text AS recipients,
               count(DISTINCT s.mobile_hash) FILTER (WHERE ${o.optedOut})::text AS opted_out
          FROM (${source}) AS s ${o.join}`,
  );
  return { recipients: Number(row?.recipients ?? 0), optedOut: Number(row?.opted_out ?? 0) };
}

function renderSample(template: string, link: string): string {
  return `${SMS_SIGNATURE}${template.split(SALUTATION).join('张先生/女士').split(LINK).join(link)} 回复TD退订`;
}

/** The campaign, if it may send on the business date (which it answers with). */
async function sendableCampaign(tx: Tx, actor: Actor, id: number): Promise<{ c: CampaignRow; businessDate: IsoDate }> {
  const c = await campaignInScope(tx, actor, id);
  if (c.kind !== 'SMS') throw new AppError('CAMPAIGN_NOT_SMS');
  if (c.status !== 'ACTIVE') throw new AppError('CAMPAIGN_CLOSED');
  const businessDate = await getBusinessDate(tx);
  if (businessDate < c.start_date || businessDate > c.end_date) throw new AppError('CAMPAIGN_NOT_RUNNING', { businessDate });
  return { c, businessDate };
}

function previewOf(
  ctx: AppContext,
  c: CampaignRow,
  body: SmsPreviewBody,
  counts: { recipients: number; optedOut: number },
  now: Date,
): SmsPreview {
  return {
    recipients: counts.recipients,
    optedOut: counts.optedOut,
    sampleText: renderSample(body.template, campaignLink(ctx, c.code)),
    firstSendAt: firstAllowed(now).at.toISOString(),
    lastSendAt: counts.recipients > 0 ? slotOf(now, counts.recipients - 1, body.perMinute).sendAfter.toISOString() : null,
  };
}

/** How many would receive the message (opted-out mobiles left out), a sample text and when it would go out. */
export async function previewSend(ctx: AppContext, actor: Actor, id: number, body: SmsPreviewBody): Promise<SmsPreview> {
  checkTemplate(body.template);
  return withTx(ctx.db, async (tx) => {
    const { c, businessDate } = await sendableCampaign(tx, actor, id);
    return previewOf(ctx, c, body, await segmentCounts(tx, body.segment, businessDate), clock.now());
  });
}

/**
 * Sends the campaign's SMS to the segment, confirmed with the previewed count (409 when the segment has
 * changed since): the recipients written in one INSERT … SELECT, their messages queued in the outbox in
 * another (through the SMS module), each with its minute slot outside quiet hours. Audited.
 */
export async function sendCampaignSms(ctx: AppContext, cmd: CommandContext, id: number, body: SmsSendBody): Promise<SmsSendResult> {
  const actor = requireStaff(cmd);
  checkTemplate(body.template);
  return withTx(ctx.db, async (tx) => {
    const { c, businessDate } = await sendableCampaign(tx, actor, id);
    const counts = await segmentCounts(tx, body.segment, businessDate);
    if (counts.recipients !== body.confirmCount) {
      throw new AppError('CAMPAIGN_SEND_COUNT_CHANGED', { previewed: body.confirmCount, now: counts.recipients });
    }
    if (counts.recipients === 0) throw new AppError('CAMPAIGN_SEGMENT_EMPTY');
    const now = clock.now();
    const preview = previewOf(ctx, c, body, counts, now);
    const { at, windowStart } = firstAllowed(now);
    const offset = Math.floor((at.getTime() - windowStart.getTime()) / 60_000);
    const { ref } = segmentSource(body.segment, businessDate);
    const send = await queryOne<{ id: string }>(
      tx,
      sql`INSERT INTO campaign_sends (campaign_id, segment_kind, segment_ref, template, per_minute, recipients, opted_out, first_send_at,
            created_by, created_at)
          VALUES (${Number(c.id)}, ${body.segment.kind}, ${ref}, ${body.template}, ${body.perMinute}, ${counts.recipients}, ${counts.optedOut},
            ${at.toISOString()}::timestamptz, ${actor.staffId}, ${nowParam()})
          RETURNING id::text AS id`,
    );
    const sendId = Number(send!.id);
    // the recipients, set-based: hashes and the customer when known (the attribution window reads them)
    await queryRows(
      tx,
      sql`INSERT INTO campaign_recipients (send_id, row_no, campaign_id, customer_id, id_number_hash, mobile_hash, sent_date)
          SELECT ${sendId}, n.row_no, ${Number(c.id)}, n.customer_id, n.id_number_hash, n.mobile_hash, ${businessDate}::date
            FROM (${numberedRecipients(body.segment, businessDate)}) AS n`,
    );
    // the messages, set-based, through the SMS module: {称呼} is the surname with 先生/女士, {链接} the tracking link
    const link = campaignLink(ctx, c.code);
    const day = sql`(((${offset}::int + (n.row_no - 1) / ${body.perMinute}::int) / ${ALLOWED_MINUTES}::int) * interval '1 day')`;
    const minute = sql`(((${offset}::int + (n.row_no - 1) / ${body.perMinute}::int) % ${ALLOWED_MINUTES}::int) * interval '1 minute')`;
    const start = sql`${windowStart.toISOString()}::timestamptz`;
    const queued = await queueSmsSelect(
      tx,
      sql`SELECT n.customer_id, n.mobile_enc, n.mobile_hash, 'CAMPAIGN' AS template,
                 ${SMS_SIGNATURE} || replace(replace(${body.template}::text, ${SALUTATION}, left(n.name_masked, 1) || '先生/女士'), ${LINK}, ${link})
                   || ' 回复TD退订' AS text,
                 greatest(${at.toISOString()}::timestamptz, ${start} + ${day} + ${minute}) AS send_after,
                 ${start} + ${day} + ${ALLOWED_MINUTES}::int * interval '1 minute' AS send_before,
                 ${`${SOURCE_KIND}:${c.id}:${sendId}:`} || n.row_no AS source_ref
            FROM (${numberedRecipients(body.segment, businessDate)}) AS n`,
      nowParam(),
      `${SOURCE_KIND}:${c.id}:${sendId}:`,
    );
    await auditCommand(
      tx,
      cmd,
      'campaign.sms.send',
      { type: 'campaign', id: c.id },
      {
        sendId,
        segment: body.segment.kind,
        segmentRef: ref,
        recipients: counts.recipients,
        optedOut: counts.optedOut,
        queued,
        perMinute: body.perMinute,
      },
    );
    return { ...preview, sendId, queued };
  });
}

/** Records a mobile's opt-out from marketing SMS (a TD reply, or the owner's request to staff). Audited. */
export async function optOut(ctx: AppContext, cmd: CommandContext, body: { mobile: string; source: 'REPLY_TD' | 'STAFF' }) {
  requireStaff(cmd);
  return withTx(ctx.db, async (tx) => {
    const added = await recordSmsOptOut(tx, ctx.crypto, body.mobile, body.source);
    if (added)
      await auditCommand(
        tx,
        cmd,
        'sms.opt-out',
        { type: 'sms_opt_out', id: ctx.crypto.lookupHash(body.mobile).slice(0, 12) },
        { source: body.source },
      );
    return { optedOut: true as const, added };
  });
}

// ---------- figures ----------

/**
 * Figures of campaigns, never stored: sent and reached from the outbox (messages queued, delivered),
 * visited from the visit counts, applied and approved from the applications carrying the code
 * (origination's door), disbursed from the loans the approved applicants drew on the applied product
 * (loans' door).
 */
async function figuresOf(db: Db | Tx, rows: CampaignRow[]): Promise<Map<number, CampaignFigures>> {
  const out = new Map<number, CampaignFigures>();
  if (rows.length === 0) return out;
  const ids = rows.map((r) => Number(r.id));
  const outbox = await outboxFiguresBySource(db, SOURCE_KIND, ids.map(String));
  const visits = await queryRows<{ campaign_id: string; visits: string }>(
    db,
    sql`SELECT v.campaign_id::text AS campaign_id, sum(v.visits)::text AS visits FROM campaign_visits v
         WHERE v.campaign_id = ANY(${`{${ids.join(',')}}`}::bigint[]) GROUP BY v.campaign_id`,
  );
  const visitsOf = new Map(visits.map((v) => [Number(v.campaign_id), Number(v.visits)]));
  const apps = await applicationsOfCampaigns(
    db,
    rows.map((r) => r.code),
  );
  const approvedPairs = apps.filter((a) => a.approved);
  const drawn = await drawnLoansOfCustomers(db, approvedPairs);
  for (const r of rows) {
    const mine = apps.filter((a) => a.campaignCode === r.code);
    const pairs = new Set(mine.filter((a) => a.approved).map((a) => `${a.customerId}:${a.productCode}`));
    let count = 0;
    let fen = 0n;
    for (const p of pairs) {
      const d = drawn.get(p);
      if (d) {
        count += d.loans;
        fen += d.principalFen;
      }
    }
    const o = outbox.get(r.id) ?? { queued: 0, sent: 0, failed: 0 };
    out.set(Number(r.id), {
      sent: o.queued,
      reached: o.sent,
      failed: o.failed,
      visited: visitsOf.get(Number(r.id)) ?? 0,
      applied: mine.length,
      approved: mine.filter((a) => a.approved).length,
      disbursedCount: count,
      disbursedAmount: formatYuan(fen),
    });
  }
  return out;
}
