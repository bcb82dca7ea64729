/**
 * The change types the review mechanism knows. Each module hands its own over as data through its
 * door (how to title it, how to show it as a diff, who may check it, and how to apply it); the
 * composition root builds one registry from those lists and puts it on the context (ctx.changeTypes).
 */
import type { Tx } from '../../db/client.js';
import type { AppContext, CommandContext } from '../../context.js';
import { InvariantError } from '../../kernel/errors.js';
import type { Permission } from '../org/index.js';

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
  /** The application's context (database, crypto, registries, hooks), handed to the spec as it runs. */
  app: AppContext;
}

export interface ChangeTypeSpec<P> {
  type: string;
  /** Localised name of the type, for lists; the type code when absent. */
  nameZh?: string;
  nameEn?: string;
  checkerPermission: Permission | ((payload: P, app: AppContext) => Permission);
  /**
   * Never exempt from review, whatever review_policies says (e.g. the review policy itself); a
   * function decides per change (e.g. resetting the password of someone who holds a checker permission).
   */
  alwaysReviewed?: boolean | ((payload: P) => boolean);
  titleZh(payload: P, app: AppContext): string;
  titleEn(payload: P, app: AppContext): string;
  /** The readable diff, computed at submission (what the checker will see). */
  describe(tx: Tx, payload: P, app: AppContext): Promise<DiffLine[]>;
  /** Makes the change; runs in the approval's transaction (or the submission's when not reviewed). */
  apply(tx: Tx, payload: P, ctx: ApplyContext): Promise<void>;
  /** The branch the change concerns, for the checker's data scope; null or absent = bank-wide. */
  branchId?(payload: P): number | null;
  /** Runs in the rejection's transaction (e.g. to mark a batch rejected). */
  onReject?(tx: Tx, payload: P, ctx: ApplyContext): Promise<void>;
}

/** The change types of one application, built once by the composition root; read-only afterwards. */
export interface ChangeTypes {
  get(type: string): ChangeTypeSpec<unknown> | undefined;
  /** Every type, sorted by its code. */
  list(): ChangeTypeSpec<unknown>[];
  /** Localised name of a type; the type code when unknown or unnamed. */
  nameOf(type: string, lang: 'zh' | 'en'): string;
}

/**
 * Builds the registry from the modules' lists. Two specs under one type are a programming error
 * (refused here, at start-up), whether they are different objects or the same one listed twice.
 */
export function changeTypeRegistry(specs: readonly ChangeTypeSpec<never>[]): ChangeTypes {
  const byType = new Map<string, ChangeTypeSpec<unknown>>();
  for (const spec of specs as readonly ChangeTypeSpec<unknown>[]) {
    if (byType.has(spec.type)) throw new InvariantError(`change type ${spec.type} is listed twice`);
    byType.set(spec.type, spec);
  }
  const sorted = [...byType.values()].sort((a, b) => a.type.localeCompare(b.type));
  return {
    get: (type) => byType.get(type),
    list: () => [...sorted],
    nameOf: (type, lang) => {
      const spec = byType.get(type);
      return (lang === 'en' ? spec?.nameEn : spec?.nameZh) ?? spec?.nameZh ?? type;
    },
  };
}

export function checkerPermissionOf(spec: ChangeTypeSpec<unknown>, payload: unknown, app: AppContext): Permission {
  return typeof spec.checkerPermission === 'function' ? spec.checkerPermission(payload, app) : spec.checkerPermission;
}
