/**
 * Warning rules (预警规则): the versioned settings (migrations/0051_warning_rules.sql), the catalogue
 * in force on a date, the version history, a change submitted for review (change type WARNING_RULES,
 * applied by changes.ts when a second param manager approves it), and the contact-lost mark an
 * officer sets or clears on a customer.
 */
import { sql } from 'drizzle-orm';
import { nowParam, queryOne, queryRows, withTx, type Db, type Tx } from '../../db/client.js';
import type { AppContext, CommandContext } from '../../context.js';
import { AppError, compareDates, InvariantError, parseIsoDate, type IsoDate } from '../../kernel/index.js';
import { auditCommand } from '../audit/index.js';
import { getBusinessDate } from '../calendar/index.js';
import { getCustomer } from '../customers/index.js';
import { isBranchInScope } from '../org/index.js';
import { submitChange, type DiffLine } from '../review/index.js';
import { diffWarningRules, ruleList, ruleSetOf, warningRuleIssues, ruleSpec, type WarningRuleIssue, type WarningRuleSet } from './rules.js';
import type {
  ContactLostView,
  WarningCatalogue,
  WarningRuleSetting,
  WarningRulesChange,
  WarningSubmitted,
  WarningVersionsPage,
} from './warning.contract.js';

export const WARNING_RULES_CHANGE = 'WARNING_RULES';

/** Review payload: the settings of the rules that change (whole rules) and the effective date. */
export interface WarningRulesChangePayload {
  effectiveDate: IsoDate;
  rules: WarningRuleSetting[];
}

interface VersionRow {
  version: number | string;
  effective_date: string;
  rules: WarningRuleSetting[] | string;
  review_request_id: number | string | null;
  created_at: string;
}

const COLUMNS = sql`version, effective_date::text AS effective_date, rules, review_request_id,
  to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_at`;

function rulesOf(row: VersionRow): WarningRuleSet {
  const list = typeof row.rules === 'string' ? (JSON.parse(row.rules) as WarningRuleSetting[]) : row.rules;
  return ruleSetOf(list);
}

async function versionAt(db: Db | Tx, date: IsoDate): Promise<VersionRow | undefined> {
  return queryOne<VersionRow>(
    db,
    sql`SELECT ${COLUMNS} FROM warning_rule_versions
        WHERE effective_date <= ${date}::date
        ORDER BY effective_date DESC, version DESC LIMIT 1`,
  );
}

export interface WarningRulesInForce {
  /** 0: the built-in defaults (no approved version yet). */
  version: number;
  effectiveDate: IsoDate | null;
  rules: WarningRuleSet;
}

/** The rule settings in force on a business date (the WARN step reads them once per partition). */
export async function getWarningRules(db: Db | Tx, date: IsoDate): Promise<WarningRulesInForce> {
  const row = await versionAt(db, parseIsoDate(date));
  if (!row) return { version: 0, effectiveDate: null, rules: ruleSetOf([]) };
  return { version: Number(row.version), effectiveDate: row.effective_date, rules: rulesOf(row) };
}

/** The catalogue with the settings in force on a date, with each rule's names and data source. */
export async function warningCatalogue(db: Db, date: IsoDate): Promise<WarningCatalogue> {
  const inForce = await getWarningRules(db, date);
  return {
    date,
    version: inForce.version,
    effectiveDate: inForce.effectiveDate,
    rules: ruleList(inForce.rules).map((r) => {
      const s = ruleSpec(r.code);
      return { ...r, nameZh: s.zh, nameEn: s.en, sourceZh: s.sourceZh };
    }),
  };
}

/** Every version, newest effective date first, with its state on the business date. */
export async function listWarningRuleVersions(
  db: Db,
  businessDate: IsoDate,
  q: { page: number; pageSize: number },
): Promise<WarningVersionsPage> {
  const inForce = await getWarningRules(db, businessDate);
  const total = await queryOne<{ n: string }>(db, sql`SELECT count(*)::text AS n FROM warning_rule_versions`);
  const rows = await queryRows<VersionRow>(
    db,
    sql`SELECT ${COLUMNS} FROM warning_rule_versions ORDER BY effective_date DESC, version DESC
        LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`,
  );
  return {
    items: rows.map((r) => ({
      version: Number(r.version),
      effectiveDate: r.effective_date,
      state:
        Number(r.version) === inForce.version ? 'IN_EFFECT' : compareDates(r.effective_date, businessDate) > 0 ? 'SCHEDULED' : 'SUPERSEDED',
      enabledRules: ruleList(rulesOf(r)).filter((x) => x.enabled).length,
      reviewRequestId: r.review_request_id === null ? null : Number(r.review_request_id),
      createdAt: r.created_at,
    })),
    total: Number(total?.n ?? 0),
    page: q.page,
    pageSize: q.pageSize,
  };
}

export function invalidWarningRules(issues: WarningRuleIssue[]): AppError {
  return new AppError('WARNING_RULES_INVALID', issues);
}

/** The base a change applies to: the settings that would otherwise be in force on its effective date. */
async function baseAt(tx: Tx, date: IsoDate): Promise<{ version: number; rules: WarningRuleSet }> {
  const row = await versionAt(tx, date);
  return row ? { version: Number(row.version), rules: rulesOf(row) } : { version: 0, rules: ruleSetOf([]) };
}

/** The readable diff against the settings that would otherwise be in force on the effective date. */
export async function describeWarningRulesChange(tx: Tx, p: WarningRulesChangePayload): Promise<DiffLine[]> {
  const base = await baseAt(tx, p.effectiveDate);
  return diffWarningRules(base.rules, ruleSetOf(p.rules, base.rules), p.effectiveDate);
}

/** Submits changed rule settings for review (a param manager; checked again at approval). */
export async function submitWarningRules(ctx: AppContext, cmd: CommandContext, input: WarningRulesChange): Promise<WarningSubmitted> {
  const effectiveDate = parseIsoDate(input.effectiveDate);
  return withTx(ctx.db, async (tx) => {
    const issues = warningRuleIssues(input.rules, effectiveDate, await getBusinessDate(tx), cmd.lang);
    if (issues.length > 0) throw invalidWarningRules(issues);
    const base = await baseAt(tx, effectiveDate);
    const diff = diffWarningRules(base.rules, ruleSetOf(input.rules, base.rules), effectiveDate);
    if (diff.length <= 1) {
      throw invalidWarningRules([
        {
          field: 'rules',
          code: 'NO_CHANGE',
          message:
            cmd.lang === 'en'
              ? `Identical to the rules in force on ${effectiveDate} (version ${base.version})`
              : `与 ${effectiveDate} 生效的预警规则（第 ${base.version} 版）相同，没有变更`,
        },
      ]);
    }
    const res = await submitChange<WarningRulesChangePayload>(ctx, tx, cmd, {
      type: WARNING_RULES_CHANGE,
      payload: { effectiveDate, rules: input.rules },
      targetType: 'warning-rules',
      targetId: effectiveDate,
    });
    return { reviewRequestId: res.requestId, status: res.status };
  });
}

/**
 * Applies an approved change: checked again against the business date of the approval, then the next
 * version holds the whole rule set (the base in force on its effective date with the changed rules).
 */
export async function applyWarningRules(tx: Tx, p: WarningRulesChangePayload, reviewRequestId: number, lang: 'zh' | 'en'): Promise<number> {
  await tx.execute(sql`LOCK TABLE warning_rule_versions IN SHARE ROW EXCLUSIVE MODE`);
  const issues = warningRuleIssues(p.rules, p.effectiveDate, await getBusinessDate(tx), lang);
  if (issues.length > 0) throw invalidWarningRules(issues);
  const base = await baseAt(tx, p.effectiveDate);
  const rules = ruleList(ruleSetOf(p.rules, base.rules));
  const row = await queryOne<{ version: number | string }>(
    tx,
    sql`INSERT INTO warning_rule_versions (version, effective_date, rules, review_request_id, created_at)
        SELECT coalesce(max(version), 0) + 1, ${p.effectiveDate}::date, ${JSON.stringify(rules)}::jsonb, ${reviewRequestId}, ${nowParam()}
          FROM warning_rule_versions
        RETURNING version`,
  );
  if (!row) throw new InvariantError('warning rule version insert returned no row');
  return Number(row.version);
}

export function titleZh(p: WarningRulesChangePayload): string {
  return `预警规则调整（${p.rules.map((r) => ruleSpec(r.code).zh).join('、')}），${p.effectiveDate} 起生效`;
}

export function titleEn(p: WarningRulesChangePayload): string {
  return `Warning rules (${p.rules.map((r) => r.code).join(', ')}), effective ${p.effectiveDate}`;
}

// ---------------------------------------------------------------------------------------------
// contact lost (联系不上)

/** The customer, when within the actor's data scope (404 otherwise: another branch's customer is not seen). */
async function customerInScope(ctx: AppContext, tx: Tx, cmd: CommandContext, customerId: number): Promise<void> {
  const actor = cmd.actor;
  if (!actor) throw new AppError('AUTH_REQUIRED');
  let c: { branchId: number; officerId: number | null };
  try {
    c = await getCustomer(tx, ctx.crypto, customerId);
  } catch (e) {
    if (e instanceof AppError && e.code === 'CUSTOMER_NOT_FOUND') throw new AppError('WARNING_CUSTOMER_NOT_FOUND');
    throw e;
  }
  const visible =
    actor.scope === 'BANK' ||
    (actor.scope === 'BRANCH' && (await isBranchInScope(tx, actor, c.branchId))) ||
    (actor.scope === 'OWN' && c.officerId === actor.staffId);
  if (!visible) throw new AppError('WARNING_CUSTOMER_NOT_FOUND');
}

interface ContactRow {
  marked_on: string;
  note: string;
  marked_by: number | string;
}

async function contactRow(db: Db | Tx, customerId: number): Promise<ContactRow | undefined> {
  return queryOne<ContactRow>(
    db,
    sql`SELECT marked_on::text AS marked_on, note, marked_by FROM warning_contact_lost WHERE customer_id = ${customerId}`,
  );
}

function contactView(customerId: number, r: ContactRow | undefined): ContactLostView {
  return {
    customerId,
    contactLost: !!r,
    markedOn: r?.marked_on ?? null,
    note: r?.note ?? null,
    markedBy: r ? Number(r.marked_by) : null,
  };
}

/** Whether a customer (in the actor's scope) is marked contact lost. */
export async function getContactLost(ctx: AppContext, cmd: CommandContext, customerId: number): Promise<ContactLostView> {
  return withTx(ctx.db, async (tx) => {
    await customerInScope(ctx, tx, cmd, customerId);
    return contactView(customerId, await contactRow(tx, customerId));
  });
}

/**
 * An officer marks a customer 联系不上 from the business date (audited); the CONTACT_LOST rule fires
 * from that day's end-of-day until the mark is cleared. 409 when already marked.
 */
export async function setContactLost(ctx: AppContext, cmd: CommandContext, customerId: number, note: string): Promise<ContactLostView> {
  return withTx(ctx.db, async (tx) => {
    await customerInScope(ctx, tx, cmd, customerId);
    const on = await getBusinessDate(tx);
    const inserted = await queryOne(
      tx,
      sql`INSERT INTO warning_contact_lost (customer_id, marked_on, note, marked_by, marked_at)
          VALUES (${customerId}, ${on}::date, ${note}, ${cmd.actor!.staffId}, ${nowParam()})
          ON CONFLICT (customer_id) DO NOTHING RETURNING 1 AS ok`,
    );
    if (!inserted) throw new AppError('CONTACT_LOST_ALREADY_SET');
    await auditCommand(tx, cmd, 'warning.contact-lost.set', { type: 'customer', id: String(customerId) }, { markedOn: on, note });
    return contactView(customerId, await contactRow(tx, customerId));
  });
}

/** Clears the mark (contact re-established; audited with the reason). 409 when not marked. */
export async function clearContactLost(ctx: AppContext, cmd: CommandContext, customerId: number, note: string): Promise<ContactLostView> {
  return withTx(ctx.db, async (tx) => {
    await customerInScope(ctx, tx, cmd, customerId);
    const gone = await queryOne<ContactRow>(
      tx,
      sql`SELECT marked_on::text AS marked_on, note, marked_by FROM warning_contact_lost WHERE customer_id = ${customerId} FOR UPDATE`,
    );
    if (!gone) throw new AppError('CONTACT_LOST_NOT_SET');
    await tx.execute(sql`DELETE FROM warning_contact_lost WHERE customer_id = ${customerId}`);
    await auditCommand(
      tx,
      cmd,
      'warning.contact-lost.clear',
      { type: 'customer', id: String(customerId) },
      { markedOn: gone.marked_on, markedNote: gone.note, clearedOn: await getBusinessDate(tx), note },
    );
    return contactView(customerId, undefined);
  });
}
