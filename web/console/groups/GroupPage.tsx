/** One key customer group: its key person, figures, code, share link and QR code, and its members (paged, exported). */
import { useEffect, useState, type HTMLAttributes } from 'react';
import { Card, Col, Descriptions, Row, Statistic, Typography } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { PagedTable, usePagedQuery } from '../../shared/list';
import { useI18n } from '../i18n';
import { showError } from '../shell/feedback';
import { PageHeader } from '../shell/pages';
import { tid } from '../shell/testid';
import { groupsApi, type GroupDetail, type GroupKind, type MemberItem } from './api';

export function GroupPage() {
  const { t } = useI18n();
  const { id = '' } = useParams();
  const groupId = Number(id);
  const [group, setGroup] = useState<GroupDetail | null>(null);
  useEffect(() => {
    const ctl = new AbortController();
    groupsApi.get(groupId, ctl.signal).then(setGroup, (e: unknown) => {
      if (!ctl.signal.aborted) showError(e);
    });
    return () => ctl.abort();
  }, [groupId]);
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
      <PageHeader title={group ? group.name : t('grp.title')} extra={<Link to="/groups">{t('grp.back')}</Link>} />
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
