/** HTTP routes of the external lists: the masked list for the console page 外部名单, and its Excel export. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { exportQuery, sendListExport, wantsXlsx, type ExportColumn } from '../../http/export.js';
import { listEntriesPage, listEntriesQuery, type ListEntry, type ListType } from './lists.contract.js';
import { listEntries } from './lists.service.js';

const LIST_TYPE_ZH: Record<ListType, string> = { COURT_ENFORCEMENT: '被执行人', DISHONEST: '失信被执行人', BANK_BLACKLIST: '本行黑名单' };

/** The external lists as an Excel workbook: the console's columns, names and ID numbers masked as in the JSON list. */
export const EXTERNAL_LIST_EXPORT_COLUMNS: ReadonlyArray<ExportColumn<ListEntry>> = [
  { key: 'id', header: '编号', width: 10 },
  { key: 'listType', header: '名单类型', width: 14, value: (r) => LIST_TYPE_ZH[r.listType] },
  { key: 'nameMasked', header: '姓名', width: 10 },
  { key: 'idNumberMasked', header: '身份证号', width: 22 },
  { key: 'caseNo', header: '案号', width: 26 },
  { key: 'source', header: '来源', width: 24 },
  { key: 'listedOn', header: '列入日期', width: 12 },
  { key: 'removedOn', header: '移出日期', width: 12 },
  { key: 'active', header: '状态', width: 10, value: (r) => (r.active ? '在册' : '已移出') },
];

export async function externalListRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/external-lists',
    {
      config: { permission: 'customer:read' },
      schema: {
        tags: ['lists'],
        summary: '外部名单：被执行人、失信被执行人、本行黑名单（脱敏） (external lists, masked)',
        description: 'format=xlsx: every entry under the same filters as an Excel workbook (Chinese headers, masked).',
        querystring: listEntriesQuery.extend(exportQuery),
        response: { 200: listEntriesPage },
      },
    },
    async (req, reply) => {
      const { format, page, pageSize, listType } = req.query;
      const active = req.query.active === undefined ? undefined : req.query.active === 'true';
      if (wantsXlsx({ format })) {
        return sendListExport(reply, {
          filename: '外部名单',
          columns: EXTERNAL_LIST_EXPORT_COLUMNS,
          // the list serves at most 200 a page
          pageSize: 200,
          fetchPage: (p, size) => listEntries(app.hn.db, { page: p, pageSize: size, listType, active }),
        });
      }
      return listEntries(app.hn.db, { page, pageSize, listType, active });
    },
  );
}
