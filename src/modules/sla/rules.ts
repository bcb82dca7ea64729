/**
 * The 543 standard's arithmetic, pure: which parameter version is in force on a date, how far a stage
 * ran over its limit, and a compliance rate. No I/O, no clock.
 */
import type { SlaStage } from './sla.contract.js';

export interface SlaParams {
  version: number;
  effectiveFrom: string;
  lockSeconds: number;
  recommendSeconds: number;
  disburseSeconds: number;
  penaltyFen: bigint;
}

/** The version in force on `date`: the latest effective_from ≤ date, the highest version among equals; null before the first. */
export function paramsOn(versions: readonly SlaParams[], date: string): SlaParams | null {
  let best: SlaParams | null = null;
  for (const v of versions) {
    if (v.effectiveFrom > date) continue;
    if (!best || v.effectiveFrom > best.effectiveFrom || (v.effectiveFrom === best.effectiveFrom && v.version > best.version)) best = v;
  }
  return best;
}

export function limitOf(p: SlaParams, stage: SlaStage): number {
  return stage === 'LOCK' ? p.lockSeconds : stage === 'RECOMMEND' ? p.recommendSeconds : p.disburseSeconds;
}

/**
 * The whole seconds a stage of `durationMs` ran over a limit of `limitSeconds`: 0 at or under the
 * limit (exactly at the limit is no breach), rounded up otherwise (a millisecond over counts as one second).
 */
export function overrunSeconds(durationMs: number, limitSeconds: number): number {
  const over = durationMs - limitSeconds * 1000;
  return over <= 0 ? 0 : Math.ceil(over / 1000);
}

/** The compliant share of the measured stages as a percent with two decimals, half-up ("95.00"); null when nothing was measured. */
export function complianceRate(measured: number, breaches: number): string | null {
  if (measured <= 0) return null;
  const compliant = BigInt(Math.max(0, measured - breaches));
  const basisPoints = (compliant * 20000n + BigInt(measured)) / (2n * BigInt(measured)); // half-up of compliant × 10000 / measured
  const whole = basisPoints / 100n;
  const frac = (basisPoints % 100n).toString().padStart(2, '0');
  return `${whole}.${frac}`;
}
