/**
 * 营销客户详情: masked identity with the whole mobile on request (pii:unmask, audited by the server),
 * state, officer, village, source and the further columns; the contact log with 登记跟进 (channel,
 * outcome, note, next step and date — the outcome moves the state as the server's rules say); the state
 * timeline; and 改派 to another officer for those who may assign.
 */
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import {
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Form,
  Input,
  Result,
  Row,
  Select,
  Space,
  Spin,
  Table,
  Timeline,
  Typography,
} from 'antd';
import { ArrowLeftOutlined, EyeOutlined, PlusOutlined, SwapOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { isApiError } from '../../shared/api';
import { useAsync } from '../../shared/useAsync';
import { useI18n } from '../i18n';
import { useCan } from '../shell/auth';
import { showError, showSuccess } from '../shell/feedback';
import { formatDateTime } from '../shell/format';
import { PageHeader } from '../shell/pages';
import { CONTACT_CHANNELS, CONTACT_OUTCOMES, prospectApi, type ContactChannel, type ContactOutcome, type ProspectDetail } from './api';
import { AssignDialog, ProspectStatusTag } from './parts';

type Contact = ProspectDetail['contacts'][number];

function ContactForm({ id, onSaved }: { id: number; onSaved: (d: ProspectDetail) => void }) {
  const { t } = useI18n();
  const [channel, setChannel] = useState<ContactChannel>('PHONE');
  const [outcome, setOutcome] = useState<ContactOutcome>('REACHED');
  const [note, setNote] = useState('');
  const [nextStep, setNextStep] = useState('');
  const [nextDate, setNextDate] = useState<Dayjs | null>(null);
  const [busy, setBusy] = useState(false);
  async function save() {
    setBusy(true);
    try {
      const d = await prospectApi.contact(id, {
        channel,
        outcome,
        ...(note.trim() ? { note: note.trim() } : {}),
        ...(nextStep.trim() ? { nextStep: nextStep.trim() } : {}),
        ...(nextDate ? { nextContactDate: nextDate.format('YYYY-MM-DD') } : {}),
      });
      showSuccess(t('pros.contactSaved'));
      setNote('');
      setNextStep('');
      setNextDate(null);
      onSaved(d);
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  }
  return (
    <Form layout="vertical" data-testid="prospect-contact-form">
      <Row gutter={12}>
        <Col xs={24} md={6}>
          <Form.Item label={t('pros.channel')}>
            <Select<ContactChannel>
              value={channel}
              onChange={setChannel}
              options={CONTACT_CHANNELS.map((c) => ({ value: c, label: t(`pros.channel.${c}`) }))}
              data-testid="prospect-contact-channel"
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item label={t('pros.outcome')}>
            <Select<ContactOutcome>
              value={outcome}
              onChange={setOutcome}
              options={CONTACT_OUTCOMES.map((c) => ({ value: c, label: t(`pros.outcome.${c}`) }))}
              data-testid="prospect-contact-outcome"
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item label={t('pros.nextStep')}>
            <Input
              value={nextStep}
              maxLength={200}
              onChange={(e) => setNextStep(e.target.value)}
              data-testid="prospect-contact-next-step"
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={6}>
          <Form.Item label={t('pros.nextContactDate')}>
            <DatePicker value={nextDate} onChange={setNextDate} style={{ width: '100%' }} data-testid="prospect-contact-next-date" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item label={t('pros.note')}>
        <Input.TextArea
          value={note}
          maxLength={500}
          rows={2}
          onChange={(e) => setNote(e.target.value)}
          data-testid="prospect-contact-note"
        />
      </Form.Item>
      <Button type="primary" icon={<PlusOutlined />} loading={busy} onClick={() => void save()} data-testid="prospect-contact-submit">
        {t('pros.addContact')}
      </Button>
    </Form>
  );
}

export function ProspectDetailPage() {
  const { t } = useI18n();
  const can = useCan();
  const { id = '' } = useParams();
  const pid = Number(id);
  const { data, setData, loading, error, reload } = useAsync((signal) => prospectApi.get(pid, signal), [pid], { onError: showError });
  const [mobile, setMobile] = useState<string | null>(null);
  const [reassigning, setReassigning] = useState(false);

  const back = (
    <Link to="/marketing/prospects">
      <Button icon={<ArrowLeftOutlined />}>{t('pros.backToList')}</Button>
    </Link>
  );
  if (loading && !data) return <Spin style={{ display: 'block', margin: '64px auto' }} />;
  if (error && !data) {
    return (
      <Result
        status={isApiError(error) && error.status === 404 ? '404' : 'error'}
        subTitle={isApiError(error) ? error.message : String(error)}
        extra={back}
      />
    );
  }
  if (!data) return null;

  async function reveal() {
    try {
      setMobile((await prospectApi.mobile(pid)).mobile);
    } catch (e) {
      showError(e);
    }
  }

  const contactColumns = [
    { title: t('pros.contactDate'), dataIndex: 'contactDate', width: 110 },
    { title: t('pros.channel'), dataIndex: 'channel', width: 80, render: (c: ContactChannel) => t(`pros.channel.${c}`) },
    { title: t('pros.outcome'), dataIndex: 'outcome', width: 100, render: (c: ContactOutcome) => t(`pros.outcome.${c}`) },
    { title: t('pros.note'), dataIndex: 'note', render: (v: string | null) => v ?? '—' },
    { title: t('pros.nextStep'), dataIndex: 'nextStep', width: 160, render: (v: string | null) => v ?? '—' },
    { title: t('pros.nextContactDate'), dataIndex: 'nextContactDate', width: 120, render: (v: string | null) => v ?? '—' },
    { title: t('pros.staff'), dataIndex: ['staff', 'name'], width: 90 },
  ];
  const extra = Object.entries(data.extra);
  const open = data.status === 'NEW' || data.status === 'CONTACTED' || data.status === 'INTERESTED';

  return (
    <>
      <PageHeader
        title={`${t('pros.detail')} · ${data.nameMasked}`}
        extra={
          <Space>
            {can('prospect:assign') && (
              <Button icon={<SwapOutlined />} onClick={() => setReassigning(true)} data-testid="prospect-reassign">
                {t('pros.reassign')}
              </Button>
            )}
            {back}
          </Space>
        }
      />
      <Card style={{ marginBottom: 16 }} data-testid="prospect-detail">
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2, lg: 3 }}
          items={[
            { key: 'name', label: t('pros.name'), children: data.nameMasked },
            { key: 'status', label: t('pros.status'), children: <ProspectStatusTag status={data.status} /> },
            { key: 'officer', label: t('pros.officer'), children: <span data-testid="prospect-officer">{data.officer.name}</span> },
            { key: 'id', label: t('pros.idNumber'), children: <span className="hn-mono">{data.idNumberMasked}</span> },
            {
              key: 'mobile',
              label: t('pros.mobile'),
              children: (
                <Space>
                  <span className="hn-mono" data-testid="prospect-mobile">
                    {mobile ?? data.mobileMasked}
                  </span>
                  {mobile === null && can('pii:unmask') ? (
                    <Button size="small" icon={<EyeOutlined />} onClick={() => void reveal()} data-testid="prospect-reveal">
                      {t('pros.reveal')}
                    </Button>
                  ) : mobile !== null ? (
                    <Typography.Text type="secondary">{t('pros.revealed')}</Typography.Text>
                  ) : null}
                </Space>
              ),
            },
            { key: 'branch', label: t('pros.branch'), children: data.branch.name },
            { key: 'village', label: t('pros.village'), children: data.village ?? '—' },
            { key: 'source', label: t('pros.source'), children: data.extra['来源'] ?? '—' },
            {
              key: 'import',
              label: t('pros.importId'),
              children: data.importId === null ? '—' : <Link to={`/imports/${data.importId}`}>#{data.importId}</Link>,
            },
            { key: 'nextStep', label: t('pros.nextStep'), children: data.nextStep ?? '—' },
            { key: 'nextDate', label: t('pros.nextContactDate'), children: data.nextContactDate ?? '—' },
            { key: 'last', label: t('pros.lastContactAt'), children: formatDateTime(data.lastContactAt) },
            ...extra.filter(([k]) => k !== '来源').map(([k, v]) => ({ key: `extra-${k}`, label: k, children: v })),
          ]}
        />
      </Card>
      <Row gutter={16}>
        <Col xs={24} xl={16}>
          <Card title={t('pros.contacts')} style={{ marginBottom: 16 }}>
            {can('prospect:contact') && open && (
              <div style={{ marginBottom: 16 }}>
                <Typography.Paragraph type="secondary">{t('pros.stateHint')}</Typography.Paragraph>
                <ContactForm id={pid} onSaved={(d) => setData(d)} />
              </div>
            )}
            <Table<Contact>
              size="small"
              rowKey="id"
              columns={contactColumns}
              dataSource={data.contacts}
              pagination={false}
              locale={{ emptyText: t('pros.noContacts') }}
              data-testid="prospect-contacts"
            />
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card title={t('pros.timeline')} data-testid="prospect-timeline">
            <Timeline
              items={data.events.map((e) => ({
                key: e.id,
                children: (
                  <>
                    <Typography.Text strong>{t(`pros.event.${e.kind}`)}</Typography.Text>{' '}
                    {e.toStatus && (
                      <>
                        {e.fromStatus ? `${t(`pros.status.${e.fromStatus}`)} → ` : ''}
                        {t(`pros.status.${e.toStatus}`)}
                      </>
                    )}
                    <div>
                      <Typography.Text type="secondary">
                        {e.eventDate}
                        {e.note ? ` · ${e.note}` : ''}
                      </Typography.Text>
                    </div>
                  </>
                ),
              }))}
            />
          </Card>
        </Col>
      </Row>
      {reassigning && (
        <AssignDialog
          open
          single
          prospectIds={[pid]}
          onClose={() => setReassigning(false)}
          onDone={() => {
            setReassigning(false);
            reload();
          }}
        />
      )}
    </>
  );
}
