/**
 * Special inspections (专项检查) as campaigns: a typed selection run over the active loans in the
 * creator's data scope (its count shown before creating), a sample (all, or N chosen by md5(seed:loan
 * id) — the same criteria and seed give the same loans), inspectors dealt the sample in turn (shares
 * differ by at most one), the campaign's checklist on every task; and the campaign's figures (tasks
 * done, findings by severity and status) — "3 special inspections found 46 problems".
 */
import { sql } from 'drizzle-orm';
import { nowParam, queryOne, queryRows, sequentialShardAccess, withTx, type Db } from '../../db/client.js';
import { AppError, compareDates, parseYuan } from '../../kernel/index.js';
import { parseSort } from '../../kernel/contract.js';
import type { AppContext, CommandContext } from '../../context.js';
import { activeStaffWithRole, displayNames } from '../access/index.js';
import { auditCommand } from '../audit/index.js';
import { getBusinessDate } from '../calendar/index.js';
import { countLoansForSelection, sampleLoansForSelection, type LoanSelection } from '../loans/index.js';
import { branchNames, type Actor } from '../org/index.js';
import { customerRiskLevelSource } from '../risk/index.js';
import { campaignInspector } from './assignment.js';
import {
  MAX_CAMPAIGN_TASKS,
  type CampaignCriteria,
  type CampaignFigures,
  type CampaignListQuery,
  type CampaignPreview,
  type CampaignPreviewBody,
  type CampaignSummary,
  type CampaignView,
  type ChecklistItem,
  type CreateCampaignBody,
  type InspectorItem,
} from './inspections.contract.js';

/** The contract's criteria as the loans module's selection (yuan → fen; a min above its max is refused). */
export function selectionOf(c: CampaignCriteria): LoanSelection {
  const s: LoanSelection = {
    branchIds: c.branchIds,
    productCodes: c.productCodes,
    classifications: c.classifications,
    dpdMin: c.dpdMin,
    dpdMax: c.dpdMax,
    outstandingMinFen: c.amountMin === undefined ? undefined : parseYuan(c.amountMin),
    outstandingMaxFen: c.amountMax === undefined ? undefined : parseYuan(c.amountMax),
    disbursedFrom: c.disbursedFrom,
    disbursedTo: c.disbursedTo,
    // the customer's warning colour: the level of their open alert, read through the risk module's door
    customersIn: c.warningLevels?.length
      ? sql`SELECT w.customer_id FROM (${customerRiskLevelSource()}) w WHERE w.level = ANY(${`{${c.warningLevels.join(',')}}`}::text[])`
      : undefined,
  };
  const bad =
    (s.dpdMin !== undefined && s.dpdMax !== undefined && s.dpdMin > s.dpdMax) ||
    (s.outstandingMinFen !== undefined && s.outstandingMaxFen !== undefined && s.outstandingMinFen > s.outstandingMaxFen) ||
    (s.disbursedFrom !== undefined && s.disbursedTo !== undefined && compareDates(s.disbursedFrom, s.disbursedTo) > 0);
  if (bad) throw new AppError('VALIDATION_FAILED', { field: 'criteria', reason: 'MIN_GT_MAX' });
  return s;
}

/** How many loans match, and how many tasks the campaign would create. */
export async function previewCampaign(db: Db, actor: Actor, body: CampaignPreviewBody): Promise<CampaignPreview> {
  const matched = await countLoansForSelection(db, actor, selectionOf(body.criteria));
  return { matched, taskCount: body.sampleSize === undefined ? matched : Math.min(matched, body.sampleSize) };
}

/** The active inspectors (campaign form), paged. */
export async function listInspectors(db: Db, page: number, pageSize: number): Promise<{ items: InspectorItem[]; total: number }> {
  const all = await activeStaffWithRole(db, 'inspector');
  const slice = all.slice((page - 1) * pageSize, page * pageSize);
  const names = await branchNames(
    db,
    slice.map((s) => s.branchId),
  );
  return { items: slice.map((s) => ({ ...s, branchName: names.get(s.branchId) ?? null })), total: all.length };
}

function checkCampaign(body: CreateCampaignBody, inspectorIds: Set<number>, D: string): void {
  const issues: string[] = [];
  if (compareDates(body.periodFrom, body.periodTo) > 0) issues.push('periodTo');
  if (compareDates(body.periodTo, D) < 0) issues.push('periodTo');
  if (new Set(body.inspectorIds).size !== body.inspectorIds.length) issues.push('inspectorIds');
  if (body.inspectorIds.some((id) => !inspectorIds.has(id))) issues.push('inspectorIds');
  if (new Set(body.checklist.map((i) => i.code)).size !== body.checklist.length) issues.push('checklist');
  if (issues.length > 0) throw new AppError('INSPECTION_CAMPAIGN_INVALID', { fields: [...new Set(issues)] });
}

/** Creates the campaign and its tasks in one transaction; answers the campaign. */
export async function createCampaign(ctx: AppContext, cmd: CommandContext, body: CreateCampaignBody): Promise<CampaignView> {
  const actor = cmd.actor!;
  const selection = selectionOf(body.criteria);
  const id = await withTx(ctx.db, async (tx) => {
    await sequentialShardAccess(tx);
    const D = await getBusinessDate(tx);
    const inspectors = new Set((await activeStaffWithRole(tx, 'inspector')).map((s) => s.id));
    checkCampaign(body, inspectors, D);
    const matched = await countLoansForSelection(tx, actor, selection);
    if (matched === 0) throw new AppError('INSPECTION_CAMPAIGN_EMPTY');
    const wanted = body.sampleSize === undefined ? matched : Math.min(matched, body.sampleSize);
    if (wanted > MAX_CAMPAIGN_TASKS) throw new AppError('INSPECTION_CAMPAIGN_TOO_LARGE', { matched, max: MAX_CAMPAIGN_TASKS });
    const seed = body.seed ?? body.name;
    const sample = await sampleLoansForSelection(tx, actor, selection, seed, body.sampleSize ?? null);
    const now = nowParam();
    const row = await queryOne<{ id: string }>(
      tx,
      sql`INSERT INTO inspection_campaigns (name, purpose, period_from, period_to, criteria, sample_size, seed, inspector_ids, checklist,
                                            matched_count, task_count, branch_id, created_by, created_on, created_at)
          VALUES (${body.name}, ${body.purpose}, ${body.periodFrom}::date, ${body.periodTo}::date, ${JSON.stringify(body.criteria)}::jsonb,
                  ${body.sampleSize ?? null}, ${seed}, ${`{${body.inspectorIds.join(',')}}`}::bigint[], ${JSON.stringify(body.checklist)}::jsonb,
                  ${matched}, ${sample.length}, ${actor.branchId}, ${actor.staffId}, ${D}::date, ${now})
          RETURNING id::text AS id`,
    );
    const campaignId = Number(row!.id);
    const arr = (xs: Array<number | null>) => `{${xs.map((x) => (x === null ? 'NULL' : String(x))).join(',')}}`;
    await tx.execute(
      sql`INSERT INTO inspection_tasks (customer_id, loan_id, kind, campaign_id, scheduled_on, due_date, branch_id, officer_id, inspector_id,
                                        status, checklist, created_at, updated_at)
          SELECT s.customer_id, s.loan_id, 'SPECIAL', ${campaignId}, ${D}::date, ${body.periodTo}::date, s.branch_id, s.officer_id, s.inspector_id,
                 'OPEN', ${JSON.stringify(body.checklist)}::jsonb, ${now}, ${now}
            FROM unnest(${arr(sample.map((l) => l.customerId))}::bigint[], ${arr(sample.map((l) => l.loanId))}::bigint[],
                        ${arr(sample.map((l) => l.branchId))}::bigint[], ${arr(sample.map((l) => l.officerId))}::bigint[],
                        ${arr(sample.map((_, k) => campaignInspector(body.inspectorIds, k)))}::bigint[])
                 AS s(customer_id, loan_id, branch_id, officer_id, inspector_id)`,
    );
    await auditCommand(
      tx,
      cmd,
      'inspection.campaign.create',
      { type: 'inspection_campaign', id: String(campaignId) },
      { name: body.name, matched, tasks: sample.length, seed, inspectorIds: body.inspectorIds },
    );
    return campaignId;
  });
  return getCampaign(ctx.db, id);
}

interface CampaignRow {
  id: string;
  name: string;
  purpose: string;
  period_from: string;
  period_to: string;
  sample_size: number | null;
  matched_count: number;
  task_count: number;
  created_by: string;
  created_on: string;
  seed: string;
  criteria: CampaignCriteria;
  checklist: ChecklistItem[];
  inspector_ids: string[] | string;
}

const CAMPAIGN_COLUMNS = sql`c.id::text, c.name, c.purpose, c.period_from::text, c.period_to::text, c.sample_size, c.matched_count,
  c.task_count, c.created_by::text, c.created_on::text, c.seed, c.criteria, c.checklist, c.inspector_ids::text[] AS inspector_ids`;

const emptyFigures = (): CampaignFigures => ({
  tasks: 0,
  tasksDone: 0,
  tasksOverdue: 0,
  findings: 0,
  bySeverity: { LOW: 0, MEDIUM: 0, HIGH: 0 },
  byStatus: { OPEN: 0, RECTIFIED: 0, VERIFIED: 0, REOPENED: 0 },
  late: 0,
});

/** The figures of some campaigns: two grouped reads over every shard, not one per campaign. */
async function figuresOf(db: Db, ids: number[]): Promise<Map<number, CampaignFigures>> {
  const out = new Map(ids.map((id) => [id, emptyFigures()]));
  if (ids.length === 0) return out;
  const list = `{${ids.join(',')}}`;
  const D = await getBusinessDate(db);
  const tasks = await queryRows<{ c: string; n: string; done: string; overdue: string }>(
    db,
    sql`SELECT t.campaign_id::text AS c, count(*)::text AS n, count(*) FILTER (WHERE t.status = 'DONE')::text AS done,
               count(*) FILTER (WHERE t.status = 'OVERDUE')::text AS overdue
          FROM inspection_tasks t WHERE t.campaign_id = ANY(${list}::bigint[]) GROUP BY t.campaign_id`,
  );
  for (const r of tasks) {
    const f = out.get(Number(r.c))!;
    f.tasks = Number(r.n);
    f.tasksDone = Number(r.done);
    f.tasksOverdue = Number(r.overdue);
  }
  const findings = await queryRows<{
    c: string;
    severity: 'LOW' | 'MEDIUM' | 'HIGH';
    status: keyof CampaignFigures['byStatus'];
    n: string;
    late: string;
  }>(
    db,
    sql`SELECT f.campaign_id::text AS c, f.severity, f.status, count(*)::text AS n,
               count(*) FILTER (WHERE f.status IN ('OPEN', 'REOPENED') AND f.deadline < ${D}::date)::text AS late
          FROM inspection_findings f WHERE f.campaign_id = ANY(${list}::bigint[]) GROUP BY f.campaign_id, f.severity, f.status`,
  );
  for (const r of findings) {
    const f = out.get(Number(r.c))!;
    const n = Number(r.n);
    f.findings += n;
    f.bySeverity[r.severity] += n;
    f.byStatus[r.status] += n;
    f.late += Number(r.late);
  }
  return out;
}

async function summaries(db: Db, rows: CampaignRow[]): Promise<CampaignSummary[]> {
  const figures = await figuresOf(
    db,
    rows.map((r) => Number(r.id)),
  );
  const names = await displayNames(db, { staffIds: rows.map((r) => Number(r.created_by)) });
  return rows.map((r) => ({
    id: Number(r.id),
    name: r.name,
    purpose: r.purpose,
    periodFrom: r.period_from,
    periodTo: r.period_to,
    sampleSize: r.sample_size === null ? null : Number(r.sample_size),
    matchedCount: Number(r.matched_count),
    taskCount: Number(r.task_count),
    createdBy: Number(r.created_by),
    createdByName: names.staff.get(Number(r.created_by)) ?? null,
    createdOn: r.created_on,
    figures: figures.get(Number(r.id))!,
  }));
}

const CAMPAIGN_SORT = { createdOn: sql`c.created_on`, periodTo: sql`c.period_to` };

/** Every campaign (campaigns are the bank's; their figures are counts, no customer's data), newest first. */
export async function listCampaigns(db: Db, q: CampaignListQuery): Promise<{ items: CampaignSummary[]; total: number }> {
  const total = await queryOne<{ n: string }>(db, sql`SELECT count(*)::text AS n FROM inspection_campaigns`);
  let order = sql`c.id DESC`;
  if (q.sort) {
    const { field, descending } = parseSort(q.sort);
    order = sql`${CAMPAIGN_SORT[field]} ${descending ? sql`DESC` : sql`ASC`}, c.id ASC`;
  }
  const rows = await queryRows<CampaignRow>(
    db,
    sql`SELECT ${CAMPAIGN_COLUMNS} FROM inspection_campaigns c ORDER BY ${order} LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`,
  );
  return { items: await summaries(db, rows), total: Number(total?.n ?? '0') };
}

export async function getCampaign(db: Db, id: number): Promise<CampaignView> {
  const row = await queryOne<CampaignRow>(db, sql`SELECT ${CAMPAIGN_COLUMNS} FROM inspection_campaigns c WHERE c.id = ${id}`);
  if (!row) throw new AppError('INSPECTION_CAMPAIGN_NOT_FOUND', { campaignId: id });
  const [summary] = await summaries(db, [row]);
  const inspectorIds = (Array.isArray(row.inspector_ids) ? row.inspector_ids : String(row.inspector_ids).replace(/[{}]/g, '').split(','))
    .filter(Boolean)
    .map(Number);
  const perInspector = await queryRows<{ i: string; n: string; done: string }>(
    db,
    sql`SELECT t.inspector_id::text AS i, count(*)::text AS n, count(*) FILTER (WHERE t.status = 'DONE')::text AS done
          FROM inspection_tasks t WHERE t.campaign_id = ${id} GROUP BY t.inspector_id`,
  );
  const names = await displayNames(db, { staffIds: inspectorIds });
  return {
    ...summary,
    seed: row.seed,
    criteria: row.criteria,
    checklist: row.checklist,
    inspectors: inspectorIds.map((i) => {
      const r = perInspector.find((p) => Number(p.i) === i);
      return { id: i, name: names.staff.get(i) ?? null, tasks: Number(r?.n ?? 0), done: Number(r?.done ?? 0) };
    }),
  };
}
