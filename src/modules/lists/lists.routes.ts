/** HTTP routes of the external lists: the masked list for the console page 外部名单. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { listEntriesPage, listEntriesQuery } from './lists.contract.js';
import { listEntries } from './lists.service.js';

export async function externalListRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/external-lists',
    {
      config: { permission: 'customer:read' },
      schema: {
        tags: ['lists'],
        summary: '外部名单：被执行人、失信被执行人、本行黑名单（脱敏） (external lists, masked)',
        querystring: listEntriesQuery,
        response: { 200: listEntriesPage },
      },
    },
    async (req) =>
      listEntries(app.hn.db, {
        page: req.query.page,
        pageSize: req.query.pageSize,
        listType: req.query.listType,
        active: req.query.active === undefined ? undefined : req.query.active === 'true',
      }),
  );
}
