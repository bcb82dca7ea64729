/** The customer's first screen: the bank, the five online loan products, apply, and services. */
import { useNavigate } from 'react-router-dom';
import { Button, Card, Footer, List, NoticeBar, SafeArea, Space, Tag, Toast } from 'antd-mobile';
import { useI18n, type MobileMessageKey } from './i18n';
import { LangButton } from './LangButton';

/** The bank's customer-service line (Shandong rural credit system). Check before going live. */
export const HOTLINE = '96588';

interface Product {
  code: string;
  tag: MobileMessageKey;
  color: string;
}

const PRODUCTS: readonly Product[] = [
  { code: 'XIN_E_DAI', tag: 'm.tag.credit', color: '#1a7f5a' },
  { code: 'XIN_E_KUAI_DAI', tag: 'm.tag.fast', color: '#fa8c16' },
  { code: 'JI_E_DAI', tag: 'm.tag.local', color: '#1677ff' },
  { code: 'BAOZHENG_E_DAI', tag: 'm.tag.guarantee', color: '#722ed1' },
  { code: 'ZHIYA_E_DAI', tag: 'm.tag.pledge', color: '#c41d7f' },
];

export function HomePage() {
  const { t } = useI18n();
  const navigate = useNavigate();

  const apply = () => {
    Toast.show({ content: t('m.comingSoon') });
  };

  return (
    <div className="hnm-page">
      <SafeArea position="top" />
      <header className="hnm-hero">
        <div className="hnm-hero-top">
          <span className="hnm-bank" data-testid="m-bank">
            {t('m.bank')}
          </span>
          <LangButton />
        </div>
        <h1 className="hnm-brand">{t('m.brand')}</h1>
        <p className="hnm-slogan">{t('m.slogan')}</p>
        <Button block color="warning" size="large" shape="rounded" className="hnm-apply" onClick={apply} data-testid="m-apply">
          {t('m.apply')}
        </Button>
      </header>

      <NoticeBar content={t('m.notice')} color="info" wrap />

      <section className="hnm-section">
        <h2 className="hnm-section-title">{t('m.products')}</h2>
        <Space direction="vertical" block style={{ '--gap': '10px' }}>
          {PRODUCTS.map((p) => (
            <Card key={p.code} className="hnm-product" onClick={apply} data-testid={`m-product-${p.code}`}>
              <div className="hnm-product-row">
                <span className="hnm-product-mark" style={{ background: p.color }}>
                  e
                </span>
                <div className="hnm-product-body">
                  <div className="hnm-product-name">
                    {t(`m.product.${p.code}` as MobileMessageKey)}
                    <Tag color={p.color} fill="outline" style={{ marginLeft: 8 }}>
                      {t(p.tag)}
                    </Tag>
                  </div>
                  <div className="hnm-product-desc">{t(`m.product.${p.code}.desc` as MobileMessageKey)}</div>
                </div>
              </div>
            </Card>
          ))}
        </Space>
      </section>

      <section className="hnm-section">
        <h2 className="hnm-section-title">{t('m.services')}</h2>
        <List mode="card" className="hnm-list">
          <List.Item
            prefix={<span className="hnm-service-icon">¥</span>}
            description={t('m.calculatorDesc')}
            onClick={() => navigate('/calculator')}
            data-testid="m-calculator"
          >
            {t('m.calculator')}
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
          </div>
        }
      />
      <SafeArea position="bottom" />
    </div>
  );
}
