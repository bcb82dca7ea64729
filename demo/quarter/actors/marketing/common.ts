/**
 * What the marketing actor's parts share: the quarter's plan of days (fixed, whatever day the build stops
 * at, so a shorter build lives the first days of the same quarter), the bank's branches and their staff by
 * the roster, people from the actor's own index range, and an application that ends approved (the
 * approver decides one the policy refers).
 */
import type { ApplicationResult, CreditLineDetail } from '../../../../src/modules/origination/origination.contract.js';
import type { ImportBatch } from '../../../../src/modules/imports/imports.contract.js';
import type { DemoApi, Sim } from '../../sim.js';
import { DEMO_QUARTER_END } from '../../build.js';
import { demoDays, type DemoDay } from '../../calendar.js';
import { branchSlug, demoRoster, LENDING_BRANCHES } from '../../org.js';
import { person, type Person } from '../../people.js';
import { rngFor } from '../../rng.js';
import { DEMO_BUSINESS_DATE } from '../../../bank.js';

/** The whole quarter's days, as the plan counts them (a build to an earlier day lives a prefix). */
export const QUARTER_DAYS: DemoDay[] = demoDays(DEMO_BUSINESS_DATE, DEMO_QUARTER_END);
export const WORKDAYS: DemoDay[] = QUARTER_DAYS.filter((d) => d.workday);

/** Index ranges inside the actor's 200,000–399,999. */
export const INDEX = {
  prospects: 200_000,
  preCredit: 250_000,
  referred: 270_000,
  groups: 280_000,
  channels: 290_000,
  officerQr: 300_000,
  pledge: 310_000,
} as const;

/** A person of the marketing actor (the same index always gives the same person). */
export function personAt(seed: number, index: number): Person {
  return person(rngFor(seed, 'marketing.person', index), index);
}

export function headOf(branch: string): string {
  return branch === 'YZ-GL' ? 'head1' : `${branchSlug(branch)}.head`;
}

const officerCache = new Map<number, Map<string, string[]>>();
/** The branch's customer managers by username (the roster's, and officer1 at 鼓楼支行). */
export function officersOf(seed: number, branch: string): string[] {
  let bySeed = officerCache.get(seed);
  if (!bySeed) {
    bySeed = new Map();
    for (const m of demoRoster(seed)) {
      if (!m.roles.includes('loan_officer')) continue;
      bySeed.set(m.branch, [...(bySeed.get(m.branch) ?? []), m.username]);
    }
    bySeed.set('YZ-GL', ['officer1', ...(bySeed.get('YZ-GL') ?? [])]);
    officerCache.set(seed, bySeed);
  }
  return bySeed.get(branch) ?? [];
}

/** The lending branches that have customer managers. */
export function marketingBranches(seed: number): string[] {
  return LENDING_BRANCHES.filter((b) => officersOf(seed, b).length > 0);
}

const branchIds = new WeakMap<Sim, Map<string, number>>();
/** A branch's id, from the branch list as the console reads it. */
export async function branchId(sim: Sim, code: string): Promise<number> {
  let m = branchIds.get(sim);
  if (!m) {
    const admin = await sim.as('admin');
    const list = await admin.get<{ items: Array<{ id: number; code: string }> }>('/api/v1/branches');
    m = new Map(list.items.map((b) => [b.code, b.id]));
    branchIds.set(sim, m);
  }
  const id = m.get(code);
  if (id === undefined) throw new Error(`demo marketing: no branch ${code}`);
  return id;
}

/** A staff member's id (from the staff list by username, as the console shows it). */
export async function staffId(sim: Sim, username: string): Promise<number> {
  const admin = await sim.as('admin');
  const page = await admin.get<{ items: Array<{ id: number; username: string }> }>(
    `/api/v1/staff?q=${encodeURIComponent(username)}&pageSize=50`,
  );
  const hit = page.items.find((s) => s.username === username);
  if (!hit) throw new Error(`demo marketing: no staff ${username}`);
  return hit.id;
}

/**
 * Settles an application the policy referred to a person: the approver approves it at the policy's
 * limit (or the amount asked). Returns the credit line, or null when the application was declined.
 */
export async function settle(sim: Sim, result: ApplicationResult, requestedYuan: number): Promise<number | null> {
  if (result.creditLineId) return result.creditLineId;
  if (result.status !== 'REFERRED') return null;
  const approver = await sim.as('approver1');
  sim.wait(1800);
  const limit = Number(result.decision.limit) > 0 ? result.decision.limit : `${requestedYuan}.00`;
  const decided = await approver.post<{ creditLineId: number | null }>(`/api/v1/applications/${result.id}/decision`, {
    outcome: 'APPROVE',
    limit,
    comment: '核实收入与经营情况，同意授信',
  });
  sim.count('marketing.referredApproved');
  return decided.creditLineId ?? null;
}

/** The line's limit available to draw (yuan, whole). */
export async function lineAvailable(who: DemoApi, lineId: number): Promise<number> {
  const line = await who.get<CreditLineDetail>(`/api/v1/credit-lines/${lineId}`);
  return Math.floor(Number(line.available));
}

/**
 * An import whose checker may approve but not read imports (the executive checks prospect lists): the maker
 * uploads, the checker approves in review, the maker sees it applied.
 */
export async function importCheckedBy(
  sim: Sim,
  o: { type: string; filename: string; bytes: string; maker: string; checker: string },
): Promise<ImportBatch> {
  const maker = await sim.as(o.maker);
  const batch = await maker.upload<ImportBatch>(
    `/api/v1/imports?type=${encodeURIComponent(o.type)}&filename=${encodeURIComponent(o.filename)}`,
    o.bytes,
    'text/csv',
  );
  if (batch.status !== 'PENDING_REVIEW' || batch.reviewRequestId === null)
    throw new Error(`import ${o.type} ${o.filename}: ${batch.status} (${batch.errorRows} rows with errors)`);
  sim.wait(300);
  const checker = await sim.as(o.checker);
  await checker.post(`/api/v1/review/requests/${batch.reviewRequestId}/approve`, { comment: '名单来源合规，同意导入' });
  const applied = await maker.get<ImportBatch>(`/api/v1/imports/${batch.id}`);
  if (applied.status !== 'APPLIED') throw new Error(`import ${o.type} ${o.filename}: approved but ${applied.status}`);
  return applied;
}
