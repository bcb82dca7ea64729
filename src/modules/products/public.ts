/** The public product list (mobile page, trial calculator): what a customer may see, nothing internal. */
import type { Db } from '../../db/client.js';
import { formatYuan, type IsoDate } from '../../kernel/index.js';
import { indicativeRateRange } from './params.js';
import type { PublicProduct, PublicProductList } from './products.contract.js';
import { listProducts, lprAt } from './products.service.js';

export async function publicProducts(db: Db, businessDate: IsoDate, lang: 'zh' | 'en'): Promise<PublicProductList> {
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
