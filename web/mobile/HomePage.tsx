/**
 * The customer's first screen: who sent them (officer QR, a friend's referral, a pre-credit card), the
 * bank's online loan products, apply, and services. The arrival codes (?officer=, ?ref=, ?card=) are
 * carried along in the URL to the application, so a reload or a shared link keeps them.
 */
import { useMemo, useRef } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { Button, Card, Footer, List, NoticeBar, SafeArea, Space, Tag } from 'antd-mobile';
import { pickLang } from '../shared/i18n';
import { useAsync } from '../shared/useAsync';
import { useI18n, type MobileMessageKey } from './i18n';
import { LangButton } from './LangButton';
import { codesFromSearch, mobileApi, PRODUCT_CODES, searchOfCodes, type EntryInfo, type PublicProduct } from './api';
import { useProducts } from './portal';
import { cny } from './format';
import { errorText, useProductName } from './ui';

/** The bank's customer-service line (Shandong rural credit system). Check before going live. */
export const HOTLINE = '96588';

const LOOK: Record<string, { tag: MobileMessageKey; color: string }> = {
  XIN_E_DAI: { tag: 'm.tag.credit', color: '#1a7f5a' },
  XIN_E_KUAI_DAI: { tag: 'm.tag.fast', color: '#fa8c16' },
  JI_E_DAI: { tag: 'm.tag.local', color: '#1677ff' },
  BAOZHENG_E_DAI: { tag: 'm.tag.guarantee', color: '#722ed1' },
  ZHIYA_E_DAI: { tag: 'm.tag.pledge', color: '#c41d7f' },
};
const DEFAULT_LOOK = { tag: 'm.tag.credit' as MobileMessageKey, color: '#1a7f5a' };

function EntryBanner({ entry }: { entry: EntryInfo }) {
  const { t } = useI18n();
  const productName = useProductName();
  const lines: string[] = [];
  if (entry.officer) lines.push(t('m.entry.officer', { name: entry.officer.nameMasked, branch: entry.officer.branchName }));
  if (entry.referrer) lines.push(t('m.entry.referrer', { name: entry.referrer.nameMasked }));
  if (entry.card)
    lines.push(
      t('m.entry.card', { name: entry.card.nameMasked, product: productName(entry.card.productCode), limit: cny(entry.card.limit) }),
    );
  if (lines.length === 0) return null;
  return (
    <div className="hnm-entry" data-testid="m-entry">
      {lines.map((l) => (
        <div key={l} className="hnm-entry-line">
          {l}
        </div>
      ))}
    </div>
  );
}

export function HomePage() {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const productsRef = useRef<HTMLElement>(null);
  const codes = useMemo(() => codesFromSearch(params), [params]);
  const wanted = params.get('product');
  const hasCodes = !!(codes.officerCode || codes.referralCode || codes.cardCode);

  const products = useProducts();
  const entry = useAsync(
    (signal) => mobileApi.entry({ officer: codes.officerCode, ref: codes.referralCode, card: codes.cardCode }, signal),
    [codes.officerCode, codes.referralCode, codes.cardCode],
    { enabled: hasCodes },
  );

  // The products list from the server; the five built-in names while it loads or when it is unavailable.
  const list: Array<{ code: string; product: PublicProduct | null }> = products.data?.length
    ? products.data.map((p) => ({ code: p.code, product: p }))
    : PRODUCT_CODES.map((code) => ({ code, product: null }));

  const suffix = searchOfCodes(codes);
  const applyFor = (code: string) => navigate(`/apply/${encodeURIComponent(code)}${suffix}`);
  const heroProduct = entry.data?.card?.productCode ?? (wanted && list.some((p) => p.code === wanted) ? wanted : null);
  const hero = () => {
    if (heroProduct) applyFor(heroProduct);
    else productsRef.current?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  };

  return (
    <div className="hnm-page">
      <SafeArea position="top" />
      <header className="hnm-hero">
        <div className="hnm-hero-top">
          <span className="hnm-bank" data-testid="m-bank">
            {t('m.bank')}
          </span>
          <span className="hnm-hero-actions">
            <button type="button" className="hnm-lang" onClick={() => navigate(`/me${suffix}`)} data-testid="m-me">
              {t('m.me')}
            </button>
            <LangButton />
          </span>
        </div>
        <h1 className="hnm-brand">{t('m.brand')}</h1>
        <p className="hnm-slogan">{t('m.slogan')}</p>
        {entry.data && <EntryBanner entry={entry.data} />}
        <Button block color="warning" size="large" shape="rounded" className="hnm-apply" onClick={hero} data-testid="m-apply">
          {entry.data?.card ? t('m.entry.activate') : t('m.apply')}
        </Button>
      </header>

      {entry.error != null && <NoticeBar content={errorText(entry.error)} color="alert" wrap data-testid="m-entry-error" />}
      <NoticeBar content={t('m.notice')} color="info" wrap />

      <section className="hnm-section" ref={productsRef}>
        <h2 className="hnm-section-title">{t('m.products')}</h2>
        <Space direction="vertical" block style={{ '--gap': '10px' }}>
          {list.map(({ code, product }) => {
            const look = LOOK[code] ?? DEFAULT_LOOK;
            const name = product ? pickLang(lang, product.nameZh, product.nameEn) : t(`m.product.${code}` as MobileMessageKey);
            const builtInDesc = t(`m.product.${code}.desc` as MobileMessageKey);
            // The server's description is in the request's language; in English the page's own text
            // comes first, the server's where the page has none.
            const desc =
              lang === 'en' ? (builtInDesc.startsWith('m.') ? product?.description : builtInDesc) : product?.description || builtInDesc;
            return (
              <Card
                key={code}
                className={`hnm-product${wanted === code ? ' hnm-product-wanted' : ''}`}
                onClick={() => applyFor(code)}
                data-testid={`m-product-${code}`}
              >
                <div className="hnm-product-row">
                  <span className="hnm-product-mark" style={{ background: look.color }}>
                    e
                  </span>
                  <div className="hnm-product-body">
                    <div className="hnm-product-name">
                      {name}
                      <Tag color={look.color} fill="outline" style={{ marginLeft: 8 }}>
                        {t(look.tag)}
                      </Tag>
                    </div>
                    <div className="hnm-product-desc">{desc}</div>
                    {product && (
                      <div className="hnm-product-facts">
                        <span>{t('m.product.upTo', { amount: cny(product.maxAmount) })}</span>
                        {product.indicativeRate && <span>{t('m.product.rateFrom', { rate: product.indicativeRate.minPct })}</span>}
                        <span>{t('m.product.terms', { min: product.minTermMonths, max: product.maxTermMonths })}</span>
                      </div>
                    )}
                  </div>
                  <Button
                    size="small"
                    color="primary"
                    shape="rounded"
                    className="hnm-product-apply"
                    onClick={(e) => {
                      e.stopPropagation();
                      applyFor(code);
                    }}
                    data-testid={`m-apply-${code}`}
                  >
                    {t('m.applyShort')}
                  </Button>
                </div>
              </Card>
            );
          })}
        </Space>
      </section>

      <section className="hnm-section">
        <h2 className="hnm-section-title">{t('m.services')}</h2>
        <List mode="card" className="hnm-list">
          <List.Item
            prefix={<span className="hnm-service-icon">¥</span>}
            description={t('m.calculatorDesc')}
            onClick={() => navigate(`/calculator${wanted ? `?product=${encodeURIComponent(wanted)}` : ''}`)}
            data-testid="m-calculator"
          >
            {t('m.calculator')}
          </List.Item>
          <List.Item
            prefix={<span className="hnm-service-icon">☰</span>}
            description={t('m.meDesc')}
            onClick={() => navigate(`/me${suffix}`)}
            data-testid="m-me-item"
          >
            {t('m.me.title')}
          </List.Item>
        </List>
      </section>

      <Footer
        className="hnm-footer"
        content={
          <div className="hnm-footer-text">
            <a href={`tel:${HOTLINE}`} data-testid="m-hotline">
              {t('m.hotline', { phone: HOTLINE })}
            </a>
            <span>{t('m.hotlineHours')}</span>
            <span className="hnm-footer-note">{t('m.footer')}</span>
            <a href="/m/staff" className="hnm-footer-staff" data-testid="m-staff-entry">
              {t('m.wb.entry')}
            </a>
          </div>
        }
      />
      <SafeArea position="bottom" />
    </div>
  );
}
