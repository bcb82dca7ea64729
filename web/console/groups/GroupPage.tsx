/** One key customer group: its key person, figures, code, share link and QR code, and its members (paged, exported). */
import { useEffect, useState, type HTMLAttributes } from 'react';
import { Button, Card, Col, Descriptions, Row, Space, Statistic, Typography } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { PagedTable, usePagedQuery } from '../../shared/list';
import { useI18n } from '../i18n';
import { showError } from '../shell/feedback';
import { PageHeader } from '../shell/pages';
import { tid } from '../shell/testid';
import { useCan } from '../shell/auth';
import { AddMemberModal, GroupFormModal, GroupPreCreditModal, ImportMembersButton } from './GroupForms';
import { groupsApi, type GroupDetail, type GroupKind, type MemberItem } from './api';

export function GroupPage() {
  const { t } = useI18n();
  const { id = '' } = useParams();
  const groupId = Number(id);
  const [group, setGroup] = useState<GroupDetail | null>(null);
  const [reloads, setReloads] = useState(0);
  const [dialog, setDialog] = useState<'edit' | 'member' | 'precredit' | null>(null);
  const can = useCan();
  useEffect(() => {
    const ctl = new AbortController();
    groupsApi.get(groupId, ctl.signal).then(setGroup, (e: unknown) => {
      if (!ctl.signal.aborted) showError(e);
    });
    return () => ctl.abort();
  }, [groupId, reloads]);
  const members = usePagedQuery<MemberItem, Record<string, never>>((q, signal) => groupsApi.members(groupId, q, signal), {
    onError: showError,
  });
  const columns = [
    { title: t('grp.memberName'), dataIndex: 'nameMasked', width: 90 },
    { title: t('grp.idNumber'), dataIndex: 'idNumberMasked', width: 190, render: (v: string) => <span className="hn-mono">{v}</span> },
    { title: t('grp.mobile'), dataIndex: 'mobileMasked', width: 130, render: (v: string) => <span className="hn-mono">{v}</span> },
    {
      title: t('grp.customerId'),
      dataIndex: 'customerId',
      width: 100,
      render: (v: number | null) => (v ? <Link to={`/customers/${v}`}>{v}</Link> : '—'),
    },
    { title: t('grp.source'), dataIndex: 'source', width: 130, render: (v: MemberItem['source']) => t(`grp.source.${v}`) },
    { title: t('grp.addedDate'), dataIndex: 'addedDate', width: 110 },
  ];
  const f = group?.figures;
  return (
    <>
      <PageHeader
        title={group ? group.name : t('grp.title')}
        extra={
          <Space wrap>
            {can('group:manage') && group ? (
              <Button onClick={() => setDialog('edit')} data-testid="group-edit">
                {t('grp.edit')}
              </Button>
            ) : null}
            {can('group:member') ? (
              <Button onClick={() => setDialog('member')} data-testid="group-add-member">
                {t('grp.addMember')}
              </Button>
            ) : null}
            {can('group:manage') && can('import:create') ? <ImportMembersButton /> : null}
            {can('precredit:import') ? (
              <Button onClick={() => setDialog('precredit')} data-testid="group-precredit">
                {t('grp.preCredit')}
              </Button>
            ) : null}
            <Link to="/groups">{t('grp.back')}</Link>
          </Space>
        }
      />
      <GroupFormModal
        open={dialog === 'edit'}
        group={group}
        onClose={() => setDialog(null)}
        onSaved={(g) => {
          setGroup(g);
          setDialog(null);
        }}
      />
      <AddMemberModal
        open={dialog === 'member'}
        groupId={groupId}
        onClose={() => setDialog(null)}
        onAdded={() => {
          setDialog(null);
          setReloads((n) => n + 1);
          members.reload();
        }}
      />
      <GroupPreCreditModal open={dialog === 'precredit'} groupId={groupId} onClose={() => setDialog(null)} />
      {group && f ? (
        <Row gutter={16} style={{ marginBottom: 16 }}>
          <Col xs={24} lg={16}>
            <Card title={t('grp.figures')} data-testid="group-figures">
              <Descriptions size="small" column={2} style={{ marginBottom: 16 }}>
                <Descriptions.Item label={t('grp.kind')}>{t(`grp.kind.${group.kind as GroupKind}`)}</Descriptions.Item>
                <Descriptions.Item label={t('grp.branch')}>{group.branch.name}</Descriptions.Item>
                <Descriptions.Item label={t('grp.officer')}>{group.officer.name}</Descriptions.Item>
                <Descriptions.Item label={t('grp.keyPerson')}>
                  {group.keyPerson.nameMasked} {group.keyPerson.mobileMasked}
                </Descriptions.Item>
              </Descriptions>
              <Row gutter={16}>
                <Col span={6}>
                  <Statistic title={t('grp.members')} value={f.members} />
                </Col>
                <Col span={6}>
                  <Statistic title={t('grp.customers')} value={f.customers} />
                </Col>
                <Col span={6}>
                  <Statistic title={t('grp.applied')} value={f.applied} />
                </Col>
                <Col span={6}>
                  <Statistic title={t('grp.approved')} value={f.approved} />
                </Col>
                <Col span={6}>
                  <Statistic title={t('grp.disbursedCount')} value={f.disbursedCount} />
                </Col>
                <Col span={9}>
                  <Statistic title={t('grp.disbursedAmount')} value={f.disbursedAmount} />
                </Col>
                <Col span={9}>
                  <Statistic title={t('grp.balance')} value={f.balance} />
                </Col>
                <Col span={6}>
                  <Statistic title={t('grp.preCredited')} value={f.preCredited} />
                </Col>
                <Col span={6}>
                  <Statistic title={t('grp.activated')} value={f.activated} />
                </Col>
              </Row>
            </Card>
          </Col>
          <Col xs={24} lg={8}>
            <Card title={t('grp.share')} data-testid="group-share">
              <img src={group.share.qrDataUrl} alt={group.share.code} width={200} height={200} />
              <Typography.Paragraph className="hn-mono">{group.share.code}</Typography.Paragraph>
              <Typography.Paragraph copyable={{ text: group.share.link }} data-testid="group-link">
                {group.share.link}
              </Typography.Paragraph>
            </Card>
          </Col>
        </Row>
      ) : null}
      <Card title={t('grp.memberList')}>
        <PagedTable<MemberItem, Record<string, never>>
          query={members}
          columns={columns}
          rowKey="idNumberMasked"
          settingsKey="group-members"
          testId="group-members-table"
          emptyText={t('grp.membersEmpty')}
          scroll={{ x: 900 }}
          exportTo={{ path: `/api/v1/groups/${groupId}/members`, filename: t('grp.memberList'), onError: showError }}
          onRow={(r) => tid<HTMLAttributes<HTMLElement>>(`group-member-row-${r.idNumberMasked}`)}
        />
      </Card>
    </>
  );
}
