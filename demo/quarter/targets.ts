/**
 * The figures of the bank's own report for the first quarter of 2026 (issue 16), which the demo quarter's
 * behaviour is calibrated to reproduce. Nothing writes these numbers anywhere: they are what the reports
 * must come out at, and what the demo test and the README compare the reports with.
 */
export const QUARTER_TARGETS = {
  opening: { balanceYuan: 501_610_000, borrowers: 4_192, nplYuan: 4_940_000, nplRatioPct: 0.98 },
  closing: { balanceYuan: 562_350_000, borrowers: 4_624, nplYuan: 4_170_000, nplRatioPct: 0.74 },
  campaign: { marketedYuan: 223_250_000, nplReducedYuan: 4_420_000 },
  groups: { customers: 43, amountYuan: 6_540_000 },
  products: { zhiyaDisbursedYuan: 42_500_000, baozhengDisbursedYuan: 123_560_000 },
  /** Minimums ("2,300+", "30,000+"). */
  marketing: { preCreditCardsMin: 2_300, referredCustomers: 123, sms: 20_000, prospectRowsMin: 30_000, socialPushes: 13 },
  risk: { specialInspections: 3, findings: 46 },
  feedback: { items: 12, optimised: 10, inProgress: 2 },
  management: {
    penalties: 6,
    penaltyYuan: 600,
    exemplars: 8,
    interviewedUnits: 6,
    trainingSessions: 8,
    newCreditStaff: 14,
    devices: 78,
  },
} as const;
