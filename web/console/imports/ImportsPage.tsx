import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { Alert, Button, Card, Col, Form, Row, Select, Space, Typography, Upload, type TableColumnsType, type UploadProps } from 'antd';
import { DownloadOutlined, InboxOutlined, ReloadOutlined } from '@ant-design/icons';
import { isApiError, type ApiError } from '../../shared/api';
import { PagedTable, usePagedQuery } from '../../shared/list';
import { tryT, useI18n } from '../i18n';
import { useCan } from '../shell/auth';
import { showError, showSuccess } from '../shell/feedback';
import { formatDateTime } from '../shell/format';
import { PageHeader } from '../shell/pages';
import { useReviewCount } from '../review/pendingCount';
import { IMPORT_STATUSES, IMPORT_TYPES, importApi, type ImportBatch, type ImportQuery, type ImportType } from './api';
import { ErrorDetails, ImportOutcome, ImportStatusTag, reviewLink } from './ImportOutcome';

const ACCEPT = '.csv,.xlsx';

export function ImportsPage() {
  const { t } = useI18n();
  const can = useCan();
  const navigate = useNavigate();
  const reviewCount = useReviewCount();
  const canCreate = can('import:create');
  const canRead = can('import:read');
  const [type, setType] = useState<ImportType>('STAFF');
  const [last, setLast] = useState<ImportBatch | null>(null);
  const [uploadError, setUploadError] = useState<ApiError | null>(null);
  const [uploading, setUploading] = useState(false);
  // an upload adds a batch: the list below reads again
  const [uploads, setUploads] = useState(0);
  const reload = () => setUploads((n) => n + 1);

  const customRequest: UploadProps['customRequest'] = ({ file, onSuccess, onError }) => {
    const f = file as File;
    setUploading(true);
    setUploadError(null);
    setLast(null);
    importApi
      .upload(type, f)
      .then((batch) => {
        onSuccess?.(batch);
        setLast(batch);
        reload();
        reviewCount.refresh();
        if (batch.status === 'PENDING_REVIEW') showSuccess(t('import.pendingTitle'));
      })
      .catch((e: unknown) => {
        onError?.(e instanceof Error ? e : new Error(String(e)));
        if (isApiError(e) && e.status !== 401) setUploadError(e);
        showError(e);
      })
      .finally(() => setUploading(false));
  };

  const beforeUpload: UploadProps['beforeUpload'] = (file) => {
    const ok = /\.(csv|xlsx)$/i.test(file.name);
    if (!ok) {
      showError(new Error(t('import.badFile')));
      return Upload.LIST_IGNORE;
    }
    return true;
  };

  return (
    <>
      <PageHeader title={t('import.title')} subtitle={t('import.subtitle')} />
      {canCreate && (
        <Card title={t('import.upload')} style={{ marginBottom: 16 }}>
          <Row gutter={24}>
            <Col xs={24} md={8}>
              <Form layout="vertical">
                <Form.Item label={t('import.type')}>
                  <Select<ImportType>
                    value={type}
                    onChange={setType}
                    options={IMPORT_TYPES.map((v) => ({ value: v, label: t(`import.type.${v}`) }))}
                    data-testid="import-type"
                  />
                </Form.Item>
                <Form.Item>
                  <Button
                    icon={<DownloadOutlined />}
                    onClick={() => void importApi.downloadTemplate(type).catch(showError)}
                    data-testid="import-template"
                  >
                    {t('import.template')}
                  </Button>
                </Form.Item>
              </Form>
            </Col>
            <Col xs={24} md={16}>
              <Upload.Dragger
                accept={ACCEPT}
                multiple={false}
                maxCount={1}
                showUploadList={false}
                disabled={uploading}
                beforeUpload={beforeUpload}
                customRequest={customRequest}
                data-testid="import-upload"
              >
                <p className="ant-upload-drag-icon">
                  <InboxOutlined />
                </p>
                <p className="ant-upload-text">{uploading ? t('import.uploading') : t('import.dragger')}</p>
                <p className="ant-upload-hint">{t('import.draggerHint')}</p>
              </Upload.Dragger>
            </Col>
          </Row>
          {uploadError && (
            <Alert
              style={{ marginTop: 16 }}
              type="error"
              showIcon
              closable={{ onClose: () => setUploadError(null) }}
              title={`${t('import.uploadFailed')}：${uploadError.message}`}
              description={<ErrorDetails details={uploadError.details} />}
              data-testid="import-upload-error"
            />
          )}
          {last && (
            <div style={{ marginTop: 16 }}>
              <ImportOutcome batch={last} compact onOpenReport={() => navigate(`/imports/${encodeURIComponent(String(last.id))}`)} />
            </div>
          )}
        </Card>
      )}
      {canRead && <BatchesCard uploads={uploads} />}
    </>
  );
}

type Filters = Pick<ImportQuery, 'status' | 'type'>;

/** The batches the viewer may see (all of them with bank scope, else their own), filtered by status and type. */
function BatchesCard({ uploads }: { uploads: number }) {
  const { t } = useI18n();
  const list = usePagedQuery<ImportBatch, Filters>((q, signal) => importApi.list(q, signal), { onError: showError });
  const { reload } = list;
  useEffect(() => {
    if (uploads > 0) reload();
  }, [uploads, reload]);

  const columns: TableColumnsType<ImportBatch> = [
    { title: t('import.filename'), dataIndex: 'filename', width: 220, ellipsis: true, fixed: 'left' },
    { title: t('import.type'), dataIndex: 'type', width: 110, render: (v: string) => tryT(t, `import.type.${v}`, v) },
    { title: t('import.encoding'), dataIndex: 'encoding', width: 90, render: (v: string | null) => v ?? '—' },
    {
      title: t('import.rows'),
      key: 'rows',
      width: 180,
      render: (_: unknown, b) => (
        <Space size={4}>
          <span>{b.totalRows}</span>
          <Typography.Text type="success">✓{b.validRows}</Typography.Text>
          {b.errorRows > 0 && <Typography.Text type="danger">✗{b.errorRows}</Typography.Text>}
        </Space>
      ),
    },
    { title: t('common.status'), dataIndex: 'status', width: 120, render: (s: ImportBatch['status']) => <ImportStatusTag status={s} /> },
    { title: t('import.maker'), dataIndex: 'maker', width: 110, render: (m: ImportBatch['maker']) => m?.username ?? '—' },
    { title: t('import.createdAt'), dataIndex: 'createdAt', width: 170, render: (v: string) => formatDateTime(v) },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 180,
      render: (_: unknown, b) => (
        <Space size={0}>
          <Link to={`/imports/${encodeURIComponent(String(b.id))}`} data-testid={`import-report-${b.id}`}>
            <Button type="link" size="small">
              {t('import.viewReport')}
            </Button>
          </Link>
          {b.reviewRequestId !== null && b.reviewRequestId !== undefined && (
            <Link to={reviewLink(b)}>
              <Button type="link" size="small">
                {t('staff.viewReview')}
              </Button>
            </Link>
          )}
        </Space>
      ),
    },
  ];

  return (
    <Card title={t('import.batches')}>
      <PagedTable<ImportBatch, Filters>
        query={list}
        columns={columns}
        settingsKey="import-batches"
        toolbar={
          <>
            <Select<ImportBatch['status']>
              allowClear
              style={{ width: 160 }}
              placeholder={t('common.status')}
              value={list.draft.status}
              onChange={(v) => list.setDraft((d) => ({ ...d, status: v }))}
              options={IMPORT_STATUSES.map((v) => ({ value: v, label: tryT(t, `import.status.${v}`, v) }))}
              data-testid="import-filter-status"
            />
            <Select<ImportType>
              allowClear
              style={{ width: 220 }}
              placeholder={t('import.type')}
              value={list.draft.type as ImportType | undefined}
              onChange={(v) => list.setDraft((d) => ({ ...d, type: v }))}
              options={IMPORT_TYPES.map((v) => ({ value: v, label: t(`import.type.${v}`) }))}
              data-testid="import-filter-type"
            />
            <Button type="primary" onClick={() => list.search()} data-testid="import-search">
              {t('common.search')}
            </Button>
            <Button onClick={list.reset}>{t('common.reset')}</Button>
            <Button icon={<ReloadOutlined />} onClick={reload} aria-label={t('common.refresh')} />
          </>
        }
        exportTo={{ path: '/api/v1/imports', filename: t('import.batches'), onError: showError }}
        rowKey={(b) => String(b.id)}
        scroll={{ x: 1200 }}
        emptyText={t('import.empty')}
        testId="import-batches"
      />
    </Card>
  );
}
