/**
 * The change types the review mechanism knows. Each module registers its own (at import time):
 * how to title it, how to show it as a diff, who may check it, and how to apply it.
 */
import type { Tx } from '../../db/client.js';
import type { CommandContext } from '../../context.js';
import { InvariantError } from '../../kernel/errors.js';
import type { Permission } from '../access/roles.js';

/** One readable line of a change: a field's value before and after. */
export interface DiffLine {
  field: string;
  label: string;
  before: string | null;
  after: string | null;
}

export interface ApplyContext {
  requestId: number;
  makerId: number;
  /** null when the change was applied directly (the policy requires no review). */
  checkerId: number | null;
  cmd: CommandContext;
}

export interface ChangeTypeSpec<P> {
  type: string;
  /** Localised name of the type, for lists; the type code when absent. */
  nameZh?: string;
  nameEn?: string;
  checkerPermission: Permission | ((payload: P) => Permission);
  /**
   * Never exempt from review, whatever review_policies says (e.g. the review policy itself); a
   * function decides per change (e.g. resetting the password of someone who holds a checker permission).
   */
  alwaysReviewed?: boolean | ((payload: P) => boolean);
  titleZh(payload: P): string;
  titleEn(payload: P): string;
  /** The readable diff, computed at submission (what the checker will see). */
  describe(tx: Tx, payload: P): Promise<DiffLine[]>;
  /** Makes the change; runs in the approval's transaction (or the submission's when not reviewed). */
  apply(tx: Tx, payload: P, ctx: ApplyContext): Promise<void>;
  /** The branch the change concerns, for the checker's data scope; null or absent = bank-wide. */
  branchId?(payload: P): number | null;
  /** Runs in the rejection's transaction (e.g. to mark a batch rejected). */
  onReject?(tx: Tx, payload: P, ctx: ApplyContext): Promise<void>;
}

const SPECS = new Map<string, ChangeTypeSpec<unknown>>();

/** Registers a change type; registering a different spec under a taken type is a programming error. */
export function registerChangeType<P>(spec: ChangeTypeSpec<P>): void {
  const existing = SPECS.get(spec.type);
  if (existing && existing !== (spec as unknown)) {
    throw new InvariantError(`change type ${spec.type} is already registered`);
  }
  SPECS.set(spec.type, spec as unknown as ChangeTypeSpec<unknown>);
}

export function changeTypeSpec(type: string): ChangeTypeSpec<unknown> | undefined {
  return SPECS.get(type);
}

export function registeredChangeTypes(): ChangeTypeSpec<unknown>[] {
  return [...SPECS.values()].sort((a, b) => a.type.localeCompare(b.type));
}

export function checkerPermissionOf(spec: ChangeTypeSpec<unknown>, payload: unknown): Permission {
  return typeof spec.checkerPermission === 'function' ? spec.checkerPermission(payload) : spec.checkerPermission;
}

export function typeNameOf(type: string, lang: 'zh' | 'en'): string {
  const spec = SPECS.get(type);
  return (lang === 'en' ? spec?.nameEn : spec?.nameZh) ?? spec?.nameZh ?? type;
}
