/** HTTP routes of the decision module: credit-policy versions, their submission, and dry runs. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { commandContext } from '../../http/server.js';
import { getBusinessDate } from '../calendar/index.js';
import { decisionInputFromApi, decisionResultToApi, type DecisionInputApi } from './codec.js';
import { dryRunPolicy, getPolicyVersion, listPolicyVersions, submitPolicyVersion } from './decision.service.js';
import { flattenPolicy } from './policy-view.js';
import { OCCUPATIONS, PRODUCT_KINDS } from './types.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
const yuan = z.string().max(24).describe('yuan, e.g. "6000.00"');
const pct = z.string().max(16).describe('percent, e.g. "3.45"');
const versionParam = z.string().min(1).max(64);
const documentSchema = z.record(z.string(), z.unknown()).describe('GoRules JDM decision graph');
const statusSchema = z.enum(['ACTIVE', 'PENDING', 'RETIRED']);

const summarySchema = z.object({
  version: z.string(),
  name: z.string().nullable(),
  effectiveDate: z.string(),
  status: statusSchema,
  createdBy: z.number().int().nullable(),
  approvedBy: z.number().int().nullable(),
  reviewRequestId: z.number().int().nullable(),
  createdAt: z.string(),
});

const columnSchema = z.object({ id: z.string(), name: z.string(), field: z.string().nullable() });
const tableSchema = z.object({
  nodeId: z.string(),
  nodeName: z.string(),
  hitPolicy: z.enum(['first', 'collect']),
  inputs: z.array(columnSchema),
  outputs: z.array(columnSchema),
  rules: z.array(z.object({ id: z.string(), description: z.string().nullable(), cells: z.record(z.string(), z.string()) })),
});
const expressionNodeSchema = z.object({
  nodeId: z.string(),
  nodeName: z.string(),
  expressions: z.array(z.object({ id: z.string(), key: z.string(), value: z.string() })),
});

const inputSchema = z.object({
  applicant: z.object({
    regionCode: z.string().max(6),
    age: z.number().int(),
    monthlyIncome: yuan,
    occupation: z.enum(OCCUPATIONS),
    yearsAsCustomer: z.number(),
  }),
  product: z.object({
    code: z.string().min(1).max(32),
    kind: z.enum(PRODUCT_KINDS),
    minAmount: yuan,
    maxAmount: yuan,
    minAge: z.number().int(),
    maxAge: z.number().int(),
    autoApproveMax: yuan,
    internetLoanCap: yuan,
    floorPct: pct,
    ceilingPct: pct,
  }),
  request: z.object({ amount: yuan, termMonths: z.number().int() }),
  bureau: z.object({
    existingDebt: yuan,
    currentOverdue: yuan,
    worstStatus24m: z.number().int(),
    inquiries6m: z.number().int(),
    reportedMonthlyIncome: yuan.nullable().optional(),
  }),
  lists: z.object({ courtEnforcement: z.boolean(), dishonest: z.boolean(), bankBlacklist: z.boolean() }),
  deposits: z.object({ averageBalance: yuan }),
  existingUnsecuredOnlineCredit: yuan,
  pledge: z.object({ totalPrincipal: yuan, pledgeRatePct: pct }).nullable().optional(),
  guarantor: z.object({ capacity: yuan }).nullable().optional(),
  pricing: z.object({ lprPct: pct }),
  checks: z.object({ nameMatchesBureau: z.boolean() }),
});

const reasonSchema = z.object({ code: z.string(), messageZh: z.string(), messageEn: z.string() });
const firedRuleSchema = z.object({ nodeId: z.string(), nodeName: z.string(), ruleId: z.string().optional(), output: z.unknown() });
const resultSchema = z.object({
  policyVersion: z.string(),
  draft: z.boolean(),
  outcome: z.enum(['APPROVE', 'DECLINE', 'REFER']),
  score: z.number(),
  grade: z.enum(['A', 'B', 'C', 'D', 'E']),
  limit: z.string(),
  annualRatePct: z.string(),
  reasons: z.array(reasonSchema),
  firedRules: z.array(firedRuleSchema),
  durationMicros: z.number(),
});

export async function decisionRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ctx = app.hn;

  r.get(
    '/api/v1/decision/policies',
    {
      config: { permission: 'decision-policy:read' },
      schema: {
        tags: ['decision'],
        summary: '授信策略版本 (credit policy versions, status on the business date)',
        response: { 200: z.object({ businessDate: z.string(), items: z.array(summarySchema) }) },
      },
    },
    async () => {
      const businessDate = await getBusinessDate(ctx.db);
      return { businessDate, items: await listPolicyVersions(ctx.db, businessDate) };
    },
  );

  r.get(
    '/api/v1/decision/policies/:version',
    {
      config: { permission: 'decision-policy:read' },
      schema: {
        tags: ['decision'],
        summary: '授信策略版本详情 (document and its decision tables, flattened for the editor)',
        params: z.object({ version: versionParam }),
        response: {
          200: summarySchema.extend({
            description: z.string().nullable(),
            document: documentSchema,
            tables: z.array(tableSchema),
            expressions: z.array(expressionNodeSchema),
          }),
        },
      },
    },
    async (req) => {
      const view = await getPolicyVersion(ctx.db, req.params.version, await getBusinessDate(ctx.db));
      const flat = flattenPolicy(view.document);
      return { ...view, document: view.document as unknown as Record<string, unknown>, tables: flat.tables, expressions: flat.expressions };
    },
  );

  r.post(
    '/api/v1/decision/policies',
    {
      config: { permission: 'decision-policy:write' },
      schema: {
        tags: ['decision'],
        summary: '提交授信策略新版本 (new version → review by a second person)',
        body: z.object({ version: z.string().min(1).max(200), effectiveDate: isoDate, document: documentSchema }),
        response: { 202: z.object({ reviewRequestId: z.number().int(), status: z.enum(['PENDING', 'APPLIED_DIRECTLY']) }) },
      },
    },
    async (req, reply) => {
      const res = await submitPolicyVersion(ctx.db, commandContext(req), req.body);
      return reply.status(202).send(res);
    },
  );

  r.post(
    '/api/v1/decision/evaluate',
    {
      config: { permission: 'decision-policy:read' },
      schema: {
        tags: ['decision'],
        summary: '授信策略试算 (dry run: a stored version, a draft document, or the policy in force; nothing is recorded)',
        body: z
          .object({ version: versionParam.optional(), document: documentSchema.optional(), input: inputSchema })
          .refine((b) => !(b.version && b.document), { message: 'give a version or a draft document, not both', path: ['document'] }),
        response: { 200: resultSchema },
      },
    },
    async (req) => {
      const input = decisionInputFromApi(req.body.input as DecisionInputApi);
      const result = await dryRunPolicy(ctx.db, { version: req.body.version, document: req.body.document }, input);
      return { ...decisionResultToApi(result), draft: result.draft };
    },
  );
}
