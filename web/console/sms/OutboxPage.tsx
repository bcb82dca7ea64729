/** 短信发件箱: what the embedded SMS gateway sent, newest first (codes visible in demo mode only). */
import { useState, type HTMLAttributes } from 'react';
import { Button, Card, Empty, Input, Table, Tag, type TableColumnsType } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useAsync } from '../../shared/useAsync';
import { tryT, useI18n } from '../i18n';
import { showError } from '../shell/feedback';
import { formatDateTime } from '../shell/format';
import { PageHeader } from '../shell/pages';
import { tid } from '../shell/testid';
import { smsApi, type OutboxItem } from './api';

export function OutboxPage() {
  const { t } = useI18n();
  const [mobile, setMobile] = useState('');
  const [mobileInput, setMobileInput] = useState('');
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);

  const { data, loading, reload } = useAsync((signal) => smsApi.outbox({ page, pageSize, mobile: mobile || undefined }, signal), [page, pageSize, mobile], {
    onError: showError,
  });

  const columns: TableColumnsType<OutboxItem> = [
    { title: t('sms.sentAt'), dataIndex: 'createdAt', width: 170, render: (v: string) => formatDateTime(v) },
    { title: t('sms.mobile'), dataIndex: 'mobileMasked', width: 130, render: (v: string) => <span className="hn-mono">{v}</span> },
    { title: t('sms.template'), dataIndex: 'template', width: 150, render: (v: string) => <Tag>{tryT(t, `sms.template.${v}`, v)}</Tag> },
    { title: t('sms.text'), dataIndex: 'text', render: (v: string, row) => <span data-testid={`sms-text-${row.id}`}>{v}</span> },
    {
      title: t('sms.status'),
      dataIndex: 'status',
      width: 100,
      render: (s: string) => <Tag color={s === 'SENT' ? 'success' : s === 'FAILED' ? 'error' : 'default'}>{tryT(t, `sms.status.${s}`, s)}</Tag>,
    },
    { title: t('sms.customer'), dataIndex: 'customerId', width: 100, render: (v: string | number | null) => v ?? '—' },
  ];

  return (
    <>
      <PageHeader title={t('sms.title')} subtitle={data?.demo === false ? t('sms.subtitle') : t('sms.subtitleDemo')} />
      <Card>
        <div className="hn-toolbar">
          <Input.Search
            allowClear
            style={{ width: 240 }}
            placeholder={t('sms.mobilePlaceholder')}
            value={mobileInput}
            onChange={(e) => {
              setMobileInput(e.target.value);
              if (!e.target.value) {
                setMobile('');
                setPage(1);
              }
            }}
            onSearch={(v) => {
              setMobile(v.trim());
              setPage(1);
            }}
            data-testid="sms-search"
          />
          <Button icon={<ReloadOutlined />} onClick={reload} data-testid="sms-refresh">
            {t('common.refresh')}
          </Button>
        </div>
        <Table<OutboxItem>
          rowKey={(r) => String(r.id)}
          columns={columns}
          dataSource={data?.items ?? []}
          loading={loading}
          size="middle"
          scroll={{ x: 1000 }}
          onRow={(r) => tid<HTMLAttributes<HTMLElement>>(`sms-row-${r.id}`)}
          locale={{ emptyText: <Empty description={t('sms.empty')} /> }}
          pagination={{
            current: page,
            pageSize,
            total: data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [10, 20, 50, 100],
            showTotal: (total) => t('common.total', { total }),
            onChange: (p, ps) => {
              setPage(ps !== pageSize ? 1 : p);
              setPageSize(ps);
            },
          }}
        />
      </Card>
    </>
  );
}
