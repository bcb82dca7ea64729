/**
 * 导入客户清单: the template's header (and the template as a file), the upload (CSV or XLSX, with its
 * progress), then the validation report — rows, valid, invalid, duplicates, the errors row by row
 * (paged and exported through the imports module's error report) — and the review request the valid
 * rows went to, which a second person approves in 复核待办.
 */
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, Button, Card, Descriptions, Progress, Space, Statistic, Tag, Typography, Upload, type TableColumnsType } from 'antd';
import { ArrowLeftOutlined, DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { isApiError } from '../../shared/api';
import { PagedTable, usePagedQuery, type Filters } from '../../shared/list';
import { importApi, type ImportRowError } from '../imports/api';
import { useI18n } from '../i18n';
import { showError } from '../shell/feedback';
import { PageHeader } from '../shell/pages';
import {
  downloadProspectTemplate,
  PROSPECT_DUPLICATE_CODES,
  PROSPECT_TEMPLATE_HEADER,
  uploadProspectList,
  type ProspectImportResult,
} from './api';

type Report = Omit<ProspectImportResult, 'reviewRequestId' | 'report'> & { reviewRequestId: number | null };

const isDuplicate = (code: string) => (PROSPECT_DUPLICATE_CODES as readonly string[]).includes(code);

function ReportErrors({ importId }: { importId: number }) {
  const { t } = useI18n();
  const list = usePagedQuery<ImportRowError>(
    async (q, signal) => ({ ...(await importApi.errors(importId, q.page, q.pageSize, signal)), page: q.page, pageSize: q.pageSize }),
    { onError: showError },
  );
  const columns: TableColumnsType<ImportRowError> = [
    { title: t('pros.row'), dataIndex: 'row', width: 80, align: 'right', fixed: 'left' },
    {
      title: t('pros.kind'),
      dataIndex: 'code',
      key: 'kind',
      width: 90,
      render: (c: string) =>
        isDuplicate(c) ? <Tag color="gold">{t('pros.kind.duplicate')}</Tag> : <Tag color="red">{t('pros.kind.invalid')}</Tag>,
    },
    { title: t('pros.field'), dataIndex: 'field', width: 120 },
    { title: t('pros.code'), dataIndex: 'code', width: 210, render: (v: string) => <span className="hn-mono">{v}</span> },
    { title: t('pros.message'), dataIndex: 'message', render: (v: string) => <Typography.Text type="danger">{v}</Typography.Text> },
  ];
  return (
    <PagedTable<ImportRowError, Filters>
      query={list}
      columns={columns}
      settingsKey="prospect-import-errors"
      rowKey={(r) => `${r.row}:${r.field}:${r.code}`}
      exportTo={{ path: `/api/v1/imports/${importId}/errors`, filename: `${t('pros.errors')}-${importId}`, onError: showError }}
      bordered
      testId="prospect-import-errors"
    />
  );
}

export function ProspectImportPage() {
  const { t } = useI18n();
  const [percent, setPercent] = useState<number | null>(null);
  const [report, setReport] = useState<Report | null>(null);

  async function upload(file: File) {
    setReport(null);
    setPercent(0);
    try {
      const res = await uploadProspectList(file, setPercent).promise;
      setReport(res);
    } catch (e) {
      // a file with no valid row: the report comes in the error's details, nothing went to review
      const d = isApiError(e) && e.code === 'PROSPECT_IMPORT_NO_VALID_ROWS' ? (e.details as { importId?: number; report?: Report }) : null;
      if (d?.report && d.importId) setReport({ ...d.report, importId: d.importId, encoding: '', reviewRequestId: null });
      else showError(e);
    } finally {
      setPercent(null);
    }
  }

  return (
    <>
      <PageHeader
        title={t('pros.importTitle')}
        subtitle={t('pros.importSubtitle')}
        extra={
          <Link to="/marketing/prospects">
            <Button icon={<ArrowLeftOutlined />}>{t('pros.backToList')}</Button>
          </Link>
        }
      />
      <Card style={{ marginBottom: 16 }}>
        <Space direction="vertical" style={{ width: '100%' }}>
          <div>
            <Typography.Text strong>{t('pros.templateHeader')}：</Typography.Text>
            <Typography.Text code copyable data-testid="prospect-template-header">
              {PROSPECT_TEMPLATE_HEADER.join(',')}
            </Typography.Text>
            <Button type="link" icon={<DownloadOutlined />} onClick={downloadProspectTemplate} data-testid="prospect-template-download">
              {t('pros.templateDownload')}
            </Button>
          </div>
          <Typography.Text type="secondary">{t('pros.templateRequired')}</Typography.Text>
          <Upload.Dragger
            accept=".csv,.xlsx"
            multiple={false}
            showUploadList={false}
            disabled={percent !== null}
            beforeUpload={(file) => {
              void upload(file);
              return false;
            }}
            data-testid="prospect-upload"
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{t('pros.uploadHint')}</p>
            <p className="ant-upload-hint">{t('pros.uploadSub')}</p>
          </Upload.Dragger>
          {percent !== null && (
            <div data-testid="prospect-upload-progress">
              <Progress percent={percent} status="active" />
              <Typography.Text type="secondary">{t('pros.uploading')}</Typography.Text>
            </div>
          )}
        </Space>
      </Card>
      {report && (
        <Card title={t('pros.report')} data-testid="prospect-import-report">
          <Space size={48} wrap style={{ marginBottom: 16 }}>
            <Statistic title={t('pros.rows')} value={report.rows} data-testid="prospect-report-rows" />
            <Statistic title={t('pros.valid')} value={report.valid} data-testid="prospect-report-valid" />
            <Statistic title={t('pros.invalid')} value={report.invalid} data-testid="prospect-report-invalid" />
            <Statistic
              title={t('pros.duplicates')}
              value={report.duplicates}

              data-testid="prospect-report-duplicates"
            />
          </Space>
          {report.reviewRequestId !== null ? (
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 16 }}
              data-testid="prospect-import-submitted"
              title={t('pros.submitted', { count: report.valid })}
              description={
                <Descriptions
                  size="small"
                  column={3}
                  items={[
                    {
                      key: 'review',
                      label: t('menu.review'),
                      children: (
                        <Link to={`/review?id=${report.reviewRequestId}`} data-testid="prospect-import-review-link">
                          {t('pros.openReview', { id: report.reviewRequestId })}
                        </Link>
                      ),
                    },
                    {
                      key: 'import',
                      label: t('pros.importId'),
                      children: <Link to={`/imports/${report.importId}`}>{t('pros.openImport', { id: report.importId })}</Link>,
                    },
                    { key: 'encoding', label: t('pros.encoding'), children: report.encoding || '—' },
                  ]}
                />
              }
            />
          ) : (
            <Alert type="error" showIcon style={{ marginBottom: 16 }} data-testid="prospect-import-none" title={t('pros.noValidRows')} />
          )}
          {report.errorsTotal > 0 && (
            <>
              <Typography.Title level={5}>{t('pros.errors')}</Typography.Title>
              <ReportErrors importId={report.importId} />
            </>
          )}
        </Card>
      )}
    </>
  );
}
