/** 短信发件箱: what the embedded SMS gateway sent, newest first (codes visible in demo mode only). */
import { type HTMLAttributes } from 'react';
import { Button, Card, Input, Tag, type TableColumnsType } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { defineStatusTones, PagedTable, StatusTag, usePagedQuery } from '../../shared/list';
import { tryT, useI18n } from '../i18n';
import { showError } from '../shell/feedback';
import { formatDateTime } from '../shell/format';
import { PageHeader } from '../shell/pages';
import { tid } from '../shell/testid';
import { smsApi, type OutboxItem } from './api';

type Filters = { mobile?: string };

const STATUS_TONES = defineStatusTones<string>({ SENT: 'success', QUEUED: 'pending', FAILED: 'danger' });

export function OutboxPage() {
  const { t } = useI18n();
  // a mobile is searched (and exported) by POST: it never goes into a URL
  const list = usePagedQuery<OutboxItem, Filters>((q, signal) => smsApi.outbox(q, signal), { onError: showError });
  const demo = list.data && 'demo' in list.data ? list.data.demo : undefined;

  const columns: TableColumnsType<OutboxItem> = [
    { title: t('sms.sentAt'), dataIndex: 'createdAt', width: 170, fixed: 'left', render: (v: string) => formatDateTime(v) },
    { title: t('sms.mobile'), dataIndex: 'mobileMasked', width: 130, render: (v: string) => <span className="hn-mono">{v}</span> },
    { title: t('sms.template'), dataIndex: 'template', width: 150, render: (v: string) => <Tag>{tryT(t, `sms.template.${v}`, v)}</Tag> },
    { title: t('sms.text'), dataIndex: 'text', render: (v: string, row) => <span data-testid={`sms-text-${row.id}`}>{v}</span> },
    {
      title: t('sms.status'),
      dataIndex: 'status',
      width: 100,
      render: (s: string) => (
        <StatusTag tone={STATUS_TONES[s] ?? 'closed'} data={{ status: s }}>
          {tryT(t, `sms.status.${s}`, s)}
        </StatusTag>
      ),
    },
    { title: t('sms.customer'), dataIndex: 'customerId', width: 100, render: (v: number | null) => v ?? '—' },
  ];

  return (
    <>
      <PageHeader title={t('sms.title')} subtitle={demo === false ? t('sms.subtitle') : t('sms.subtitleDemo')} />
      <Card>
        <PagedTable<OutboxItem, Filters>
          query={list}
          columns={columns}
          settingsKey="sms-outbox"
          toolbar={
            <>
              <Input.Search
                allowClear
                style={{ width: 240 }}
                placeholder={t('sms.mobilePlaceholder')}
                value={list.draft.mobile ?? ''}
                onChange={(e) => {
                  const mobile = e.target.value;
                  list.setDraft({ mobile });
                  if (!mobile) list.search({});
                }}
                onSearch={(v) => list.search({ mobile: v.trim() || undefined })}
                data-testid="sms-search"
              />
              <Button onClick={list.reset}>{t('common.reset')}</Button>
              <Button icon={<ReloadOutlined />} onClick={list.reload} data-testid="sms-refresh">
                {t('common.refresh')}
              </Button>
            </>
          }
          exportTo={{ path: '/api/v1/sms/outbox/search', method: 'POST', filename: t('sms.title'), onError: showError }}
          rowKey={(r) => String(r.id)}
          scroll={{ x: 1000 }}
          onRow={(r) => tid<HTMLAttributes<HTMLElement>>(`sms-row-${r.id}`)}
          pageSizeOptions={[10, 20, 50, 100]}
          emptyText={t('sms.empty')}
        />
      </Card>
    </>
  );
}
