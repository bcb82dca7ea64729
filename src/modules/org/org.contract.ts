/**
 * The organisation's pure types, as every module and both web apps see them: the actor (who acts),
 * the data scopes and permissions of the roles, and the kinds of branch in the bank's tree. Pure zod
 * and kernel atoms (no database, no node:*), so that any module may import them without a circle.
 */
import { z } from 'zod';
import type { DataScope, Permission } from './roles.js';

export type { DataScope, Permission } from './roles.js';

// ----- the actor: who acts, as every module sees them -----

/** The authenticated staff member behind a request, as every module sees it. */
export interface Actor {
  staffId: number;
  username: string;
  name: string;
  roles: string[];
  permissions: ReadonlySet<Permission>;
  scope: DataScope;
  branchId: number;
  /** Materialised path of the actor's branch, e.g. '/1/3/', used for branch scope. */
  branchPath: string;
  sessionId: number;
  /**
   * The account logged in with a temporary or initial password: until it sets its own, every route
   * but the few that let it do so answers PASSWORD_CHANGE_REQUIRED.
   */
  mustChangePassword?: boolean;
}

/** Who did something, for audit and review records. */
export interface ActorRef {
  staffId: number | null;
  username: string;
  roles: string[];
}

export function actorRef(actor: Actor | null | undefined): ActorRef {
  if (!actor) return { staffId: null, username: 'system', roles: [] };
  return { staffId: actor.staffId, username: actor.username, roles: actor.roles };
}

export const SYSTEM_ACTOR_REF: ActorRef = { staffId: null, username: 'system', roles: [] };

export const DATA_SCOPE_VALUES = ['BANK', 'BRANCH', 'OWN'] as const;

// ----- the branch tree -----

export const BRANCH_KINDS = ['HEAD_OFFICE', 'DEPARTMENT', 'BRANCH', 'SUB_BRANCH'] as const;
export const branchKind = z.enum(BRANCH_KINDS);
export type BranchKind = z.infer<typeof branchKind>;
export const BRANCH_STATUSES = ['ACTIVE', 'DISABLED'] as const;
export type BranchStatus = (typeof BRANCH_STATUSES)[number];
