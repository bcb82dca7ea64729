/**
 * The import types the imports module knows. Each owning module hands its own over as data through
 * its door: the columns it accepts (Chinese and English header texts), how to validate rows into
 * records, and how to apply approved records. The composition root builds one registry from those
 * lists and puts it on the context (ctx.importTypes).
 */
import type { Tx } from '../../db/client.js';
import type { AppContext, CommandContext } from '../../context.js';
import { InvariantError } from '../../kernel/errors.js';
import type { Permission } from '../org/index.js';

export interface ImportColumn {
  key: string;
  /** Accepted header texts, Chinese and English, matched case-insensitively after trimming. */
  headers: string[];
  /** A required column must be present in the header (cell checks belong to validate). */
  required: boolean;
  labelZh: string;
  labelEn?: string;
  /**
   * Personal data: masked wherever this module shows or keeps a value outside the applied records
   * (the checker's sample rows, the error report).
   */
  pii?: 'mobile' | 'idNumber' | 'name';
}

/** One data row; rowNo is the spreadsheet's row number (header = 1, first data row = 2). */
export interface ImportRow {
  rowNo: number;
  values: Record<string, string>;
}

export interface RowError {
  rowNo: number;
  field: string;
  value: string | null;
  code: string;
  messageZh: string;
  messageEn: string;
}

export interface ImportApplyContext {
  batchId: number;
  makerId: number;
  /** null when imports of this kind are applied without review (policy). */
  checkerId: number | null;
  cmd: CommandContext;
  /** The application's context (database, crypto, registries), handed to the spec as it runs. */
  app: AppContext;
}

export interface ImportTypeSpec<R> {
  type: string;
  nameZh: string;
  nameEn: string;
  checkerPermission: Permission;
  /**
   * The permission to write what the import carries (e.g. staff:write for the staff list): only
   * someone who holds it (besides import:create) may upload such a file.
   */
  makerPermission?: Permission;
  columns: ImportColumn[];
  /** Default 100,000. */
  maxRows?: number;
  /**
   * Checks every row; returns the errors and, when there are none, one JSON-serialisable record per
   * row in row order (records are stored until the review approves the batch).
   */
  validate(
    tx: Tx,
    rows: ImportRow[],
    cmd: CommandContext,
    app: AppContext,
    /** What a module's own caller hands over with rows it built itself (e.g. the group a pre-credit list comes from); absent for an upload. */
    context?: ImportContext,
  ): Promise<{ errors: RowError[]; records: R[]; /** with acceptValidRows: the row number of each record */ recordRows?: number[] }>;
  /**
   * Lists (e.g. prospect lists of tens of thousands of rows) where a bad or duplicate row is reported and
   * left out rather than refusing the file: the valid records go to review with the error report beside
   * them. Without it any error makes the batch INVALID.
   */
  acceptValidRows?: boolean;
  /** Applies all records, in the approval's transaction: any failure rolls back the whole batch. */
  apply(tx: Tx, records: R[], ctx: ImportApplyContext): Promise<{ applied: number }>;
  /** Example rows for the CSV template. */
  templateRows: string[][];
  /** One line shown to the checker for a sample record; by default the columns' labels and values. */
  describeRecord?(record: R): string;
}

export const DEFAULT_MAX_ROWS = 100_000;

/** Facts a module's own caller passes with a list it built (never taken from an uploaded file or a query). */
export type ImportContext = Readonly<Record<string, string | number | null>>;

/** The import types of one application, built once by the composition root; read-only afterwards. */
export interface ImportTypes {
  get(type: string): ImportTypeSpec<unknown> | undefined;
  /** Every type, sorted by its code. */
  list(): ImportTypeSpec<unknown>[];
}

/** Builds the registry from the modules' lists; a type listed twice or a column key used twice is refused. */
export function importTypeRegistry(specs: readonly ImportTypeSpec<unknown>[]): ImportTypes {
  const byType = new Map<string, ImportTypeSpec<unknown>>();
  for (const spec of specs) {
    if (byType.has(spec.type)) throw new InvariantError(`import type ${spec.type} is listed twice`);
    if (new Set(spec.columns.map((c) => c.key)).size !== spec.columns.length) {
      throw new InvariantError(`import type ${spec.type} has duplicate column keys`);
    }
    byType.set(spec.type, spec);
  }
  const sorted = [...byType.values()].sort((a, b) => a.type.localeCompare(b.type));
  return { get: (type) => byType.get(type), list: () => [...sorted] };
}
