/** 版本日志: each release and the tickets it answers (shared list, Excel); feedback:release records one. */
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { App, Button, Card, DatePicker, Form, Input, Modal, Space, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { PagedTable, usePagedQuery } from '../../shared/list';
import { useI18n } from '../i18n';
import { useCan } from '../shell/auth';
import { showError } from '../shell/feedback';
import { PageHeader } from '../shell/pages';
import { feedbackApi, type ReleaseItem } from './api';

type ReleaseForm = { version: string; releaseDate: { format: (f: string) => string }; notes: string; ticketIds?: string };

export function ReleasesPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const can = useCan();
  const [open, setOpen] = useState(false);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<ReleaseForm>();
  const list = usePagedQuery<ReleaseItem, Record<string, string | undefined>>((q, signal) => feedbackApi.releases(q, signal), {
    onError: showError,
  });

  const save = async () => {
    const v = await form.validateFields();
    const ticketIds = (v.ticketIds ?? '')
      .split(/[,，\s]+/)
      .filter(Boolean)
      .map(Number)
      .filter((n) => Number.isSafeInteger(n) && n > 0);
    setSaving(true);
    try {
      const rel = await feedbackApi.createRelease({
        version: v.version,
        releaseDate: v.releaseDate.format('YYYY-MM-DD'),
        notes: v.notes,
        ticketIds,
      });
      message.success(rel.version);
      setOpen(false);
      list.reload();
    } catch (e) {
      showError(e);
    } finally {
      setSaving(false);
    }
  };

  const columns: TableColumnsType<ReleaseItem> = [
    { title: t('feedback.release.version'), dataIndex: 'version', width: 100 },
    { title: t('feedback.release.date'), dataIndex: 'releaseDate', width: 110 },
    { title: t('feedback.release.notes'), dataIndex: 'notes', ellipsis: true },
    {
      title: t('feedback.release.tickets'),
      dataIndex: 'tickets',
      width: 320,
      render: (tickets: ReleaseItem['tickets']) => (
        <Space wrap size={4}>
          {tickets.map((tk) => (
            <Link key={tk.id} to={`/feedback/${tk.id}`}>
              #{tk.id} {tk.title}
            </Link>
          ))}
        </Space>
      ),
    },
    { title: t('feedback.release.by'), dataIndex: 'createdByName', width: 90 },
  ];

  return (
    <>
      <PageHeader
        title={t('feedback.releases')}
        subtitle={t('feedback.releasesSubtitle')}
        extra={
          <Space>
            <Link to="/feedback">{t('feedback.back')}</Link>
            {can('feedback:release') && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)} data-testid="release-new">
                {t('feedback.release.new')}
              </Button>
            )}
          </Space>
        }
      />
      <Card>
        <PagedTable<ReleaseItem, Record<string, string | undefined>>
          query={list}
          columns={columns}
          settingsKey="feedback-releases"
          exportTo={{ path: '/api/v1/feedback/releases', filename: t('feedback.releases'), onError: showError }}
          rowKey={(r) => String(r.id)}
          size="middle"
          emptyText={t('feedback.release.empty')}
        />
      </Card>
      <Modal
        open={open}
        title={t('feedback.release.new')}
        confirmLoading={saving}
        onOk={save}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item name="version" label={t('feedback.release.version')} rules={[{ required: true, whitespace: true, max: 40 }]}>
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item name="releaseDate" label={t('feedback.release.date')} rules={[{ required: true }]}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="notes" label={t('feedback.release.notes')} rules={[{ required: true, whitespace: true, max: 5000 }]}>
            <Input.TextArea rows={3} maxLength={5000} />
          </Form.Item>
          <Form.Item name="ticketIds" label={t('feedback.release.ticketIds')}>
            <Input placeholder="12, 15" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
