/**
 * The demo build's record (demo_builds): begun, moved on day by day, finished. The build itself lives in
 * demo/quarter (it drives the other modules through their routes); this module only keeps and serves its
 * state, so any server process over the same database answers the status.
 */
import { sql } from 'drizzle-orm';
import { queryOne, type Db } from '../../db/client.js';
import type { IsoDate } from '../../kernel/dates.js';
import type { DemoStatusView } from './demo.contract.js';

export interface DemoBuildStart {
  seed: number;
  scale: number;
  daysTotal: number;
  /** The wall-clock instant the build began (the simulation moves the domain clock). */
  startedAt: Date;
}

export async function beginDemoBuild(db: Db, b: DemoBuildStart): Promise<number> {
  const row = await queryOne<{ id: string }>(
    db,
    sql`INSERT INTO demo_builds (seed, scale, state, phase, days_total, started_at)
        VALUES (${b.seed}, ${b.scale}, 'BUILDING', 'OPENING', ${b.daysTotal}, ${b.startedAt.toISOString()}::timestamptz)
        RETURNING id`,
  );
  return Number(row!.id);
}

export async function recordDemoProgress(
  db: Db,
  id: number,
  p: { phase: 'OPENING' | 'DAY'; day: IsoDate | null; daysDone: number; progress: number },
): Promise<void> {
  const progress = Math.max(0, Math.min(99, Math.floor(p.progress)));
  await db.execute(
    sql`UPDATE demo_builds SET phase = ${p.phase}, day = ${p.day}::date, days_done = ${p.daysDone}, progress = ${progress}
         WHERE id = ${id} AND state = 'BUILDING'`,
  );
}

export async function finishDemoBuild(db: Db, id: number, f: { ok: boolean; error?: string; finishedAt: Date }): Promise<void> {
  await db.execute(
    sql`UPDATE demo_builds
           SET state = ${f.ok ? 'READY' : 'FAILED'}, phase = ${f.ok ? 'DONE' : 'DAY'}, progress = ${f.ok ? 100 : sql`progress`},
               days_done = ${f.ok ? sql`days_total` : sql`days_done`},
               error = ${f.error ?? null}, finished_at = ${f.finishedAt.toISOString()}::timestamptz
         WHERE id = ${id}`,
  );
}

interface BuildRow {
  id: string;
  seed: string;
  state: 'BUILDING' | 'READY' | 'FAILED';
  phase: 'OPENING' | 'DAY' | 'DONE';
  day: string | null;
  days_done: number;
  days_total: number;
  progress: number;
  error: string | null;
}

/** The latest build, or null when the quarter was never begun here. */
export async function latestDemoBuild(db: Db): Promise<BuildRow | null> {
  const row = await queryOne<BuildRow>(
    db,
    sql`SELECT id, seed::text AS seed, state, phase, day::text AS day, days_done, days_total, progress, error
          FROM demo_builds ORDER BY id DESC LIMIT 1`,
  );
  return row ?? null;
}

/**
 * The status: the latest build's; with the quarter off, READY at once (the bank stays at 2026-01-01);
 * with it on and no build recorded yet (the server has just started), BUILDING at 0.
 */
export async function demoStatus(db: Db, quarter: boolean): Promise<DemoStatusView> {
  const b = await latestDemoBuild(db);
  if (!b) {
    return {
      state: quarter ? 'BUILDING' : 'READY',
      progress: quarter ? 0 : 100,
      phase: quarter ? 'OPENING' : 'DONE',
      day: null,
      daysDone: 0,
      daysTotal: 0,
      quarter,
      seed: null,
      error: null,
    };
  }
  return {
    state: b.state,
    progress: b.progress,
    phase: b.phase,
    day: b.day,
    daysDone: b.days_done,
    daysTotal: b.days_total,
    quarter: true,
    seed: Number(b.seed),
    error: b.error,
  };
}
