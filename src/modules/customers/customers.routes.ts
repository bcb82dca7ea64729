/** HTTP routes of the customers module: thin — schema, permission, one call. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { commandContext, requireActor } from '../../http/server.js';
import { idParams } from '../../kernel/contract.js';
import { customerDetail, customerPage, customerPii, customerQuery } from './customers.contract.js';
import { getCustomerDetail, listCustomers, unmaskCustomer } from './customers.service.js';

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
        querystring: customerQuery,
        response: { 200: customerPage },
      },
    },
    async (req) => listCustomers(ctx, requireActor(req), req.query),
  );

  r.get(
    '/api/v1/customers/:id',
    {
      config: { permission: 'customer:read' },
      schema: { tags: ['customers'], summary: '客户详情（脱敏） (customer, masked)', params: idParams, response: { 200: customerDetail } },
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
        response: { 200: customerPii },
      },
    },
    async (req) => unmaskCustomer(ctx, commandContext(req), req.params.id),
  );
}
