/** HTTP routes of the external lists: the masked list for the console page 外部名单. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { LIST_TYPES, listEntries } from './lists.service.js';

const listType = z.enum(LIST_TYPES);

export async function externalListRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/external-lists',
    {
      config: { permission: 'customer:read' },
      schema: {
        tags: ['lists'],
        summary: '外部名单：被执行人、失信被执行人、本行黑名单（脱敏） (external lists, masked)',
        querystring: z.object({
          page: z.coerce.number().int().min(1).default(1),
          pageSize: z.coerce.number().int().min(1).max(200).default(20),
          listType: listType.optional(),
          active: z.enum(['true', 'false']).optional(),
        }),
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.number().int(),
                listType,
                nameMasked: z.string(),
                idNumberMasked: z.string(),
                caseNo: z.string().nullable(),
                source: z.string(),
                listedOn: z.string(),
                removedOn: z.string().nullable(),
                active: z.boolean(),
              }),
            ),
            total: z.number().int(),
            page: z.number().int(),
            pageSize: z.number().int(),
            businessDate: z.string(),
          }),
        },
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
