import { useMemo, useState, type HTMLAttributes, type Key } from 'react';
import { App, Button, Card, Empty, Form, Input, Modal, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { ExportButton, StatusTag, defineStatusTones } from '../../shared/list';
import { tryT, useI18n } from '../i18n';
import { useCan } from '../shell/auth';
import { showError, showSuccess } from '../shell/feedback';
import { PageHeader } from '../shell/pages';
import { tid } from '../shell/testid';
import { accessApi, BRANCH_KINDS, type Branch, type BranchKind } from './api';
import { allKeys, BranchTreeSelect, buildBranchTree, useBranches, type BranchNode } from './branchTree';

const KIND_COLORS: Record<BranchKind, string> = { HEAD_OFFICE: 'red', DEPARTMENT: 'blue', BRANCH: 'green', SUB_BRANCH: 'cyan' };
const STATUS_TONE = defineStatusTones<Branch['status']>({ ACTIVE: 'success', DISABLED: 'closed' });

interface CreateValues {
  code: string;
  name: string;
  kind: BranchKind;
  parentId?: string;
}

function matches(b: BranchNode, q: string): boolean {
  return b.name.toLowerCase().includes(q) || b.code.toLowerCase().includes(q) || (b.children ?? []).some((c) => matches(c, q));
}

function filterTree(nodes: BranchNode[], q: string): BranchNode[] {
  if (!q) return nodes;
  return nodes.filter((n) => matches(n, q)).map((n) => ({ ...n, children: n.children ? filterTree(n.children, q) : undefined }));
}

/** Leaves without children get no expand icon. */
function pruneEmpty(nodes: BranchNode[]): BranchNode[] {
  return nodes.map((n) => ({ ...n, children: n.children?.length ? pruneEmpty(n.children) : undefined }));
}

function CreateBranchModal({
  open,
  onClose,
  onCreated,
  branches,
  defaultParent,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: () => void;
  branches: Branch[];
  defaultParent?: Branch;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<CreateValues>();
  const [saving, setSaving] = useState(false);
  const kind = Form.useWatch('kind', form);

  const submit = async () => {
    const v = await form.validateFields();
    setSaving(true);
    try {
      const done = await accessApi.createBranch({
        code: v.code.trim(),
        name: v.name.trim(),
        kind: v.kind,
        parentId: v.kind === 'HEAD_OFFICE' ? null : (branches.find((b) => String(b.id) === v.parentId)?.id ?? v.parentId ?? null),
      });
      showSuccess(t(done.kind === 'review' ? 'branch.submittedForReview' : 'branch.created'));
      onCreated();
      onClose();
    } catch (e) {
      showError(e);
    } finally {
      setSaving(false);
    }
  };

  const initial: Partial<CreateValues> = defaultParent
    ? { parentId: String(defaultParent.id), kind: defaultParent.kind === 'BRANCH' ? 'SUB_BRANCH' : 'BRANCH' }
    : { kind: 'BRANCH' };

  return (
    <Modal
      open={open}
      title={t('branch.create')}
      onCancel={onClose}
      onOk={() => void submit().catch(() => undefined)}
      okText={t('common.submit')}
      confirmLoading={saving}
      destroyOnHidden
      okButtonProps={tid('branch-create-submit')}
    >
      <Form form={form} layout="vertical" initialValues={initial} preserve={false}>
        <Form.Item
          name="code"
          label={t('branch.code')}
          extra={t('branch.codeRule')}
          rules={[
            { required: true, whitespace: true, message: t('common.required', { field: t('branch.code') }) },
            { pattern: /^[A-Za-z0-9_-]{2,20}$/, message: t('branch.codeRule') },
          ]}
        >
          <Input maxLength={20} data-testid="branch-code" />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('branch.name')}
          rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('branch.name') }) }, { max: 60 }]}
        >
          <Input maxLength={60} data-testid="branch-name" />
        </Form.Item>
        <Form.Item
          name="kind"
          label={t('branch.kind')}
          rules={[{ required: true, message: t('common.select', { field: t('branch.kind') }) }]}
        >
          <Select data-testid="branch-kind" options={BRANCH_KINDS.map((k) => ({ value: k, label: t(`branch.kind.${k}`) }))} />
        </Form.Item>
        <Form.Item
          name="parentId"
          label={t('branch.parent')}
          dependencies={['kind']}
          hidden={kind === 'HEAD_OFFICE'}
          rules={[
            ({ getFieldValue }) => ({
              validator: async (_r, value: unknown) => {
                if (getFieldValue('kind') !== 'HEAD_OFFICE' && !value) throw new Error(t('branch.parentRequired'));
              },
            }),
          ]}
        >
          <BranchTreeSelect branches={branches} disableInactive data-testid="branch-parent" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function RenameModal({ branch, onClose, onSaved }: { branch: Branch | null; onClose: () => void; onSaved: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ name: string }>();
  const [saving, setSaving] = useState(false);
  const submit = async () => {
    if (!branch) return;
    const v = await form.validateFields();
    setSaving(true);
    try {
      await accessApi.updateBranch(branch.id, { name: v.name.trim() });
      showSuccess(t('branch.updated'));
      onSaved();
      onClose();
    } catch (e) {
      showError(e);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open={!!branch}
      title={t('branch.rename')}
      onCancel={onClose}
      onOk={() => void submit().catch(() => undefined)}
      confirmLoading={saving}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ name: branch?.name }} preserve={false}>
        <Form.Item
          name="name"
          label={t('branch.name')}
          rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('branch.name') }) }]}
        >
          <Input maxLength={60} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function BranchesPage() {
  const { t } = useI18n();
  const { modal } = App.useApp();
  const can = useCan();
  const canWrite = can('branch:write');
  const { data, loading, reload } = useBranches();
  const [filter, setFilter] = useState('');
  const [expanded, setExpanded] = useState<readonly Key[] | null>(null);
  const [creating, setCreating] = useState<{ parent?: Branch } | null>(null);
  const [renaming, setRenaming] = useState<Branch | null>(null);

  const branches = data?.items ?? [];
  const tree = useMemo(() => pruneEmpty(filterTree(buildBranchTree(branches), filter.trim().toLowerCase())), [branches, filter]);
  const keys = useMemo(() => allKeys(tree), [tree]);
  const expandedKeys = filter ? keys : (expanded ?? keys);

  const setStatus = (b: Branch, status: 'ACTIVE' | 'DISABLED') => {
    modal.confirm({
      title: status === 'DISABLED' ? t('common.disable') : t('common.enable'),
      content: t(status === 'DISABLED' ? 'branch.disableConfirm' : 'branch.enableConfirm', { name: b.name }),
      okButtonProps: { danger: status === 'DISABLED' },
      onOk: async () => {
        try {
          const done = await accessApi.updateBranch(b.id, { status });
          showSuccess(t(done.kind === 'review' ? 'branch.submittedForReview' : 'branch.updated'));
          reload();
        } catch (e) {
          showError(e);
        }
      },
    });
  };

  const columns: TableColumnsType<BranchNode> = [
    {
      title: t('branch.name'),
      dataIndex: 'name',
      render: (name: string, b) => (
        <Typography.Text strong={b.kind === 'HEAD_OFFICE'} type={b.status === 'ACTIVE' ? undefined : 'secondary'}>
          {name}
        </Typography.Text>
      ),
    },
    { title: t('branch.code'), dataIndex: 'code', width: 140, render: (c: string) => <span className="hn-mono">{c}</span> },
    {
      title: t('branch.kind'),
      dataIndex: 'kind',
      width: 120,
      render: (k: BranchKind) => <Tag color={KIND_COLORS[k]}>{tryT(t, `branch.kind.${k}`, k)}</Tag>,
    },
    { title: t('branch.staffCount'), dataIndex: 'staffCount', width: 100, align: 'right' },
    {
      title: t('common.status'),
      dataIndex: 'status',
      width: 100,
      render: (s: Branch['status'], b) => (
        <StatusTag tone={STATUS_TONE[s] ?? 'closed'} testId={`branch-status-${b.code}`} data={{ status: s }}>
          {tryT(t, `common.status.${s}`, s)}
        </StatusTag>
      ),
    },
    ...(canWrite
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 260,
            render: (_: unknown, b: BranchNode) => (
              <Space size={0} wrap>
                {b.kind !== 'SUB_BRANCH' && b.status === 'ACTIVE' && (
                  <Button type="link" size="small" onClick={() => setCreating({ parent: b })}>
                    {t('branch.createChild')}
                  </Button>
                )}
                <Button type="link" size="small" onClick={() => setRenaming(b)}>
                  {t('branch.rename')}
                </Button>
                {b.status === 'ACTIVE' ? (
                  <Button type="link" size="small" danger disabled={b.kind === 'HEAD_OFFICE'} onClick={() => setStatus(b, 'DISABLED')}>
                    {t('common.disable')}
                  </Button>
                ) : (
                  <Button type="link" size="small" onClick={() => setStatus(b, 'ACTIVE')}>
                    {t('common.enable')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]
      : []),
  ];

  return (
    <>
      <PageHeader
        title={t('branch.title')}
        subtitle={t('branch.subtitle')}
        extra={
          canWrite && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating({})} data-testid="branch-create">
              {t('branch.create')}
            </Button>
          )
        }
      />
      <Card>
        <div className="hn-toolbar">
          <Input.Search
            allowClear
            placeholder={t('branch.searchPlaceholder')}
            style={{ width: 260 }}
            onSearch={setFilter}
            onChange={(e) => !e.target.value && setFilter('')}
          />
          <Button onClick={() => setExpanded(keys)}>{t('branch.expandAll')}</Button>
          <Button onClick={() => setExpanded([])}>{t('branch.collapseAll')}</Button>
          <Button icon={<ReloadOutlined />} onClick={reload}>
            {t('common.refresh')}
          </Button>
          <div style={{ marginLeft: 'auto' }}>
            {/* the whole tree, in its order: the name filter only narrows what is shown here */}
            <ExportButton path="/api/v1/branches" filename={t('branch.title')} onError={showError} />
          </div>
        </div>
        <Table<BranchNode>
          rowKey={(b) => String(b.id)}
          columns={columns}
          dataSource={tree}
          loading={loading}
          pagination={false}
          size="middle"
          expandable={{ expandedRowKeys: expandedKeys as Key[], onExpandedRowsChange: (k) => setExpanded(k) }}
          onRow={(b) => tid<HTMLAttributes<HTMLElement>>(`branch-row-${b.code}`)}
          locale={{ emptyText: <Empty description={t('branch.empty')} /> }}
        />
      </Card>
      {creating && (
        <CreateBranchModal open branches={branches} defaultParent={creating.parent} onClose={() => setCreating(null)} onCreated={reload} />
      )}
      <RenameModal branch={renaming} onClose={() => setRenaming(null)} onSaved={reload} />
    </>
  );
}
