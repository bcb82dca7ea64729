/** HTTP routes of the resources module (人员配置、移动展业设备): thin — schema, permission, one call. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sendListExport, wantsXlsx, type ExportColumn } from '../../http/export.js';
import { commandContext, requireActor } from '../../http/server.js';
import { idParams } from '../../kernel/contract.js';
import {
  deviceCreateBody,
  deviceFiguresQuery,
  deviceFiguresView,
  deviceHistory,
  deviceHolders,
  deviceIssueBody,
  deviceItem,
  devicePage,
  deviceQuery,
  deviceReturnBody,
  deviceStatusBody,
  staffingChangesQuery,
  staffingChangesView,
  staffingQuery,
  staffingView,
  type DeviceFiguresBranch,
  type DeviceItem,
  type DeviceKind,
  type DeviceStatus,
  type StaffingBranch,
  type StaffingChangesBranch,
} from './resources.contract.js';
import {
  createDevice,
  deviceFigures,
  deviceHistory as readDeviceHistory,
  deviceHolders as readDeviceHolders,
  issueDevice,
  listDevices,
  returnDevice,
  setDeviceStatus,
} from './devices.service.js';
import { staffingAt, staffingChanges } from './staffing.service.js';

export const DEVICE_STATUS_ZH: Record<DeviceStatus, string> = {
  IN_STOCK: '在库',
  ISSUED: '已领用',
  RETURNED: '已归还',
  LOST: '遗失',
  RETIRED: '已报废',
};
export const DEVICE_KIND_ZH: Record<DeviceKind, string> = { PAD: '平板', PHONE: '手机', OTHER: '其他' };

const STAFFING_COLUMNS: ReadonlyArray<ExportColumn<StaffingBranch>> = [
  { key: 'branchName', header: '机构', width: 18 },
  { key: 'creditStaff', header: '客户经理人数', width: 14 },
  { key: 'officers', header: '客户经理', width: 60, value: (r) => r.officers.map((o) => o.name).join('、') },
];

const CHANGES_COLUMNS: ReadonlyArray<ExportColumn<StaffingChangesBranch>> = [
  { key: 'branchName', header: '机构', width: 18 },
  { key: 'atStart', header: '期初人数', width: 10 },
  { key: 'added', header: '新增', width: 8 },
  { key: 'left', header: '减少', width: 8 },
  { key: 'atEnd', header: '期末人数', width: 10 },
];

const DEVICE_COLUMNS: ReadonlyArray<ExportColumn<DeviceItem>> = [
  { key: 'assetNo', header: '资产编号', width: 16 },
  { key: 'serialNo', header: '序列号', width: 20 },
  { key: 'model', header: '型号', width: 18 },
  { key: 'kind', header: '类型', width: 8, value: (r) => DEVICE_KIND_ZH[r.kind] },
  { key: 'status', header: '状态', width: 8, value: (r) => DEVICE_STATUS_ZH[r.status] },
  { key: 'branch', header: '机构', width: 16, value: (r) => r.branch.name },
  { key: 'holder', header: '领用人', width: 10, value: (r) => r.holder?.name ?? '' },
  { key: 'issuedOn', header: '领用日期', width: 12 },
  { key: 'note', header: '备注', width: 24 },
];

const DEVICE_FIGURES_COLUMNS: ReadonlyArray<ExportColumn<DeviceFiguresBranch>> = [
  { key: 'branchName', header: '机构', width: 18 },
  { key: 'total', header: '在册设备', width: 10 },
  { key: 'issued', header: '已领用', width: 10 },
  { key: 'inStock', header: '库存', width: 10 },
  { key: 'lost', header: '遗失', width: 8 },
  { key: 'retired', header: '已报废', width: 8 },
];

/** A whole table as one page, for the export. */
const whole = <T>(items: T[]) => ({ items, total: items.length });

export async function resourcesRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ctx = app.hn;

  r.get(
    '/api/v1/resources/staffing',
    {
      config: { permission: 'resources:read' },
      schema: {
        tags: ['resources'],
        summary: '人员配置：某日各机构客户经理人数与名单 (credit staff per branch at a date)',
        description: 'format=xlsx: the table as an Excel workbook, with a total row.',
        querystring: staffingQuery,
        response: { 200: staffingView },
      },
    },
    async (req, reply) => {
      const { format, ...query } = req.query;
      const view = await staffingAt(ctx.db, requireActor(req), query);
      if (wantsXlsx({ format })) {
        const total: StaffingBranch = { branchId: 0, branchName: '合计', creditStaff: view.total, officers: [] };
        return sendListExport(reply, {
          filename: `人员配置_${view.date}`,
          columns: STAFFING_COLUMNS,
          fetchPage: async (page) => whole(page === 1 ? [...view.items, total] : []),
        });
      }
      return view;
    },
  );

  r.get(
    '/api/v1/resources/staffing/changes',
    {
      config: { permission: 'resources:read' },
      schema: {
        tags: ['resources'],
        summary: '人员变动：期间各机构客户经理新增、减少 (credit staff additions and departures per branch)',
        description: 'format=xlsx: the per-branch table as an Excel workbook, with a total row.',
        querystring: staffingChangesQuery,
        response: { 200: staffingChangesView },
      },
    },
    async (req, reply) => {
      const { format, ...query } = req.query;
      const view = await staffingChanges(ctx.db, requireActor(req), query);
      if (wantsXlsx({ format })) {
        const total: StaffingChangesBranch = { branchId: 0, branchName: '合计', ...view.totals };
        return sendListExport(reply, {
          filename: `人员变动_${view.from}_${view.to}`,
          columns: CHANGES_COLUMNS,
          fetchPage: async (page) => whole(page === 1 ? [...view.items, total] : []),
        });
      }
      return view;
    },
  );

  r.get(
    '/api/v1/resources/devices',
    {
      config: { permission: 'resources:read' },
      schema: {
        tags: ['resources'],
        summary: '移动展业设备登记簿 (the devices register in scope; filters status, branch, text)',
        description: 'format=xlsx: the whole list under the same filters and scope as an Excel workbook.',
        querystring: deviceQuery,
        response: { 200: devicePage },
      },
    },
    async (req, reply) => {
      const { format, ...query } = req.query;
      const actor = requireActor(req);
      if (wantsXlsx({ format })) {
        return sendListExport(reply, {
          filename: '移动展业设备',
          columns: DEVICE_COLUMNS,
          fetchPage: (page, pageSize) => listDevices(ctx.db, actor, { ...query, page, pageSize }),
        });
      }
      return listDevices(ctx.db, actor, query);
    },
  );

  r.post(
    '/api/v1/resources/devices',
    {
      config: { permission: 'resources:write' },
      schema: {
        tags: ['resources'],
        summary: '登记设备（在库）(register a device, in stock)',
        body: deviceCreateBody,
        response: { 201: deviceItem },
      },
    },
    async (req, reply) => reply.status(201).send(await createDevice(ctx, commandContext(req), req.body)),
  );

  r.get(
    '/api/v1/resources/devices/figures',
    {
      config: { permission: 'resources:read' },
      schema: {
        tags: ['resources'],
        summary: '设备统计：某日各机构在册、已领用、库存 (device figures per branch at a date)',
        description: 'format=xlsx: the table as an Excel workbook, with a total row.',
        querystring: deviceFiguresQuery,
        response: { 200: deviceFiguresView },
      },
    },
    async (req, reply) => {
      const { format, ...query } = req.query;
      const view = await deviceFigures(ctx.db, requireActor(req), query);
      if (wantsXlsx({ format })) {
        const total: DeviceFiguresBranch = { branchId: 0, branchName: '合计', ...view.totals };
        return sendListExport(reply, {
          filename: `移动展业设备统计_${view.date}`,
          columns: DEVICE_FIGURES_COLUMNS,
          fetchPage: async (page) => whole(page === 1 ? [...view.items, total] : []),
        });
      }
      return view;
    },
  );

  r.get(
    '/api/v1/resources/devices/:id',
    {
      config: { permission: 'resources:read' },
      schema: {
        tags: ['resources'],
        summary: '设备及其领用、归还记录 (a device and its history)',
        params: idParams,
        response: { 200: deviceHistory },
      },
    },
    async (req) => readDeviceHistory(ctx.db, requireActor(req), req.params.id),
  );

  r.get(
    '/api/v1/resources/devices/:id/holders',
    {
      config: { permission: 'resources:write' },
      schema: {
        tags: ['resources'],
        summary: '可领用该设备的客户经理（设备所在机构）(officers the device may be issued to)',
        params: idParams,
        response: { 200: deviceHolders },
      },
    },
    async (req) => readDeviceHolders(ctx.db, requireActor(req), req.params.id),
  );

  r.post(
    '/api/v1/resources/devices/:id/issue',
    {
      config: { permission: 'resources:write' },
      schema: {
        tags: ['resources'],
        summary: '领用：将设备发放给本机构员工 (issue the device to a staff member)',
        params: idParams,
        body: deviceIssueBody,
        response: { 200: deviceItem },
      },
    },
    async (req) => issueDevice(ctx, commandContext(req), req.params.id, req.body),
  );

  r.post(
    '/api/v1/resources/devices/:id/return',
    {
      config: { permission: 'resources:write' },
      schema: {
        tags: ['resources'],
        summary: '归还：收回设备并登记状况 (take the device back, with its condition)',
        params: idParams,
        body: deviceReturnBody,
        response: { 200: deviceItem },
      },
    },
    async (req) => returnDevice(ctx, commandContext(req), req.params.id, req.body),
  );

  r.post(
    '/api/v1/resources/devices/:id/status',
    {
      config: { permission: 'resources:write' },
      schema: {
        tags: ['resources'],
        summary: '登记遗失或报废 (report the device lost, or retire it)',
        params: idParams,
        body: deviceStatusBody,
        response: { 200: deviceItem },
      },
    },
    async (req) => setDeviceStatus(ctx, commandContext(req), req.params.id, req.body),
  );
}
