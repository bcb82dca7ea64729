/**
 * The credit-decision core: evaluates a policy (a GoRules JDM graph) for one application. Pure apart
 * from the engine call: no I/O, no wall clock in the decision (durationMicros is monitoring only).
 *
 * Boundary rule: amounts are fen (bigint) outside and plain yuan numbers inside the graph (the engine
 * computes with decimals); the graph rounds limits down to 100 yuan, and they come back to fen exactly.
 * Rates are percent strings outside and percent numbers inside. Hard legal and product caps are
 * re-applied here in bigint, so no edited policy can offer more than the product maximum, the remaining
 * internet-loan cap, the pledge value or the guarantor's capacity.
 */
import { createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { ZenDecision } from '@gorules/zen-engine';
import { AppError, InvariantError } from '../../kernel/errors.js';
import { fenFromDecimal, formatYuan, maxFen, minFen } from '../../kernel/money.js';
import { Dec, formatRatePct, parseRatePct, type Decimal } from '../../kernel/rate.js';
import { canonicalJson, validatePolicyDocument } from './policy.js';
import { describeReason } from './reasons.js';
import {
  OCCUPATIONS,
  PRODUCT_KINDS,
  type DecisionInput,
  type DecisionOutcome,
  type DecisionResult,
  type FiredRule,
  type Grade,
  type DecisionTableContent,
  type ExpressionContent,
  type PolicyDocument,
} from './types.js';
import { zen, zenErrorInfo } from './zen.js';

export { validatePolicyDocument } from './policy.js';

/** Largest amount accepted at the boundary: ¥10 trillion, so fen stay exact as JavaScript numbers. */
export const MAX_DECISION_AMOUNT_FEN = 10n ** 15n;
/** Limits are offered in whole hundreds of yuan. */
const LIMIT_STEP_FEN = 10_000n;

const OUTCOMES: readonly DecisionOutcome[] = ['APPROVE', 'DECLINE', 'REFER'];
const GRADES: readonly Grade[] = ['A', 'B', 'C', 'D', 'E'];

// ---------- compiled-policy cache ----------

interface NodeMeta {
  name: string;
  type: string;
  hitPolicy?: 'first' | 'collect';
  outputPath?: string;
  outputFields: string[];
  expressionKeys: string[];
}

interface CompiledPolicy {
  version: string;
  fingerprint: string;
  decision: ZenDecision;
  nodes: Map<string, NodeMeta>;
  /**
   * The trace-free evaluation of this version (see fastPlan), or null when the graph has a shape it
   * does not cover or it disagreed with the traced evaluation. Undefined until the first evaluation
   * of the version has checked it against the trace.
   */
  fast?: FastPlan | null;
}

const byVersion = new Map<string, CompiledPolicy>();
const byDocument = new WeakMap<object, CompiledPolicy>();

/** Number of compiled policy versions held (monitoring and tests). */
export function policyCacheSize(): number {
  return byVersion.size;
}

/**
 * The compiled decision for a policy, compiled once per version. A version is immutable: the same
 * version with different content is refused, so a cached decision can never silently apply stale rules.
 */
function compiledPolicy(policy: PolicyDocument): CompiledPolicy {
  if (typeof policy !== 'object' || policy === null || typeof policy.version !== 'string') validatePolicyDocument(policy);
  // Fast path: the same document object as before (callers should keep the object they loaded).
  const hit = byDocument.get(policy);
  if (hit) return hit;
  // Another object: equal content under a known version reuses the compiled decision (no re-validation).
  const fingerprint = createHash('sha256').update(canonicalJson(policy)).digest('hex');
  let compiled = byVersion.get(policy.version);
  if (compiled && compiled.fingerprint !== fingerprint) {
    throw new AppError('VALIDATION_FAILED', {
      errors: [
        {
          path: 'version',
          message: `policy version "${policy.version}" is already in use with different rules; give the changed policy a new version`,
        },
      ],
    });
  }
  if (!compiled) {
    const doc = validatePolicyDocument(policy);
    compiled = { version: doc.version, fingerprint, decision: zen.createDecision(doc), nodes: nodeMetas(doc), fast: undefined };
    documents.set(compiled, doc);
    byVersion.set(doc.version, compiled);
  }
  byDocument.set(policy, compiled);
  return compiled;
}

function nodeMetas(doc: PolicyDocument): Map<string, NodeMeta> {
  const metas = new Map<string, NodeMeta>();
  for (const node of doc.nodes) {
    const c = (node.content ?? {}) as {
      hitPolicy?: 'first' | 'collect';
      outputPath?: string | null;
      outputs?: Array<{ field?: string }>;
      expressions?: Array<{ key: string }>;
    };
    metas.set(node.id, {
      name: node.name,
      type: node.type,
      hitPolicy: c.hitPolicy,
      outputPath: c.outputPath || undefined,
      outputFields: (c.outputs ?? []).map((o) => o.field ?? '').filter(Boolean),
      expressionKeys: (c.expressions ?? []).map((e) => e.key),
    });
  }
  return metas;
}

// ---------- evaluation ----------

/** Evaluates the policy for one application. Same policy and input → same result (but durationMicros). */
export async function evaluatePolicy(
  policy: PolicyDocument,
  input: DecisionInput,
  opts: { traced?: boolean } = {},
): Promise<DecisionResult> {
  const started = performance.now();
  const compiled = compiledPolicy(policy);
  const context = toPolicyContext(input);

  let result: unknown;
  let firedRules: FiredRule[];
  if (compiled.fast && !opts.traced) {
    // The usual path: no trace at all; the fired rows and expression results come from the
    // bookkeeping nodes of the augmented graph.
    result = await evaluateOrFail(compiled, compiled.fast.decision, context, false);
    firedRules = firedRulesFromFast(compiled, compiled.fast, result);
  } else {
    const response = await evaluateOrFail(compiled, compiled.decision, context, true);
    result = response.result;
    firedRules = firedRulesFromTrace(compiled, response.trace);
    if (compiled.fast === undefined && !opts.traced)
      compiled.fast = await checkedFastPlan(compiled, context, response.trace, result, firedRules);
  }
  const raw = readDecision(result, compiled.version);

  let outcome = raw.outcome;
  let reasonCodes = unique(raw.reasonCodes);
  let limitFen = 0n;
  let rate: Decimal = new Dec(0);
  if (outcome !== 'DECLINE') {
    limitFen = guardLimit(input, yuanToFen(raw.limitYuan, compiled.version), firedRules);
    rate = guardRate(input, raw.annualRatePct, compiled.version, firedRules);
    if (limitFen < input.product.minAmountFen) {
      // No offer below the product minimum, whether the policy or the hard caps brought the limit there.
      outcome = 'DECLINE';
      reasonCodes = ['INSUFFICIENT_LIMIT'];
      limitFen = 0n;
      rate = new Dec(0);
    }
  }
  if (outcome !== 'APPROVE' && reasonCodes.length === 0) {
    throw new InvariantError(`credit policy ${compiled.version} gave ${outcome} without a reason code`);
  }

  return {
    outcome,
    score: raw.score,
    grade: raw.grade,
    limitFen,
    annualRatePct: formatRatePct(rate.toDecimalPlaces(6, Dec.ROUND_HALF_UP)),
    reasons: reasonCodes.map(describeReason),
    firedRules,
    policyVersion: compiled.version,
    durationMicros: Math.round((performance.now() - started) * 1000),
  };
}

async function evaluateOrFail(
  compiled: CompiledPolicy,
  decision: ZenDecision,
  context: Record<string, unknown>,
  trace: false,
): Promise<unknown>;
async function evaluateOrFail(
  compiled: CompiledPolicy,
  decision: ZenDecision,
  context: Record<string, unknown>,
  trace: true,
): Promise<{ result: unknown; trace?: unknown }>;
async function evaluateOrFail(
  compiled: CompiledPolicy,
  decision: ZenDecision,
  context: Record<string, unknown>,
  trace: boolean,
): Promise<unknown> {
  try {
    if (!trace) return (await decision.evaluate(context, { trace: false })).result;
    // 'string' trace: the engine serialises its trace once in Rust, which is several times cheaper than
    // building it as JavaScript objects node by node.
    return await decision.evaluate(context, { trace: 'string' });
  } catch (e) {
    const info = zenErrorInfo(e);
    throw new InvariantError(`credit policy ${compiled.version} failed to evaluate: ${info.type} ${info.source}`);
  }
}

// ---------- trace-free evaluation ----------

/**
 * Building, serialising and parsing the engine's trace costs several times the evaluation itself (every
 * pass-through node carries the whole context in and out). The explanation needs far less: which rows
 * of each decision table matched, with their outputs, and the result of each expression. The fast plan
 * gets exactly that from an augmented copy of the graph (the stored policy is untouched):
 *   - beside every decision table T, a twin T′ on the same incoming edges with the same rules and one
 *     extra output column, the row's index; T′ writes only under `__hnFired.t<i>` and feeds only the
 *     output node, so nothing downstream sees it;
 *   - after every expression node E, a node E′ that copies each of E's keys to `__hnFired.e<i>.k<j>`,
 *     also feeding only the output node.
 * The graph's own nodes evaluate exactly as before, and `decision` in the result is unchanged. The order
 * of the explanation is the engine's evaluation order, learnt from the first (traced) evaluation of the
 * version, which also checks that both ways give the same fired rules; any difference, and any graph
 * shape the plan does not cover (switch nodes, loops, input fields, tables without an output path,
 * expression nodes with one), keeps the version on the traced path.
 */
const FAST_ROOT = '__hnFired';
const FAST_RULE_FIELD = '__hnRule';
const FAST_RULE_COLUMN = '__hn.rule';
const SIMPLE_PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

interface FastTable {
  kind: 'table';
  nodeId: string;
  slot: string;
  hitPolicy: 'first' | 'collect';
  ruleIds: string[];
}

interface FastExpression {
  kind: 'expression';
  nodeId: string;
  slot: string;
  keys: string[];
}

interface FastPlan {
  decision: ZenDecision;
  /** Bookkeeping of the graph's table and expression nodes, in the engine's evaluation order. */
  steps: Array<FastTable | FastExpression>;
}

function augmentedGraph(doc: PolicyDocument): { doc: PolicyDocument; steps: Map<string, FastTable | FastExpression> } | null {
  const outputs = doc.nodes.filter((n) => n.type === 'outputNode').map((n) => n.id);
  if (outputs.length === 0) return null;
  const nodes: PolicyDocument['nodes'] = [...doc.nodes];
  const edges: PolicyDocument['edges'] = [...doc.edges];
  const steps = new Map<string, FastTable | FastExpression>();
  const toOutputs = (id: string) => {
    for (const out of outputs)
      edges.push({ id: `__hn.edge.${id}.${out}`, sourceId: id, targetId: out, type: 'edge' } as PolicyDocument['edges'][number]);
  };
  let i = 0;
  for (const node of doc.nodes) {
    i += 1;
    if (node.id.startsWith('__hn')) return null;
    if (node.type === 'inputNode' || node.type === 'outputNode') continue;
    const content = (node.content ?? {}) as Record<string, unknown>;
    if ((content.executionMode ?? 'single') !== 'single' || content.inputField) return null;
    if (node.type === 'decisionTableNode') {
      const c = content as unknown as DecisionTableContent;
      if (!c.outputPath || c.outputPath.startsWith('__hn') || (c.hitPolicy !== 'first' && c.hitPolicy !== 'collect')) return null;
      if (
        !Array.isArray(c.rules) ||
        !Array.isArray(c.outputs) ||
        c.outputs.some((o) => o.id === FAST_RULE_COLUMN || o.field === FAST_RULE_FIELD)
      )
        return null;
      const id = `__hn.t${i}`;
      const slot = `t${i}`;
      nodes.push({
        ...node,
        id,
        name: `${node.name} (fired rows)`,
        content: {
          ...c,
          passThrough: false,
          outputPath: `${FAST_ROOT}.${slot}`,
          outputs: [...c.outputs, { id: FAST_RULE_COLUMN, name: 'row', field: FAST_RULE_FIELD }],
          rules: c.rules.map((r, k) => ({ ...r, [FAST_RULE_COLUMN]: String(k) })),
        },
      } as PolicyDocument['nodes'][number]);
      for (const e of doc.edges) if (e.targetId === node.id) edges.push({ ...e, id: `__hn.edge.${e.id}`, targetId: id });
      toOutputs(id);
      steps.set(node.id, { kind: 'table', nodeId: node.id, slot, hitPolicy: c.hitPolicy, ruleIds: c.rules.map((r) => r._id) });
    } else if (node.type === 'expressionNode') {
      const c = content as unknown as ExpressionContent;
      if (c.outputPath || !Array.isArray(c.expressions)) return null;
      const keys = c.expressions.map((e) => e.key);
      // Each key read back as a path: plain, distinct, and none inside another.
      if (keys.some((k) => typeof k !== 'string' || !SIMPLE_PATH.test(k) || k.startsWith('__hn'))) return null;
      if (keys.some((k, a) => keys.some((other, b) => a !== b && (other === k || other.startsWith(`${k}.`))))) return null;
      const id = `__hn.e${i}`;
      const slot = `e${i}`;
      nodes.push({
        ...node,
        id,
        name: `${node.name} (results)`,
        content: {
          passThrough: false,
          inputField: null,
          outputPath: null,
          executionMode: 'single',
          expressions: keys.map((k, j) => ({ id: `${id}.k${j}`, key: `${FAST_ROOT}.${slot}.k${j}`, value: k })),
        },
      } as PolicyDocument['nodes'][number]);
      edges.push({ id: `__hn.edge.${node.id}.${id}`, sourceId: node.id, targetId: id, type: 'edge' } as PolicyDocument['edges'][number]);
      toOutputs(id);
      steps.set(node.id, { kind: 'expression', nodeId: node.id, slot, keys });
    } else {
      return null;
    }
  }
  return { doc: { ...doc, nodes, edges }, steps };
}

/**
 * Builds the fast plan of a version on its first evaluation and keeps it only if it reproduces that
 * evaluation exactly (result and fired rules); otherwise the version stays on the traced path.
 */
async function checkedFastPlan(
  compiled: CompiledPolicy,
  context: Record<string, unknown>,
  traceText: unknown,
  tracedResult: unknown,
  tracedFired: FiredRule[],
): Promise<FastPlan | null> {
  try {
    const trace = (typeof traceText === 'string' ? JSON.parse(traceText) : traceText) as Record<string, TraceEntry>;
    const graph = augmentedGraph(validatePolicyDocument(JSON.parse(JSON.stringify(policyOf(compiled)))));
    if (!graph) return null;
    const order = Object.values(trace)
      .sort((x, y) => x.order - y.order)
      .map((e) => e.id)
      .filter((id) => graph.steps.has(id));
    if (order.length !== graph.steps.size) return null;
    const plan: FastPlan = { decision: zen.createDecision(graph.doc), steps: order.map((id) => graph.steps.get(id)!) };
    const result = (await plan.decision.evaluate(context, { trace: false })).result as Record<string, unknown> | null;
    const fired = firedRulesFromFast(compiled, plan, result);
    const sameDecision = isDeepStrictEqual(
      (result as { decision?: unknown } | null)?.decision,
      (tracedResult as { decision?: unknown } | null)?.decision,
    );
    return sameDecision && isDeepStrictEqual(fired, tracedFired) ? plan : null;
  } catch {
    return null;
  }
}

const documents = new WeakMap<CompiledPolicy, PolicyDocument>();
function policyOf(compiled: CompiledPolicy): PolicyDocument {
  const doc = documents.get(compiled);
  if (!doc) throw new InvariantError(`credit policy ${compiled.version}: document not kept`);
  return doc;
}

function firedRulesFromFast(compiled: CompiledPolicy, plan: FastPlan, result: unknown): FiredRule[] {
  const fired: FiredRule[] = [];
  const root = ((result as Record<string, unknown> | null)?.[FAST_ROOT] ?? {}) as Record<string, unknown>;
  for (const step of plan.steps) {
    const base = { nodeId: step.nodeId, nodeName: compiled.nodes.get(step.nodeId)!.name };
    const value = root[step.slot];
    if (step.kind === 'table') {
      const rows = step.hitPolicy === 'collect' ? (Array.isArray(value) ? value : []) : value == null ? [] : [value];
      for (const row of rows as Array<Record<string, unknown>>) {
        const { [FAST_RULE_FIELD]: index, ...output } = row;
        const ruleId = step.ruleIds[Number(index)];
        if (ruleId === undefined) throw new InvariantError(`credit policy ${compiled.version}: unknown fired row ${String(index)}`);
        fired.push({ ...base, ruleId, output });
      }
    } else {
      const data = (value ?? {}) as Record<string, unknown>;
      const output: Record<string, unknown> = {};
      step.keys.forEach((key, j) => (output[key] = data[`k${j}`] ?? null));
      fired.push({ ...base, output });
    }
  }
  return fired;
}

// ---------- input: fen/bigint → yuan numbers ----------

/**
 * The engine context for an application: amounts in yuan as numbers (`…Yuan`), rates in percent as
 * numbers (`…Pct`). Validates the input first (AppError VALIDATION_FAILED with every problem).
 */
export function toPolicyContext(input: DecisionInput): Record<string, unknown> {
  const errors = inputIssues(input);
  if (errors.length > 0) throw new AppError('VALIDATION_FAILED', { errors });
  const { applicant: a, product: p, request: r, bureau: b } = input;
  return {
    applicant: {
      regionCode: a.regionCode,
      age: a.age,
      monthlyIncomeYuan: fenToYuan(a.monthlyIncomeFen),
      occupation: a.occupation,
      yearsAsCustomer: a.yearsAsCustomer,
    },
    product: {
      code: p.code,
      kind: p.kind,
      minAmountYuan: fenToYuan(p.minAmountFen),
      maxAmountYuan: fenToYuan(p.maxAmountFen),
      minAge: p.minAge,
      maxAge: p.maxAge,
      autoApproveMaxYuan: fenToYuan(p.autoApproveMaxFen),
      internetLoanCapYuan: fenToYuan(p.internetLoanCapFen),
      floorPct: Number(p.floorPct),
      ceilingPct: Number(p.ceilingPct),
    },
    request: { amountYuan: fenToYuan(r.amountFen), termMonths: r.termMonths },
    bureau: {
      existingDebtYuan: fenToYuan(b.existingDebtFen),
      currentOverdueYuan: fenToYuan(b.currentOverdueFen),
      worstStatus24m: b.worstStatus24m,
      inquiries6m: b.inquiries6m,
      reportedMonthlyIncomeYuan: b.reportedMonthlyIncomeFen == null ? null : fenToYuan(b.reportedMonthlyIncomeFen),
    },
    lists: {
      courtEnforcement: input.lists.courtEnforcement,
      dishonest: input.lists.dishonest,
      bankBlacklist: input.lists.bankBlacklist,
    },
    deposits: { averageBalanceYuan: fenToYuan(input.deposits.averageBalanceFen) },
    existingUnsecuredOnlineCreditYuan: fenToYuan(input.existingUnsecuredOnlineCreditFen),
    pledge: input.pledge
      ? { totalPrincipalYuan: fenToYuan(input.pledge.totalPrincipalFen), pledgeRatePct: Number(input.pledge.pledgeRatePct) }
      : null,
    guarantor: input.guarantor ? { capacityYuan: fenToYuan(input.guarantor.capacityFen) } : null,
    pricing: { lprPct: Number(input.pricing.lprPct) },
    checks: { nameMatchesBureau: input.checks.nameMatchesBureau },
  };
}

/** Exact: fen ≤ 10^15 is a safe integer, and the quotient's shortest decimal form is the yuan amount. */
function fenToYuan(fen: bigint): number {
  return Number(fen) / 100;
}

interface Issue {
  path: string;
  message: string;
}

function inputIssues(input: DecisionInput): Issue[] {
  const errors: Issue[] = [];
  const add = (path: string, message: string) => errors.push({ path, message });
  if (typeof input !== 'object' || input === null) return [{ path: '', message: 'the decision input must be an object' }];
  const fen = (v: unknown, path: string) => {
    if (typeof v !== 'bigint') add(path, 'must be an amount in fen (bigint)');
    else if (v < 0n || v > MAX_DECISION_AMOUNT_FEN) add(path, 'must be between 0 and 10^15 fen');
  };
  const int = (v: unknown, path: string, min: number, max: number) => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) add(path, `must be a whole number from ${min} to ${max}`);
  };
  const bool = (v: unknown, path: string) => {
    if (typeof v !== 'boolean') add(path, 'must be true or false');
  };
  const pct = (v: unknown, path: string): Decimal | undefined => {
    try {
      return parseRatePct(v as string);
    } catch {
      add(path, 'must be a percentage string such as "3.45"');
      return undefined;
    }
  };
  const section = (v: unknown, path: string): Record<string, unknown> => {
    if (typeof v === 'object' && v !== null) return v as Record<string, unknown>;
    add(path, 'is required');
    return {};
  };

  const a = section(input.applicant, 'applicant');
  if (typeof a.regionCode !== 'string' || !/^\d{6}$/.test(a.regionCode))
    add('applicant.regionCode', 'must be the 6-digit address code of the ID');
  int(a.age, 'applicant.age', 0, 150);
  fen(a.monthlyIncomeFen, 'applicant.monthlyIncomeFen');
  if (!OCCUPATIONS.includes(a.occupation as never)) add('applicant.occupation', `must be one of ${OCCUPATIONS.join(', ')}`);
  if (typeof a.yearsAsCustomer !== 'number' || !Number.isFinite(a.yearsAsCustomer) || a.yearsAsCustomer < 0 || a.yearsAsCustomer > 150) {
    add('applicant.yearsAsCustomer', 'must be a number of years from 0 to 150');
  }

  const p = section(input.product, 'product');
  if (typeof p.code !== 'string' || p.code === '') add('product.code', 'is required');
  if (!PRODUCT_KINDS.includes(p.kind as never)) add('product.kind', `must be one of ${PRODUCT_KINDS.join(', ')}`);
  for (const k of ['minAmountFen', 'maxAmountFen', 'autoApproveMaxFen', 'internetLoanCapFen']) fen(p[k], `product.${k}`);
  int(p.minAge, 'product.minAge', 0, 150);
  int(p.maxAge, 'product.maxAge', 0, 150);
  const floor = pct(p.floorPct, 'product.floorPct');
  const ceiling = pct(p.ceilingPct, 'product.ceilingPct');
  if (typeof p.minAmountFen === 'bigint' && typeof p.maxAmountFen === 'bigint' && p.minAmountFen > p.maxAmountFen)
    add('product', 'minAmountFen is above maxAmountFen');
  if (typeof p.minAge === 'number' && typeof p.maxAge === 'number' && p.minAge > p.maxAge) add('product', 'minAge is above maxAge');
  if (floor && ceiling && floor.gt(ceiling)) add('product', 'floorPct is above ceilingPct');

  const r = section(input.request, 'request');
  fen(r.amountFen, 'request.amountFen');
  int(r.termMonths, 'request.termMonths', 1, 360);

  const b = section(input.bureau, 'bureau');
  fen(b.existingDebtFen, 'bureau.existingDebtFen');
  fen(b.currentOverdueFen, 'bureau.currentOverdueFen');
  int(b.worstStatus24m, 'bureau.worstStatus24m', 0, 7);
  int(b.inquiries6m, 'bureau.inquiries6m', 0, 10_000);
  if (b.reportedMonthlyIncomeFen != null) fen(b.reportedMonthlyIncomeFen, 'bureau.reportedMonthlyIncomeFen');

  const l = section(input.lists, 'lists');
  bool(l.courtEnforcement, 'lists.courtEnforcement');
  bool(l.dishonest, 'lists.dishonest');
  bool(l.bankBlacklist, 'lists.bankBlacklist');
  fen(section(input.deposits, 'deposits').averageBalanceFen, 'deposits.averageBalanceFen');
  fen(input.existingUnsecuredOnlineCreditFen, 'existingUnsecuredOnlineCreditFen');
  if (input.pledge != null) {
    const pl = section(input.pledge, 'pledge');
    fen(pl.totalPrincipalFen, 'pledge.totalPrincipalFen');
    pct(pl.pledgeRatePct, 'pledge.pledgeRatePct');
  }
  if (input.guarantor != null) fen(section(input.guarantor, 'guarantor').capacityFen, 'guarantor.capacityFen');
  pct(section(input.pricing, 'pricing').lprPct, 'pricing.lprPct');
  bool(section(input.checks, 'checks').nameMatchesBureau, 'checks.nameMatchesBureau');
  return errors;
}

// ---------- output: yuan numbers → fen, guarded ----------

interface RawDecision {
  outcome: DecisionOutcome;
  score: number;
  grade: Grade;
  limitYuan: number;
  annualRatePct: number;
  reasonCodes: string[];
}

/** The graph's `decision` object, checked field by field: a malformed policy fails loudly. */
function readDecision(result: unknown, version: string): RawDecision {
  const d = (result as { decision?: Record<string, unknown> } | null)?.decision;
  const fail = (what: string): never => {
    throw new InvariantError(`credit policy ${version} produced an invalid decision.${what}`);
  };
  if (typeof d !== 'object' || d === null) return fail('');
  if (!OUTCOMES.includes(d.outcome as DecisionOutcome)) fail('outcome');
  if (typeof d.score !== 'number' || !Number.isFinite(d.score)) fail('score');
  if (!GRADES.includes(d.grade as Grade)) fail('grade');
  if (typeof d.limitYuan !== 'number' || !Number.isFinite(d.limitYuan) || d.limitYuan < 0) fail('limitYuan');
  if (typeof d.annualRatePct !== 'number' || !Number.isFinite(d.annualRatePct) || d.annualRatePct < 0) fail('annualRatePct');
  if (!Array.isArray(d.reasonCodes) || !d.reasonCodes.every((c) => typeof c === 'string')) fail('reasonCodes');
  return d as unknown as RawDecision;
}

/** Whole yuan convert exactly; anything finer is cut down to the fen (a limit never rounds up). */
function yuanToFen(yuan: number, version: string): bigint {
  if (Number.isSafeInteger(yuan)) return BigInt(yuan) * 100n;
  const fen = fenFromDecimal(new Dec(String(yuan)), 'DOWN');
  if (fen > MAX_DECISION_AMOUNT_FEN) throw new InvariantError(`credit policy ${version} produced an implausible limit`);
  return fen;
}

/** The most any policy may offer for this application, in fen. */
function hardCapFen(input: DecisionInput): bigint {
  let cap = input.product.maxAmountFen;
  const { kind } = input.product;
  if (kind === 'CREDIT') cap = minFen(cap, maxFen(0n, input.product.internetLoanCapFen - input.existingUnsecuredOnlineCreditFen));
  if (kind === 'PLEDGE') {
    const pledgeFen = input.pledge
      ? BigInt(new Dec(input.pledge.totalPrincipalFen.toString()).times(input.pledge.pledgeRatePct).div(100).floor().toFixed(0))
      : 0n;
    cap = minFen(cap, pledgeFen);
  }
  if (kind === 'GUARANTEE') cap = minFen(cap, input.guarantor ? input.guarantor.capacityFen : 0n);
  return cap;
}

function guardLimit(input: DecisionInput, limitFen: bigint, firedRules: FiredRule[]): bigint {
  const capFen = hardCapFen(input);
  if (limitFen <= capFen) return limitFen;
  const capped = (capFen / LIMIT_STEP_FEN) * LIMIT_STEP_FEN;
  firedRules.push({
    nodeId: 'guard.limit',
    nodeName: '硬性额度上限 Hard limit caps',
    output: { policyLimitYuan: formatYuan(limitFen), capYuan: formatYuan(capFen), limitYuan: formatYuan(capped) },
  });
  return capped;
}

function guardRate(input: DecisionInput, ratePct: number, version: string, firedRules: FiredRule[]): Decimal {
  const rate = new Dec(String(ratePct));
  if (!rate.isFinite()) throw new InvariantError(`credit policy ${version} produced an invalid rate`);
  const floor = parseRatePct(input.product.floorPct);
  const ceiling = parseRatePct(input.product.ceilingPct);
  const clamped = Dec.min(Dec.max(rate, floor), ceiling);
  if (!clamped.eq(rate)) {
    firedRules.push({
      nodeId: 'guard.rate',
      nodeName: '利率上下限 Rate floor and ceiling',
      output: { policyRatePct: rate.toString(), annualRatePct: formatRatePct(clamped) },
    });
  }
  return clamped;
}

// ---------- trace → firedRules ----------

interface TraceEntry {
  id: string;
  name?: string;
  order: number;
  output?: unknown;
  traceData?: unknown;
}

/** Decision-table rows that matched and expression-node results, in evaluation order. */
function firedRulesFromTrace(compiled: CompiledPolicy, traceText: unknown): FiredRule[] {
  const trace = (typeof traceText === 'string' ? JSON.parse(traceText) : traceText) as Record<string, TraceEntry> | undefined;
  if (!trace) throw new InvariantError('the rules engine returned no trace');
  const fired: FiredRule[] = [];
  const entries = Object.values(trace).sort((x, y) => x.order - y.order);
  for (const entry of entries) {
    const meta = compiled.nodes.get(entry.id);
    if (!meta) continue;
    const base = { nodeId: entry.id, nodeName: meta.name };
    if (meta.type === 'decisionTableNode') {
      const rows = Array.isArray(entry.traceData) ? entry.traceData : entry.traceData ? [entry.traceData] : [];
      rows.forEach((row: { rule?: { _id?: unknown } } | null, k) => {
        const ruleId = typeof row?.rule?._id === 'string' ? row.rule._id : undefined;
        fired.push({ ...base, ruleId, output: tableRowOutput(meta, entry.output, k) });
      });
    } else if (meta.type === 'expressionNode') {
      const data = (entry.traceData ?? {}) as Record<string, { result?: unknown }>;
      const output: Record<string, unknown> = {};
      for (const key of meta.expressionKeys) output[key] = data[key]?.result ?? null;
      fired.push({ ...base, output });
    } else if (meta.type === 'switchNode') {
      fired.push({ ...base, output: entry.traceData ?? null });
    }
  }
  return fired;
}

function tableRowOutput(meta: NodeMeta, nodeOutput: unknown, k: number): unknown {
  const collected = meta.outputPath ? getPath(nodeOutput, meta.outputPath) : nodeOutput;
  if (meta.hitPolicy === 'collect') return Array.isArray(collected) ? (collected[k] ?? null) : null;
  if (meta.outputPath) return collected ?? null;
  const picked: Record<string, unknown> = {};
  for (const field of meta.outputFields) picked[field] = getPath(nodeOutput, field) ?? null;
  return picked;
}

function getPath(value: unknown, path: string): unknown {
  let v = value;
  for (const part of path.split('.')) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

// ---------- small helpers ----------

function unique(codes: string[]): string[] {
  return [...new Set(codes)];
}
