/** HTTP routes of the customers module: thin — schema, permission, one call. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { commandContext, requireActor } from '../../http/server.js';
import { exportQuery, sendListExport, wantsXlsx, type ExportColumn } from '../../http/export.js';
import { idParams } from '../../kernel/contract.js';
import {
  customerDetail,
  customerPage,
  customerPii,
  customerQuery,
  profileChangeBody,
  profileChangeSubmitted,
  profileHistoryPage,
  profileHistoryQuery,
  profilePendingView,
  type CustomerListItem,
  type ProfileHistoryItem,
} from './customers.contract.js';
import { getCustomerDetail, listCustomers, unmaskCustomer } from './customers.service.js';
import { getPendingProfileChange, listProfileHistory, submitProfileChange } from './profile.service.js';

const KIND_ZH: Record<CustomerListItem['kind'], string> = { INDIVIDUAL: '个人', INDIVIDUAL_BUSINESS: '个体工商户' };
const SEX_ZH: Record<CustomerListItem['sex'], string> = { M: '男', F: '女' };

/** The customers list as an Excel workbook: the console's columns, masked exactly as the JSON list. */
export const CUSTOMER_EXPORT_COLUMNS: ReadonlyArray<ExportColumn<CustomerListItem>> = [
  { key: 'id', header: '客户编号', width: 10 },
  { key: 'nameMasked', header: '姓名', width: 10 },
  { key: 'idNumberMasked', header: '身份证号', width: 22 },
  { key: 'mobileMasked', header: '手机号', width: 14 },
  { key: 'age', header: '年龄', width: 8 },
  { key: 'sex', header: '性别', width: 8, value: (r) => SEX_ZH[r.sex] },
  { key: 'regionCode', header: '地区码', width: 10 },
  { key: 'kind', header: '客户类型', width: 12, value: (r) => KIND_ZH[r.kind] },
  { key: 'branchName', header: '所属机构', width: 20 },
  { key: 'officerName', header: '客户经理', width: 10 },
  { key: 'firstSeenDate', header: '建立关系日期', width: 12 },
];

/** A customer's profile history as an Excel workbook: personal values masked as on screen. */
export const PROFILE_HISTORY_EXPORT_COLUMNS: ReadonlyArray<ExportColumn<ProfileHistoryItem>> = [
  { key: 'changedAt', header: '生效时间', width: 22 },
  { key: 'businessDate', header: '营业日期', width: 12 },
  { key: 'label', header: '字段', width: 14 },
  { key: 'before', header: '变更前', width: 24 },
  { key: 'after', header: '变更后', width: 24 },
  { key: 'makerName', header: '经办人（A角）', width: 12 },
  { key: 'checkerName', header: '复核人（B角）', width: 12 },
  { key: 'reviewRequestId', header: '复核申请编号', width: 12 },
];

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
        description:
          'q: an exact resident ID number, mobile number or full name (searched by lookup hash). format=xlsx: every customer under the same search and scope as an Excel workbook (masked, Chinese headers).',
        querystring: customerQuery.extend(exportQuery),
        response: { 200: customerPage },
      },
    },
    async (req, reply) => {
      const { format, ...query } = req.query;
      const actor = requireActor(req);
      if (wantsXlsx({ format })) {
        return sendListExport(reply, {
          filename: '客户列表',
          columns: CUSTOMER_EXPORT_COLUMNS,
          // the list serves at most 200 a page
          pageSize: 200,
          fetchPage: (page, pageSize) => listCustomers(ctx, actor, { ...query, page, pageSize }),
        });
      }
      return listCustomers(ctx, actor, query);
    },
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

  r.post(
    '/api/v1/customers/:id/profile-changes',
    {
      config: { permission: 'customer:write' },
      schema: {
        tags: ['customers'],
        summary: '提交客户资料变更，待另一名信贷人员复核后生效（AB角） (submit a profile change for cross-check)',
        description:
          'Only the fields given change; null clears one (not the mobile). Nothing changes until a second credit staff member holding review:check:CUSTOMER_PROFILE approves the review request; one pending change per customer (409 CUSTOMER_PROFILE_CHANGE_PENDING).',
        params: idParams,
        body: profileChangeBody,
        response: { 201: profileChangeSubmitted },
      },
    },
    async (req, reply) => reply.status(201).send(await submitProfileChange(ctx, commandContext(req), req.params.id, req.body)),
  );

  r.get(
    '/api/v1/customers/:id/profile-changes/pending',
    {
      config: { permission: 'customer:read' },
      schema: {
        tags: ['customers'],
        summary: '待复核的客户资料变更（有 pii:unmask 权限者可见完整信息，留痕） (the pending profile change)',
        params: idParams,
        response: { 200: profilePendingView },
      },
    },
    async (req) => getPendingProfileChange(ctx, commandContext(req), req.params.id),
  );

  r.get(
    '/api/v1/customers/:id/profile-history',
    {
      config: { permission: 'customer:read' },
      schema: {
        tags: ['customers'],
        summary: '客户资料变更历史（逐字段，个人信息脱敏） (profile history, field by field)',
        description: 'format=xlsx: the whole history under the same filter as an Excel workbook (masked, Chinese headers).',
        params: idParams,
        querystring: profileHistoryQuery.extend(exportQuery),
        response: { 200: profileHistoryPage },
      },
    },
    async (req, reply) => {
      const { format, ...query } = req.query;
      const actor = requireActor(req);
      if (wantsXlsx({ format })) {
        return sendListExport(reply, {
          filename: `客户资料变更历史-${req.params.id}`,
          columns: PROFILE_HISTORY_EXPORT_COLUMNS,
          pageSize: 200,
          fetchPage: (page, pageSize) => listProfileHistory(ctx, actor, req.params.id, { ...query, page, pageSize }),
        });
      }
      return listProfileHistory(ctx, actor, req.params.id, query);
    },
  );
}
