/**
 * Seeded random numbers for the demo quarter (pure-rand's xoroshiro128+). Every actor draws from its own
 * stream, keyed by the seed, the day and the actor's label, so one actor's draws never shift another's and a
 * day lived again draws the same numbers: the same seed gives the same bank.
 */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

export interface Rng {
  /** A whole number in [from, to]. */
  int(from: number, to: number): number;
  /** A number in [0, 1). */
  float(): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** One of the keys, with probability proportional to its weight. */
  weighted<T>(pairs: ReadonlyArray<readonly [T, number]>): T;
  /** A Poisson count with mean `mean` (Knuth for small means, normal approximation above 50). */
  poisson(mean: number): number;
  /** A normal draw. */
  normal(mean: number, sd: number): number;
  /** A new array in random order. */
  shuffle<T>(items: readonly T[]): T[];
  /** `n` distinct items (all of them when n ≥ length), in random order. */
  sample<T>(items: readonly T[], n: number): T[];
}

/** FNV-1a over the labels: a 32-bit seed for the stream. */
function hashLabels(seed: number, labels: ReadonlyArray<string | number>): number {
  let h = 0x811c9dc5 ^ (seed | 0);
  for (const ch of `${seed}|${labels.join('|')}`) {
    h ^= ch.codePointAt(0)!;
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

export function rngFor(seed: number, ...labels: Array<string | number>): Rng {
  const g = xoroshiro128plus(hashLabels(seed, labels));
  const float = () => uniformFloat64(g);
  const rng: Rng = {
    int: (from, to) => uniformInt(g, from, to),
    float,
    chance: (p) => float() < p,
    pick: (items) => {
      if (items.length === 0) throw new Error('rng.pick: no items');
      return items[uniformInt(g, 0, items.length - 1)];
    },
    weighted: (pairs) => {
      const total = pairs.reduce((s, [, w]) => s + w, 0);
      let x = float() * total;
      for (const [k, w] of pairs) {
        x -= w;
        if (x < 0) return k;
      }
      return pairs[pairs.length - 1][0];
    },
    poisson: (mean) => {
      if (mean <= 0) return 0;
      if (mean > 50) return Math.max(0, Math.round(rng.normal(mean, Math.sqrt(mean))));
      const l = Math.exp(-mean);
      let k = 0;
      let p = 1;
      do {
        k += 1;
        p *= float();
      } while (p > l);
      return k - 1;
    },
    normal: (mean, sd) => {
      const u = 1 - float();
      const v = float();
      return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
    shuffle: (items) => {
      const a = items.slice();
      for (let i = a.length - 1; i > 0; i--) {
        const j = uniformInt(g, 0, i);
        [a[i], a[j]] = [a[j], a[i]];
      }
      return a;
    },
    sample: (items, n) => rng.shuffle(items).slice(0, Math.max(0, n)),
  };
  return rng;
}

/**
 * Spreads `total` events over `days` slots: how many fall on each day, proportional to the weights (a
 * weekday counts more than a holiday). Deterministic for a stream; the counts sum to `total` exactly.
 */
export function spread(rng: Rng, total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((s, w) => s + w, 0);
  const counts = weights.map(() => 0);
  if (total <= 0 || sum <= 0) return counts;
  for (let i = 0; i < total; i++) {
    let x = rng.float() * sum;
    let d = 0;
    while (d < weights.length - 1 && x >= weights[d]) {
      x -= weights[d];
      d++;
    }
    counts[d] += 1;
  }
  return counts;
}
