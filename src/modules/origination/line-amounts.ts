/**
 * What a credit line's limit is made of, truthfully for both kinds of line (pure):
 *   used      — in use now: a revolving line's drawn and unrepaid part (limit − available); a one-off
 *               line's drawdown (it does not come back when repaid)
 *   drawn     — everything ever drawn on the line
 *   available — what may still be drawn
 *   closed    — the part of the limit that can no longer be drawn though it never was: a one-off line
 *               closes after its single drawdown, a closed line gives nothing more
 * used + available + closed = limit.
 */
export interface LineAmountsInput {
  limitFen: bigint;
  availableFen: bigint;
  /** Sum of the line's drawdowns. */
  drawnFen: bigint;
  revolving: boolean;
  status: string;
}

export interface LineAmounts {
  usedFen: bigint;
  drawnFen: bigint;
  availableFen: bigint;
  closedFen: bigint;
}

const clamp = (v: bigint, max: bigint) => (v < 0n ? 0n : v > max ? max : v);

export function lineAmounts(l: LineAmountsInput): LineAmounts {
  const availableFen = clamp(l.availableFen, l.limitFen);
  let usedFen: bigint;
  if (!l.revolving) usedFen = clamp(l.drawnFen, l.limitFen - availableFen);
  // A closed revolving line (its pledge released after payoff) has nothing in use.
  else if (l.status === 'CLOSED') usedFen = 0n;
  else usedFen = l.limitFen - availableFen;
  return { usedFen, drawnFen: l.drawnFen, availableFen, closedFen: l.limitFen - usedFen - availableFen };
}
