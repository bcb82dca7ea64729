/** One product: parameters in force (or on a chosen date), the edit form, and the version history. */
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import dayjs from 'dayjs';
import { Alert, Button, Card, DatePicker, Empty, Result, Space, Spin, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { ArrowLeftOutlined, ClockCircleOutlined, EditOutlined, ReloadOutlined } from '@ant-design/icons';
import { isApiError } from '../../shared/api';
import { pickLang } from '../../shared/i18n';
import { useAsync } from '../../shared/useAsync';
import { useI18n } from '../i18n';
import { useCan } from '../shell/auth';
import { showError } from '../shell/feedback';
import { formatDateTime } from '../shell/format';
import { PageHeader } from '../shell/pages';
import { productApi, type ProductVersionView, type SubmittedChange } from './api';
import { ParamsEditDrawer } from './ParamsEditDrawer';
import { KindTag, ParamsDescriptions, StateTag } from './ui';

export function ProductDetailPage() {
  const { code = '' } = useParams();
  const { t, lang } = useI18n();
  const can = useCan();
  const [date, setDate] = useState<string | undefined>(undefined);
  const [editing, setEditing] = useState(false);
  const [submitted, setSubmitted] = useState<{ res: SubmittedChange; effectiveDate: string } | null>(null);
  const { data, error, loading, reload } = useAsync((signal) => productApi.detail(code, date, signal), [code, date], {
    onError: showError,
  });

  if (!data) {
    if (loading) return <Spin style={{ display: 'block', margin: '80px auto' }} />;
    return (
      <Result
        status="404"
        subTitle={isApiError(error) ? error.message : t('page.notFound')}
        extra={
          <Link to="/products">
            <Button>{t('product.back')}</Button>
          </Link>
        }
      />
    );
  }

  const name = pickLang(lang, data.nameZh, data.nameEn);
  const versionColumns: TableColumnsType<ProductVersionView> = [
    { title: t('product.v.version'), dataIndex: 'version', width: 80, render: (v: number) => `v${v}` },
    { title: t('product.v.effectiveDate'), dataIndex: 'effectiveDate', width: 120 },
    { title: t('product.v.state'), dataIndex: 'state', width: 100, render: (v: ProductVersionView['state']) => <StateTag state={v} /> },
    {
      title: t('product.v.review'),
      dataIndex: 'reviewRequestId',
      width: 110,
      render: (v: number | null) => (v === null ? t('product.v.seeded') : <Link to={`/review?id=${v}`}>#{v}</Link>),
    },
    { title: t('product.v.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatDateTime(v) },
  ];

  return (
    <>
      <PageHeader
        title={
          <Space>
            <Link to="/products" aria-label={t('product.back')}>
              <ArrowLeftOutlined />
            </Link>
            {name}
            <Typography.Text type="secondary" className="hn-mono" style={{ fontSize: 13 }}>
              {data.code}
            </Typography.Text>
            <KindTag kind={data.kind} />
          </Space>
        }
        subtitle={
          <Space size={8} wrap>
            <span>{t('product.versionText', { v: data.version, date: data.effectiveDate })}</span>
            {data.indicativeRate && (
              <span>
                {t('product.rateRange')} {data.indicativeRate.minPct}%–{data.indicativeRate.maxPct}%（LPR {data.lprPct}%）
              </span>
            )}
            {data.scheduled && (
              <Tag icon={<ClockCircleOutlined />} color="processing">
                {t('product.scheduledTag', { v: data.scheduled.version, date: data.scheduled.effectiveDate })}
              </Tag>
            )}
          </Space>
        }
        extra={
          <Space>
            <DatePicker
              placeholder={t('product.viewDate')}
              value={date ? dayjs(date) : null}
              onChange={(d) => setDate(d ? d.format('YYYY-MM-DD') : undefined)}
              data-testid="product-view-date"
            />
            <Button icon={<ReloadOutlined />} onClick={reload} aria-label={t('common.refresh')} />
            {can('product:write') && (
              <Button type="primary" icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="product-edit">
                {t('product.edit')}
              </Button>
            )}
          </Space>
        }
      />
      {submitted && (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 16 }}
          closable={{ onClose: () => setSubmitted(null) }}
          title={
            <span data-testid="product-submitted">
              {submitted.res.status === 'PENDING' ? t('product.submitted') : t('product.appliedDirectly')}
            </span>
          }
          description={
            submitted.res.status === 'PENDING' ? (
              <Space wrap>
                <span>{t('product.submittedDetail', { id: submitted.res.reviewRequestId, date: submitted.effectiveDate })}</span>
                <Link to={`/review?id=${submitted.res.reviewRequestId}`}>{t('product.goReview')}</Link>
              </Space>
            ) : undefined
          }
        />
      )}
      <Card title={t('product.paramsInEffect', { date: data.date })} style={{ marginBottom: 16 }} loading={loading}>
        <ParamsDescriptions params={data.params} testId="product-params" />
      </Card>
      <Card title={t('product.versions')}>
        <Table<ProductVersionView>
          rowKey="version"
          columns={versionColumns}
          dataSource={data.versions}
          size="small"
          pagination={false}
          locale={{ emptyText: <Empty description={t('common.noData')} /> }}
          expandable={{ expandedRowRender: (v) => <ParamsDescriptions params={v.params} /> }}
          data-testid="product-versions"
        />
      </Card>
      {editing && (
        <ParamsEditDrawer
          open={editing}
          onClose={() => setEditing(false)}
          code={data.code}
          name={name}
          params={data.params}
          businessDate={data.businessDate}
          onSubmitted={(res, effectiveDate) => {
            setSubmitted({ res, effectiveDate });
            reload();
          }}
        />
      )}
    </>
  );
}
