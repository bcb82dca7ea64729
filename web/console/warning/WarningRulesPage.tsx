/**
 * 预警规则: the rule catalogue in force (on the business date or a chosen date) with each rule's
 * colours, thresholds and data source; a form for a parameter manager to change one rule for review
 * from an effective date; and the version history (shared list, Excel export).
 */
import { useState } from 'react';
import dayjs, { type Dayjs } from 'dayjs';
import { Alert, Button, Card, DatePicker, Form, InputNumber, Modal, Select, Space, Switch, Table, Tag, type TableColumnsType } from 'antd';
import { EditOutlined, ReloadOutlined } from '@ant-design/icons';
import { isApiError } from '../../shared/api';
import { pickLang } from '../../shared/i18n';
import { PagedTable, StatusTag, defineStatusTones, usePagedQuery, type Filters } from '../../shared/list';
import { useAsync } from '../../shared/useAsync';
import { tryT, useI18n } from '../i18n';
import { useCan } from '../shell/auth';
import { showError, showSuccess } from '../shell/feedback';
import { formatDateTime } from '../shell/format';
import { PageHeader } from '../shell/pages';
import { tid } from '../shell/testid';
import {
  WARNING_LEVELS,
  WARNING_RULE_CATALOGUE,
  warningApi,
  type RuleSpec,
  type WarningLevel,
  type WarningRuleIssue,
  type WarningRuleVersion,
  type WarningRuleView,
} from './api';

const LEVEL_COLOR: Record<WarningLevel, string> = { YELLOW: 'gold', ORANGE: 'orange', RED: 'red' };
const STATE_TONES = defineStatusTones<WarningRuleVersion['state']>({ IN_EFFECT: 'success', SCHEDULED: 'pending', SUPERSEDED: 'closed' });
const SPEC = new Map<string, RuleSpec>(WARNING_RULE_CATALOGUE.map((r) => [r.code, r]));

interface FormValues {
  enabled: boolean;
  levels: Record<string, WarningLevel>;
  thresholds: Record<string, number>;
  effectiveDate: Dayjs;
}

export function WarningRulesPage() {
  const { t, lang } = useI18n();
  const can = useCan();
  const [at, setAt] = useState<Dayjs | null>(null);
  const [editing, setEditing] = useState<WarningRuleView | null>(null);
  const [saving, setSaving] = useState(false);
  const [issues, setIssues] = useState<WarningRuleIssue[]>([]);
  const [form] = Form.useForm<FormValues>();
  const date = at?.format('YYYY-MM-DD');
  const { data, loading, reload } = useAsync((signal) => warningApi.catalogue(date, signal), [date], { onError: showError });
  const versions = usePagedQuery<WarningRuleVersion>((q, signal) => warningApi.versions(q, signal), { onError: showError });
  // the business date: the catalogue asked without a date answers for it
  const today = useAsync((signal) => warningApi.catalogue(undefined, signal), [], { onError: showError });
  const earliest = dayjs(today.data?.date).add(1, 'day');
  const levelTag = (l: WarningLevel) => <Tag color={LEVEL_COLOR[l]}>{tryT(t, `wr.level.${l}`, l)}</Tag>;
  const unitOf = (u: { zh: string; en: string }) => pickLang(lang, u.zh, u.en);

  const openForm = (rule: WarningRuleView) => {
    setIssues([]);
    form.setFieldsValue({ enabled: rule.enabled, levels: rule.levels, thresholds: rule.thresholds, effectiveDate: earliest });
    setEditing(rule);
  };

  const submit = async () => {
    if (!editing) return;
    const v = await form.validateFields();
    setSaving(true);
    setIssues([]);
    try {
      const effectiveDate = v.effectiveDate.format('YYYY-MM-DD');
      const res = await warningApi.submit({
        effectiveDate,
        rules: [{ code: editing.code, enabled: v.enabled, levels: v.levels ?? {}, thresholds: v.thresholds ?? {} }],
      });
      showSuccess(t('wr.submitted', { id: res.reviewRequestId, date: effectiveDate }));
      setEditing(null);
      reload();
      versions.reload();
    } catch (e) {
      if (isApiError(e) && e.code === 'WARNING_RULES_INVALID' && Array.isArray(e.details)) setIssues(e.details as WarningRuleIssue[]);
      showError(e);
    } finally {
      setSaving(false);
    }
  };

  const thresholdsText = (r: WarningRuleView, spec: RuleSpec) => {
    if (r.code === 'DPD') {
      const { yellowFromDpd: y, orangeFromDpd: o, redFromDpd: red } = r.thresholds;
      return t('wr.dpdBands', { y, o1: o - 1, o, r1: red - 1, r: red });
    }
    if (spec.thresholds.length === 0) return t('wr.none');
    return spec.thresholds.map((s) => `${pickLang(lang, s.zh, s.en)} ${r.thresholds[s.key]} ${unitOf(s.unit)}`).join('；');
  };

  const columns: TableColumnsType<WarningRuleView> = [
    {
      title: t('wr.c.rule'),
      dataIndex: 'code',
      width: 200,
      render: (_: string, r) => (
        <span data-testid={`wr-rule-${r.code}`}>
          {pickLang(lang, r.nameZh, r.nameEn)}
          <div className="hn-mono" style={{ fontSize: 12, color: 'rgba(0,0,0,0.45)' }}>
            {r.code}
          </div>
        </span>
      ),
    },
    {
      title: t('wr.c.enabled'),
      dataIndex: 'enabled',
      width: 80,
      render: (v: boolean) => <Tag color={v ? 'green' : 'default'}>{v ? t('wr.on') : t('wr.off')}</Tag>,
    },
    {
      title: t('wr.c.levels'),
      key: 'levels',
      width: 260,
      render: (_: unknown, r) => {
        const spec = SPEC.get(r.code);
        if (r.code === 'DPD')
          return (
            <Space size={2}>
              {(['YELLOW', 'ORANGE', 'RED'] as const).map((l) => (
                <span key={l}>{levelTag(l)}</span>
              ))}
            </Space>
          );
        return (
          <Space size={4} wrap>
            {(spec?.levels ?? []).map((l) => (
              <span key={l.key}>
                {spec && spec.levels.length > 1 ? `${pickLang(lang, l.zh, l.en)} ` : ''}
                {levelTag(r.levels[l.key])}
              </span>
            ))}
          </Space>
        );
      },
    },
    {
      title: t('wr.c.thresholds'),
      key: 'thresholds',
      width: 320,
      render: (_: unknown, r) => {
        const spec = SPEC.get(r.code);
        return <span data-testid={`wr-thresholds-${r.code}`}>{spec ? thresholdsText(r, spec) : ''}</span>;
      },
    },
    { title: t('wr.c.source'), dataIndex: 'sourceZh', width: 260 },
    ...(can('warning:write')
      ? [
          {
            title: t('wr.c.actions'),
            key: 'actions',
            width: 90,
            render: (_: unknown, r: WarningRuleView) => (
              <Button size="small" icon={<EditOutlined />} onClick={() => openForm(r)} data-testid={`wr-edit-${r.code}`}>
                {t('wr.edit')}
              </Button>
            ),
          },
        ]
      : []),
  ];

  const versionColumns: TableColumnsType<WarningRuleVersion> = [
    { title: t('wr.v.version'), dataIndex: 'version', width: 70, fixed: 'left' },
    { title: t('wr.v.effectiveDate'), dataIndex: 'effectiveDate', width: 120 },
    {
      title: t('wr.v.state'),
      dataIndex: 'state',
      width: 100,
      render: (s: WarningRuleVersion['state'], r) => (
        <StatusTag tone={STATE_TONES[s]} testId={`wr-version-state-${r.version}`} data={{ status: s }}>
          {tryT(t, `wr.state.${s}`, s)}
        </StatusTag>
      ),
    },
    { title: t('wr.v.enabledRules'), dataIndex: 'enabledRules', width: 110, align: 'right' },
    { title: t('wr.v.review'), dataIndex: 'reviewRequestId', width: 110, render: (v: number | null) => (v === null ? '—' : `#${v}`) },
    { title: t('wr.v.createdAt'), dataIndex: 'createdAt', width: 170, render: (v: string) => formatDateTime(v) },
  ];

  const spec = editing ? SPEC.get(editing.code) : undefined;
  return (
    <>
      <PageHeader
        title={t('wr.title')}
        subtitle={t('wr.subtitle')}
        extra={
          <Space>
            <DatePicker value={at} onChange={(d) => setAt(d)} placeholder={t('wr.at')} allowClear data-testid="wr-at" />
            <Button icon={<ReloadOutlined />} onClick={reload} />
          </Space>
        }
      />
      <Card
        title={t('wr.catalogue')}
        extra={
          data && (
            <span style={{ color: 'rgba(0,0,0,0.55)' }} data-testid="wr-version">
              {data.version === 0 ? t('wr.defaults') : t('wr.version', { v: data.version, date: data.effectiveDate ?? '' })}
            </span>
          )
        }
        style={{ marginBottom: 16 }}
      >
        <Table<WarningRuleView>
          rowKey="code"
          columns={columns}
          dataSource={data?.rules ?? []}
          loading={loading}
          size="small"
          scroll={{ x: 1200 }}
          pagination={false}
          data-testid="wr-catalogue"
        />
      </Card>
      <Card title={t('wr.history')}>
        <PagedTable<WarningRuleVersion, Filters>
          query={versions}
          columns={versionColumns}
          settingsKey="warning-rule-versions"
          exportTo={{ path: '/api/v1/warning/rules/versions', filename: t('wr.history'), onError: showError }}
          rowKey={(r) => String(r.version)}
          scroll={{ x: 700 }}
          emptyText={t('wr.empty')}
          testId="wr-versions"
        />
      </Card>
      <Modal
        open={!!editing}
        title={editing ? t('wr.editTitle', { rule: pickLang(lang, editing.nameZh, editing.nameEn) }) : ''}
        onCancel={() => setEditing(null)}
        onOk={() => void submit().catch(() => undefined)}
        okText={t('common.submit')}
        confirmLoading={saving}
        okButtonProps={tid('wr-submit')}
        destroyOnHidden
      >
        <Alert type="info" showIcon title={t('wr.editTip')} style={{ marginBottom: 16 }} />
        {issues.length > 0 && (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 16 }}
            title={t('wr.invalid')}
            description={
              <ul style={{ margin: 0, paddingLeft: 18 }} data-testid="wr-issues">
                {issues.map((i) => (
                  <li key={`${i.field}:${i.code}`}>{i.message}</li>
                ))}
              </ul>
            }
          />
        )}
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item name="enabled" label={t('wr.c.enabled')} valuePropName="checked">
            <Switch data-testid="wr-enabled" />
          </Form.Item>
          {spec?.levels.map((l) => (
            <Form.Item key={l.key} name={['levels', l.key]} label={pickLang(lang, l.zh, l.en)} rules={[{ required: true }]}>
              <Select<WarningLevel>
                options={WARNING_LEVELS.map((v) => ({ value: v, label: tryT(t, `wr.level.${v}`, v) }))}
                data-testid={`wr-level-${l.key}`}
              />
            </Form.Item>
          ))}
          {spec?.thresholds.map((s) => (
            <Form.Item
              key={s.key}
              name={['thresholds', s.key]}
              label={`${pickLang(lang, s.zh, s.en)}（${unitOf(s.unit)}）`}
              extra={`${s.min}–${s.max}`}
              rules={[{ required: true, message: t('wr.required', { field: pickLang(lang, s.zh, s.en) }) }]}
            >
              <InputNumber min={s.min} max={s.max} precision={0} style={{ width: '100%' }} data-testid={`wr-threshold-${s.key}`} />
            </Form.Item>
          ))}
          <Form.Item
            name="effectiveDate"
            label={t('wr.effectiveDate')}
            rules={[{ required: true, message: t('wr.required', { field: t('wr.effectiveDate') }) }]}
          >
            <DatePicker style={{ width: '100%' }} data-testid="wr-effective-date" disabledDate={(d) => d.isBefore(earliest, 'day')} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
