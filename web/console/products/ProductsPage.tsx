/** Products: the five online products with their key parameters in force, and the LPR panel. */
import type { HTMLAttributes } from 'react';
import { Link } from 'react-router-dom';
import { Button, Card, Empty, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { ClockCircleOutlined, ReloadOutlined } from '@ant-design/icons';
import { useAsync } from '../../shared/useAsync';
import { ExportButton } from '../../shared/list';
import { pickLang } from '../../shared/i18n';
import { useI18n } from '../i18n';
import { showError } from '../shell/feedback';
import { PageHeader } from '../shell/pages';
import { tid } from '../shell/testid';
import { productApi, type ProductView } from './api';
import { LprPanel } from './LprPanel';
import { KindTag, MethodTags, groupYuan } from './ui';

export function ProductsPage() {
  const { t, lang } = useI18n();
  const { data, loading, reload } = useAsync((signal) => productApi.list(signal), [], { onError: showError });

  const columns: TableColumnsType<ProductView> = [
    {
      title: t('product.name'),
      key: 'name',
      fixed: 'left',
      width: 200,
      render: (_: unknown, r) => (
        <Space orientation="vertical" size={0}>
          <Link to={`/products/${encodeURIComponent(r.code)}`} data-testid={`product-link-${r.code}`}>
            <Typography.Text strong>{pickLang(lang, r.nameZh, r.nameEn)}</Typography.Text>
          </Link>
          <span className="hn-mono" style={{ fontSize: 12, color: 'rgba(0,0,0,0.45)' }}>
            {r.code}
          </span>
        </Space>
      ),
    },
    { title: t('product.kind'), dataIndex: 'kind', width: 90, render: (v: ProductView['kind']) => <KindTag kind={v} /> },
    {
      title: t('product.amountRange'),
      key: 'amount',
      width: 190,
      align: 'right',
      render: (_: unknown, r) => (
        <span className="hn-mono">
          {groupYuan(r.params.minAmount)} – {groupYuan(r.params.maxAmount)}
        </span>
      ),
    },
    {
      title: t('product.termRange'),
      key: 'term',
      width: 110,
      render: (_: unknown, r) => t('product.monthsRange', { min: r.params.minTermMonths, max: r.params.maxTermMonths }),
    },
    {
      title: t('product.methods'),
      key: 'methods',
      width: 260,
      render: (_: unknown, r) => <MethodTags methods={r.params.repaymentMethods} />,
    },
    {
      title: (
        <Tooltip title={t('product.rateRangeHint')}>
          <span>{t('product.rateRange')}</span>
        </Tooltip>
      ),
      key: 'rate',
      width: 130,
      render: (_: unknown, r) =>
        r.indicativeRate ? <span className="hn-mono">{`${r.indicativeRate.minPct}%–${r.indicativeRate.maxPct}%`}</span> : '—',
    },
    {
      title: t('product.version'),
      key: 'version',
      width: 220,
      render: (_: unknown, r) => (
        <Space orientation="vertical" size={2}>
          <span>{t('product.versionText', { v: r.version, date: r.effectiveDate })}</span>
          {r.scheduled && (
            <Tag icon={<ClockCircleOutlined />} color="processing">
              {t('product.scheduledTag', { v: r.scheduled.version, date: r.scheduled.effectiveDate })}
            </Tag>
          )}
        </Space>
      ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 90,
      fixed: 'right',
      render: (_: unknown, r) => <Link to={`/products/${encodeURIComponent(r.code)}`}>{t('product.detail')}</Link>,
    },
  ];

  return (
    <>
      <PageHeader
        title={t('product.title')}
        subtitle={t('product.subtitle')}
        extra={
          <>
            <Button icon={<ReloadOutlined />} onClick={reload} aria-label={t('common.refresh')} />
            <ExportButton path="/api/v1/products" filename={t('product.title')} onError={showError} testId="products-export" />
          </>
        }
      />
      <Card style={{ marginBottom: 16 }}>
        <Table<ProductView>
          rowKey="code"
          columns={columns}
          dataSource={data?.items ?? []}
          loading={loading}
          locale={{ emptyText: <Empty description={t('product.empty')} /> }}
          size="middle"
          pagination={false}
          scroll={{ x: 1300 }}
          onRow={(r) => tid<HTMLAttributes<HTMLElement>>(`product-row-${r.code}`)}
        />
      </Card>
      <LprPanel onChanged={reload} />
    </>
  );
}
