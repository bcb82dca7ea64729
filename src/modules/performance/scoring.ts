/**
 * The ranking's score (pure): each KPI is normalised across the ranked units by min–max to 0–100
 * (the best unit 100, the worst 0, the rest in proportion; a negative growth is just a low value), and
 * the score is Σ weight × normalised / 100, so it lies in 0–100 when the weights sum to 100. A KPI on
 * which every unit has the same value (all zero, say) tells them apart in nothing: it gives everyone 0.
 * A unit without a value (a rate with nothing measured, null) counts as the worst (0) on that KPI. Scores
 * are rounded half-up to two decimals; units with the same rounded score share a rank (1, 1, 3),
 * listed by id among themselves.
 */
import { Dec } from '../../kernel/rate.js';
import { KPI_KEYS, type KpiKey, type KpiWeights } from './performance.contract.js';

export type KpiValues = Record<KpiKey, string | number | null>;

export interface ScoredUnit {
  id: number;
  score: string;
  rank: number;
}

/** Min–max normalisation of one KPI's values to 0–100 (nulls and an all-equal column: 0). */
export function normalise(values: ReadonlyArray<string | number | null>): InstanceType<typeof Dec>[] {
  const present = values.filter((v): v is string | number => v !== null).map((v) => new Dec(v));
  if (present.length === 0) return values.map(() => new Dec(0));
  let min = present[0];
  let max = present[0];
  for (const v of present) {
    if (v.lt(min)) min = v;
    if (v.gt(max)) max = v;
  }
  const span = max.minus(min);
  return values.map((v) => (v === null || span.isZero() ? new Dec(0) : new Dec(v).minus(min).mul(100).div(span)));
}

/** Sum of the weights (for the check that they make 100). */
export function weightsTotal(w: KpiWeights): InstanceType<typeof Dec> {
  return KPI_KEYS.reduce((a, k) => a.plus(new Dec(w[k])), new Dec(0));
}

/** Scores and ranks of the units, best first (ties share a rank, then by id). */
export function scoreUnits(units: ReadonlyArray<{ id: number; kpis: KpiValues }>, weights: KpiWeights): ScoredUnit[] {
  const columns = KPI_KEYS.map((k) => normalise(units.map((u) => u.kpis[k])));
  const scored = units.map((u, i) => {
    let total = new Dec(0);
    KPI_KEYS.forEach((k, j) => {
      total = total.plus(columns[j][i].mul(new Dec(weights[k])).div(100));
    });
    return { id: u.id, score: total.toFixed(2, Dec.ROUND_HALF_UP) };
  });
  scored.sort((a, b) => new Dec(b.score).comparedTo(new Dec(a.score)) || a.id - b.id);
  const out: ScoredUnit[] = [];
  scored.forEach((s, i) => {
    const rank = i > 0 && out[i - 1].score === s.score ? out[i - 1].rank : i + 1;
    out.push({ ...s, rank });
  });
  return out;
}

/** A percent with two decimals (half-up) of part / whole, null when whole is 0. */
export function pctOf(part: bigint | number, whole: bigint | number): string | null {
  if (BigInt(whole) === 0n) return null;
  return new Dec(part.toString()).mul(100).div(new Dec(whole.toString())).toFixed(2, Dec.ROUND_HALF_UP);
}
