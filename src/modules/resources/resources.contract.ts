/**
 * The API contract of the resources module (issue 15 §5): credit staff allocation by branch at a date and
 * its additions and departures over a period (read from access's staff history), and the register of
 * mobile lending devices with issue, return, loss and retirement. Pure zod and kernel atoms.
 */
import { z } from 'zod';
import { id, isoDate, isoDateTime, pageQuery, paged } from '../../kernel/contract.js';

const exportFormat = z.enum(['json', 'xlsx']).optional().describe('xlsx: 导出为 Excel');
const ref = z.object({ id: z.number().int(), name: z.string() });

// ---------- credit staff ----------

export const staffingQuery = z.object({
  date: isoDate.optional().describe('统计日期（默认当前营业日期）'),
  format: exportFormat,
});
export type StaffingQuery = z.infer<typeof staffingQuery>;

export const staffingBranch = z.object({
  branchId: z.number().int(),
  branchName: z.string(),
  creditStaff: z.number().int().describe('当日在岗客户经理人数'),
  officers: z.array(ref),
});
export type StaffingBranch = z.infer<typeof staffingBranch>;

export const staffingView = z.object({
  date: isoDate,
  /** The role codes counted as credit staff. */
  roles: z.array(z.string()),
  total: z.number().int(),
  items: z.array(staffingBranch),
});
export type StaffingView = z.infer<typeof staffingView>;

export const staffingChangesQuery = z.object({
  from: isoDate.optional().describe('起始日期（含；默认当年 1 月 1 日）'),
  to: isoDate.optional().describe('截止日期（含；默认当前营业日期）'),
  format: exportFormat,
});
export type StaffingChangesQuery = z.infer<typeof staffingChangesQuery>;

export const STAFF_MOVEMENT_KINDS = ['ADDED', 'LEFT'] as const;
export type StaffMovementKind = (typeof STAFF_MOVEMENT_KINDS)[number];
/** NEW_STAFF: a new staff member; ROLE: the credit role granted or revoked; STATUS: enabled or disabled; MOVE: moved between branches. */
export const STAFF_MOVEMENT_REASONS = ['NEW_STAFF', 'ROLE', 'STATUS', 'MOVE'] as const;
export type StaffMovementReason = (typeof STAFF_MOVEMENT_REASONS)[number];

export const staffMovement = z.object({
  date: isoDate,
  staffId: z.number().int(),
  name: z.string(),
  branchId: z.number().int(),
  branchName: z.string(),
  kind: z.enum(STAFF_MOVEMENT_KINDS),
  reason: z.enum(STAFF_MOVEMENT_REASONS),
});
export type StaffMovement = z.infer<typeof staffMovement>;

export const staffingChangesBranch = z.object({
  branchId: z.number().int(),
  branchName: z.string(),
  atStart: z.number().int().describe('期初（起始日前一日）人数'),
  added: z.number().int(),
  left: z.number().int(),
  atEnd: z.number().int(),
});
export type StaffingChangesBranch = z.infer<typeof staffingChangesBranch>;

export const staffingPoint = z.object({ date: isoDate, creditStaff: z.number().int(), added: z.number().int(), left: z.number().int() });
export type StaffingPoint = z.infer<typeof staffingPoint>;

export const staffingChangesView = z.object({
  from: isoDate,
  to: isoDate,
  /** Counted over the actor's branches; a move between two of them is an addition at one and a departure at the other. */
  totals: z.object({ atStart: z.number().int(), added: z.number().int(), left: z.number().int(), atEnd: z.number().int() }),
  items: z.array(staffingChangesBranch),
  movements: z.array(staffMovement),
  /** Month by month: the count at each month's end (or `to`) and the additions and departures within it. */
  series: z.array(staffingPoint),
});
export type StaffingChangesView = z.infer<typeof staffingChangesView>;

// ---------- devices ----------

export const DEVICE_KINDS = ['PAD', 'PHONE', 'OTHER'] as const;
export type DeviceKind = (typeof DEVICE_KINDS)[number];
export const DEVICE_STATUSES = ['IN_STOCK', 'ISSUED', 'RETURNED', 'LOST', 'RETIRED'] as const;
export type DeviceStatus = (typeof DEVICE_STATUSES)[number];
export const DEVICE_EVENT_KINDS = ['REGISTERED', 'ISSUED', 'RETURNED', 'LOST', 'RETIRED'] as const;
export type DeviceEventKind = (typeof DEVICE_EVENT_KINDS)[number];
export const DEVICE_CONDITIONS = ['GOOD', 'DAMAGED', 'FAULTY'] as const;
export type DeviceCondition = (typeof DEVICE_CONDITIONS)[number];

export const deviceQuery = pageQuery.extend({
  status: z.enum(DEVICE_STATUSES).optional(),
  branchId: id.optional(),
  q: z.string().trim().max(50).optional().describe('资产编号、序列号或型号'),
  format: exportFormat,
});
export type DeviceQuery = z.infer<typeof deviceQuery>;

export const deviceItem = z.object({
  id: z.number().int(),
  assetNo: z.string(),
  serialNo: z.string(),
  model: z.string(),
  kind: z.enum(DEVICE_KINDS),
  status: z.enum(DEVICE_STATUSES),
  branch: ref,
  holder: ref.nullable(),
  issuedOn: isoDate.nullable(),
  note: z.string().nullable(),
  createdAt: isoDateTime,
});
export type DeviceItem = z.infer<typeof deviceItem>;
export const devicePage = paged(deviceItem);
export type DevicePage = z.infer<typeof devicePage>;

export const deviceCreateBody = z
  .object({
    assetNo: z.string().trim().min(1).max(40),
    serialNo: z.string().trim().min(1).max(60),
    model: z.string().trim().min(1).max(60),
    kind: z.enum(DEVICE_KINDS).default('PAD'),
    branchId: id,
    note: z.string().trim().max(200).nullish(),
  })
  .strict();
export type DeviceCreateBody = z.infer<typeof deviceCreateBody>;

export const deviceIssueBody = z
  .object({
    staffId: id,
    date: isoDate.optional().describe('领用日期（默认当前营业日期，不晚于营业日期）'),
    note: z.string().trim().max(200).nullish(),
  })
  .strict();
export type DeviceIssueBody = z.infer<typeof deviceIssueBody>;

export const deviceReturnBody = z
  .object({
    condition: z.enum(DEVICE_CONDITIONS),
    date: isoDate.optional().describe('归还日期（默认当前营业日期，不早于领用日期）'),
    note: z.string().trim().max(200).nullish(),
  })
  .strict();
export type DeviceReturnBody = z.infer<typeof deviceReturnBody>;

export const deviceStatusBody = z
  .object({
    status: z.enum(['LOST', 'RETIRED']),
    note: z.string().trim().min(1).max(200),
  })
  .strict();
export type DeviceStatusBody = z.infer<typeof deviceStatusBody>;

export const deviceEventItem = z.object({
  id: z.number().int(),
  kind: z.enum(DEVICE_EVENT_KINDS),
  businessDate: isoDate,
  branch: ref,
  staff: ref.nullable(),
  condition: z.enum(DEVICE_CONDITIONS).nullable(),
  note: z.string().nullable(),
  actor: ref.nullable(),
  createdAt: isoDateTime,
});
export type DeviceEventItem = z.infer<typeof deviceEventItem>;
export const deviceHistory = z.object({ device: deviceItem, events: z.array(deviceEventItem) });
export type DeviceHistory = z.infer<typeof deviceHistory>;

export const deviceFiguresQuery = z.object({ date: isoDate.optional().describe('统计日期（默认当前营业日期）'), format: exportFormat });
export type DeviceFiguresQuery = z.infer<typeof deviceFiguresQuery>;

export const deviceFiguresBranch = z.object({
  branchId: z.number().int(),
  branchName: z.string(),
  total: z.number().int().describe('在册设备（不含遗失、报废）'),
  issued: z.number().int(),
  inStock: z.number().int().describe('库存（未领用及已归还）'),
  lost: z.number().int(),
  retired: z.number().int(),
});
export type DeviceFiguresBranch = z.infer<typeof deviceFiguresBranch>;
export const deviceFiguresView = z.object({
  date: isoDate,
  totals: deviceFiguresBranch.omit({ branchId: true, branchName: true }),
  items: z.array(deviceFiguresBranch),
});
export type DeviceFiguresView = z.infer<typeof deviceFiguresView>;

/** The active staff of a branch a device may be issued to. */
export const deviceHolders = z.object({ items: z.array(ref) });
export type DeviceHolders = z.infer<typeof deviceHolders>;

/** The work report's figures for a period (the door `resourcesSummary`). */
export interface ResourcesSummary {
  creditStaffAtEnd: number;
  creditStaffAdded: number;
  creditStaffLeft: number;
  devicesTotal: number;
  devicesIssued: number;
  devicesIssuedInPeriod: number;
}
