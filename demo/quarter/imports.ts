/**
 * An import as a bank makes one: a maker uploads the file, a different person with the checker's right
 * approves it in review, and the approval applies it. Used by the opening book and by the actors that
 * bring lists in during the quarter (prospects, pre-credit, devices, new staff).
 */
import type { ImportBatch } from '../../src/modules/imports/imports.contract.js';
import type { Sim } from './sim.js';

/** A CSV file from a header and rows (values are written as given; commas and quotes are quoted). */
export function csv(header: string[], rows: Array<Array<string | number | null>>): string {
  const cell = (v: string | number | null) => {
    const s = v === null ? '' : String(v);
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [header, ...rows].map((r) => r.map(cell).join(',')).join('\n') + '\n';
}

export interface ImportOutcome {
  batch: ImportBatch;
}

/**
 * Uploads `bytes` as import `type` by `maker`, then approves it as `checker`. An INVALID batch fails the
 * build with its first row errors (the scenario's files are meant to be clean).
 */
export async function importAndApprove(
  sim: Sim,
  o: { type: string; filename: string; bytes: string | Buffer; maker: string; checker: string; contentType?: string },
): Promise<ImportOutcome> {
  const maker = await sim.as(o.maker);
  const t0 = performance.now();
  const batch = await maker.upload<ImportBatch>(
    `/api/v1/imports?type=${encodeURIComponent(o.type)}&filename=${encodeURIComponent(o.filename)}`,
    o.bytes,
    o.contentType ?? 'text/csv',
  );
  if (batch.status !== 'PENDING_REVIEW' || batch.reviewRequestId === null) {
    const errors = await maker.get<{ items?: unknown[] }>(`/api/v1/imports/${batch.id}/errors?pageSize=5`).catch(() => null);
    throw new Error(
      `import ${o.type} ${o.filename}: ${batch.status} (${batch.errorRows} rows with errors) ${JSON.stringify(errors?.items ?? [])}`,
    );
  }
  sim.wait(120);
  const checker = await sim.as(o.checker);
  await checker.post(`/api/v1/review/requests/${batch.reviewRequestId}/approve`, { comment: '核对无误' });
  // the maker reads the outcome (a checker may approve without the right to read imports)
  const applied = await maker.get<ImportBatch>(`/api/v1/imports/${batch.id}`);
  if (process.env.HUINONG_DEMO_TRACE)
    console.log(`import ${o.type}: ${batch.totalRows} rows, upload+approve ${(performance.now() - t0).toFixed(0)} ms`);
  if (applied.status !== 'APPLIED') throw new Error(`import ${o.type} ${o.filename}: approved but ${applied.status}`);
  return { batch: applied };
}
