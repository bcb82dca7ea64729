/** The public product list (mobile page, trial calculator): what a customer may see, nothing internal. */
import type { Db } from '../../db/client.js';
import { formatYuan, type IsoDate } from '../../kernel/index.js';
import { indicativeRateRange, type ProductKind } from './params.js';
import { listProducts, lprAt } from './products.service.js';
import type { RepaymentMethod } from './schedule/index.js';

export interface PublicProduct {
  code: string;
  kind: ProductKind;
  /** In the request's language. */
  name: string;
  nameZh: string;
  nameEn: string;
  description: string;
  revolving: boolean;
  minAmount: string;
  maxAmount: string;
  minTermMonths: number;
  maxTermMonths: number;
  bulletMaxTermMonths: number;
  repaymentMethods: RepaymentMethod[];
  /** "年化利率 3.45%–5.65%" at the 1-year LPR of the business date; null when no LPR is in effect. */
  indicativeRate: { minPct: string; maxPct: string; text: string } | null;
}

export async function publicProducts(db: Db, businessDate: IsoDate, lang: 'zh' | 'en'): Promise<{ businessDate: IsoDate; lprPct: string | null; items: PublicProduct[] }> {
  const lprPct = await lprAt(db, businessDate, '1Y');
  const items = (await listProducts(db, businessDate)).map((p): PublicProduct => {
    const range = lprPct === null ? null : indicativeRateRange(p, lprPct);
    const label = lang === 'en' ? 'Annual rate' : '年化利率';
    return {
      code: p.code,
      kind: p.kind,
      name: lang === 'en' ? p.nameEn : p.nameZh,
      nameZh: p.nameZh,
      nameEn: p.nameEn,
      description: p.descriptionZh,
      revolving: p.revolving,
      minAmount: formatYuan(p.minAmountFen),
      maxAmount: formatYuan(p.maxAmountFen),
      minTermMonths: p.minTermMonths,
      maxTermMonths: p.maxTermMonths,
      bulletMaxTermMonths: p.bulletMaxTermMonths,
      repaymentMethods: p.repaymentMethods,
      indicativeRate: range && { ...range, text: `${label} ${range.minPct}%–${range.maxPct}%` },
    };
  });
  return { businessDate, lprPct, items };
}
