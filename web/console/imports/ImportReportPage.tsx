import { Link, useParams } from 'react-router-dom';
import { Button, Card, Descriptions, Result, Space, Spin, Typography, type TableColumnsType } from 'antd';
import { ArrowLeftOutlined, ReloadOutlined } from '@ant-design/icons';
import { isApiError } from '../../shared/api';
import { PagedTable, usePagedQuery, type Filters } from '../../shared/list';
import { useAsync } from '../../shared/useAsync';
import { tryT, useI18n } from '../i18n';
import { showError } from '../shell/feedback';
import { formatDateTime } from '../shell/format';
import { PageHeader } from '../shell/pages';
import { importApi, type ImportRowError } from './api';
import { ImportOutcome, ImportStatusTag } from './ImportOutcome';

function ErrorTable({ id }: { id: string }) {
  const { t } = useI18n();
  // the report answers items and total; the page is the one asked for
  const list = usePagedQuery<ImportRowError>(
    async (q, signal) => ({ ...(await importApi.errors(id, q.page, q.pageSize, signal)), page: q.page, pageSize: q.pageSize }),
    { onError: showError },
  );
  const columns: TableColumnsType<ImportRowError> = [
    { title: t('import.row'), dataIndex: 'row', width: 90, align: 'right', fixed: 'left' },
    { title: t('import.field'), dataIndex: 'field', width: 160, render: (v: string | null) => v ?? '—' },
    {
      title: t('import.value'),
      dataIndex: 'value',
      width: 220,
      ellipsis: true,
      render: (v: string | null) =>
        v === null || v === '' ? <span className="hn-diff-null">—</span> : <span className="hn-mono">{v}</span>,
    },
    { title: t('import.message'), dataIndex: 'message', render: (v: string) => <Typography.Text type="danger">{v}</Typography.Text> },
  ];
  return (
    <PagedTable<ImportRowError, Filters>
      query={list}
      columns={columns}
      settingsKey="import-errors"
      exportTo={{ path: `/api/v1/imports/${encodeURIComponent(id)}/errors`, filename: `${t('import.errors')}-${id}`, onError: showError }}
      rowKey={(r) => `${r.row}:${r.field ?? ''}:${r.code}`}
      bordered
      testId="import-errors"
    />
  );
}

export function ImportReportPage() {
  const { t } = useI18n();
  const { id = '' } = useParams();
  const { data: batch, loading, error, reload } = useAsync((signal) => importApi.get(id, signal), [id], { onError: showError });

  const back = (
    <Link to="/imports">
      <Button icon={<ArrowLeftOutlined />}>{t('import.backToList')}</Button>
    </Link>
  );

  if (loading && !batch) return <Spin style={{ display: 'block', margin: '64px auto' }} />;
  if (error && !batch) {
    return (
      <Result
        status={isApiError(error) && error.status === 404 ? '404' : 'error'}
        subTitle={isApiError(error) ? error.message : String(error)}
        extra={back}
      />
    );
  }
  if (!batch) return null;

  return (
    <>
      <PageHeader
        title={`${t('import.reportTitle')} · ${batch.filename}`}
        extra={
          <Space>
            <Button icon={<ReloadOutlined />} onClick={reload}>
              {t('common.refresh')}
            </Button>
            {back}
          </Space>
        }
      />
      <Card style={{ marginBottom: 16 }}>
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2, lg: 4 }}
          items={[
            { key: 'type', label: t('import.type'), children: tryT(t, `import.type.${batch.type}`, batch.type) },
            { key: 'status', label: t('common.status'), children: <ImportStatusTag status={batch.status} /> },
            { key: 'encoding', label: t('import.encoding'), children: batch.encoding ?? '—' },
            { key: 'maker', label: t('import.maker'), children: batch.maker?.username ?? '—' },
            { key: 'total', label: t('import.totalRows'), children: batch.totalRows },
            { key: 'valid', label: t('import.validRows'), children: batch.validRows },
            {
              key: 'errors',
              label: t('import.errorRows'),
              children: <Typography.Text type={batch.errorRows > 0 ? 'danger' : undefined}>{batch.errorRows}</Typography.Text>,
            },
            { key: 'created', label: t('import.createdAt'), children: formatDateTime(batch.createdAt) },
          ]}
        />
        <div style={{ marginTop: 16 }}>
          <ImportOutcome batch={batch} />
        </div>
      </Card>
      {(batch.status === 'INVALID' || batch.errorRows > 0) && (
        <Card title={t('import.errors')}>
          <ErrorTable id={id} />
        </Card>
      )}
    </>
  );
}
