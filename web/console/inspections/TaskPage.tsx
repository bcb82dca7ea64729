/** 检查任务: the loan, the checklist to answer, the findings recorded on it, and completing it. */
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Button, Card, Descriptions, Form, Input, InputNumber, Modal, Radio, Select, Space, Table, Typography } from 'antd';
import { useAsync } from '../../shared/useAsync';
import { useI18n } from '../i18n';
import { showError, showSuccess } from '../shell/feedback';
import { PageHeader } from '../shell/pages';
import { formatYuanText } from './format';
import { ANSWER_VALUES, FINDING_SEVERITIES, inspectionApi, type AnswerValue, type FindingSeverity, type FindingSummary } from './api';
import { FindingStatusTag, SeverityTag, TaskStatusTag, useInspectionRights } from './ui';

type Answers = Record<string, { answer?: AnswerValue; note?: string }>;

export function TaskPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const rights = useInspectionRights();
  const { data: task, reload } = useAsync((signal) => inspectionApi.task(id, signal), [id], { onError: showError });
  const [answers, setAnswers] = useState<Answers>({});
  const [notes, setNotes] = useState('');
  const [saving, setSaving] = useState(false);
  const [findingOpen, setFindingOpen] = useState(false);
  const [form] = Form.useForm<{
    severity: FindingSeverity;
    description: string;
    responsibleStaffId: number;
    rectifyBusinessDays?: number;
  }>();

  if (!task) return <Card loading />;
  const open = task.status !== 'DONE';
  const shown = (code: string) => answers[code] ?? task.answers?.find((a) => a.code === code) ?? {};

  const complete = async () => {
    setSaving(true);
    try {
      await inspectionApi.complete(task.id, {
        answers: task.checklist.map((i) => ({ code: i.code, answer: shown(i.code).answer ?? 'OK', note: shown(i.code).note || undefined })),
        notes: notes.trim() || undefined,
      });
      showSuccess(t('insp.task.completed'));
      reload();
    } catch (e) {
      showError(e);
    } finally {
      setSaving(false);
    }
  };

  const recordFinding = async () => {
    const v = await form.validateFields();
    try {
      await inspectionApi.recordFinding(task.id, { ...v, description: v.description.trim() });
      showSuccess(t('insp.finding.recorded'));
      setFindingOpen(false);
      form.resetFields();
      reload();
    } catch (e) {
      showError(e);
    }
  };

  return (
    <>
      <PageHeader
        title={t('insp.task.title', { id: task.id })}
        subtitle={task.kind === 'ROUTINE' ? t('insp.task.seq', { n: task.routineSeq ?? 0 }) : task.campaignName}
        extra={<TaskStatusTag status={task.status} testId="insp-task-status" />}
      />
      <Card title={t('insp.task.loanInfo')}>
        <Descriptions size="small" bordered column={3}>
          <Descriptions.Item label={t('insp.task.loan')}>
            <Link to={`/loans/${task.loanId}`}>{task.loanId}</Link>
          </Descriptions.Item>
          <Descriptions.Item label={t('insp.task.customer')}>{task.customerNameMasked ?? task.customerId}</Descriptions.Item>
          <Descriptions.Item label={t('insp.task.product')}>{task.loan.productCode}</Descriptions.Item>
          <Descriptions.Item label={t('insp.task.startDate')}>{task.loan.startDate}</Descriptions.Item>
          <Descriptions.Item label={t('insp.task.outstanding')}>{formatYuanText(task.loan.outstandingPrincipal)}</Descriptions.Item>
          <Descriptions.Item label={t('insp.task.dpd')}>{task.loan.dpd}</Descriptions.Item>
          <Descriptions.Item label={t('insp.task.branch')}>{task.branchName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('insp.task.officer')}>{task.officerName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('insp.task.inspector')}>{task.inspectorName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('insp.task.scheduledOn')}>{task.scheduledOn}</Descriptions.Item>
          <Descriptions.Item label={t('insp.task.dueDate')}>{task.dueDate}</Descriptions.Item>
          <Descriptions.Item label={t('insp.task.result')}>{task.result ? t(`insp.task.result.${task.result}`) : '—'}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title={t('insp.task.checklist')} style={{ marginTop: 16 }}>
        <Table
          rowKey="code"
          size="small"
          pagination={false}
          dataSource={task.checklist}
          columns={[
            { title: '#', dataIndex: 'code', width: 140, render: (v: string) => <span className="hn-mono">{v}</span> },
            { title: t('insp.task.checklist'), dataIndex: 'text' },
            {
              title: t('insp.task.result'),
              key: 'answer',
              width: 260,
              render: (_: unknown, item) => (
                <Radio.Group
                  disabled={!open || !rights.work}
                  value={shown(item.code).answer ?? 'OK'}
                  onChange={(e) =>
                    setAnswers((a) => ({ ...a, [item.code]: { ...shown(item.code), answer: e.target.value as AnswerValue } }))
                  }
                  data-testid={`insp-answer-${item.code}`}
                >
                  {ANSWER_VALUES.map((v) => (
                    <Radio key={v} value={v} data-testid={`insp-answer-${item.code}-${v}`}>
                      {t(`insp.task.answer.${v}`)}
                    </Radio>
                  ))}
                </Radio.Group>
              ),
            },
            {
              title: t('insp.task.answerNote'),
              key: 'note',
              width: 240,
              render: (_: unknown, item) => (
                <Input
                  disabled={!open || !rights.work}
                  value={shown(item.code).note ?? ''}
                  maxLength={500}
                  onChange={(e) => setAnswers((a) => ({ ...a, [item.code]: { ...shown(item.code), note: e.target.value } }))}
                />
              ),
            },
          ]}
        />
        <Input.TextArea
          style={{ marginTop: 12 }}
          rows={2}
          maxLength={2000}
          disabled={!open || !rights.work}
          placeholder={t('insp.task.notes')}
          value={open ? notes : (task.notes ?? '')}
          onChange={(e) => setNotes(e.target.value)}
          data-testid="insp-task-notes"
        />
        {open && rights.work && (
          <Space style={{ marginTop: 12 }}>
            <Button onClick={() => setFindingOpen(true)} data-testid="insp-finding-add">
              {t('insp.finding.add')}
            </Button>
            <Button type="primary" loading={saving} onClick={complete} data-testid="insp-task-complete">
              {t('insp.task.complete')}
            </Button>
          </Space>
        )}
      </Card>
      <Card title={t('insp.nav.findings')} style={{ marginTop: 16 }}>
        <Table<FindingSummary>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={task.findings}
          columns={[
            { title: '#', dataIndex: 'id', width: 90, render: (v: number) => <Link to={`/inspections/findings/${v}`}>{v}</Link> },
            {
              title: t('insp.finding.severity'),
              dataIndex: 'severity',
              width: 90,
              render: (v: FindingSeverity) => <SeverityTag severity={v} />,
            },
            { title: t('insp.finding.description'), dataIndex: 'description' },
            { title: t('insp.finding.responsible'), dataIndex: 'responsibleName', width: 110 },
            { title: t('insp.finding.deadline'), dataIndex: 'deadline', width: 120 },
            {
              title: t('insp.finding.status'),
              dataIndex: 'status',
              width: 130,
              render: (v: FindingSummary['status'], r) => <FindingStatusTag status={v} testId={`insp-finding-status-${r.id}`} />,
            },
          ]}
        />
      </Card>
      <Modal
        open={findingOpen}
        title={t('insp.finding.add')}
        onCancel={() => setFindingOpen(false)}
        onOk={recordFinding}
        okButtonProps={{ 'data-testid': 'insp-finding-submit' } as never}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" initialValues={{ severity: 'MEDIUM' }}>
          <Form.Item name="severity" label={t('insp.finding.severity')} rules={[{ required: true }]}>
            <Select
              data-testid="insp-finding-severity"
              options={FINDING_SEVERITIES.map((s) => ({ value: s, label: t(`insp.finding.severity.${s}`) }))}
            />
          </Form.Item>
          <Form.Item
            name="description"
            label={t('insp.finding.description')}
            rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('insp.finding.description') }) }]}
          >
            <Input.TextArea rows={3} maxLength={2000} data-testid="insp-finding-description" />
          </Form.Item>
          <Form.Item
            name="responsibleStaffId"
            label={t('insp.finding.responsibleId')}
            rules={[{ required: true, message: t('common.required', { field: t('insp.finding.responsible') }) }]}
          >
            <InputNumber<number> min={1} precision={0} style={{ width: '100%' }} data-testid="insp-finding-responsible" />
          </Form.Item>
          <Form.Item name="rectifyBusinessDays" label={t('insp.finding.days')} extra={t('insp.finding.daysHint')}>
            <InputNumber<number> min={1} max={90} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Form>
      </Modal>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        {t('insp.finding.abHint')}
      </Typography.Paragraph>
    </>
  );
}
