/** The authenticated staff member behind a request, as every module sees it. */
import type { DataScope, Permission } from './roles.js';

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
