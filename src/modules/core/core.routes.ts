/** HTTP routes of the core-banking adapter: a customer's deposits and, in demo mode only, the sandbox deposit / withdrawal. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { commandContext, requireActor } from '../../http/server.js';
import { idParams } from '../../kernel/contract.js';
import { formatYuan, parseYuan } from '../../kernel/money.js';
import { depositsView, sandboxBody, sandboxResult } from './core.contract.js';
import { customerDeposits, sandboxDeposit, sandboxWithdrawal } from './core.service.js';

export async function coreRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ctx = app.hn;

  r.get(
    '/api/v1/customers/:id/deposits',
    {
      config: { permission: 'customer:read' },
      schema: {
        tags: ['core'],
        summary: '客户存款：活期账户与定期存单 (deposits; account numbers masked)',
        params: idParams,
        response: { 200: depositsView },
      },
    },
    async (req) => customerDeposits(ctx, requireActor(req), req.params.id),
  );

  // Sandbox money exists only in demo mode: outside it the routes are not there at all.
  if (!ctx.config.demo) return;
  for (const kind of ['deposits', 'withdrawals'] as const) {
    r.post(
      `/api/v1/sandbox/${kind}`,
      {
        config: { permission: 'sandbox:use' },
        schema: {
          tags: ['core'],
          summary:
            kind === 'deposits'
              ? '模拟存款（内置核心；无活期账户时自动开户） (sandbox deposit)'
              : '模拟取款（内置核心；余额不足返回 409） (sandbox withdrawal)',
          body: sandboxBody,
          headers: z.object({ 'idempotency-key': z.string().max(128).optional() }).passthrough(),
          response: { 200: sandboxResult },
        },
      },
      async (req) => {
        const input = {
          customerId: req.body.customerId,
          amountFen: parseYuan(req.body.amount),
          idempotencyKey: req.headers['idempotency-key'] ?? null,
        };
        const cmd = commandContext(req);
        const res = kind === 'deposits' ? await sandboxDeposit(ctx, cmd, input) : await sandboxWithdrawal(ctx, cmd, input);
        return { accountNo: res.accountNo, balance: formatYuan(res.balanceFen) };
      },
    );
  }
}
