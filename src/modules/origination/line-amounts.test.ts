import { describe, expect, it } from 'vitest';
import { lineAmounts } from './line-amounts.js';

const Y = (n: number) => BigInt(n) * 100n;

describe('lineAmounts — a line shows drawn, available and closed amounts truthfully', () => {
  it('a one-off ¥50,000 line after a ¥30,000 drawdown: ¥30,000 used and drawn, nothing available, ¥20,000 closed', () => {
    expect(lineAmounts({ limitFen: Y(50000), availableFen: 0n, drawnFen: Y(30000), revolving: false, status: 'CLOSED' })).toEqual({
      usedFen: Y(30000),
      drawnFen: Y(30000),
      availableFen: 0n,
      closedFen: Y(20000),
    });
  });

  it('a one-off line not yet drawn: all available, nothing used or closed', () => {
    expect(lineAmounts({ limitFen: Y(50000), availableFen: Y(50000), drawnFen: 0n, revolving: false, status: 'ACTIVE' })).toEqual({
      usedFen: 0n,
      drawnFen: 0n,
      availableFen: Y(50000),
      closedFen: 0n,
    });
  });

  it('a revolving line: used is what is drawn and not repaid; drawn counts every drawdown; nothing closed', () => {
    expect(lineAmounts({ limitFen: Y(50000), availableFen: Y(45000), drawnFen: Y(25000), revolving: true, status: 'ACTIVE' })).toEqual({
      usedFen: Y(5000),
      drawnFen: Y(25000),
      availableFen: Y(45000),
      closedFen: 0n,
    });
  });

  it('a revolving line closed after payoff: nothing used, the whole limit closed', () => {
    expect(lineAmounts({ limitFen: Y(50000), availableFen: 0n, drawnFen: Y(10000), revolving: true, status: 'CLOSED' })).toMatchObject({
      usedFen: 0n,
      closedFen: Y(50000),
    });
  });
});
