/** 预授信批次: the approved white lists (paged, exported), each opening its people. */
import type { HTMLAttributes } from 'react';
import { Button, Card } from 'antd';
import { ReloadOutlined, UploadOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router-dom';
import { PagedTable, usePagedQuery } from '../../shared/list';
import { useI18n } from '../i18n';
import { useCan } from '../shell/auth';
import { showError } from '../shell/feedback';
import { formatDateTime } from '../shell/format';
import { PageHeader } from '../shell/pages';
import { tid } from '../shell/testid';
import { preCreditApi, type PreCreditBatchView } from './api';

export function PreCreditPage() {
  const { t } = useI18n();
  const can = useCan();
  const navigate = useNavigate();
  const list = usePagedQuery<PreCreditBatchView, Record<string, never>>((q, signal) => preCreditApi.batches(q, signal), {
    onError: showError,
  });
  const columns = [
    {
      title: t('pc.id'),
      dataIndex: 'id',
      width: 80,
      fixed: 'left' as const,
      render: (id: number) => <Link to={`/precredit/${id}`}>{id}</Link>,
    },
    { title: t('pc.product'), dataIndex: 'productCode', width: 140 },
    { title: t('pc.businessDate'), dataIndex: 'businessDate', width: 110 },
    { title: t('pc.validUntil'), dataIndex: 'validUntil', width: 110 },
    { title: t('pc.totalRows'), dataIndex: 'totalRows', width: 90, align: 'right' as const },
    { title: t('pc.approvedRows'), dataIndex: 'approvedRows', width: 100, align: 'right' as const },
    { title: t('pc.activeRows'), dataIndex: 'activeRows', width: 80, align: 'right' as const },
    { title: t('pc.usedRows'), dataIndex: 'usedRows', width: 80, align: 'right' as const },
    {
      title: t('pc.limitTotal'),
      dataIndex: 'limitTotal',
      width: 150,
      align: 'right' as const,
      render: (v: string) => <span className="hn-mono">{v}</span>,
    },
    { title: t('pc.policy'), dataIndex: 'policyVersion', width: 110 },
    { title: t('pc.createdAt'), dataIndex: 'createdAt', width: 160, render: (v: string) => formatDateTime(v) },
  ];
  return (
    <>
      <PageHeader
        title={t('pc.title')}
        subtitle={t('pc.subtitle')}
        extra={
          <>
            <Button onClick={() => navigate('/precredit/params')} data-testid="precredit-params">
              {t('pcp.link')}
            </Button>{' '}
            {can('precredit:import') ? (
              <Button icon={<UploadOutlined />} onClick={() => navigate('/imports')} data-testid="precredit-upload">
                {t('pc.upload')}
              </Button>
            ) : null}
          </>
        }
      />
      <Card>
        <PagedTable<PreCreditBatchView, Record<string, never>>
          query={list}
          columns={columns}
          rowKey="id"
          settingsKey="precredit-batches"
          testId="precredit-batches-table"
          emptyText={t('pc.empty')}
          scroll={{ x: 1300 }}
          exportTo={{ path: '/api/v1/precredit/batches', filename: t('pc.title'), onError: showError }}
          onRow={(r) => tid<HTMLAttributes<HTMLElement>>(`precredit-batch-row-${r.id}`)}
          toolbar={<Button icon={<ReloadOutlined />} onClick={list.reload} aria-label={t('common.refresh')} />}
        />
      </Card>
    </>
  );
}
