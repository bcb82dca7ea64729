/** HTTP routes of the reminders: thin — schema, permission, one query or command call. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { commandContext, requireActor, requireCustomer } from '../../http/server.js';
import { sendListExport, wantsXlsx, type ExportColumn } from '../../http/export.js';
import { listReminderParams, submitReminderParams } from './params.service.js';
import { getMyOptOut, getOptOutForStaff, listReminders, myReminders, setOptOut } from './reminders.service.js';
import {
  customerIdParams,
  myOptOutChange,
  myReminderPage,
  myReminderQuery,
  optOutView,
  reminderListQuery,
  reminderPage,
  reminderParamValues,
  reminderParamsView,
  staffOptOutChange,
  submitted,
  type ReminderItem,
} from './reminders.contract.js';

const KIND_ZH: Record<ReminderItem['kind'], string> = {
  BEFORE_DUE: '到期前提醒',
  ON_DUE: '还款日提醒',
  OVERDUE_YELLOW: '逾期提醒（黄）',
  OVERDUE_ORANGE: '逾期提醒（橙）',
  OVERDUE_RED: '逾期提醒（红）',
};
const STATUS_ZH: Record<ReminderItem['status'], string> = {
  QUEUED: '待发送',
  SENT: '已发送',
  FAILED: '发送失败',
  SKIPPED_OPT_OUT: '客户已退订',
};

export const REMINDER_EXPORT_COLUMNS: ReadonlyArray<ExportColumn<ReminderItem>> = [
  { key: 'id', header: '提醒编号', width: 10 },
  { key: 'businessDate', header: '营业日期', width: 12 },
  { key: 'customerId', header: '客户编号', width: 10 },
  { key: 'customerName', header: '客户姓名', width: 10 },
  { key: 'loanId', header: '贷款编号', width: 10 },
  { key: 'kind', header: '提醒类型', width: 14, value: (r) => KIND_ZH[r.kind] },
  { key: 'dueDate', header: '应还日期', width: 12 },
  { key: 'amount', header: '金额（元）', width: 12 },
  { key: 'dpd', header: '逾期天数', width: 8 },
  { key: 'status', header: '状态', width: 10, value: (r) => STATUS_ZH[r.status] },
  { key: 'sendAfter', header: '最早发送时间', width: 22 },
  { key: 'sentAt', header: '发送时间', width: 22 },
  { key: 'text', header: '短信内容', width: 60 },
];

export async function reminderRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ctx = app.hn;

  r.get(
    '/api/v1/reminders/params',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags: ['reminders'],
        summary: '还款提醒参数：现行值、版本历史、各类模板可用占位符 (reminder parameters)',
        response: { 200: reminderParamsView },
      },
    },
    async () => listReminderParams(ctx.db),
  );

  r.post(
    '/api/v1/reminders/params/changes',
    {
      config: { permission: 'product:write' },
      schema: {
        tags: ['reminders'],
        summary: '提交还款提醒参数变更（复核后生效）(submit a change for review)',
        body: reminderParamValues,
        response: { 202: submitted },
      },
    },
    async (req, reply) => reply.status(202).send(await submitReminderParams(ctx, commandContext(req), req.body)),
  );

  r.get(
    '/api/v1/reminders',
    {
      config: { permission: 'reminder:read' },
      schema: {
        tags: ['reminders'],
        summary: '还款提醒列表（按数据权限）(reminders in your data scope)',
        description: 'format=xlsx: every reminder under the same filters and scope as an Excel workbook (Chinese headers).',
        querystring: reminderListQuery,
        response: { 200: reminderPage },
      },
    },
    async (req, reply) => {
      const { format, page, pageSize, ...filters } = req.query;
      const actor = requireActor(req);
      if (wantsXlsx({ format })) {
        return sendListExport(reply, {
          filename: '还款提醒',
          columns: REMINDER_EXPORT_COLUMNS,
          fetchPage: (p, size) => listReminders(ctx.db, actor, { ...filters, page: p, pageSize: size }),
        });
      }
      return { ...(await listReminders(ctx.db, actor, { ...filters, page, pageSize })), page, pageSize };
    },
  );

  r.get(
    '/api/v1/customers/:customerId/reminder-opt-out',
    {
      config: { permission: 'reminder:read' },
      schema: {
        tags: ['reminders'],
        summary: '客户是否退订还款提醒短信 (a customer’s reminder opt-out)',
        params: customerIdParams,
        response: { 200: optOutView },
      },
    },
    async (req) => getOptOutForStaff(ctx, requireActor(req), req.params.customerId),
  );

  r.put(
    '/api/v1/customers/:customerId/reminder-opt-out',
    {
      config: { permission: 'reminder:opt-out' },
      schema: {
        tags: ['reminders'],
        summary: '登记客户退订或恢复还款提醒短信（须写明客户意思表示，留痕）(record a customer’s opt-out)',
        params: customerIdParams,
        body: staffOptOutChange,
        response: { 200: optOutView },
      },
    },
    async (req) => setOptOut(ctx, commandContext(req), req.params.customerId, req.body),
  );

  r.get(
    '/api/v1/portal/reminders',
    {
      config: { permission: 'customer' },
      schema: {
        tags: ['portal'],
        summary: '我收到的还款提醒 (my reminders)',
        querystring: myReminderQuery,
        response: { 200: myReminderPage },
      },
    },
    async (req) => {
      const { page, pageSize } = req.query;
      return { ...(await myReminders(ctx.db, requireCustomer(req).customerId, { page, pageSize })), page, pageSize };
    },
  );

  r.get(
    '/api/v1/portal/reminder-opt-out',
    {
      config: { permission: 'customer' },
      schema: { tags: ['portal'], summary: '我的还款提醒短信设置 (my reminder SMS setting)', response: { 200: optOutView } },
    },
    async (req) => getMyOptOut(ctx.db, requireCustomer(req).customerId),
  );

  r.put(
    '/api/v1/portal/reminder-opt-out',
    {
      config: { permission: 'customer' },
      schema: {
        tags: ['portal'],
        summary: '退订或恢复还款提醒短信（验证码等法定通知不受影响）(opt out of / back into reminder SMS)',
        body: myOptOutChange,
        response: { 200: optOutView },
      },
    },
    async (req) => setOptOut(ctx, commandContext(req), requireCustomer(req).customerId, req.body),
  );
}
