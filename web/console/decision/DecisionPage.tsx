/**
 * 授信策略: the credit-policy versions, a version's decision tables, an editable-table mode that submits
 * a new version for review (AB角), and the dry run (试算).
 */
import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, Button, Card, DatePicker, Empty, Form, Input, Space, Spin, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { EditOutlined, ReloadOutlined, SendOutlined, UndoOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { isApiError, type Id } from '../../shared/api';
import { useAsync } from '../../shared/useAsync';
import { useI18n } from '../i18n';
import { useCan } from '../shell/auth';
import { showError, showSuccess } from '../shell/feedback';
import { formatDateTime } from '../shell/format';
import { PageHeader } from '../shell/pages';
import { tid } from '../shell/testid';
import { useReviewCount } from '../review/pendingCount';
import { decisionApi, problemsOf, type FlatTable, type PolicyProblem, type PolicyStatus, type PolicySummary } from './api';
import { buildDocument, changedRuleCount, cloneTables } from './document';
import { DryRunPanel, type DryRunSource } from './DryRunPanel';
import { PolicyProblems } from './PolicyProblems';
import { PolicyTables } from './PolicyTables';

const STATUS_COLORS: Record<PolicyStatus, string> = { ACTIVE: 'success', PENDING: 'processing', RETIRED: 'default' };
const VERSION_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** "default-v1" → "default-v2"; anything else gets "-v2". */
function nextVersion(version: string, taken: Set<string>): string {
  const m = /^(.*-v)(\d+)$/.exec(version);
  let candidate = m ? `${m[1]}${Number(m[2]) + 1}` : `${version}-v2`;
  let n = m ? Number(m[2]) + 1 : 2;
  while (taken.has(candidate)) {
    n += 1;
    candidate = m ? `${m[1]}${n}` : `${version}-v${n}`;
  }
  return candidate;
}

function StatusTag({ status }: { status: PolicyStatus }) {
  const { t } = useI18n();
  return <Tag color={STATUS_COLORS[status]}>{t(`decision.status.${status}`)}</Tag>;
}

const reviewHref = (id: Id) => `/review?id=${encodeURIComponent(String(id))}`;

export function DecisionPage() {
  const { t } = useI18n();
  const can = useCan();
  const reviewCount = useReviewCount();
  const canWrite = can('decision-policy:write');
  const [selected, setSelected] = useState<string | null>(null);
  const [draft, setDraft] = useState<FlatTable[] | null>(null);
  const [newVersion, setNewVersion] = useState('');
  const [effectiveDate, setEffectiveDate] = useState<Dayjs | null>(null);
  const [problems, setProblems] = useState<PolicyProblem[]>([]);
  const [submitting, setSubmitting] = useState(false);
  const [submitted, setSubmitted] = useState<{ reviewRequestId: Id; status: string; version: string } | null>(null);

  const list = useAsync((signal) => decisionApi.list(signal), [], { onError: showError });
  const versions = list.data?.items ?? [];
  const businessDate = list.data?.businessDate ?? null;

  useEffect(() => {
    if (selected || versions.length === 0) return;
    setSelected((versions.find((v) => v.status === 'ACTIVE') ?? versions[0]).version);
  }, [selected, versions]);

  const detail = useAsync((signal) => decisionApi.get(selected!, signal), [selected], { enabled: !!selected, onError: showError });
  const policy = detail.data && detail.data.version === selected ? detail.data : undefined;
  const editing = draft !== null && !!policy;

  const startEdit = () => {
    if (!policy) return;
    setDraft(cloneTables(policy.tables));
    setNewVersion(nextVersion(policy.version, new Set(versions.map((v) => v.version))));
    setEffectiveDate(businessDate ? dayjs(businessDate) : null);
    setProblems([]);
    setSubmitted(null);
  };
  const stopEdit = () => {
    setDraft(null);
    setProblems([]);
  };
  const select = (version: string) => {
    if (editing) return;
    setSelected(version);
  };

  const changed = useMemo(() => (policy && draft ? changedRuleCount(policy.tables, draft) : 0), [policy, draft]);
  const versionOk = VERSION_RE.test(newVersion.trim());

  const submit = async () => {
    if (!policy || !draft || !effectiveDate || !versionOk) return;
    const version = newVersion.trim();
    setSubmitting(true);
    setProblems([]);
    try {
      const res = await decisionApi.submit({
        version,
        effectiveDate: effectiveDate.format('YYYY-MM-DD'),
        document: buildDocument(policy.document, draft, version),
      });
      setSubmitted({ ...res, version });
      showSuccess(res.status === 'PENDING' ? t('decision.submitted', { id: String(res.reviewRequestId) }) : t('decision.appliedDirectly'));
      reviewCount.refresh();
      setDraft(null);
      list.reload();
    } catch (e) {
      if (isApiError(e)) setProblems(problemsOf(e.details));
      showError(e);
    } finally {
      setSubmitting(false);
    }
  };

  const dryRunSource: DryRunSource | null = policy
    ? editing
      ? {
          kind: 'draft',
          label: t('decision.dryRunDraft'),
          document: () => buildDocument(policy.document, draft!, versionOk ? newVersion.trim() : `${policy.version}-draft`),
        }
      : { kind: 'version', version: policy.version }
    : null;

  const columns: TableColumnsType<PolicySummary> = [
    {
      key: 'version',
      title: t('decision.version'),
      dataIndex: 'version',
      width: 180,
      render: (v: string) => (
        <Space size={4}>
          <Typography.Text strong={v === selected}>{v}</Typography.Text>
          {v === selected && <Tag color="blue">{t('decision.viewing')}</Tag>}
        </Space>
      ),
    },
    { key: 'name', title: t('decision.name'), dataIndex: 'name', ellipsis: true, render: (v: string | null) => v ?? '—' },
    { key: 'effectiveDate', title: t('decision.effectiveDate'), dataIndex: 'effectiveDate', width: 120 },
    { key: 'status', title: t('common.status'), dataIndex: 'status', width: 100, render: (s: PolicyStatus) => <StatusTag status={s} /> },
    {
      key: 'review',
      title: t('decision.reviewRequest'),
      dataIndex: 'reviewRequestId',
      width: 120,
      render: (id: Id | null) =>
        id === null ? (
          <Typography.Text type="secondary">{t('decision.bundled')}</Typography.Text>
        ) : (
          <Link to={reviewHref(id)}>#{String(id)}</Link>
        ),
    },
    { key: 'createdAt', title: t('common.createdAt'), dataIndex: 'createdAt', width: 170, render: (v: string) => formatDateTime(v) },
    {
      key: 'actions',
      title: t('common.actions'),
      width: 90,
      render: (_: unknown, r) => (
        <Button
          type="link"
          size="small"
          disabled={editing || r.version === selected}
          onClick={() => select(r.version)}
          data-testid={`decision-view-${r.version}`}
        >
          {t('decision.view')}
        </Button>
      ),
    },
  ];

  return (
    <>
      <PageHeader title={t('decision.title')} subtitle={t('decision.subtitle')} />
      <Card
        title={t('decision.versions')}
        style={{ marginBottom: 16 }}
        extra={
          <Button icon={<ReloadOutlined />} onClick={list.reload}>
            {t('common.refresh')}
          </Button>
        }
      >
        <Table<PolicySummary>
          size="middle"
          rowKey="version"
          columns={columns}
          dataSource={versions}
          loading={list.loading}
          pagination={false}
          scroll={{ x: 900 }}
          onRow={(r) => tid(`decision-version-row-${r.version}`)}
          locale={{ emptyText: <Empty /> }}
        />
      </Card>

      {submitted && (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 16 }}
          closable={{ onClose: () => setSubmitted(null) }}
          title={
            submitted.status === 'PENDING'
              ? t('decision.submitted', { id: String(submitted.reviewRequestId) })
              : t('decision.appliedDirectly')
          }
          action={
            <Link to={reviewHref(submitted.reviewRequestId)}>
              <Button size="small" type="primary">
                {t('decision.toReview')}
              </Button>
            </Link>
          }
          data-testid="decision-submitted"
        />
      )}

      <Card
        style={{ marginBottom: 16 }}
        title={policy ? t('decision.tablesOf', { version: policy.version }) : t('decision.title')}
        extra={
          policy &&
          canWrite &&
          !editing && (
            <Button type="primary" icon={<EditOutlined />} onClick={startEdit} data-testid="decision-edit">
              {t('decision.edit')}
            </Button>
          )
        }
      >
        {!policy ? (
          detail.loading || list.loading ? (
            <Spin style={{ display: 'block', margin: '48px auto' }} />
          ) : (
            <Empty />
          )
        ) : (
          <>
            {policy.description && <Typography.Paragraph type="secondary">{policy.description}</Typography.Paragraph>}
            <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
              {t('decision.tablesHint')}
            </Typography.Paragraph>
            {editing && (
              <Card size="small" style={{ marginBottom: 16 }} type="inner" title={t('decision.editing')} data-testid="decision-editor">
                <Form layout="inline" style={{ rowGap: 8 }}>
                  <Form.Item
                    label={t('decision.newVersion')}
                    required
                    validateStatus={newVersion && !versionOk ? 'error' : undefined}
                    help={newVersion && !versionOk ? t('decision.newVersionHint') : undefined}
                  >
                    <Input
                      value={newVersion}
                      onChange={(e) => setNewVersion(e.target.value)}
                      placeholder={t('decision.newVersionHint')}
                      style={{ width: 220 }}
                      data-testid="decision-new-version"
                    />
                  </Form.Item>
                  <Form.Item
                    label={t('decision.effectiveDate')}
                    required
                    extra={businessDate ? t('decision.effectiveDateHint', { date: businessDate }) : undefined}
                  >
                    <DatePicker
                      value={effectiveDate}
                      onChange={(d) => setEffectiveDate(d)}
                      disabledDate={(d) => !!businessDate && d.isBefore(dayjs(businessDate), 'day')}
                      data-testid="decision-effective-date"
                    />
                  </Form.Item>
                  <Form.Item>
                    <Space>
                      <Typography.Text type={changed > 0 ? undefined : 'secondary'} data-testid="decision-changed-count">
                        {changed > 0 ? t('decision.changedRules', { count: changed }) : t('decision.noChanges')}
                      </Typography.Text>
                      <Button
                        type="primary"
                        icon={<SendOutlined />}
                        loading={submitting}
                        disabled={!versionOk || !effectiveDate}
                        onClick={() => void submit()}
                        data-testid="decision-submit"
                      >
                        {t('decision.submit')}
                      </Button>
                      <Button icon={<UndoOutlined />} onClick={stopEdit} data-testid="decision-cancel-edit">
                        {t('decision.cancelEdit')}
                      </Button>
                    </Space>
                  </Form.Item>
                </Form>
                {problems.length > 0 && <PolicyProblems problems={problems} style={{ marginTop: 12 }} />}
              </Card>
            )}
            <PolicyTables
              tables={editing ? draft! : policy.tables}
              expressions={policy.expressions}
              editing={editing}
              onChange={setDraft}
            />
          </>
        )}
      </Card>

      {dryRunSource && <DryRunPanel key={policy?.version} source={dryRunSource} />}
    </>
  );
}
