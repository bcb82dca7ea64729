/**
 * Credit-policy versions and decision records: the I/O around the pure engine.
 *
 * A version is immutable: its document is stored once, with a fingerprint (sha-256 of the canonical
 * JSON), and parsed documents are cached in memory by version. The version in force on a business date
 * is the one with the highest effective date on or before it (ties: the later approval). New versions
 * arrive through review (change type DECISION_POLICY, see changes.ts).
 */
import { createHash } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import { nowParam, queryOne, queryRows, withTx, type Db, type Tx } from '../../db/client.js';
import type { AppContext, CommandContext } from '../../context.js';
import { parseIsoDate, type IsoDate } from '../../kernel/dates.js';
import { AppError, InvariantError, isAppError } from '../../kernel/errors.js';
import { formatYuan } from '../../kernel/money.js';
import { formatRatePct, Dec } from '../../kernel/rate.js';
import { auditCommand } from '../audit/index.js';
import { getBusinessDate, invalidateSharedCaches, sharedCached } from '../calendar/index.js';
import { submitChange } from '../review/index.js';
import { bigintsToStrings, decisionInputToApi, decodeDecisionInput, encodeDecisionInput, type DecisionInputApi } from './codec.js';
import { evaluatePolicy } from './engine.js';
import { limitCapOf, type LimitCapView } from './auto-approval.js';
import { canonicalJson, loadDefaultPolicy, policyIssues, validatePolicyDocument } from './policy.js';
import { locateIssues, type LocatedIssue } from './policy-view.js';
import { SAMPLE_INPUTS } from './samples.js';
import type { DecisionInput, DecisionOutcome, DecisionReason, DecisionResult, FiredRule, Grade, PolicyDocument } from './types.js';

export const DECISION_POLICY = 'DECISION_POLICY';
export const DEFAULT_POLICY_VERSION = 'default-v1';
/** The bundled policy applies from long before any business date, so a new bank always has one. */
export const DEFAULT_POLICY_EFFECTIVE_DATE = '2000-01-01';
/** Serialises changes of decision_policies (insert + status refresh). */
const POLICY_LOCK_KEY = 7243016;

export type PolicyStatus = 'ACTIVE' | 'PENDING' | 'RETIRED';

export interface PolicyVersionSummary {
  version: string;
  name: string | null;
  effectiveDate: IsoDate;
  /** For the business date asked about: ACTIVE in force, PENDING scheduled, RETIRED superseded. */
  status: PolicyStatus;
  /** Maker and checker (staff ids); null for the bundled default. */
  createdBy: number | null;
  approvedBy: number | null;
  reviewRequestId: number | null;
  createdAt: string;
}

export interface PolicyVersionView extends PolicyVersionSummary {
  description: string | null;
  document: PolicyDocument;
}

/**
 * A recorded decision, JSON-safe like every view (amounts as yuan strings): it can go to an API response
 * as it is. `decisionInputFromApi(view.input)` gives back exactly the DecisionInput that was evaluated.
 */
export interface DecisionRecordView {
  id: number;
  customerId: number;
  applicationId: number;
  policyVersion: string;
  /** What the engine was given, in API form (amounts as yuan strings, names without "Fen"). */
  input: DecisionInputApi;
  outcome: DecisionOutcome;
  score: number;
  grade: Grade;
  /** Offered limit, yuan ("98000.00"); "0.00" for a decline. */
  limit: string;
  annualRatePct: string;
  /** Bilingual, as shown when the decision was made. */
  reasons: DecisionReason[];
  firedRules: FiredRule[];
  /** The automatic-approval maximum applied to this decision: the policy's limit and the cap; null when not capped. */
  limitCap: LimitCapView | null;
  durationMicros: number;
  createdAt: string;
}

export interface PolicyChangePayload {
  version: string;
  effectiveDate: IsoDate;
  document: PolicyDocument;
}

// ---------- fingerprints and the document cache ----------

export function policyFingerprint(doc: PolicyDocument): string {
  return createHash('sha256').update(canonicalJson(doc)).digest('hex');
}

const cachedDocuments = new Map<string, { fingerprint: string; document: PolicyDocument }>();

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

function jsonValue(v: unknown): unknown {
  return typeof v === 'string' ? JSON.parse(v) : v;
}

/**
 * The stored document of a version whose row carries `fingerprint`, from the cache when it holds that
 * exact content. A row whose document does not match its own fingerprint was altered outside the
 * application and fails loudly.
 */
async function documentOf(db: Db, version: string, fingerprint: string): Promise<PolicyDocument> {
  const hit = cachedDocuments.get(version);
  if (hit && hit.fingerprint === fingerprint) return hit.document;
  const row = await queryOne<{ document: unknown }>(db, sql`SELECT document FROM decision_policies WHERE version = ${version}`);
  if (!row) throw new AppError('POLICY_NOT_FOUND', { version });
  const parsed = jsonValue(row.document);
  if (policyFingerprint(parsed as PolicyDocument) !== fingerprint) {
    throw new InvariantError(`stored credit policy ${version} does not match its fingerprint`);
  }
  // The bundled default is handed out as the very object the engine has compiled (its fast path).
  const bundled = loadDefaultPolicy();
  const document =
    version === bundled.version && policyFingerprint(bundled) === fingerprint ? bundled : deepFreeze(validatePolicyDocument(parsed));
  cachedDocuments.set(version, { fingerprint, document });
  return document;
}

// ---------- which version is in force ----------

interface HeadRow {
  version: string;
  fingerprint: string;
  effective_date: string;
}

async function policyHeadAt(db: Db, businessDate: IsoDate): Promise<HeadRow | undefined> {
  return queryOne<HeadRow>(
    db,
    sql`SELECT version, fingerprint, effective_date::text AS effective_date FROM decision_policies
        WHERE effective_date <= ${businessDate}::date ORDER BY effective_date DESC, seq DESC LIMIT 1`,
  );
}

/** The credit policy in force on a business date (POLICY_NOT_FOUND when none is). */
export async function activePolicy(db: Db, businessDate: IsoDate): Promise<PolicyDocument> {
  parseIsoDate(businessDate);
  // Cached per process and date (calendar's shared cache); a new or seeded version invalidates it.
  return sharedCached(db, `policy:${businessDate}`, async (d) => {
    const head = await policyHeadAt(d, businessDate);
    if (!head) throw new AppError('POLICY_NOT_FOUND', { businessDate });
    return documentOf(d, head.version, head.fingerprint);
  });
}

/** One stored version's document (POLICY_NOT_FOUND). */
export async function policyDocument(db: Db, version: string): Promise<PolicyDocument> {
  const row = await queryOne<{ fingerprint: string }>(db, sql`SELECT fingerprint FROM decision_policies WHERE version = ${version}`);
  if (!row) throw new AppError('POLICY_NOT_FOUND', { version });
  return documentOf(db, version, row.fingerprint);
}

/** The status of row `alias` on a date, from the effective dates (never from the stored column). */
function statusOn(alias: string, date: IsoDate): SQL {
  const p = sql.raw(alias);
  return sql`CASE
      WHEN ${p}.version = (SELECT w.version FROM decision_policies w WHERE w.effective_date <= ${date}::date
                           ORDER BY w.effective_date DESC, w.seq DESC LIMIT 1) THEN 'ACTIVE'
      WHEN ${p}.effective_date > ${date}::date AND NOT EXISTS (
             SELECT 1 FROM decision_policies q WHERE q.effective_date = ${p}.effective_date AND q.seq > ${p}.seq) THEN 'PENDING'
      ELSE 'RETIRED' END`;
}

/**
 * Brings the stored status column up to date for a business date: runs with every policy change and
 * may run at end-of-day. The ACTIVE row is set last so "one ACTIVE at most" holds after each statement.
 */
export async function refreshPolicyStatuses(tx: Tx, businessDate: IsoDate): Promise<void> {
  parseIsoDate(businessDate);
  const computed = sql`(SELECT x.version, ${statusOn('x', businessDate)} AS status FROM decision_policies x)`;
  await tx.execute(sql`UPDATE decision_policies p SET status = s.status FROM ${computed} s
                       WHERE p.version = s.version AND p.status <> s.status AND s.status <> 'ACTIVE'`);
  await tx.execute(sql`UPDATE decision_policies p SET status = s.status FROM ${computed} s
                       WHERE p.version = s.version AND p.status <> s.status AND s.status = 'ACTIVE'`);
}

interface SummaryRow {
  version: string;
  name: string | null;
  description: string | null;
  effective_date: string;
  status: PolicyStatus;
  created_by: string | number | null;
  approved_by: string | number | null;
  review_request_id: string | number | null;
  created_at: string;
}

function summarySelect(businessDate: IsoDate): SQL {
  return sql`SELECT p.version, p.document ->> 'name' AS name, p.document ->> 'description' AS description,
                    p.effective_date::text AS effective_date, ${statusOn('p', businessDate)} AS status,
                    p.created_by, p.approved_by, p.review_request_id,
                    to_char(p.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_at
             FROM decision_policies p`;
}

const idOrNull = (v: string | number | null) => (v === null ? null : Number(v));

function toSummary(r: SummaryRow): PolicyVersionSummary {
  return {
    version: r.version,
    name: r.name,
    effectiveDate: r.effective_date,
    status: r.status,
    createdBy: idOrNull(r.created_by),
    approvedBy: idOrNull(r.approved_by),
    reviewRequestId: idOrNull(r.review_request_id),
    createdAt: r.created_at,
  };
}

/** Every stored version, latest effective date first, with its status on the business date. */
export async function listPolicyVersions(db: Db, businessDate: IsoDate): Promise<PolicyVersionSummary[]> {
  parseIsoDate(businessDate);
  const rows = await queryRows<SummaryRow>(db, sql`${summarySelect(businessDate)} ORDER BY p.effective_date DESC, p.seq DESC`);
  return rows.map(toSummary);
}

/** One version with its document (POLICY_NOT_FOUND). */
export async function getPolicyVersion(db: Db, version: string, businessDate: IsoDate): Promise<PolicyVersionView> {
  parseIsoDate(businessDate);
  const row = await queryOne<SummaryRow>(db, sql`${summarySelect(businessDate)} WHERE p.version = ${version}`);
  if (!row) throw new AppError('POLICY_NOT_FOUND', { version });
  return { ...toSummary(row), description: row.description, document: await policyDocument(db, version) };
}

async function versionExists(db: Db, version: string): Promise<boolean> {
  return !!(await queryOne(db, sql`SELECT 1 AS x FROM decision_policies WHERE version = ${version}`));
}

// ---------- the bundled default ----------

/**
 * Stores the bundled policy as 'default-v1' (effective 2000-01-01) unless it is there. Idempotent, and
 * safe when two servers start at once. A stored default-v1 that differs from the bundled file means the
 * file was edited without a new version, which would make decisions unexplainable: start-up fails.
 */
export async function seedDefaultPolicy(db: Db, cmd: CommandContext): Promise<void> {
  const doc = loadDefaultPolicy();
  const fingerprint = policyFingerprint(doc);
  await withTx(db, async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${POLICY_LOCK_KEY})`);
    const existing = await queryOne<{ fingerprint: string }>(
      tx,
      sql`SELECT fingerprint FROM decision_policies WHERE version = ${doc.version}`,
    );
    if (existing) {
      if (existing.fingerprint !== fingerprint) {
        throw new InvariantError(
          `the bundled credit policy ${doc.version} differs from the stored one; give the changed policy a new version and submit it for review`,
        );
      }
      return;
    }
    const others = await queryOne(tx, sql`SELECT 1 AS x FROM decision_policies LIMIT 1`);
    await tx.execute(
      sql`INSERT INTO decision_policies (version, document, fingerprint, effective_date, status, created_at)
          VALUES (${doc.version}, ${JSON.stringify(doc)}::jsonb, ${fingerprint}, ${DEFAULT_POLICY_EFFECTIVE_DATE}::date,
                  ${others ? 'RETIRED' : 'ACTIVE'}, ${nowParam()})`,
    );
    await invalidateSharedCaches(tx, 'policy');
    await auditCommand(
      tx,
      cmd,
      'decision.policy.seed',
      { type: 'decision_policy', id: doc.version },
      {
        effectiveDate: DEFAULT_POLICY_EFFECTIVE_DATE,
        fingerprint,
      },
    );
  });
}

// ---------- new versions (maker side) ----------

function invalid(doc: unknown, issues: Array<{ path: string; message: string }>): AppError {
  const errors: LocatedIssue[] = locateIssues(doc, issues);
  return new AppError('POLICY_INVALID', { errors });
}

/**
 * A submitted document, checked: a JSON object whose version is the one submitted (filled in when
 * absent), structurally valid (validatePolicyDocument), and that evaluates the sample applications
 * without failing — a policy that parses but breaks at run time would stop every application.
 * Problems: POLICY_INVALID (422) { errors: [{ path, message, location }] }.
 */
export async function checkedPolicyDocument(version: string, document: unknown): Promise<PolicyDocument> {
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw invalid(document, [{ path: '', message: 'the policy must be a JSON object with version, nodes and edges' }]);
  }
  const doc = structuredClone(document) as Record<string, unknown>;
  if (doc.version === undefined || doc.version === null || doc.version === '') doc.version = version;
  if (doc.version !== version) {
    throw invalid(doc, [
      { path: 'version', message: `the document's version "${String(doc.version)}" is not the version submitted ("${version}")` },
    ]);
  }
  const issues = policyIssues(doc);
  if (issues.length > 0) throw invalid(doc, issues);
  const policy = doc as unknown as PolicyDocument;
  await smokeTest(policy);
  return policy;
}

/** A name the engine compiles unsaved content under, so it never binds a real version to a draft. */
function draftVersion(doc: PolicyDocument): string {
  return `draft.${policyFingerprint({ ...doc, version: '' }).slice(0, 32)}`;
}

async function evaluateDraft(doc: PolicyDocument, input: DecisionInput): Promise<DecisionResult> {
  const result = await evaluatePolicy({ ...doc, version: draftVersion(doc) }, input);
  return { ...result, policyVersion: doc.version };
}

async function smokeTest(doc: PolicyDocument): Promise<void> {
  for (const sample of SAMPLE_INPUTS) {
    try {
      await evaluateDraft(doc, sample.input);
    } catch (e) {
      const why = e instanceof InvariantError || isAppError(e) ? e.message : String(e);
      throw invalid(doc, [{ path: '', message: `the policy fails on the sample application "${sample.name}": ${why}` }]);
    }
  }
}

/**
 * Submits a new policy version for review (AB角). The effective date may not be before the business
 * date (EFFECTIVE_DATE_IN_PAST) and the version must be new (POLICY_VERSION_TAKEN); nothing is written
 * unless every check passes.
 */
export async function submitPolicyVersion(
  ctx: AppContext,
  cmd: CommandContext,
  input: { version: string; effectiveDate: IsoDate; document: unknown },
): Promise<{ reviewRequestId: number; status: 'PENDING' | 'APPLIED_DIRECTLY' }> {
  const effectiveDate = parseIsoDate(input.effectiveDate);
  const document = await checkedPolicyDocument(input.version, input.document);
  return withTx(ctx.db, async (tx) => {
    const businessDate = await getBusinessDate(tx);
    if (effectiveDate < businessDate) throw new AppError('EFFECTIVE_DATE_IN_PAST', { effectiveDate, businessDate });
    if (await versionExists(tx, document.version)) throw new AppError('POLICY_VERSION_TAKEN', { version: document.version });
    const res = await submitChange<PolicyChangePayload>(ctx, tx, cmd, {
      type: DECISION_POLICY,
      payload: { version: document.version, effectiveDate, document },
      targetType: 'decision_policy',
      targetId: document.version,
    });
    return { reviewRequestId: res.requestId, status: res.status };
  });
}

/** The version a new one would replace on its effective date, for the review diff (null: none). */
export async function policyReplacedOn(
  db: Db,
  effectiveDate: IsoDate,
): Promise<{ document: PolicyDocument; effectiveDate: IsoDate } | null> {
  const head = await policyHeadAt(db, effectiveDate);
  if (!head) return null;
  return { document: await documentOf(db, head.version, head.fingerprint), effectiveDate: head.effective_date };
}

/**
 * Inserts an approved version (checker side, in the approval's transaction) and refreshes statuses.
 * The checks of the submission are repeated: the date or the version may have been taken meanwhile.
 */
export async function applyPolicyVersion(
  tx: Tx,
  cmd: CommandContext,
  p: PolicyChangePayload,
  by: { requestId: number; makerId: number; checkerId: number | null },
): Promise<void> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${POLICY_LOCK_KEY})`);
  const issues = policyIssues(p.document);
  if (p.document.version !== p.version) issues.push({ path: 'version', message: `the document's version is not ${p.version}` });
  if (issues.length > 0) throw invalid(p.document, issues);
  const businessDate = await getBusinessDate(tx);
  if (p.effectiveDate < businessDate) throw new AppError('EFFECTIVE_DATE_IN_PAST', { effectiveDate: p.effectiveDate, businessDate });
  if (await versionExists(tx, p.version)) throw new AppError('POLICY_VERSION_TAKEN', { version: p.version });
  const fingerprint = policyFingerprint(p.document);
  await tx.execute(
    sql`INSERT INTO decision_policies (version, document, fingerprint, effective_date, status, created_by, approved_by, review_request_id, created_at)
        VALUES (${p.version}, ${JSON.stringify(p.document)}::jsonb, ${fingerprint}, ${p.effectiveDate}::date, 'PENDING',
                ${by.makerId}, ${by.checkerId}, ${by.requestId}, ${nowParam()})`,
  );
  await invalidateSharedCaches(tx, 'policy');
  await refreshPolicyStatuses(tx, businessDate);
  await auditCommand(
    tx,
    cmd,
    'decision.policy.apply',
    { type: 'decision_policy', id: p.version },
    {
      effectiveDate: p.effectiveDate,
      fingerprint,
      reviewRequestId: by.requestId,
      makerId: by.makerId,
      checkerId: by.checkerId,
    },
  );
}

// ---------- dry runs ----------

/**
 * Evaluates a policy for an input without recording anything (the editor's 试算): a stored version, an
 * unsaved draft document (checked like a submission), or — with neither — the version in force today.
 */
export async function dryRunPolicy(
  db: Db,
  source: { version?: string; document?: unknown },
  input: DecisionInput,
): Promise<DecisionResult & { draft: boolean }> {
  if (source.document !== undefined) {
    const raw = source.document as { version?: unknown };
    const version = typeof raw?.version === 'string' && raw.version ? raw.version : 'draft';
    const doc = await checkedPolicyDocument(version, source.document);
    return { ...(await evaluateDraft(doc, input)), draft: true };
  }
  const policy = source.version ? await policyDocument(db, source.version) : await activePolicy(db, await getBusinessDate(db));
  return { ...(await evaluatePolicy(policy, input)), draft: false };
}

// ---------- decision records ----------

function positiveId(v: number, what: string): number {
  if (!Number.isSafeInteger(v) || v <= 0) throw new InvariantError(`${what} must be a positive integer, got ${String(v)}`);
  return v;
}

/** Stores an automated decision with its input, result and trace, in the caller's transaction. */
export async function recordDecision(
  tx: Tx,
  r: { customerId: number; applicationId: number; input: DecisionInput; result: DecisionResult },
): Promise<{ decisionId: number }> {
  const res = r.result;
  const row = await queryOne<{ id: string | number }>(
    tx,
    sql`INSERT INTO decision_records (customer_id, application_id, policy_version, input, outcome, score, grade, limit_fen,
                                      annual_rate_pct, reasons, fired_rules, duration_micros, created_at)
        VALUES (${positiveId(r.customerId, 'customerId')}, ${positiveId(r.applicationId, 'applicationId')}, ${res.policyVersion},
                ${JSON.stringify(encodeDecisionInput(r.input))}::jsonb, ${res.outcome}, ${String(res.score)}::numeric, ${res.grade},
                ${res.limitFen.toString()}::bigint, ${res.annualRatePct}::numeric,
                ${JSON.stringify(res.reasons.map((x) => ({ code: x.code, messageZh: x.messageZh, messageEn: x.messageEn })))}::jsonb,
                ${JSON.stringify(bigintsToStrings(res.firedRules))}::jsonb, ${Math.max(0, Math.round(res.durationMicros))}, ${nowParam()})
        RETURNING id`,
  );
  if (!row) throw new InvariantError('decision record insert returned no row');
  return { decisionId: Number(row.id) };
}

interface RecordRow {
  id: string | number;
  customer_id: string | number;
  application_id: string | number;
  policy_version: string;
  input: unknown;
  outcome: DecisionOutcome;
  score: string;
  grade: Grade;
  limit_fen: string;
  annual_rate_pct: string;
  reasons: unknown;
  fired_rules: unknown;
  duration_micros: number | string;
  created_at: string;
}

const RECORD_SELECT = sql`SELECT id, customer_id, application_id, policy_version, input, outcome, score::text AS score, grade,
                                 limit_fen::text AS limit_fen, annual_rate_pct::text AS annual_rate_pct, reasons, fired_rules,
                                 duration_micros,
                                 to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_at
                          FROM decision_records`;

function toRecordView(r: RecordRow): DecisionRecordView {
  return {
    id: Number(r.id),
    customerId: Number(r.customer_id),
    applicationId: Number(r.application_id),
    policyVersion: r.policy_version,
    input: decisionInputToApi(decodeDecisionInput(jsonValue(r.input))),
    outcome: r.outcome,
    score: Number(r.score),
    grade: r.grade,
    limit: formatYuan(BigInt(r.limit_fen)),
    annualRatePct: formatRatePct(new Dec(r.annual_rate_pct)),
    reasons: jsonValue(r.reasons) as DecisionReason[],
    firedRules: jsonValue(r.fired_rules) as FiredRule[],
    limitCap: limitCapOf(jsonValue(r.fired_rules) as FiredRule[]),
    durationMicros: Number(r.duration_micros),
    createdAt: r.created_at,
  };
}

/** One decision of a customer (DECISION_NOT_FOUND). */
export async function getDecision(db: Db, customerId: number, decisionId: number): Promise<DecisionRecordView> {
  const row = await queryOne<RecordRow>(db, sql`${RECORD_SELECT} WHERE customer_id = ${customerId} AND id = ${decisionId}`);
  if (!row) throw new AppError('DECISION_NOT_FOUND', { customerId, decisionId });
  return toRecordView(row);
}

/** The latest decision of an application, or null when none was recorded. */
export async function decisionRecordByApplication(db: Db, customerId: number, applicationId: number): Promise<DecisionRecordView | null> {
  const row = await queryOne<RecordRow>(
    db,
    sql`${RECORD_SELECT} WHERE customer_id = ${customerId} AND application_id = ${applicationId} ORDER BY id DESC LIMIT 1`,
  );
  return row ? toRecordView(row) : null;
}
