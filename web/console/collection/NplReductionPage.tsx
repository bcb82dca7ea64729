import { useState } from 'react';
import { Button, Card, DatePicker, Space, Table, type TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { api } from '../../shared/api';
import { ExportButton } from '../../shared/list';
import { useAsync } from '../../shared/useAsync';
import { useI18n } from '../i18n';
import { showError } from '../shell/feedback';
import { PageHeader } from '../shell/pages';
import { Yuan } from '../loans/ui';
import { collectionApi, type NplReductionRow } from './api';

/** NPL reduction (不良压降) by method, branch and period. */
export function NplReductionPage() {
  const { t } = useI18n();
  const bd = useAsync((signal) => api.get<{ businessDate: string }>('/api/v1/business-date', undefined, { signal }), []);
  const [range, setRange] = useState<[Dayjs, Dayjs] | null>(null);
  const to = range?.[1].format('YYYY-MM-DD') ?? bd.data?.businessDate;
  const from = range?.[0].format('YYYY-MM-DD') ?? (to ? `${to.slice(0, 4)}-01-01` : undefined);
  const report = useAsync((signal) => collectionApi.reduction({ from: from!, to: to! }, signal), [from, to], {
    enabled: !!from && !!to,
    onError: showError,
  });
  const yuan = (v: string) => <Yuan value={v} />;
  const columns: TableColumnsType<NplReductionRow> = [
    { title: t('coll.branch'), dataIndex: 'branchName', width: 180, render: (v: string | null) => v ?? '—' },
    { title: t('coll.cash'), dataIndex: 'cash', align: 'right', render: yuan },
    { title: t('coll.restructuring'), dataIndex: 'restructuring', align: 'right', render: yuan },
    { title: t('coll.writeOffAmount'), dataIndex: 'writeOff', align: 'right', render: yuan },
    { title: t('coll.upgrade'), dataIndex: 'upgrade', align: 'right', render: yuan },
    { title: t('coll.total'), dataIndex: 'total', align: 'right', render: (v: string) => <Yuan value={v} strong /> },
    { title: t('coll.loansCount'), dataIndex: 'loans', align: 'right', width: 100 },
  ];
  const rows = report.data ? [...report.data.rows, report.data.total] : [];
  return (
    <>
      <PageHeader title={t('coll.reduction')} subtitle={t('coll.reductionSubtitle')} />
      <Card>
        <Space style={{ marginBottom: 16 }} wrap>
          <DatePicker.RangePicker
            value={range ?? (from && to ? [dayjs(from), dayjs(to)] : null)}
            onChange={(v) => setRange(v && v[0] && v[1] ? [v[0], v[1]] : null)}
            data-testid="reduction-range"
          />
          <Button onClick={report.reload}>{t('coll.query')}</Button>
          {from && to && (
            <ExportButton path="/api/v1/collection/npl-reduction" query={{ from, to }} filename={t('coll.reduction')} onError={showError} />
          )}
        </Space>
        <Table<NplReductionRow>
          rowKey={(r) => String(r.branchId ?? 'total')}
          columns={columns}
          dataSource={rows}
          loading={report.loading}
          pagination={false}
          size="middle"
          data-testid="reduction-table"
        />
      </Card>
    </>
  );
}
