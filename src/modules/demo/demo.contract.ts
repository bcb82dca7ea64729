/** The demo bank's build status (issue 16): what the console's banner and `huinong demo` show. */
import { z } from 'zod';
import { isoDate } from '../../kernel/contract.js';

export const DEMO_BUILD_STATES = ['BUILDING', 'READY', 'FAILED'] as const;
export const DEMO_BUILD_PHASES = ['OPENING', 'DAY', 'DONE'] as const;

export const demoStatusView = z.object({
  /** BUILDING while the quarter is being lived, READY when done (or when demo mode keeps the bank at 2026-01-01), FAILED. */
  state: z.enum(DEMO_BUILD_STATES),
  /** Share of the build done, 0–100. */
  progress: z.number().int().min(0).max(100),
  phase: z.enum(DEMO_BUILD_PHASES),
  /** The day being lived (phase DAY), else null. */
  day: isoDate.nullable(),
  daysDone: z.number().int().min(0),
  daysTotal: z.number().int().min(0),
  /** Whether this demo bank lives the quarter at all (HUINONG_DEMO_QUARTER). */
  quarter: z.boolean(),
  seed: z.number().int().nullable(),
  /** Why the build failed (FAILED only). */
  error: z.string().nullable(),
});
export type DemoStatusView = z.infer<typeof demoStatusView>;
