/** 问题反馈: the statistics, the tickets (shared list, Excel) and the form to raise one. */
import { useState, type HTMLAttributes } from 'react';
import { useNavigate } from 'react-router-dom';
import { App, Button, Card, Checkbox, Form, Input, Modal, Select, Space, type TableColumnsType } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { PagedTable, usePagedQuery } from '../../shared/list';
import { tryT, useI18n } from '../i18n';
import { useCan } from '../shell/auth';
import { showError } from '../shell/feedback';
import { PageHeader } from '../shell/pages';
import { tid } from '../shell/testid';
import {
  FEEDBACK_CATEGORIES,
  FEEDBACK_DEPARTMENTS,
  FEEDBACK_STATUSES,
  type FeedbackCreateBody,
} from '../../../src/modules/feedback/feedback.contract';
import { feedbackApi, type FeedbackListItem, type FeedbackStatus } from './api';
import { EscalationTag, FeedbackStatsCard, FeedbackStatusTag } from './ui';

type Filters = { status?: FeedbackStatus; mine?: 'true'; overdue?: 'true' };

export function FeedbackPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const can = useCan();
  const [creating, setCreating] = useState(false);
  const [saving, setSaving] = useState(false);
  const [statsVersion, setStatsVersion] = useState(0);
  const [form] = Form.useForm<FeedbackCreateBody>();

  const list = usePagedQuery<FeedbackListItem, Filters>((q, signal) => feedbackApi.list(q, signal), { onError: showError });
  const { draft, setDraft, search, reload } = list;

  const create = async () => {
    const values = await form.validateFields();
    setSaving(true);
    try {
      const created = await feedbackApi.create(values);
      message.success(t('feedback.created', { id: created.id, deadline: created.deadlineDate }));
      setCreating(false);
      form.resetFields();
      reload();
      setStatsVersion((v) => v + 1);
    } catch (e) {
      showError(e);
    } finally {
      setSaving(false);
    }
  };

  const columns: TableColumnsType<FeedbackListItem> = [
    { title: '#', dataIndex: 'id', width: 60, fixed: 'left' },
    { title: t('feedback.field.title'), dataIndex: 'title', width: 260, ellipsis: true },
    { title: t('feedback.field.category'), dataIndex: 'category', width: 90, render: (v: string) => tryT(t, `feedback.category.${v}`, v) },
    {
      title: t('feedback.field.department'),
      dataIndex: 'department',
      width: 100,
      render: (v: string) => tryT(t, `feedback.department.${v}`, v),
    },
    { title: t('feedback.field.status'), dataIndex: 'status', width: 90, render: (s: FeedbackStatus) => <FeedbackStatusTag status={s} /> },
    {
      title: t('feedback.field.raiser'),
      key: 'raiser',
      width: 150,
      render: (_: unknown, r) => `${r.raiserName ?? r.raisedBy} · ${tryT(t, `feedback.role.${r.raiserRole}`, r.raiserRole)}`,
    },
    { title: t('feedback.field.raisedDate'), dataIndex: 'raisedDate', width: 110 },
    { title: t('feedback.field.deadline'), dataIndex: 'deadlineDate', width: 110 },
    {
      title: t('feedback.field.escalation'),
      dataIndex: 'escalationLevel',
      width: 170,
      render: (l: 0 | 1 | 2) => <EscalationTag level={l} />,
    },
    { title: t('feedback.field.release'), dataIndex: 'releaseVersion', width: 90, render: (v: string | null) => v ?? '—' },
  ];

  return (
    <>
      <PageHeader
        title={t('feedback.title')}
        subtitle={t('feedback.subtitle')}
        extra={
          <Space>
            <Button onClick={() => navigate('/feedback/releases')} data-testid="feedback-releases">
              {t('feedback.releases')}
            </Button>
            {can('feedback:raise') && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="feedback-new">
                {t('feedback.new')}
              </Button>
            )}
          </Space>
        }
      />
      <FeedbackStatsCard version={statsVersion} />
      <Card>
        <PagedTable<FeedbackListItem, Filters>
          query={list}
          columns={columns}
          settingsKey="feedback"
          toolbar={
            <>
              <Select<FeedbackStatus>
                allowClear
                style={{ width: 140 }}
                placeholder={t('feedback.field.status')}
                value={draft.status}
                onChange={(v) => setDraft((d) => ({ ...d, status: v }))}
                options={FEEDBACK_STATUSES.map((s) => ({ value: s, label: tryT(t, `feedback.status.${s}`, s) }))}
              />
              <Checkbox
                checked={draft.mine === 'true'}
                onChange={(e) => setDraft((d) => ({ ...d, mine: e.target.checked ? 'true' : undefined }))}
              >
                {t('feedback.mine')}
              </Checkbox>
              <Checkbox
                checked={draft.overdue === 'true'}
                onChange={(e) => setDraft((d) => ({ ...d, overdue: e.target.checked ? 'true' : undefined }))}
              >
                {t('feedback.overdueOnly')}
              </Checkbox>
              <Button type="primary" onClick={() => search()} data-testid="feedback-search">
                {t('common.search')}
              </Button>
              <Button icon={<ReloadOutlined />} onClick={reload}>
                {t('common.refresh')}
              </Button>
            </>
          }
          exportTo={{ path: '/api/v1/feedback', filename: t('feedback.title'), onError: showError }}
          rowKey={(r) => String(r.id)}
          size="middle"
          scroll={{ x: 1250 }}
          rowClassName={() => 'hn-clickable-row'}
          onRow={(r) => ({ ...tid<HTMLAttributes<HTMLElement>>(`feedback-row-${r.id}`), onClick: () => navigate(`/feedback/${r.id}`) })}
          emptyText={t('feedback.empty')}
        />
      </Card>
      <Modal
        open={creating}
        title={t('feedback.newTitle')}
        confirmLoading={saving}
        onOk={create}
        onCancel={() => setCreating(false)}
        destroyOnHidden
        okButtonProps={{ 'data-testid': 'feedback-create-submit' } as Record<string, string>}
      >
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item name="title" label={t('feedback.field.title')} rules={[{ required: true, whitespace: true, max: 200 }]}>
            <Input maxLength={200} data-testid="feedback-title" />
          </Form.Item>
          <Form.Item name="description" label={t('feedback.field.description')} rules={[{ required: true, whitespace: true, max: 5000 }]}>
            <Input.TextArea rows={4} maxLength={5000} data-testid="feedback-description" />
          </Form.Item>
          <Form.Item name="category" label={t('feedback.field.category')}>
            <Select allowClear options={FEEDBACK_CATEGORIES.map((c) => ({ value: c, label: tryT(t, `feedback.category.${c}`, c) }))} />
          </Form.Item>
          <Form.Item name="department" label={t('feedback.field.department')} extra={t('feedback.departmentDefault')}>
            <Select allowClear options={FEEDBACK_DEPARTMENTS.map((d) => ({ value: d, label: tryT(t, `feedback.department.${d}`, d) }))} />
          </Form.Item>
          <Form.Item name="relatedModule" label={t('feedback.field.relatedModule')}>
            <Input maxLength={100} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
