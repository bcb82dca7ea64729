/** HTTP routes of the customers module: thin — schema, permission, one call. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { commandContext, requireActor } from '../../http/server.js';
import { getCustomerDetail, listCustomers, unmaskCustomer } from './customers.service.js';

const idParams = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

const listItem = z.object({
  id: z.number(),
  kind: z.enum(['INDIVIDUAL', 'INDIVIDUAL_BUSINESS']),
  nameMasked: z.string(),
  idNumberMasked: z.string(),
  mobileMasked: z.string(),
  age: z.number(),
  sex: z.enum(['M', 'F']),
  regionCode: z.string(),
  branchId: z.number(),
  branchName: z.string().nullable(),
  officerId: z.number().nullable(),
  officerName: z.string().nullable(),
  firstSeenDate: z.string(),
  createdAt: z.string(),
});

const detail = listItem.extend({
  residence: z.string().nullable(),
  occupation: z.string().nullable(),
  monthlyIncome: z.string().nullable(),
  creditCode: z.string().nullable(),
  businessName: z.string().nullable(),
  yearsAsCustomer: z.number(),
  updatedAt: z.string(),
});

export async function customerRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ctx = app.hn;

  r.get(
    '/api/v1/customers',
    {
      config: { permission: 'customer:read' },
      schema: {
        tags: ['customers'],
        summary: '客户列表（脱敏，按数据权限） (customers, masked, within your data scope)',
        description: 'q: an exact resident ID number, mobile number or full name (searched by lookup hash).',
        querystring: z.object({
          q: z.string().max(60).optional(),
          page: z.coerce.number().int().min(1).max(100_000).default(1),
          pageSize: z.coerce.number().int().min(1).max(200).default(20),
        }),
        response: { 200: z.object({ items: z.array(listItem), total: z.number(), page: z.number(), pageSize: z.number() }) },
      },
    },
    async (req) => listCustomers(ctx, requireActor(req), req.query),
  );

  r.get(
    '/api/v1/customers/:id',
    {
      config: { permission: 'customer:read' },
      schema: { tags: ['customers'], summary: '客户详情（脱敏） (customer, masked)', params: idParams, response: { 200: detail } },
    },
    async (req) => getCustomerDetail(ctx, requireActor(req), req.params.id),
  );

  r.get(
    '/api/v1/customers/:id/pii',
    {
      config: { permission: 'pii:unmask' },
      schema: {
        tags: ['customers'],
        summary: '查看完整姓名、身份证号、手机号（留痕） (unmask, audited)',
        params: idParams,
        response: { 200: z.object({ name: z.string(), idNumber: z.string(), mobile: z.string() }) },
      },
    },
    async (req) => unmaskCustomer(ctx, commandContext(req), req.params.id),
  );
}
