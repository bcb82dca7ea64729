/** HTTP routes of the decision module: credit-policy versions, their submission, and dry runs. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { commandContext } from '../../http/server.js';
import { getBusinessDate } from '../calendar/index.js';
import { decisionInputFromApi, decisionResultToApi } from './codec.js';
import {
  evaluateRequest,
  evaluateResult,
  policyDetail,
  policyList,
  policySubmitRequest,
  submitted,
  versionParams,
} from './decision.contract.js';
import { dryRunPolicy, getPolicyVersion, listPolicyVersions, submitPolicyVersion } from './decision.service.js';
import { flattenPolicy } from './policy-view.js';

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
        response: { 200: policyList },
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
        params: versionParams,
        response: { 200: policyDetail },
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
        body: policySubmitRequest,
        response: { 202: submitted },
      },
    },
    async (req, reply) => {
      const res = await submitPolicyVersion(ctx, commandContext(req), req.body);
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
        body: evaluateRequest,
        response: { 200: evaluateResult },
      },
    },
    async (req) => {
      const input = decisionInputFromApi(req.body.input);
      const result = await dryRunPolicy(ctx.db, { version: req.body.version, document: req.body.document }, input);
      return { ...decisionResultToApi(result), draft: result.draft };
    },
  );
}
