/**
 * The API contract of the access module: login and session, roles, branches and staff. Pure zod
 * and kernel atoms, so the routes, the services and the console take their types from here.
 */
import { z } from 'zod';
import { idParams, isoDateTime, pageQuery, paged } from '../../kernel/contract.js';
import { branchKind, DATA_SCOPE_VALUES } from '../org/org.contract.js';

export const activeStatus = z.enum(['ACTIVE', 'DISABLED']);
export type ActiveStatus = z.infer<typeof activeStatus>;

// ----- auth -----

/** The signed-in staff member, as /auth/me and the login answer show them. */
export const userView = z.object({
  id: z.number(),
  username: z.string(),
  name: z.string(),
  branchId: z.number(),
  branchName: z.string(),
  roles: z.array(z.string()),
  permissions: z.array(z.string()),
  scope: z.enum(DATA_SCOPE_VALUES),
  mustChangePassword: z.boolean(),
});
export type UserView = z.infer<typeof userView>;

export const loginBody = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) });
export type LoginBody = z.infer<typeof loginBody>;
export const loginResult = z.object({ token: z.string(), expiresAt: isoDateTime, user: userView });
export type LoginResultView = z.infer<typeof loginResult>;

export const meView = z.object({ user: userView });
export type MeView = z.infer<typeof meView>;

export const changePasswordBody = z.object({ currentPassword: z.string().min(1).max(256), newPassword: z.string().min(1).max(256) });
export type ChangePasswordBody = z.infer<typeof changePasswordBody>;

/** Logout and password change answer 204 with no body. */
export const noContent = z.null().describe('No content');

export const roleList = z.object({
  items: z.array(
    z.object({ code: z.string(), nameZh: z.string(), nameEn: z.string(), scope: z.string(), permissions: z.array(z.string()) }),
  ),
});
export type RoleList = z.infer<typeof roleList>;

// ----- reviewed changes -----

/** A change either went to review (PENDING, 202) or was applied at once (APPLIED_DIRECTLY, 200/201). */
export const submitted = z.object({ reviewRequestId: z.number(), status: z.enum(['PENDING', 'APPLIED_DIRECTLY']) });
export type Submitted = z.infer<typeof submitted>;

// ----- branches -----

export const branchView = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  kind: branchKind,
  parentId: z.number().nullable(),
  status: activeStatus,
  staffCount: z.number(),
});
export type BranchView = z.infer<typeof branchView>;
export const branchList = z.object({ items: z.array(branchView) });

export const branchCreateBody = z.object({
  code: z
    .string()
    .trim()
    .regex(/^[A-Z0-9-]{2,20}$/, '2–20 uppercase letters, digits or -'),
  name: z.string().trim().min(2).max(50),
  kind: branchKind,
  parentId: z.number().int().positive(),
});
export type BranchCreateBody = z.infer<typeof branchCreateBody>;

export const branchPatchBody = z
  .object({ name: z.string().trim().min(2).max(50).optional(), status: activeStatus.optional() })
  .refine((b) => b.name !== undefined || b.status !== undefined, { message: 'give name or status (or both)', path: ['name'] });
export type BranchPatchBody = z.infer<typeof branchPatchBody>;

// ----- staff -----

/**
 * A work phone (办公电话): the bank's number a customer may call — a landline with its area code
 * (0537-3412345, optionally -extension), a bank-issued mobile, or a 400/800 service number. The same
 * pattern is the database's check (migrations/0069_access_staff_work_phone.sql).
 */
export const WORK_PHONE_PATTERN = /^(0[0-9]{2,3}-?[0-9]{7,8}(-[0-9]{1,6})?|1[3-9][0-9]{9}|[48]00-?[0-9]{3}-?[0-9]{4})$/;
export const workPhone = z
  .string()
  .trim()
  .max(20)
  .regex(WORK_PHONE_PATTERN, { message: '办公电话须为区号加号码（如 0537-3412345）、手机号或 400/800 服务号码' })
  .describe('办公电话（如 0537-3412345）');

export const staffView = z.object({
  id: z.number(),
  username: z.string(),
  name: z.string(),
  branchId: z.number(),
  branchName: z.string(),
  roles: z.array(z.string()),
  status: activeStatus,
  mobileMasked: z.string().nullable(),
  workPhone: z.string().nullable().describe('办公电话（银行号码，不是个人信息）'),
  lockedUntil: isoDateTime.nullable(),
  hasPassword: z.boolean(),
  mustChangePassword: z.boolean(),
  createdAt: isoDateTime,
});
export type StaffView = z.infer<typeof staffView>;

export const staffQuery = pageQuery.extend({
  q: z.string().trim().max(50).optional(),
  branchId: z.coerce.number().int().positive().optional(),
  role: z.string().max(40).optional(),
});
export type StaffQuery = z.infer<typeof staffQuery>;
export const staffPage = paged(staffView);
export type StaffPage = z.infer<typeof staffPage>;

/** One staff member with the role changes waiting for a checker (so nobody submits one twice). */
export const staffDetail = staffView.extend({
  pendingRequests: z.array(
    z.object({
      id: z.number(),
      type: z.string(),
      typeName: z.string(),
      title: z.string(),
      createdAt: isoDateTime,
      maker: z.object({ username: z.string(), name: z.string() }),
    }),
  ),
});
export type StaffDetail = z.infer<typeof staffDetail>;

export const staffMobile = z.object({ mobile: z.string().nullable() });

export const staffCreateBody = z.object({
  username: z.string().trim().min(3).max(32),
  name: z.string().trim().min(1).max(50),
  branchId: z.number().int().positive(),
  mobile: z.string().trim().min(1).max(20),
  roles: z.array(z.string()).max(8).default([]),
  initialPassword: z.string().min(1).max(128),
});
export type StaffCreateBody = z.infer<typeof staffCreateBody>;

export const roleGrantBody = z.object({ role: z.string().min(1).max(40) });
export const staffRoleParams = idParams.extend({ role: z.string().min(1).max(40) });

export const staffPatchBody = z.object({
  name: z.string().trim().min(1).max(50).optional(),
  status: activeStatus.optional(),
  workPhone: workPhone.nullable().optional().describe('办公电话；null 清除'),
});
export type StaffPatchBody = z.infer<typeof staffPatchBody>;

/** The temporary password goes by SMS to the staff member's own mobile: sentTo is that mobile, masked. */
export const passwordResetSubmitted = submitted.extend({ sentTo: z.string() });
export type PasswordResetSubmitted = z.infer<typeof passwordResetSubmitted>;
