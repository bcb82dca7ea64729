/**
 * One staff member: profile, roles (grant / revoke go to review), pending requests and account
 * security (reset password, unlock, disable).
 */
import { useState } from 'react';
import { Link } from 'react-router-dom';
import {
  Alert,
  App,
  Button,
  Descriptions,
  Divider,
  Drawer,
  Empty,
  List,
  Popconfirm,
  Result,
  Select,
  Space,
  Spin,
  Tag,
  Typography,
} from 'antd';
import { KeyOutlined, StopOutlined, UnlockOutlined, CheckCircleOutlined } from '@ant-design/icons';
import { isApiError, type Id } from '../../shared/api';
import { WORK_PHONE_PATTERN } from '../../../src/modules/access/access.contract';
import { useAsync } from '../../shared/useAsync';
import { tryT, useI18n } from '../i18n';
import { useCan } from '../shell/auth';
import { showError, showSuccess } from '../shell/feedback';
import { formatDateTime, isFuture } from '../shell/format';
import { RoleTag, useRoles } from '../shell/roles';
import { useReviewCount } from '../review/pendingCount';
import { accessApi, type ChangeOutcome, type StaffDetail } from './api';

interface Props {
  staffId: Id | null;
  onClose: () => void;
  /** Something changed that the list shows. */
  onChanged: () => void;
}

export function StaffDetailDrawer({ staffId, onClose, onChanged }: Props) {
  const { t } = useI18n();
  const { modal } = App.useApp();
  const can = useCan();
  const { roles, label: roleLabel } = useRoles();
  const reviewCount = useReviewCount();
  const canWrite = can('staff:write');
  const canSecure = can(['staff:password-reset', 'staff:write']);
  const [grantRole, setGrantRole] = useState<string | undefined>();
  const [busy, setBusy] = useState<string | null>(null);

  const {
    data: staff,
    loading,
    error,
    reload,
  } = useAsync((signal) => (staffId === null ? Promise.resolve(undefined) : accessApi.staffOne(staffId, signal)), [staffId], {
    enabled: staffId !== null,
    onError: showError,
  });

  const afterChange = (outcome: ChangeOutcome) => {
    showSuccess(t(outcome.kind === 'review' ? 'staff.roleChangeSubmitted' : 'staff.roleChangeApplied'));
    reload();
    onChanged();
    reviewCount.refresh();
  };

  const run = async (key: string, action: () => Promise<void>) => {
    setBusy(key);
    try {
      await action();
    } catch (e) {
      showError(e);
    } finally {
      setBusy(null);
    }
  };

  const grant = (s: StaffDetail) =>
    run('grant', async () => {
      if (!grantRole) return;
      afterChange(await accessApi.grantRole(s.id, grantRole));
      setGrantRole(undefined);
    });

  const revoke = (s: StaffDetail, role: string) => run(`revoke:${role}`, async () => afterChange(await accessApi.revokeRole(s.id, role)));

  const resetPassword = (s: StaffDetail) => {
    modal.confirm({
      title: t('staff.resetPassword'),
      content: t('staff.resetConfirm', { name: s.name }),
      okButtonProps: { danger: true },
      onOk: async () => {
        try {
          const done = await accessApi.resetPassword(s.id);
          showSuccess(t(done.kind === 'review' ? 'staff.resetSubmitted' : 'staff.resetSent', { mobile: done.sentTo }));
          reload();
          onChanged();
          reviewCount.refresh();
        } catch (e) {
          showError(e);
        }
      },
    });
  };

  const unlock = (s: StaffDetail) =>
    run('unlock', async () => {
      const done = await accessApi.unlock(s.id);
      showSuccess(t(done.kind === 'review' ? 'staff.unlockSubmitted' : 'staff.unlocked'));
      reload();
      onChanged();
      reviewCount.refresh();
    });

  const setStatus = (s: StaffDetail, status: 'ACTIVE' | 'DISABLED') => {
    modal.confirm({
      title: status === 'DISABLED' ? t('staff.disable') : t('staff.enable'),
      content: t(status === 'DISABLED' ? 'staff.disableConfirm' : 'staff.enableConfirm', { name: s.name }),
      okButtonProps: { danger: status === 'DISABLED' },
      onOk: async () => {
        try {
          const done = await accessApi.updateStaff(s.id, { status });
          showSuccess(t(done.kind === 'review' ? 'staff.submittedForReview' : 'staff.updated'));
          reload();
          onChanged();
          reviewCount.refresh();
        } catch (e) {
          showError(e);
        }
      },
    });
  };

  const rename = (s: StaffDetail, name: string) => {
    const trimmed = name.trim();
    if (!trimmed || trimmed === s.name) return;
    void run('rename', async () => {
      await accessApi.updateStaff(s.id, { name: trimmed });
      showSuccess(t('staff.updated'));
      reload();
      onChanged();
    });
  };

  // The work phone is the bank's number shown to the officer's customers (a frozen line's notice); empty clears it.
  const setWorkPhone = (s: StaffDetail, value: string) => {
    const trimmed = value.trim();
    const next = trimmed === '' ? null : trimmed;
    if (next === s.workPhone) return;
    if (next !== null && !WORK_PHONE_PATTERN.test(next)) {
      showError(new Error(t('staff.workPhoneInvalid')));
      return;
    }
    void run('workPhone', async () => {
      await accessApi.updateStaff(s.id, { workPhone: next });
      showSuccess(t('staff.updated'));
      reload();
      onChanged();
    });
  };

  const renderBody = (s: StaffDetail) => {
    const locked = isFuture(s.lockedUntil);
    const grantable = roles.filter((r) => !s.roles.includes(r.code));
    const pending = s.pendingRequests ?? [];
    return (
      <>
        <Descriptions
          title={t('staff.basic')}
          column={1}
          size="small"
          bordered
          items={[
            { key: 'username', label: t('staff.username'), children: <span className="hn-mono">{s.username}</span> },
            {
              key: 'name',
              label: t('staff.name'),
              children: canWrite ? (
                <Typography.Text editable={{ onChange: (v) => rename(s, v), maxLength: 40 }}>{s.name}</Typography.Text>
              ) : (
                s.name
              ),
            },
            { key: 'branch', label: t('staff.branch'), children: s.branchName ?? '—' },
            { key: 'mobile', label: t('staff.mobile'), children: s.mobileMasked ?? '—' },
            {
              key: 'workPhone',
              label: t('staff.workPhone'),
              children: canWrite ? (
                <Typography.Text
                  editable={{ onChange: (v) => setWorkPhone(s, v), maxLength: 20, text: s.workPhone ?? '' }}
                  data-testid="staff-work-phone"
                >
                  {s.workPhone ?? '—'}
                </Typography.Text>
              ) : (
                (s.workPhone ?? '—')
              ),
            },
            {
              key: 'status',
              label: t('staff.status'),
              children: (
                <Space size={4}>
                  <Tag color={s.status === 'ACTIVE' ? 'success' : 'default'}>{tryT(t, `common.status.${s.status}`, s.status)}</Tag>
                  {locked && <Tag color="error">{t('staff.locked')}</Tag>}
                </Space>
              ),
            },
            ...(locked ? [{ key: 'locked', label: t('staff.lockedUntil'), children: formatDateTime(s.lockedUntil) }] : []),
            { key: 'created', label: t('common.createdAt'), children: formatDateTime(s.createdAt) },
          ]}
        />

        <Divider titlePlacement="start">{t('staff.rolesSection')}</Divider>
        {s.roles.length === 0 ? (
          <Typography.Text type="secondary">{t('staff.noRoles')}</Typography.Text>
        ) : (
          <List
            size="small"
            bordered
            dataSource={s.roles}
            renderItem={(code) => (
              <List.Item
                data-testid={`staff-role-${code}`}
                actions={
                  canWrite
                    ? [
                        <Popconfirm
                          key="revoke"
                          title={t('staff.revokeConfirm', { role: roleLabel(code) })}
                          onConfirm={() => revoke(s, code)}
                          okButtonProps={{ danger: true }}
                        >
                          <Button type="link" danger size="small" loading={busy === `revoke:${code}`} data-testid={`revoke-role-${code}`}>
                            {t('staff.revoke')}
                          </Button>
                        </Popconfirm>,
                      ]
                    : undefined
                }
              >
                <RoleTag code={code} />
              </List.Item>
            )}
          />
        )}
        {canWrite && (
          <Space.Compact style={{ width: '100%', marginTop: 12 }}>
            <Select
              style={{ flex: 1 }}
              placeholder={t('staff.grantSelect')}
              value={grantRole}
              onChange={setGrantRole}
              options={grantable.map((r) => ({ value: r.code, label: r.label }))}
              data-testid="grant-role-select"
              allowClear
            />
            <Button
              type="primary"
              disabled={!grantRole}
              loading={busy === 'grant'}
              onClick={() => void grant(s)}
              data-testid="grant-role-submit"
            >
              {t('staff.grantSubmit')}
            </Button>
          </Space.Compact>
        )}

        <Divider titlePlacement="start">{t('staff.pending')}</Divider>
        {pending.length === 0 ? (
          <Typography.Text type="secondary">{t('staff.noPending')}</Typography.Text>
        ) : (
          <List
            size="small"
            bordered
            dataSource={pending}
            renderItem={(r) => (
              <List.Item
                extra={
                  <Link to={`/review?id=${encodeURIComponent(String(r.id))}`} onClick={onClose}>
                    {t('common.detail')}
                  </Link>
                }
              >
                <List.Item.Meta
                  title={r.title ?? r.typeName ?? r.type ?? `#${r.id}`}
                  description={
                    <Space size={8} wrap>
                      {r.typeName && <Tag>{r.typeName}</Tag>}
                      {r.maker?.name && <span>{r.maker.name}</span>}
                      {r.createdAt && <span>{formatDateTime(r.createdAt)}</span>}
                    </Space>
                  }
                />
              </List.Item>
            )}
          />
        )}

        {(canSecure || canWrite) && (
          <>
            <Divider titlePlacement="start">{t('staff.security')}</Divider>
            <Space wrap>
              {canSecure && (
                <Button icon={<KeyOutlined />} onClick={() => resetPassword(s)} data-testid="staff-reset-password">
                  {t('staff.resetPassword')}
                </Button>
              )}
              {canSecure && locked && (
                <Button icon={<UnlockOutlined />} loading={busy === 'unlock'} onClick={() => void unlock(s)} data-testid="staff-unlock">
                  {t('staff.unlock')}
                </Button>
              )}
              {canWrite &&
                (s.status === 'ACTIVE' ? (
                  <Button danger icon={<StopOutlined />} onClick={() => setStatus(s, 'DISABLED')} data-testid="staff-disable">
                    {t('staff.disable')}
                  </Button>
                ) : (
                  <Button icon={<CheckCircleOutlined />} onClick={() => setStatus(s, 'ACTIVE')} data-testid="staff-enable">
                    {t('staff.enable')}
                  </Button>
                ))}
            </Space>
          </>
        )}
      </>
    );
  };

  let body;
  if (loading && !staff) body = <Spin style={{ display: 'block', margin: '48px auto' }} />;
  else if (error && isApiError(error) && error.status === 404) body = <Result status="404" subTitle={t('staff.notFound')} />;
  else if (error && !staff) body = <Alert type="error" showIcon title={isApiError(error) ? error.message : String(error)} />;
  else if (staff) body = renderBody(staff);
  else body = <Empty />;

  return (
    <Drawer
      open={staffId !== null}
      onClose={onClose}
      size={560}
      title={staff ? `${t('staff.detailTitle')} · ${staff.name}` : t('staff.detailTitle')}
      destroyOnHidden
      data-testid="staff-drawer"
    >
      <Spin spinning={loading && !!staff}>{body}</Spin>
    </Drawer>
  );
}
